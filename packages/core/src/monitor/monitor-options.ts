// Options of createMonitor, with their defaults.
import type { TransitionTable } from '../event/task-state';
import type { ImpactOptions } from '../graph/downstream-impact';
import type { Store } from '../store/store';
import type { SeverityBands } from '../verdict/verdict';
import type { Fusion } from './fusion';
import type { MonitorHooks } from './hooks';
import type { StageSpec } from './stage';

export interface MonitorOptions {
  /** The detectors, each with its calibrator and threshold. `@awad/stats` has `defaultStages()`. */
  readonly stages?: readonly StageSpec[];
  /** How stage results and rule checks become one verdict (default: `maxFusion`). */
  readonly fusion?: Fusion;
  /** Where series state lives (default: an InMemoryStore with `maxSeries`). */
  readonly store?: Store;
  /** Cap on tracked series for the default store. */
  readonly maxSeries?: number;
  /** Cap on workflow runs kept by the run tracker. */
  readonly maxRuns?: number;
  /** Legal task state transitions (default: METHODS.md R1). */
  readonly transitions?: TransitionTable;
  /** Run the logical-consistency rules on each event (default true). */
  readonly rules?: boolean;
  /** Do not learn points the stages judged anomalous (default true). */
  readonly protect?: boolean;
  /** After this many consecutive anomalous points a series learns anyway: a level shift becomes the new normal. */
  readonly adaptAfter?: number;
  /** How many recent event ids are remembered for idempotency (0: none, for callers that dedupe elsewhere, e.g. a shared store). */
  readonly dedupeWindow?: number;
  /** How many recent verdicts are kept (for `recentVerdicts()` and duplicate answers). */
  readonly recentVerdicts?: number;
  /** How many feedback labels are kept (oldest dropped first). */
  readonly maxLabels?: number;
  /** Minutes east of UTC, for time-of-week features. */
  readonly utcOffsetMinutes?: number;
  readonly severity?: SeverityBands;
  readonly hooks?: MonitorHooks;
  /** Downstream impact on anomalies (false to turn off). */
  readonly impact?: ImpactOptions | false;
  /** Prefix of verdict ids (ids are `${prefix}${sequence}`, deterministic). */
  readonly idPrefix?: string;
}

export const DEFAULT_MONITOR_OPTIONS = {
  maxSeries: 100_000,
  maxRuns: 10_000,
  rules: true,
  protect: true,
  adaptAfter: 10,
  dedupeWindow: 50_000,
  recentVerdicts: 1_000,
  maxLabels: 10_000,
  utcOffsetMinutes: 0,
  idPrefix: 'v',
} as const;
