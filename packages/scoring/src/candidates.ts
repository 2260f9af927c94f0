// Threshold candidates: every distinct score, or evenly spaced quantiles when there are too many.
// Reference: METHODS.md §6; quantiles by linear interpolation (Hyndman & Fan 1996, type 7, numpy's default).
import { checkNonEmpty, checkPositiveInteger, readScores } from './validate.js';

/** Default cap on the number of thresholds tried by the threshold searches. */
export const DEFAULT_MAX_CANDIDATES = 2000;

/** `ascending` must be sorted ascending and non-empty; returns distinct candidates, ascending. */
export function candidatesFromSorted(ascending: Float64Array, maxCandidates: number): number[] {
  const n = ascending.length;
  const distinct: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = ascending[i]!;
    if (i === 0 || v !== ascending[i - 1]) {
      distinct.push(v);
      if (distinct.length > maxCandidates) break;
    }
  }
  if (distinct.length <= maxCandidates) return distinct;

  const out: number[] = [];
  for (let k = 1; k <= maxCandidates; k++) {
    const pos = (k / (maxCandidates + 1)) * (n - 1);
    const lo = Math.floor(pos);
    const a = ascending[lo]!;
    const b = ascending[Math.min(lo + 1, n - 1)]!;
    // Clamped so rounding can never step outside [a, b] and break monotonicity.
    const v = Math.min(Math.max(a + (pos - lo) * (b - a), a), b);
    if (out.length === 0 || v > out[out.length - 1]!) out.push(v);
  }
  return out;
}

/**
 * Thresholds tried by `bestF1Threshold` and `rangeAuprc`, ascending: all distinct scores
 * when there are at most `maxCandidates` of them, otherwise the quantiles of the scores at
 * levels k / (maxCandidates + 1), k = 1..maxCandidates (linear interpolation between sorted
 * scores), deduplicated.
 *
 * @throws {@link ScoringError} `INVALID_SCORE`, `EMPTY_INPUT`, `INVALID_OPTION`.
 * @example
 * ```ts
 * thresholdCandidates([0.3, 0.1, 0.3, 0.9]); // [0.1, 0.3, 0.9]
 * ```
 */
export function thresholdCandidates(scores: ArrayLike<number>, maxCandidates: number = DEFAULT_MAX_CANDIDATES): number[] {
  const fn = 'thresholdCandidates';
  checkPositiveInteger(fn, 'maxCandidates', maxCandidates);
  checkNonEmpty(fn, scores.length, 'scores');
  return candidatesFromSorted(readScores(fn, scores).sort(), maxCandidates);
}
