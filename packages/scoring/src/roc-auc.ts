// ROC-AUC as the normalised Mann-Whitney U statistic (average ranks for ties), and the ROC curve.
// Reference: Mann & Whitney 1947; Hanley & McNeil 1982, "The meaning and use of the area under a ROC curve".
import { readLabelsScores } from './series.js';
import { countPositives, sortDescending } from './sort.js';

/**
 * ROC-AUC = (sum of the ascending 1-based ranks of the positives - n_pos(n_pos+1)/2) / (n_pos n_neg),
 * tied scores sharing their average rank: the probability that a random positive scores
 * above a random negative, ties counting 1/2. NaN when there are no positives or no negatives.
 *
 * @throws {@link ScoringError} `LENGTH_MISMATCH`, `INVALID_LABEL`, `INVALID_SCORE`, `EMPTY_INPUT`.
 * @example
 * ```ts
 * rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // 0.75
 * ```
 */
export function rocAuc(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  const series = readLabelsScores('rocAuc', labels, scores);
  const n = series.labels.length;
  const nPos = countPositives(series.labels);
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) return Number.NaN;
  const { labels: y, scores: a } = sortDescending(series);
  // Descending position k (0-based) is ascending rank n - k; a tie block k = s..e-1 shares
  // the mean of ranks n-e+1..n-s.
  let rankSum = 0;
  let s = 0;
  while (s < n) {
    let e = s;
    let pos = 0;
    while (e < n && a[e] === a[s]) pos += y[e++]!;
    rankSum += pos * ((n - e + 1 + (n - s)) / 2);
    s = e;
  }
  return (rankSum - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

/** ROC curve points, thresholds in decreasing order. */
export interface RocCurve {
  /** +Infinity (no alert, the (0, 0) point), then every distinct score, decreasing. */
  readonly thresholds: number[];
  /** FP / n_neg at yhat = 1[a >= threshold]; NaN when there are no negatives. */
  readonly fpr: number[];
  /** TP / n_pos at yhat = 1[a >= threshold]; NaN when there are no positives. */
  readonly tpr: number[];
}

/**
 * ROC curve: (FPR, TPR) at +Infinity and at every distinct score. Unlike scikit-learn,
 * collinear intermediate points are kept.
 *
 * @throws {@link ScoringError} `LENGTH_MISMATCH`, `INVALID_LABEL`, `INVALID_SCORE`, `EMPTY_INPUT`.
 */
export function rocCurve(labels: ArrayLike<number>, scores: ArrayLike<number>): RocCurve {
  const { labels: y, scores: a } = sortDescending(readLabelsScores('rocCurve', labels, scores));
  const n = y.length;
  const nPos = countPositives(y);
  const nNeg = n - nPos;
  const out: RocCurve = { thresholds: [Number.POSITIVE_INFINITY], fpr: [nNeg ? 0 : Number.NaN], tpr: [nPos ? 0 : Number.NaN] };
  let tp = 0;
  let k = 0;
  while (k < n) {
    const th = a[k]!;
    while (k < n && a[k] === th) tp += y[k++]!;
    out.thresholds.push(th);
    out.fpr.push(nNeg ? (k - tp) / nNeg : Number.NaN);
    out.tpr.push(nPos ? tp / nPos : Number.NaN);
  }
  return out;
}
