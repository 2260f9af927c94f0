// Range-based precision, recall and F1 (Tatbul et al.), ACVAE configuration, with detection delay.
// Reference: Tatbul et al. 2018, "Precision and Recall for Time Series", NeurIPS; METHODS.md §6.
import { RangeEvaluator, type RangeMetrics, type RangeMetricsOptions } from './range-evaluator.js';
import { runsOfOnes } from './ranges.js';
import { readPredictionSeries, type LabeledPredictions } from './series.js';
import { checkNonNegative, checkPositiveInteger, checkUnitInterval, isArrayLike } from './validate.js';

/** alpha = 0.8, earlyWindow = 10, cardinalityExponent = 0.2 (the ACVAE configuration). */
export const DEFAULT_RANGE_METRICS_OPTIONS: RangeMetricsOptions = Object.freeze({
  alpha: 0.8,
  earlyWindow: 10,
  cardinalityExponent: 0.2,
});

export function resolveRangeOptions(fn: string, options: Partial<RangeMetricsOptions> | undefined): RangeMetricsOptions {
  const o = { ...DEFAULT_RANGE_METRICS_OPTIONS, ...stripUndefined(options) };
  checkUnitInterval(fn, 'alpha', o.alpha);
  checkPositiveInteger(fn, 'earlyWindow', o.earlyWindow);
  checkNonNegative(fn, 'cardinalityExponent', o.cardinalityExponent);
  return { alpha: o.alpha, earlyWindow: o.earlyWindow, cardinalityExponent: o.cardinalityExponent };
}

/** `{ alpha: undefined }` must mean "default", not "overwrite the default with undefined". */
export function stripUndefined<T extends object>(options: T | undefined): Partial<T> {
  const out: Partial<T> = {};
  if (!options) return out;
  for (const [key, value] of Object.entries(options)) {
    if (value !== undefined) (out as Record<string, unknown>)[key] = value;
  }
  return out;
}

/**
 * Range-based precision, recall and F1 of Tatbul et al. (2018) in the ACVAE configuration:
 * recall rewards early detection (ER_i over the first `earlyWindow` points, weight `alpha`)
 * plus front-weighted overlap (delta_r(idx, l) = sqrt(l^2 - (idx-1)^2)) times a cardinality
 * factor; precision is the overlap fraction of each predicted range, weighted by log2(l+1).
 *
 * Pass one series as `(labels, predictions)` or several as `[{ labels, predictions }, ...]`:
 * all true and predicted ranges of every series are collected and the formulas applied once;
 * a range never crosses a series boundary.
 *
 * Recall is NaN when there is no true range (F1 is then NaN too); precision is 0 when nothing
 * is predicted.
 *
 * @throws {@link ScoringError} `LENGTH_MISMATCH`, `INVALID_LABEL`, `EMPTY_INPUT`, `INVALID_OPTION`.
 * @example
 * ```ts
 * const m = rangeMetrics([0, 1, 1, 1, 1, 0], [0, 0, 0, 1, 0, 0]);
 * // one true range of length 4 hit at its 3rd point: recall = 0.8 + 0.2 * sqrt(12) / (4 + sqrt(15) + sqrt(12) + sqrt(7))
 * // m.precision = 1, m.meanDetectionDelay = 2
 * ```
 */
export function rangeMetrics(
  labels: ArrayLike<number>,
  predictions: ArrayLike<number>,
  options?: Partial<RangeMetricsOptions>,
): RangeMetrics;
export function rangeMetrics(
  series: LabeledPredictions | readonly LabeledPredictions[],
  options?: Partial<RangeMetricsOptions>,
): RangeMetrics;
export function rangeMetrics(
  a: ArrayLike<number> | LabeledPredictions | readonly LabeledPredictions[],
  b?: ArrayLike<number> | Partial<RangeMetricsOptions>,
  c?: Partial<RangeMetricsOptions>,
): RangeMetrics {
  const fn = 'rangeMetrics';
  const pairForm = isArrayLike(b);
  const input = pairForm
    ? { labels: a as ArrayLike<number>, predictions: b }
    : (a as LabeledPredictions | readonly LabeledPredictions[]);
  const options = resolveRangeOptions(fn, pairForm ? c : (b as Partial<RangeMetricsOptions> | undefined));
  const series = readPredictionSeries(fn, input);
  const evaluator = new RangeEvaluator(
    series.map((s) => runsOfOnes(s.labels)),
    options,
  );
  return evaluator.evaluate(series.map((s) => runsOfOnes(s.predictions)));
}
