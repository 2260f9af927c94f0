// Ranges: maximal runs of consecutive 1s (true anomaly ranges from y, predicted ranges from yhat).
// Reference: Tatbul et al. 2018, "Precision and Recall for Time Series", NeurIPS (range definitions).
import { readBinary } from './validate.js';

/** A half-open index range [start, end): `start` is 0-based inclusive, `end` exclusive, length = end - start. */
export interface Range {
  readonly start: number;
  readonly end: number;
}

export function runsOfOnes(values: Uint8Array): Range[] {
  const out: Range[] = [];
  const n = values.length;
  let i = 0;
  while (i < n) {
    if (values[i] === 1) {
      const start = i;
      while (i < n && values[i] === 1) i++;
      out.push({ start, end: i });
    } else {
      i++;
    }
  }
  return out;
}

/** Ranges of yhat = 1[a >= threshold], without materialising yhat: the range sweep calls this per candidate. */
export function runsAtOrAbove(scores: Float64Array, threshold: number): Range[] {
  const out: Range[] = [];
  const n = scores.length;
  let i = 0;
  while (i < n) {
    if (scores[i]! >= threshold) {
      const start = i;
      while (i < n && scores[i]! >= threshold) i++;
      out.push({ start, end: i });
    } else {
      i++;
    }
  }
  return out;
}

/**
 * Maximal runs of consecutive 1s in a 0/1 series, in order.
 *
 * @throws {@link ScoringError} `INVALID_LABEL` when a value is not 0 or 1.
 * @example
 * ```ts
 * findRanges([0, 1, 1, 0, 1]); // [{ start: 1, end: 3 }, { start: 4, end: 5 }]
 * ```
 */
export function findRanges(values: ArrayLike<number>): Range[] {
  return runsOfOnes(readBinary('findRanges', values, 'labels'));
}
