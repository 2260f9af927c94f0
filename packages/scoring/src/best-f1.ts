// Best-F1 threshold search over candidate thresholds, point-wise or range-based.
// Reference: METHODS.md §6 (best-F1 threshold; point F1 and range F1 as in Tatbul et al. 2018).
import { DEFAULT_MAX_CANDIDATES } from './candidates.js';
import { metricsFromCounts } from './point-metrics.js';
import type { RangeMetricsOptions } from './range-evaluator.js';
import { DEFAULT_RANGE_METRICS_OPTIONS, resolveRangeOptions, stripUndefined } from './range-metrics.js';
import { readScoredArgs, type LabeledScores } from './series.js';
import { sweepPoint, sweepRange } from './threshold-sweep.js';
import { checkPositiveInteger, fail } from './validate.js';

/** Which F1 the threshold search maximises. */
export type ThresholdMetric = 'point' | 'range';

/** Options of {@link bestF1Threshold}; the range options apply only to `metric: 'range'`. */
export interface BestF1Options extends RangeMetricsOptions {
  readonly metric: ThresholdMetric;
  /** Most thresholds tried (see `thresholdCandidates`). */
  readonly maxCandidates: number;
}

/** Point-wise F1, at most 2000 candidates, ACVAE range options. */
export const DEFAULT_BEST_F1_OPTIONS: BestF1Options = Object.freeze({
  ...DEFAULT_RANGE_METRICS_OPTIONS,
  metric: 'point',
  maxCandidates: DEFAULT_MAX_CANDIDATES,
});

/** The threshold with the best F1 and the metrics there. */
export interface BestF1 {
  readonly threshold: number;
  readonly f1: number;
  readonly precision: number;
  readonly recall: number;
}

/**
 * Finds the threshold th among the candidates (see `thresholdCandidates`) maximising F1 of
 * yhat = 1[a >= th]. Ties go to the largest threshold (fewest alerts).
 *
 * - `metric: 'point'` (default): point-wise F1, one sort and one sweep, O(n log n).
 *   Several series are pooled by concatenation.
 * - `metric: 'range'`: range F1 of `rangeMetrics`, O(n) per candidate; several series are
 *   pooled as in `rangeMetrics` (ranges never cross a series). With no true range every F1
 *   is NaN and the largest candidate is returned with f1 NaN.
 *
 * @throws {@link ScoringError} `LENGTH_MISMATCH`, `INVALID_LABEL`, `INVALID_SCORE`, `EMPTY_INPUT`, `INVALID_OPTION`.
 * @example
 * ```ts
 * bestF1Threshold([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
 * // { threshold: 0.35, f1: 0.8, precision: 2/3, recall: 1 }
 * bestF1Threshold([{ labels: y1, scores: a1 }, { labels: y2, scores: a2 }], { metric: 'range' });
 * ```
 */
export function bestF1Threshold(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  options?: Partial<BestF1Options>,
): BestF1;
export function bestF1Threshold(
  series: LabeledScores | readonly LabeledScores[],
  options?: Partial<BestF1Options>,
): BestF1;
export function bestF1Threshold(
  a: ArrayLike<number> | LabeledScores | readonly LabeledScores[],
  b?: ArrayLike<number> | Partial<BestF1Options>,
  c?: Partial<BestF1Options>,
): BestF1 {
  const fn = 'bestF1Threshold';
  const { series, options } = readScoredArgs(fn, a, b, c);
  const o = { ...DEFAULT_BEST_F1_OPTIONS, ...stripUndefined(options) };
  checkPositiveInteger(fn, 'maxCandidates', o.maxCandidates);
  let best: BestF1 | undefined;
  // Thresholds arrive largest first, so only a strictly better F1 replaces the incumbent.
  const consider = (threshold: number, f1: number, precision: number, recall: number): void => {
    if (best === undefined || f1 > best.f1 || (Number.isNaN(best.f1) && !Number.isNaN(f1))) {
      best = { threshold, f1, precision, recall };
    }
  };
  if (o.metric === 'point') {
    sweepPoint(series, o.maxCandidates, (th, counts) => {
      const m = metricsFromCounts(counts);
      consider(th, m.f1, m.precision, m.recall);
    });
  } else if (o.metric === 'range') {
    sweepRange(series, resolveRangeOptions(fn, o), o.maxCandidates, (th, m) => {
      consider(th, m.f1, m.precision, m.recall);
    });
  } else {
    fail('INVALID_OPTION', fn, `expected metric 'point' or 'range', got ${String(o.metric)}`);
  }
  // The input is non-empty, so there is at least one candidate.
  return best!;
}
