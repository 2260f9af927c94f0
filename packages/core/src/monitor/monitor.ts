// Monitor: the live hook API. observe(event) -> Verdict, synchronously, for every task state
// change; tick(now) -> verdicts for tasks that stopped reporting (stuck runs).
// Reference: ARCHITECTURE.md section 1 (the flow of one event): score -> calibrate -> classify -> learn.
import { EventEmitter } from 'eventemitter3';
import type { ObservationContext } from '../detector/detector';
import type { AwadError } from '../errors/awad-error';
import { ConfigError } from '../errors/config-error';
import { DetectorError } from '../errors/detector-error';
import { ValidationError } from '../errors/validation-error';
import { normalizeEvent } from '../event/validate-event';
import { extractFeatures, seriesKey } from '../features/extract-features';
import { downstreamImpact, type ImpactOptions } from '../graph/downstream-impact';
import { RunTracker } from '../run/run-tracker';
import type { WorkflowRun } from '../run/task-run';
import { violationScore } from '../run/violation';
import { InMemoryStore } from '../store/in-memory-store';
import type { SeriesState, Store } from '../store/store';
import { BoundedSet } from '../util/bounded-set';
import { RecentVerdicts } from '../verdict/recent-verdicts';
import { DEFAULT_SEVERITY_BANDS, severityOf, type ImpactEntry, type Reason, type SeverityBands, type Verdict } from '../verdict/verdict';
import { deliverVerdict, type MonitorEvents, type MonitorHooks } from './hooks';
import { DEFAULT_MONITOR_OPTIONS, type MonitorOptions } from './monitor-options';
import { SeriesScorer, type PointJudgement } from './series-scorer';
import type { Stage } from './stage';
import { checkStuck } from './stuck';
import { restoreMonitor, snapshotMonitor, type MonitorSnapshot } from './monitor-snapshot';
import { applyFeedback, type FeedbackInput } from '../feedback/feedback';
import { LabelStore, type VerdictLabel } from '../feedback/label-store';

const MODULE = '@awad/core/monitor';
const NO_FEATURES: Readonly<Record<string, number>> = Object.freeze({});

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Result of `observeMany`: verdicts of the accepted events and errors of the rejected ones. */
export interface ObserveManyResult {
  readonly verdicts: Verdict[];
  readonly errors: { readonly index: number; readonly error: AwadError }[];
}

export class Monitor extends EventEmitter<MonitorEvents> {
  readonly stages: readonly Stage[];
  readonly store: Store;
  readonly tracker: RunTracker;
  /** Labels given through `feedback`, by verdict id (bounded by `maxLabels`). */
  readonly labelStore: LabelStore;
  /** @internal */ readonly scorer: SeriesScorer;
  /** @internal */ readonly options: Required<Pick<MonitorOptions, 'rules' | 'utcOffsetMinutes' | 'idPrefix'>>;
  /** @internal */ seen: BoundedSet;
  /** @internal */ sequence = 0;
  private readonly hooks: MonitorHooks | undefined;
  private readonly severity: SeverityBands;
  private readonly impact: ImpactOptions | false;
  private readonly recent: RecentVerdicts;
  private eventsObserved = 0;
  /** The event being observed, for errors reported by `failStage` (one bound function, no closure per event). */
  private currentEventId: string | undefined;
  private readonly failStage = (stage: string, error: unknown): void => this.reportError(new DetectorError(stage, error, this.currentEventId));
  private readonly report = (error: AwadError): void => this.reportError(error);
  private anomalies = 0;

  constructor(options: MonitorOptions = {}) {
    super();
    const d = DEFAULT_MONITOR_OPTIONS;
    this.scorer = new SeriesScorer(options.stages ?? [], {
      protect: options.protect ?? d.protect,
      adaptAfter: options.adaptAfter ?? d.adaptAfter,
      ...(options.fusion ? { fusion: options.fusion } : {}),
    });
    this.stages = this.scorer.stages;
    this.store = options.store ?? new InMemoryStore({ maxSeries: options.maxSeries ?? d.maxSeries });
    this.store.attach?.(() => this.scorer.newSeries());
    this.tracker = new RunTracker({ maxRuns: options.maxRuns ?? d.maxRuns, ...(options.transitions ? { transitions: options.transitions } : {}) });
    const dedupe = options.dedupeWindow ?? d.dedupeWindow;
    if (!Number.isInteger(dedupe) || dedupe < 0) throw new ConfigError(MODULE, 'dedupeWindow', 'a non-negative integer', dedupe);
    this.options = {
      rules: options.rules ?? d.rules,
      utcOffsetMinutes: options.utcOffsetMinutes ?? d.utcOffsetMinutes,
      idPrefix: options.idPrefix ?? d.idPrefix,
    };
    this.seen = new BoundedSet(dedupe);
    this.recent = new RecentVerdicts(options.recentVerdicts ?? d.recentVerdicts);
    const maxLabels = options.maxLabels ?? d.maxLabels;
    if (!Number.isInteger(maxLabels) || maxLabels < 1) throw new ConfigError(MODULE, 'maxLabels', 'a positive integer', maxLabels);
    this.labelStore = new LabelStore(maxLabels);
    this.hooks = options.hooks;
    this.severity = options.severity ?? DEFAULT_SEVERITY_BANDS;
    this.impact = options.impact ?? {};
  }

  /**
   * Judges one task state change. Synchronous and allocation-light: no I/O.
   * @throws ValidationError when the event is malformed (nothing is changed then).
   */
  observe(input: unknown): Verdict {
    const normalized = normalizeEvent(input);
    const { event, time } = normalized;
    if (this.seen.has(event.eventId)) return this.duplicateOf(event.eventId, normalized.event, time);
    this.seen.add(event.eventId);
    this.eventsObserved += 1;

    const tracked = this.tracker.apply(normalized);
    const reasons: Reason[] = [];
    const rules = this.options.rules ? violationScore(tracked.violations) : 0;
    if (this.options.rules) {
      for (const v of tracked.violations) reasons.push({ detector: 'consistency', kind: v.kind, score: v.weight, message: v.message });
    }

    const features = tracked.late ? undefined : extractFeatures(event, tracked.measurements);
    let judgement: PointJudgement | undefined;
    if (features !== undefined && this.stages.length > 0) {
      const key = seriesKey(event.workflow.key, event.task.key);
      let series = this.store.get(key);
      if (series === undefined) {
        series = this.scorer.newSeries();
        this.store.set(key, series);
      }
      const ctx: ObservationContext = { time, utcOffsetMinutes: this.options.utcOffsetMinutes, workflowKey: event.workflow.key, taskKey: event.task.key, history: series.history, run: tracked.run };
      this.currentEventId = event.eventId;
      judgement = this.scorer.observe(series, features, ctx, this.failStage, rules);
      for (const reason of judgement.reasons) reasons.push(reason);
    }
    const fused = judgement ?? this.scorer.fusion.fuse({ stages: [], rules });

    const [id, sequence] = this.nextId();
    const verdict: Mutable<Verdict> = {
      id,
      eventId: event.eventId,
      workflowKey: event.workflow.key,
      workflowRunId: event.workflow.runId,
      taskKey: event.task.key,
      taskRunId: event.task.runId,
      state: event.state,
      time,
      isAnomaly: fused.isAnomaly,
      ready: features === undefined || judgement?.judged === true,
      score: fused.score,
      severity: severityOf(fused.score, fused.isAnomaly, this.severity),
      reasons: reasons.length > 1 ? reasons.sort((a, b) => b.score - a.score) : reasons,
      features: features ?? NO_FEATURES,
      origin: 'event',
    };
    if (fused.attribution) verdict.attribution = fused.attribution;
    if (fused.isAnomaly && this.impact !== false) verdict.impact = this.impactOf(tracked.run, event.task.key, fused.score);
    if (tracked.late) verdict.late = true;
    return this.publish(verdict, sequence);
  }

  /** Observes a batch; a bad event is reported in `errors` and does not stop the others. */
  observeMany(inputs: readonly unknown[]): ObserveManyResult {
    const verdicts: Verdict[] = [];
    const errors: { index: number; error: AwadError }[] = [];
    inputs.forEach((input, index) => {
      try {
        verdicts.push(this.observe(input));
      } catch (error) {
        if (error instanceof ValidationError) errors.push({ index, error });
        else throw error;
      }
    });
    return { verdicts, errors };
  }

  /**
   * Verdicts for tasks that stopped reporting: a task RUNNING (or queued) for longer than its
   * series' stages accept. Each task attempt is reported once per severity level.
   * @param now the current time (epoch ms, ISO string or Date), on the engine's clock.
   */
  tick(now: number | string | Date): Verdict[] {
    const time = typeof now === 'number' ? now : typeof now === 'string' ? Date.parse(now) : now.getTime();
    if (!Number.isFinite(time)) throw new ConfigError(MODULE, 'now', 'a finite epoch-ms time, ISO string or Date', now);
    if (this.stages.length === 0) return [];
    return checkStuck(this, time).map(([verdict, sequence]) => this.publish(verdict, sequence));
  }

  /** Verdicts kept in memory, oldest first. */
  recentVerdicts(): Verdict[] {
    return this.recent.toArray();
  }

  /** A recent verdict by id (undefined once it has left the recent window). */
  getVerdict(id: string): Verdict | undefined {
    return this.recent.get(id);
  }

  /**
   * A user's label for a recent verdict: stored (see `labels()`), emitted as `feedback`, and for
   * `normal` on an anomalous event verdict, the series learns the point, so the baseline moves.
   * @throws ValidationError on a malformed input; UnknownVerdictError when the verdict id is not
   * one of the recent verdicts (`recentVerdicts` option).
   * @example monitor.feedback({ verdictId: verdict.id, label: 'normal', note: 'planned backfill' });
   */
  feedback(input: FeedbackInput): VerdictLabel {
    return applyFeedback(this, input);
  }

  /** Labels given through `feedback`, oldest first. */
  labels(): VerdictLabel[] {
    return this.labelStore.values();
  }

  /** Counters for health endpoints. */
  stats(): { events: number; anomalies: number; series: number; runs: number } {
    return { events: this.eventsObserved, anomalies: this.anomalies, series: this.store.size, runs: this.tracker.size };
  }

  /** Learned state, JSON-safe, for restarts and for sharing between workers. */
  snapshot(): MonitorSnapshot {
    return snapshotMonitor(this);
  }

  /** Restores a snapshot taken from a monitor with the same stages. @throws SnapshotError */
  restore(snapshot: MonitorSnapshot): void {
    restoreMonitor(this, snapshot);
  }

  /** @internal A fresh series: one clone of each stage's detector. */
  newSeries(): SeriesState {
    return this.scorer.newSeries();
  }

  /** @internal Downstream tasks at risk from an anomaly of `taskKey`, unless impact is turned off. */
  impactOf(run: WorkflowRun, taskKey: string, score: number): ImpactEntry[] | undefined {
    return this.impact === false ? undefined : downstreamImpact(run.graph, taskKey, score, this.impact, run.workflowKey);
  }

  /** @internal The next verdict sequence number and its id. */
  nextId(): [string, number] {
    const sequence = ++this.sequence;
    return [`${this.options.idPrefix}${sequence}`, sequence];
  }

  /** @internal */
  reportError(error: AwadError): void {
    this.emit('error', error);
    if (this.hooks?.onError) {
      try {
        this.hooks.onError({ error });
      } catch {
        // An error hook that fails has nowhere left to report to.
      }
    }
  }

  private duplicateOf(eventId: string, event: { workflow: { key: string; runId: string }; task: { key: string; runId: string }; state: string }, time: number): Verdict {
    const earlier = this.recent.findByEventId(eventId);
    if (earlier) return { ...earlier, duplicate: true };
    return {
      id: this.nextId()[0], eventId, workflowKey: event.workflow.key, workflowRunId: event.workflow.runId,
      taskKey: event.task.key, taskRunId: event.task.runId, state: event.state, time,
      isAnomaly: false, ready: true, score: 0, severity: 'none', reasons: [], features: NO_FEATURES,
      duplicate: true, origin: 'event',
    };
  }

  private publish(verdict: Verdict, sequence: number): Verdict {
    this.recent.push(verdict, sequence);
    if (verdict.isAnomaly) this.anomalies += 1;
    deliverVerdict(this, this.hooks, verdict, this.report);
    return verdict;
  }
}

/**
 * Creates a monitor. Feed it every task state change with `observe`; call `tick` on a timer.
 *
 * @example
 * import { createMonitor } from '@awad/core';
 * import { defaultStages } from '@awad/stats';
 * const monitor = createMonitor({ stages: defaultStages() });
 * monitor.on('anomaly', (v) => console.log(v.taskKey, v.severity, v.reasons[0]?.message));
 * const verdict = monitor.observe(event);
 */
export function createMonitor(options: MonitorOptions = {}): Monitor {
  return new Monitor(options);
}
