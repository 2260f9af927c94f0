// Window blocks: the last `size` values of one feature, as a ring (arrival order) and a sorted
// mirror, packed in a Float32Array block [count, head, ring(size), sorted(size)].
// Reference: the classic sliding-window median (ring + sorted array, binary search, one shift
// per insertion): O(size) per value with a small constant, O(1) order statistics.

/** Offset of the count in a block; the head follows, then the ring, then the sorted mirror. */
export const BLOCK_COUNT = 0;
export const BLOCK_HEAD = 1;
export const BLOCK_RING = 2;

/** Floats in the block of a window of `size` values. */
export function blockLength(size: number): number {
  return 2 + 2 * size;
}

/** Appends `value` (as float32) to the block at `o`, evicting the oldest value when full. */
export function pushBlock(s: Float32Array, o: number, size: number, value: number): void {
  const t = Math.fround(value);
  const ring = o + BLOCK_RING;
  const sorted = ring + size;
  const n = s[o + BLOCK_COUNT] as number;
  const head = s[o + BLOCK_HEAD] as number;
  // One insertion-sort pass from the freed slot (the evicted value's, or the end).
  let j: number;
  if (n < size) {
    j = sorted + n;
    s[o + BLOCK_COUNT] = n + 1;
  } else {
    j = sorted + lowerBound(s, sorted, n, s[ring + head] as number);
  }
  const end = sorted + (n < size ? n : size - 1);
  while (j > sorted && (s[j - 1] as number) > t) {
    s[j] = s[j - 1] as number;
    j--;
  }
  while (j < end && (s[j + 1] as number) < t) {
    s[j] = s[j + 1] as number;
    j++;
  }
  s[j] = t;
  s[ring + head] = t;
  s[o + BLOCK_HEAD] = head + 1 === size ? 0 : head + 1;
}

/** Values in the block. */
export function blockCount(s: Float32Array, o: number): number {
  return s[o + BLOCK_COUNT] as number;
}

/** Start of the sorted mirror of a block. */
export function blockSorted(o: number, size: number): number {
  return o + BLOCK_RING + size;
}

/** The k-th value in arrival order (k = 0 is the oldest still kept). */
export function blockChronological(s: Float32Array, o: number, size: number, k: number): number {
  const n = s[o + BLOCK_COUNT] as number;
  const start = n < size ? 0 : (s[o + BLOCK_HEAD] as number);
  const at = start + k;
  return s[o + BLOCK_RING + (at < size ? at : at - size)] as number;
}

/** #{values < v} in the sorted run s[start .. start+n). */
function lowerBound(s: Float32Array, start: number, n: number, v: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((s[start + mid] as number) < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
