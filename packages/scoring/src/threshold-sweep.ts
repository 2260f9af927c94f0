// Sweeps of candidate thresholds from high to low: point-wise counts in one pass, range metrics per threshold.
// Reference: METHODS.md §6 (yhat = 1[a >= th] over the candidate thresholds).
import { candidatesFromSorted } from './candidates.js';
import type { Confusion } from './confusion.js';
import { RangeEvaluator, type RangeMetrics, type RangeMetricsOptions } from './range-evaluator.js';
import { runsAtOrAbove, runsOfOnes } from './ranges.js';
import { concatScored, type ScoredSeries } from './series.js';
import { countPositives, sortDescending } from './sort.js';

function pooledAscending(series: readonly ScoredSeries[]): Float64Array {
  return concatScored(series).scores.slice().sort();
}

/**
 * Calls `visit` for every candidate, largest threshold first. Sorting once and moving a
 * single cursor down the sorted scores makes this O(n log n + candidates).
 */
export function sweepPoint(
  series: readonly ScoredSeries[],
  maxCandidates: number,
  visit: (threshold: number, counts: Confusion) => void,
): void {
  const sorted = sortDescending(concatScored(series));
  const y = sorted.labels;
  const a = sorted.scores;
  const n = a.length;
  const positives = countPositives(y);
  const candidates = candidatesFromSorted(a.slice().reverse(), maxCandidates);
  let cursor = 0;
  let tp = 0;
  for (let c = candidates.length - 1; c >= 0; c--) {
    const th = candidates[c]!;
    while (cursor < n && a[cursor]! >= th) {
      tp += y[cursor]!;
      cursor++;
    }
    const fp = cursor - tp;
    const fn = positives - tp;
    visit(th, { tp, fp, fn, tn: n - cursor - fn });
  }
}

/** Range metrics at every candidate, largest threshold first; O(n) per candidate. */
export function sweepRange(
  series: readonly ScoredSeries[],
  options: RangeMetricsOptions,
  maxCandidates: number,
  visit: (threshold: number, metrics: RangeMetrics) => void,
): void {
  const evaluator = new RangeEvaluator(
    series.map((s) => runsOfOnes(s.labels)),
    options,
  );
  const candidates = candidatesFromSorted(pooledAscending(series), maxCandidates);
  for (let c = candidates.length - 1; c >= 0; c--) {
    const th = candidates[c]!;
    visit(th, evaluator.evaluate(series.map((s) => runsAtOrAbove(s.scores, th))));
  }
}
