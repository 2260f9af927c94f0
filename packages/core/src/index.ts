// @awad/core: the canonical event, the live monitor and the interfaces detectors implement.

export { AwadError, isAwadError, type AwadErrorCode } from './errors/awad-error';
export { ValidationError, describeValue, type ValidationIssue } from './errors/validation-error';
export { ConfigError } from './errors/config-error';
export { validationErrorFromZod } from './errors/from-zod';
export { SnapshotError } from './errors/snapshot-error';
export { DetectorError } from './errors/detector-error';
export { UnknownVerdictError } from './errors/unknown-verdict-error';

export {
  TASK_STATES,
  ATTEMPT_END_STATES,
  TERMINAL_STATES,
  FAILURE_STATES,
  DEFAULT_TRANSITIONS,
  isTaskState,
  isLegalTransition,
  stateRank,
  type TaskState,
  type TransitionTable,
} from './event/task-state';
export type { TaskStateChange, TaskTiming, UpstreamRef } from './event/task-state-change';
export { taskStateChangeSchema } from './event/event-schema';
export { normalizeEvent, validateEvent, type NormalizedEvent, type ValidateEventOptions } from './event/validate-event';
export { parseIsoTime, hourOfWeek } from './event/parse-time';

export { isHistoryAware, type Detector, type HistoryAwareDetector, type BatchDetector, type Features, type ObservationContext, type ScoreExplanation, type DetectorSnapshot, type DetectorConfig } from './detector/detector';
export { SeriesHistory, WindowSlab, MAX_HISTORY_FEATURES, type SeriesHistorySnapshot } from './history/series-history';
export { pushBlock, blockLength, blockCount, blockSorted, blockChronological, BLOCK_COUNT, BLOCK_HEAD, BLOCK_RING } from './history/window-block';
export type { Calibrator, Threshold } from './detector/calibrator';
export { StaticThreshold } from './detector/static-threshold';
export { IdentityCalibrator } from './detector/identity-calibrator';

export { DEFAULT_SEVERITY_BANDS, severityOf, type Verdict, type Reason, type Severity, type SeverityBands, type ImpactEntry } from './verdict/verdict';

export { RunTracker, DEFAULT_RUN_TRACKER_OPTIONS, type RunTrackerOptions, type TrackedEvent, type Measurements, type RunTrackerSnapshot, type RunSnapshot } from './run/run-tracker';
export type { TaskRun, WorkflowRun } from './run/task-run';
export { VIOLATION_WEIGHTS, violationScore, type Violation, type ViolationKind } from './run/violation';

export { WorkflowGraph, type TaskNodeAttributes, type AddEdgeResult } from './graph/workflow-graph';
export { downstreamImpact, DEFAULT_IMPACT_OPTIONS, type ImpactOptions } from './graph/downstream-impact';

export { FEATURES, METRIC_PREFIX, extractFeatures, seriesKey, parseSeriesKey } from './features/extract-features';

export type { Store, SeriesState, SeriesSnapshot, StoreSnapshot } from './store/store';
export { InMemoryStore, DEFAULT_IN_MEMORY_STORE_OPTIONS, type InMemoryStoreOptions } from './store/in-memory-store';
export { snapshotSeries, restoreSeries } from './store/series-snapshot';

export { Monitor, createMonitor, type ObserveManyResult } from './monitor/monitor';
export { DEFAULT_MONITOR_OPTIONS, type MonitorOptions } from './monitor/monitor-options';
export { deliverVerdict, type MonitorHooks, type MonitorEvents, type VerdictHookState, type ErrorHookState } from './monitor/hooks';
export { resolveStages, type StageSpec, type Stage, type StageResult } from './monitor/stage';
export { SeriesScorer, type SeriesScorerOptions, type PointJudgement, type StageFailure } from './monitor/series-scorer';
export { maxFusion, voteFusion, RULE_ALERT_LEVEL, type Fusion, type FusionInput, type FusionOutput } from './monitor/fusion';
export { formatMs } from './monitor/stuck';
export { createRandom, type Random } from './util/random';
export { BoundedMap } from './util/bounded-map';
export type { MonitorSnapshot } from './monitor/monitor-snapshot';
export { saveSnapshot, loadSnapshot } from './monitor/snapshot-file';
export { LabelStore, type VerdictLabel, type FeedbackKind } from './feedback/label-store';
export { validateFeedback, applyFeedback, type FeedbackInput } from './feedback/feedback';
