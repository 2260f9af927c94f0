// Area under the range-based precision-recall curve over the candidate thresholds (right-step rule).
// Reference: Tatbul et al. 2018 (range precision/recall); METHODS.md §6 (AUPRC like average precision).
import { DEFAULT_MAX_CANDIDATES } from './candidates.js';
import type { RangeMetricsOptions } from './range-evaluator.js';
import { DEFAULT_RANGE_METRICS_OPTIONS, resolveRangeOptions, stripUndefined } from './range-metrics.js';
import { readScoredArgs, type LabeledScores } from './series.js';
import { sweepRange } from './threshold-sweep.js';
import { checkPositiveInteger } from './validate.js';

/** Options of {@link rangeAuprc} and {@link rangePrCurve}. */
export interface RangeAuprcOptions extends RangeMetricsOptions {
  /** Most thresholds tried (see `thresholdCandidates`). */
  readonly maxCandidates: number;
}

/** ACVAE range options, at most 2000 candidates. */
export const DEFAULT_RANGE_AUPRC_OPTIONS: RangeAuprcOptions = Object.freeze({
  ...DEFAULT_RANGE_METRICS_OPTIONS,
  maxCandidates: DEFAULT_MAX_CANDIDATES,
});

/** Range precision and recall per candidate threshold, thresholds in decreasing order. */
export interface RangePrCurve {
  readonly thresholds: number[];
  readonly precision: number[];
  readonly recall: number[];
}

type Args = [
  a: ArrayLike<number> | LabeledScores | readonly LabeledScores[],
  b?: ArrayLike<number> | Partial<RangeAuprcOptions>,
  c?: Partial<RangeAuprcOptions>,
];

function curve(fn: string, [a, b, c]: Args): RangePrCurve {
  const { series, options } = readScoredArgs(fn, a, b, c);
  const o = { ...DEFAULT_RANGE_AUPRC_OPTIONS, ...stripUndefined(options) };
  checkPositiveInteger(fn, 'maxCandidates', o.maxCandidates);
  const out: RangePrCurve = { thresholds: [], precision: [], recall: [] };
  sweepRange(series, resolveRangeOptions(fn, o), o.maxCandidates, (th, m) => {
    out.thresholds.push(th);
    out.precision.push(m.precision);
    out.recall.push(m.recall);
  });
  return out;
}

/**
 * (Precision_T, Recall_T) of `rangeMetrics` at every candidate threshold, largest first.
 * Recall is NaN throughout when there is no true range.
 *
 * @throws {@link ScoringError} `LENGTH_MISMATCH`, `INVALID_LABEL`, `INVALID_SCORE`, `EMPTY_INPUT`, `INVALID_OPTION`.
 */
export function rangePrCurve(labels: ArrayLike<number>, scores: ArrayLike<number>, options?: Partial<RangeAuprcOptions>): RangePrCurve;
export function rangePrCurve(series: LabeledScores | readonly LabeledScores[], options?: Partial<RangeAuprcOptions>): RangePrCurve;
export function rangePrCurve(...args: Args): RangePrCurve {
  return curve('rangePrCurve', args);
}

/**
 * Range AUPRC: the (Recall_T, Precision_T) pairs over the candidate thresholds, sorted by
 * recall ascending (ties: precision descending), summed with the right-step rule
 * AUPRC = sum_k (R_k - R_{k-1}) * P_k, R_0 = 0 (as average precision; no interpolation).
 * NaN when there is no true range. Several series are pooled as in `rangeMetrics`.
 *
 * @throws {@link ScoringError} `LENGTH_MISMATCH`, `INVALID_LABEL`, `INVALID_SCORE`, `EMPTY_INPUT`, `INVALID_OPTION`.
 * @example
 * ```ts
 * rangeAuprc([0, 1, 1, 0], [0.1, 0.9, 0.2, 0.5]);
 * rangeAuprc([{ labels: y1, scores: a1 }, { labels: y2, scores: a2 }], { alpha: 0.5 });
 * ```
 */
export function rangeAuprc(labels: ArrayLike<number>, scores: ArrayLike<number>, options?: Partial<RangeAuprcOptions>): number;
export function rangeAuprc(series: LabeledScores | readonly LabeledScores[], options?: Partial<RangeAuprcOptions>): number;
export function rangeAuprc(...args: Args): number {
  const { precision, recall } = curve('rangeAuprc', args);
  if (recall.length === 0 || Number.isNaN(recall[0])) return Number.NaN;
  const order = recall.map((_, k) => k).sort((i, j) => recall[i]! - recall[j]! || precision[j]! - precision[i]!);
  let area = 0;
  let previous = 0;
  for (const k of order) {
    area += (recall[k]! - previous) * precision[k]!;
    previous = recall[k]!;
  }
  return area;
}
