// Rolling windows kept in one Float32Array per detector: per feature a ring (arrival order)
// and a sorted mirror, updated by one shift between the evicted slot and the new one.
// Reference: the classic sliding-window median (ring + sorted array with binary search), O(w) per
// point with a small constant and O(1) order statistics; never a full sort per point.

/**
 * Appends `value` (rounded to float32) to the window whose count and head are s[countAt] and
 * s[countAt + 1], ring at s[ring .. ring+w) and sorted mirror at s[sorted .. sorted+w).
 */
export function pushWindow(s: Float32Array, countAt: number, ring: number, sorted: number, w: number, value: number): void {
  const t = Math.fround(value);
  const n = s[countAt]!;
  const head = s[countAt + 1]!;
  // Insertion-sort step from the freed slot (the evicted value's, or the end): the shift and
  // the search for the new position are one loop.
  let j: number;
  if (n < w) {
    j = sorted + n;
    s[countAt] = n + 1;
  } else {
    j = sorted + lowerBound(s, sorted, n, s[ring + head]!);
  }
  const end = sorted + (n < w ? n : w - 1);
  while (j > sorted && s[j - 1]! > t) {
    s[j] = s[j - 1]!;
    j--;
  }
  while (j < end && s[j + 1]! < t) {
    s[j] = s[j + 1]!;
    j++;
  }
  s[j] = t;
  s[ring + head] = t;
  s[countAt + 1] = head + 1 === w ? 0 : head + 1;
}

/** Appends to a ring only (count and head at s[countAt], s[countAt + 1]). */
export function pushRing(s: Float32Array, countAt: number, ring: number, w: number, value: number): void {
  const head = s[countAt + 1]!;
  s[ring + head] = value;
  s[countAt + 1] = head + 1 === w ? 0 : head + 1;
  const n = s[countAt]!;
  if (n < w) s[countAt] = n + 1;
}

/** #{values < v} in the sorted s[start .. start+n). */
function lowerBound(s: Float32Array, start: number, n: number, v: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (s[start + mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** An empty array to start from: no per-clone allocation before a feature is seen. */
export const EMPTY_F32 = new Float32Array(0);
