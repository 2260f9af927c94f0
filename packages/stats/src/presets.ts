// Presets: the stages the monitor and the CLI run by default, and the baselines users run today.
// Reference: ARCHITECTURE.md section 1 (stats detectors); each stage = detector + CutoffCalibrator
// at the detector's conventional cut-off + StaticThreshold(0.5), i.e. "raw score >= cut-off".
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
import { StaticRuleDetector, type StaticLimit } from './static-rule-detector';
import type { Detector } from '@awad/core';

const MODULE = '@awad/stats/presets';

/** Timing features the monitor derives for every task. */
export const TIMING_FEATURES: readonly string[] = Object.freeze(['durationMs', 'queueWaitMs']);
/** Every task metric (`metrics.<name>`). */
export const METRIC_FEATURES: readonly string[] = Object.freeze(['metrics.*']);

function stage(detector: Detector, cutoff: number): StageSpec {
  return { detector, calibrator: new CutoffCalibrator({ cutoff }), threshold: new StaticThreshold(0.5) };
}

/**
 * The default monitor suite: ewma (timing + metrics, cut-off 4), robust-z (timing + metrics,
 * 4.5), seasonal (timing, 4), shesd (timing, 1), cusum (timing, 5), retries (EWMA of `attempt`,
 * sd floor 0.5, 4: attempt 3 on a task that never retries flags, attempt 2 does not) and
 * failures (EWMA of `failed`, sd floor 0.25, 4: the first failure of a task that never fails
 * flags, a failure of a task that fails 10% of the time does not). Fresh instances each call.
 *
 * @example
 * import { createMonitor } from '@awad/core';
 * const monitor = createMonitor({ stages: defaultStages() });
 */
export function defaultStages(): StageSpec[] {
  const timingAndMetrics = [...TIMING_FEATURES, ...METRIC_FEATURES];
  return [
    stage(new EwmaDetector({ features: timingAndMetrics }), 4),
    stage(new RobustZDetector({ features: timingAndMetrics }), 4.5),
    stage(new SeasonalDetector({ features: TIMING_FEATURES }), 4),
    stage(new ShesdDetector({ features: TIMING_FEATURES }), 1),
    stage(new CusumDetector({ features: TIMING_FEATURES }), 5),
    stage(new EwmaDetector({ name: 'retries', features: ['attempt'], transform: 'none', minStd: 0.5 }), 4),
    stage(new EwmaDetector({ name: 'failures', features: ['failed'], transform: 'none', minStd: 0.25 }), 4),
  ];
}

/** Options of {@link baselineStages}. */
export interface BaselineStagesOptions {
  /** SLA: a max duration in ms, or a max per feature ({ durationMs, queueWaitMs }). */
  readonly slaMs?: number | Readonly<Record<string, number>>;
}

/**
 * What users run today, for comparison: n-x-median on durationMs (cut-off 3, "3× the median
 * of the last 20"), iqr on timing (Tukey's 1.5) and, when `slaMs` is given, a static rule
 * (cut-off 1: over the SLA).
 *
 * @example
 * const monitor = createMonitor({ stages: baselineStages({ slaMs: 60_000 }) });
 */
export function baselineStages(options: BaselineStagesOptions = {}): StageSpec[] {
  const stages = [stage(new NxMedianDetector({ features: ['durationMs'] }), 3), stage(new IqrDetector({ features: TIMING_FEATURES }), 1.5)];
  const sla = options.slaMs;
  if (sla !== undefined) {
    let limits: Record<string, StaticLimit>;
    if (typeof sla === 'number') limits = { durationMs: { max: sla } };
    else if (sla !== null && typeof sla === 'object') limits = Object.fromEntries(Object.entries(sla).map(([feature, max]) => [feature, { max }]));
    else throw new ConfigError(MODULE, 'slaMs', 'a number of ms or a record of ms per feature', sla);
    stages.push(stage(new StaticRuleDetector({ limits }), 1));
  }
  return stages;
}

/**
 * Every stats detector at once: defaultStages() then baselineStages(options) (the benchmark's
 * "all stats detectors on").
 */
export function allStatsStages(options: BaselineStagesOptions = {}): StageSpec[] {
  return [...defaultStages(), ...baselineStages(options)];
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
 * series files (SKAB and the like) with one detector at a time. @throws ConfigError on an unknown name.
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
