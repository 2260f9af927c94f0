// Presets: the stages the monitor and the CLI run by default, and the baselines users run today.
// Reference: ARCHITECTURE.md section 1 (stats detectors); each stage = detector + CutoffCalibrator
// at the detector's conventional cut-off + StaticThreshold(0.5), i.e. "raw score >= cut-off".
// Timing stages score upwards only: users are paged for slow tasks, not fast ones.
import { ConfigError, StaticThreshold, type StageSpec } from '@awad/core';
import { CusumDetector } from './cusum-detector';
import { CutoffCalibrator } from './cutoff-calibrator';
import { EwmaDetector } from './ewma-detector';
import { IqrDetector } from './iqr-detector';
import { NxMedianDetector } from './n-x-median-detector';
import { RobustZDetector } from './robust-z-detector';
import { SeasonalDetector } from './seasonal-detector';
import { ShesdDetector } from './shesd-detector';
import { HotellingT2Detector } from './hotelling-t2-detector';
import type { StaticLimit } from './limit-table';
import { StaticRuleDetector } from './static-rule-detector';
import type { Detector } from '@awad/core';

const MODULE = '@awad/stats/presets';

/** Timing features the monitor derives for every task. */
export const TIMING_FEATURES: readonly string[] = Object.freeze(['durationMs', 'queueWaitMs']);
/** Every task metric (`metrics.<name>`). */
export const METRIC_FEATURES: readonly string[] = Object.freeze(['metrics.*']);

/**
 * The window of every window-based stage of the suites (robust-z, robust-z-metrics, shesd,
 * n-x-median, iqr): one size, so a monitor keeps a single window slab per series.
 */
const SUITE_WINDOW = 32;

/**
 * The timing stages ignore a run within 250 ms of its baseline: for jobs that take milliseconds
 * (BullMQ, Celery) the log-space sd is tiny and 1 ms -> 6 ms scored 60 sd in a real worker test,
 * yet no workflow engineer is paged for a quarter of a second.
 */
export const TIMING_MIN_CHANGE_MS = 250;

function stage(detector: Detector, cutoff: number): StageSpec {
  return { detector, calibrator: new CutoffCalibrator({ cutoff }), threshold: new StaticThreshold(0.5) };
}

/**
 * seasonal (timing, direction 'up', cut-off 4): a task slow, stuck or queued too long against
 * its own time-of-week baseline. In: durations and queue waits follow business hours (twice as
 * long at noon), which only a time-of-week baseline tells from a slow run. Only 'up': a run or
 * queue wait faster than usual is not something users want to be paged for. Warm-up 48 points.
 */
function seasonalStage(): StageSpec {
  return stage(new SeasonalDetector({ features: TIMING_FEATURES, direction: 'up', minChange: TIMING_MIN_CHANGE_MS }), 4);
}

/**
 * ewma (metrics only, both directions, cut-off 4): a metric (rows, memory) far from its moving
 * average. Both sides, since a metric dropping (rows: 0) is a data-quality signal. Not on timing,
 * whose daily cycle a single moving mean reads as a shift twice a day. In {@link extraStages}:
 * robust-z-metrics catches the same spikes in the default suite with fewer false alerts.
 */
function ewmaMetricsStage(): StageSpec {
  return stage(new EwmaDetector({ features: METRIC_FEATURES }), 4);
}

/**
 * robust-z (timing, direction 'up', cut-off 4.5, fallback for `seasonal`): a run far above the
 * median of the task's last 32. It judges a point only while `seasonal` cannot (a task's first
 * days: warm-up 8 points against 48); once the seasonal baseline is warm it stays silent, since
 * a window of recent runs cannot see the time of day and would page on every busy afternoon. It
 * keeps learning, so it is ready whenever seasonal is not.
 */
function robustZTimingStage(): StageSpec {
  return { ...stage(new RobustZDetector({ features: TIMING_FEATURES, direction: 'up', window: SUITE_WINDOW, minChange: TIMING_MIN_CHANGE_MS }), 4.5), fallbackFor: 'seasonal' };
}

/** robust-z-metrics (metrics, both directions, cut-off 4.5): the robust second opinion on metrics, from the first days on. */
function robustZMetricsStage(): StageSpec {
  return stage(new RobustZDetector({ name: 'robust-z-metrics', features: METRIC_FEATURES, window: SUITE_WINDOW }), 4.5);
}

/**
 * retries (EWMA of `attempt`, transform none, sd floor 0.5, cut-off 4): attempt 3 on a task
 * that never retries flags, attempt 2 (one retry, normal flakiness) does not.
 */
function retriesStage(): StageSpec {
  return stage(new EwmaDetector({ name: 'retries', features: ['attempt'], transform: 'none', minStd: 0.5 }), 4);
}

/** Options of {@link failureBurstStage}. */
export interface FailureBurstOptions {
  /** Failed attempts within one workflow run that make a burst (default 3). */
  readonly minFailures?: number;
}

/**
 * failure-burst (static rule on `runFailures`, cut-off 1): `runFailures` is the number of failed
 * attempts in the whole workflow run so far, on each failed attempt; the failure that makes it
 * `minFailures` (3) or more flags. A fixed rule rather than a learned baseline: the feature only
 * exists on failures, so a per-task baseline of it would need months of failures to warm up,
 * and a task's first failure is exactly when it matters. One flaky retry (1) or two in a run (2)
 * do not flag. Raise `minFailures` for workflows with many flaky tasks per run.
 *
 * @example
 * createMonitor({ stages: [...defaultStages().filter((s) => s.detector.name !== 'failure-burst'), failureBurstStage({ minFailures: 5 })] });
 */
export function failureBurstStage(options: FailureBurstOptions = {}): StageSpec {
  const minFailures = options.minFailures ?? 3;
  if (!Number.isInteger(minFailures) || minFailures < 1) throw new ConfigError(MODULE, 'minFailures', 'a positive integer', minFailures);
  return stage(new StaticRuleDetector({ name: 'failure-burst', limits: { runFailures: { max: minFailures } } }), 1);
}

/**
 * The `failures` stage (EWMA of `failed`, transform none, sd floor 0.25, direction 'up',
 * cut-off 4): the first failure of a task that never fails flags; a failure of a task that
 * fails 10% of the time does not. Not in {@link defaultStages}: a single retried failure is
 * normal flakiness, and bursts are what `failure-burst` catches; it is in {@link extraStages}.
 *
 * @example
 * const monitor = createMonitor({ stages: [...defaultStages(), failuresStage()] });
 */
export function failuresStage(): StageSpec {
  return stage(new EwmaDetector({ name: 'failures', features: ['failed'], transform: 'none', minStd: 0.25, direction: 'up' }), 4);
}

/**
 * cusum (timing, direction 'up', cut-off 5 = its decision interval): small sustained slow-downs.
 * Not in the default suite: a per-task series has a daily cycle, which CUSUM reads as a mean
 * shift every business day.
 */
function cusumTimingStage(): StageSpec {
  return stage(new CusumDetector({ features: TIMING_FEATURES, direction: 'up' }), 5);
}

/**
 * shesd (timing, direction 'up', cut-off 1): ESD outliers of the task's last 32 runs. Window 32
 * (the detector's default is 64) so that every window-based stage of the suites (robust-z,
 * robust-z-metrics, shesd, n-x-median, iqr) reads the same per-series window: a monitor keeps
 * one window per feature per series for all of them (SeriesHistory in @awad/core). Not in the
 * default suite: the daily period of a per-task series is longer than a window of 32 to 64
 * points can see, so its seasonal part cannot model it.
 */
function shesdTimingStage(): StageSpec {
  return stage(new ShesdDetector({ features: TIMING_FEATURES, direction: 'up', window: SUITE_WINDOW }), 1);
}

/**
 * The default monitor suite, each stage with CutoffCalibrator at its cut-off and
 * StaticThreshold(0.5) ("raw score >= cut-off"), fresh instances each call:
 * - `seasonal` (durationMs, queueWaitMs; up; 4): slow, stuck or queued too long for the time of week;
 * - `robust-z` (timing; up; 4.5; fallback for seasonal): slow against the last 32 runs, only
 *   while seasonal is still warming up (8 runs against 48);
 * - `robust-z-metrics` (metrics.*; both; 4.5): a metric far from its recent median, drops included;
 * - `retries` (attempt; 4): attempt 3 on a task that never retries;
 * - `failure-burst` (runFailures >= 3): the third failed attempt within one workflow run.
 *
 * Timing is scored upwards only: a task or queue wait faster than usual is not paged. Left out
 * (see {@link extraStages}): `ewma` on metrics (it catches the same metric spikes as
 * robust-z-metrics, with more false alerts), `failures` (one retried failure is normal
 * flakiness), `cusum` and `shesd` (they read a task's daily cycle as anomalies). These choices
 * were made on simulated workflows with seeds the published figures do not use (docs/results.md).
 *
 * @example
 * import { createMonitor } from '@awad/core';
 * const monitor = createMonitor({ stages: defaultStages() });
 */
export function defaultStages(): StageSpec[] {
  return [seasonalStage(), robustZTimingStage(), robustZMetricsStage(), retriesStage(), failureBurstStage()];
}

/**
 * The stats stages that are not in {@link defaultStages}: `ewma` (metrics, both, 4), `failures`
 * (EWMA of `failed`, up, 4), `cusum` (timing, up, 5) and `shesd` (timing, up, 1; window 32, like
 * every window-based stage of the suites, so they share one window per feature per series).
 * Fresh instances each call.
 *
 * @example
 * const monitor = createMonitor({ stages: [...defaultStages(), ...extraStages()] });
 */
export function extraStages(): StageSpec[] {
  return [ewmaMetricsStage(), failuresStage(), cusumTimingStage(), shesdTimingStage()];
}

/** Options of {@link baselineStages}. */
export interface BaselineStagesOptions {
  /** SLA for every task: a max duration in ms, or a max per feature ({ durationMs, queueWaitMs }). */
  readonly slaMs?: number | Readonly<Record<string, number>>;
  /** SLA per task key: a max durationMs for that task (other tasks fall back to `slaMs`). */
  readonly slaMsByTask?: Readonly<Record<string, number>>;
}

/**
 * What users run today, for comparison; upper-only rules on duration: n-x-median on
 * durationMs (cut-off 3, "3× the median of the last 32"), iqr on durationMs (direction 'up',
 * Tukey's 1.5: slow outliers, last 32) and, when `slaMs` or `slaMsByTask` is given, a static
 * rule (cut-off 1: over the SLA; per task with `slaMsByTask`). n-x-median uses window 32 here
 * (its default, the rule's usual 20, stays for standalone use) so that every window-based stage
 * of the suites reads the same per-series window.
 *
 * @example
 * const monitor = createMonitor({ stages: baselineStages({ slaMs: 60_000, slaMsByTask: { load: 300_000 } }) });
 */
export function baselineStages(options: BaselineStagesOptions = {}): StageSpec[] {
  const stages = [
    stage(new NxMedianDetector({ features: ['durationMs'], window: SUITE_WINDOW }), 3),
    stage(new IqrDetector({ features: ['durationMs'], direction: 'up', window: SUITE_WINDOW }), 1.5),
  ];
  const { slaMs: sla, slaMsByTask: byTask } = options;
  if (sla === undefined && byTask === undefined) return stages;
  let limits: Record<string, StaticLimit> | undefined;
  if (typeof sla === 'number') limits = { durationMs: { max: sla } };
  else if (sla !== null && typeof sla === 'object') limits = Object.fromEntries(Object.entries(sla).map(([feature, max]) => [feature, { max }]));
  else if (sla !== undefined) throw new ConfigError(MODULE, 'slaMs', 'a number of ms or a record of ms per feature', sla);
  let limitsByTask: Record<string, Record<string, StaticLimit>> | undefined;
  if (byTask !== null && typeof byTask === 'object' && !Array.isArray(byTask)) {
    limitsByTask = Object.fromEntries(Object.entries(byTask).map(([task, max]) => [task, { durationMs: { max } }]));
  } else if (byTask !== undefined) throw new ConfigError(MODULE, 'slaMsByTask', 'a record of ms per task key', byTask);
  stages.push(stage(new StaticRuleDetector({ ...(limits ? { limits } : {}), ...(limitsByTask ? { limitsByTask } : {}) }), 1));
  return stages;
}

/**
 * Every stats stage at once: defaultStages(), extraStages(), then baselineStages(options) (the
 * benchmark's "all stats detectors on"). Stage names are unique.
 */
export function allStatsStages(options: BaselineStagesOptions = {}): StageSpec[] {
  return [...defaultStages(), ...extraStages(), ...baselineStages(options)];
}

/** Detectors {@link statsStage} builds, for any series (not only task events). */
export const STATS_STAGE_NAMES = Object.freeze(['ewma', 'robust-z', 'seasonal', 'shesd', 'cusum', 'iqr', 'n-x-median', 'hotelling-t2'] as const);

/** A name in {@link STATS_STAGE_NAMES}. */
export type StatsStageName = (typeof STATS_STAGE_NAMES)[number];

/** Options of {@link statsStage}. */
export interface StatsStageOptions {
  /** Features the detector reads (default ['*']: every column of a series file). */
  readonly features?: readonly string[];
}

/**
 * One detector as a stage over any features, at its conventional cut-off (ewma 4, robust-z 4.5,
 * seasonal 4, shesd 1, cusum 5, iqr 1.5, n-x-median 3, hotelling-t2 3, about the χ²_d/d 99.7%
 * quantile for 6 to 10 features), with CutoffCalibrator + StaticThreshold(0.5); for scoring
 * series files (SKAB and the like) with one detector at a time. Two-sided (direction 'both'):
 * on a generic series either side of the baseline can be the fault. @throws ConfigError on an unknown name.
 *
 * @example
 * const scorer = createMonitor({ stages: [statsStage('hotelling-t2'), statsStage('ewma')] });
 */
export function statsStage(name: string, options: StatsStageOptions = {}): StageSpec {
  const features = options.features ?? ['*'];
  switch (name as StatsStageName) {
    case 'ewma':
      return stage(new EwmaDetector({ features }), 4);
    case 'robust-z':
      return stage(new RobustZDetector({ features }), 4.5);
    case 'seasonal':
      return stage(new SeasonalDetector({ features }), 4);
    case 'shesd':
      return stage(new ShesdDetector({ features }), 1);
    case 'cusum':
      return stage(new CusumDetector({ features }), 5);
    case 'iqr':
      return stage(new IqrDetector({ features }), 1.5);
    case 'n-x-median':
      return stage(new NxMedianDetector({ features }), 3);
    case 'hotelling-t2':
      return stage(new HotellingT2Detector({ features }), 3);
    default:
      throw new ConfigError(MODULE, 'name', `one of ${STATS_STAGE_NAMES.join(', ')}`, name);
  }
}
