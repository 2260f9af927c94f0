// Query units and their selection: the aligned, non-overlapping W-point segments of the pool that
// hold no labeled point, ranked by the highest priority of their points; greedy, epsilon-greedy
// (cold start), uncertainty or random choice of k segments.
// Reference: METHODS.md section 2.6 "Query unit" and "Cold start" (seed [003] §III-D; details OUR CHOICE).
import type { Random } from '@awad/core';

export interface Segment {
  readonly from: number;
  readonly to: number;
}

/** Aligned segments of `window` points per series, with no labeled point (labels[i] >= 0). */
export function candidateSegments(bounds: readonly (readonly [number, number])[], labels: Int8Array, window: number): Segment[] {
  const out: Segment[] = [];
  for (const [start, end] of bounds) {
    for (let from = start; from + window <= end; from += window) {
      let free = true;
      for (let i = from; i < from + window && free; i++) if ((labels[i] as number) >= 0) free = false;
      if (free) out.push({ from, to: from + window });
    }
  }
  return out;
}

/** priority(seg) = max over its points of priority[i] (NaN points ignored; -Infinity if none). */
export function segmentPriority(seg: Segment, priority: Float64Array): number {
  let best = Number.NEGATIVE_INFINITY;
  for (let i = seg.from; i < seg.to; i++) {
    const p = priority[i] as number;
    if (p > best) best = p;
  }
  return best;
}

/**
 * Uncertainty sampling's priority (query 'uncertain', OUR CHOICE): -|a_i - threshold|, so the segments
 * whose scores come closest to the threshold rank first, the threshold crossings among them; NaN
 * where a_i is not finite.
 */
export function uncertaintyPriority(scores: Float64Array, threshold: number): Float64Array {
  return scores.map((x) => (Number.isFinite(x) ? -Math.abs(x - threshold) : Number.NaN));
}

/**
 * Picks k segments: each slot is a uniformly random remaining candidate with probability epsilon
 * (1 = random strategy), else the highest-priority remaining one.
 */
export function pickSegments(candidates: readonly Segment[], priority: Float64Array, k: number, epsilon: number, random: Random): Segment[] {
  const ranked = candidates.map((s) => ({ s, p: segmentPriority(s, priority) })).sort((a, b) => b.p - a.p || a.s.from - b.s.from);
  const left = ranked.map((r) => r.s);
  const out: Segment[] = [];
  while (out.length < k && left.length > 0) {
    const at = random.next() < epsilon ? Math.floor(random.next() * left.length) : 0;
    out.push(left.splice(at, 1)[0] as Segment);
  }
  return out;
}
