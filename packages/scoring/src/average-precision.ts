// Average precision (non-interpolated, step-wise) and the precision-recall curve.
// Reference: scikit-learn average_precision_score; Manning, Raghavan & Schütze 2008, "Introduction to IR", §8.4.
import { readLabelsScores } from './series.js';
import { countPositives, sortDescending } from './sort.js';

/** Precision-recall curve points, thresholds in decreasing order. */
export interface PrCurve {
  /** Every distinct score, decreasing. */
  readonly thresholds: number[];
  /** TP / (TP + FP) at yhat = 1[a >= threshold] (never 0/0: each threshold predicts at least one point). */
  readonly precision: number[];
  /** TP / n_pos; NaN when there are no positives. */
  readonly recall: number[];
}

/**
 * Precision and recall at every distinct score used as threshold, largest first. No
 * artificial (recall 0, precision 1) end point is added, unlike scikit-learn.
 *
 * @throws {@link ScoringError} `LENGTH_MISMATCH`, `INVALID_LABEL`, `INVALID_SCORE`, `EMPTY_INPUT`.
 */
export function prCurve(labels: ArrayLike<number>, scores: ArrayLike<number>): PrCurve {
  return curve('prCurve', labels, scores);
}

function curve(fn: string, labels: ArrayLike<number>, scores: ArrayLike<number>): PrCurve {
  const { labels: y, scores: a } = sortDescending(readLabelsScores(fn, labels, scores));
  const n = y.length;
  const nPos = countPositives(y);
  const out: PrCurve = { thresholds: [], precision: [], recall: [] };
  let tp = 0;
  let k = 0;
  while (k < n) {
    const th = a[k]!;
    while (k < n && a[k] === th) tp += y[k++]!;
    out.thresholds.push(th);
    out.precision.push(tp / k);
    out.recall.push(nPos ? tp / nPos : Number.NaN);
  }
  return out;
}

/**
 * AP = sum_n (R_n - R_{n-1}) P_n over the distinct thresholds in decreasing score order,
 * R_0 = 0, no interpolation: the same number as scikit-learn's `average_precision_score`.
 * NaN when there are no positives.
 *
 * @throws {@link ScoringError} `LENGTH_MISMATCH`, `INVALID_LABEL`, `INVALID_SCORE`, `EMPTY_INPUT`.
 * @example
 * ```ts
 * averagePrecision([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // 0.8333…
 * ```
 */
export function averagePrecision(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  const { precision, recall } = curve('averagePrecision', labels, scores);
  if (Number.isNaN(recall[0])) return Number.NaN;
  let ap = 0;
  let previous = 0;
  for (let k = 0; k < recall.length; k++) {
    ap += (recall[k]! - previous) * precision[k]!;
    previous = recall[k]!;
  }
  return ap;
}
