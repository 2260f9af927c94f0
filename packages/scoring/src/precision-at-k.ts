// Precision@k and recall@k with fractional (expected-value) counting of a tied block at the k-th score.
// Reference: Manning et al. 2008, §8.4 (precision at k); McSherry & Najork 2008, "Computing IR metrics efficiently in the presence of tied scores".
import { readLabelsScores, type ScoredSeries } from './series.js';
import { countPositives, sortDescending } from './sort.js';
import { fail } from './validate.js';

/** Expected positives among the top k when the tied block at the k-th score is ordered at random. */
function topKHits(fn: string, series: ScoredSeries, k: number | undefined): { hits: number; k: number; nPos: number } {
  const { labels: y, scores: a } = sortDescending(series);
  const n = y.length;
  const nPos = countPositives(y);
  const kk = k ?? nPos;
  if (k !== undefined && (!Number.isInteger(k) || k < 1 || k > n)) {
    fail('INVALID_OPTION', fn, `expected k to be an integer in [1, ${n}], got ${String(k)}`);
  }
  if (kk === 0) return { hits: 0, k: 0, nPos };
  const kth = a[kk - 1]!;
  let above = 0;
  let posAbove = 0;
  while (above < n && a[above]! > kth) posAbove += y[above++]!;
  let tied = 0;
  let posTied = 0;
  while (above + tied < n && a[above + tied] === kth) posTied += y[above + tied++]!;
  return { hits: posAbove + ((kk - above) * posTied) / tied, k: kk, nPos };
}

/**
 * P@k = (#positives among the k highest scores) / k. A block of scores tied with the k-th
 * highest score is counted fractionally:
 * P@k = (#pos with a > a_(k) + (k - #{a > a_(k)}) * mean of y over a = a_(k)) / k.
 * `k` defaults to the number of positives (R-precision); NaN when that is 0.
 *
 * @throws {@link ScoringError} `LENGTH_MISMATCH`, `INVALID_LABEL`, `INVALID_SCORE`, `EMPTY_INPUT`, `INVALID_OPTION` (k not an integer in [1, n]).
 * @example
 * ```ts
 * precisionAtK([1, 0, 1, 0], [0.9, 0.5, 0.5, 0.1]); // k = 2: (1 + 1 * 1/2) / 2 = 0.75
 * ```
 */
export function precisionAtK(labels: ArrayLike<number>, scores: ArrayLike<number>, k?: number): number {
  const fn = 'precisionAtK';
  const r = topKHits(fn, readLabelsScores(fn, labels, scores), k);
  return r.k === 0 ? Number.NaN : r.hits / r.k;
}

/**
 * R@k = (#positives among the k highest scores) / n_pos, with the same tie rule as
 * {@link precisionAtK}. `k` defaults to the number of positives; NaN when there are no positives.
 *
 * @throws {@link ScoringError} `LENGTH_MISMATCH`, `INVALID_LABEL`, `INVALID_SCORE`, `EMPTY_INPUT`, `INVALID_OPTION`.
 * @example
 * ```ts
 * recallAtK([1, 0, 1, 0], [0.9, 0.5, 0.5, 0.1], 3); // top 3 hold both positives: 1
 * ```
 */
export function recallAtK(labels: ArrayLike<number>, scores: ArrayLike<number>, k?: number): number {
  const fn = 'recallAtK';
  const r = topKHits(fn, readLabelsScores(fn, labels, scores), k);
  return r.nPos === 0 ? Number.NaN : r.hits / r.nPos;
}
