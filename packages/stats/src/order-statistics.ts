// Order statistics on sorted windows: type-7 quantiles in O(1), the MAD in O(n/2), and an
// in-place sort for the occasional full recomputation. Both read a sorted run of raw values
// through a value transform when one is given: the transforms are monotone, so the transformed
// run is sorted too and its order statistics are the transformed raw ones.
// Reference: Hyndman & Fan (1996) type 7 (numpy's default); the MAD of a sorted sample by
// merging the deviations on both sides of the median; Sedgewick's quicksort with an insertion cut-off.
import { forward } from './transform';

let scratchA = new Float64Array(256);
let scratchB = new Float64Array(256);
let stack = new Int32Array(128);

/**
 * Module-level scratch buffers (JavaScript is single-threaded; workers get their own module),
 * so detectors hold only their own state and allocate nothing per point.
 */
export function scratch(n: number): Float64Array {
  if (scratchA.length < n) scratchA = new Float64Array(Math.max(n, scratchA.length * 2));
  return scratchA;
}

/** A second scratch buffer, for algorithms that need two at once. */
export function scratch2(n: number): Float64Array {
  if (scratchB.length < n) scratchB = new Float64Array(Math.max(n, scratchB.length * 2));
  return scratchB;
}

/**
 * Type-7 p-quantile of the sorted values a[start .. start+n) (n >= 1). With `log` (true: signed
 * log, false: the clamp of 'none'; see transform.ts), the quantile of the transformed values:
 * the two bracketing order statistics are transformed, then interpolated in transformed space.
 */
export function sortedQuantile(a: Float32Array | Float64Array, start: number, n: number, p: number, log?: boolean): number {
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const frac = h - lo;
  const below = valueAt(a, start + lo, log);
  return frac === 0 ? below : below + frac * (valueAt(a, start + lo + 1, log) - below);
}

/**
 * Unscaled median absolute deviation of the sorted values a[start .. start+n) from their
 * median `med`: the deviations left and right of the middle are each sorted, so merging them
 * outward reaches the middle deviation after about n/2 steps. With `log` (as in
 * {@link sortedQuantile}), the MAD of the transformed values from `med` in transformed units,
 * each value transformed as the merge reaches it.
 */
export function sortedMad(a: Float32Array | Float64Array, start: number, n: number, med: number, log?: boolean): number {
  const end = start + n;
  let q = start + (n >> 1);
  let p = q - 1;
  const k = (n - 1) >> 1;
  let dk = 0;
  // The next deviation on each side, recomputed only when that side moves (one transform per value).
  let left = p >= start ? med - valueAt(a, p, log) : Number.POSITIVE_INFINITY;
  let right = q < end ? valueAt(a, q, log) - med : Number.POSITIVE_INFINITY;
  for (let c = 0; ; c++) {
    let d: number;
    if (left <= right) {
      d = left;
      p--;
      left = p >= start ? med - valueAt(a, p, log) : Number.POSITIVE_INFINITY;
    } else {
      d = right;
      q++;
      right = q < end ? valueAt(a, q, log) - med : Number.POSITIVE_INFINITY;
    }
    if (c === k) {
      if ((n & 1) === 1) return d;
      dk = d;
    } else if (c === k + 1) {
      return dk + 0.5 * (d - dk);
    }
  }
}

/** a[i], transformed when `log` is given. */
function valueAt(a: Float32Array | Float64Array, i: number, log: boolean | undefined): number {
  return log === undefined ? a[i]! : forward(log, a[i]!);
}

/** Sorts a[0..n) ascending in place (no allocation once the stack is large enough). */
export function sortPrefix(a: Float64Array, n: number): void {
  if (stack.length < 2 * Math.ceil(Math.log2(n + 2)) + 4) stack = new Int32Array(4 * Math.ceil(Math.log2(n + 2)) + 8);
  let top = 0;
  let lo = 0;
  let hi = n - 1;
  for (;;) {
    if (hi - lo < 16) {
      for (let i = lo + 1; i <= hi; i++) {
        const v = a[i]!;
        let j = i - 1;
        while (j >= lo && a[j]! > v) {
          a[j + 1] = a[j]!;
          j--;
        }
        a[j + 1] = v;
      }
      if (top === 0) return;
      hi = stack[--top]!;
      lo = stack[--top]!;
      continue;
    }
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < a[lo]!) swap(a, mid, lo);
    if (a[hi]! < a[lo]!) swap(a, hi, lo);
    if (a[hi]! < a[mid]!) swap(a, hi, mid);
    const pivot = a[mid]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    // Recurse into the smaller side first (pushed last): the stack stays O(log n).
    if (j - lo < hi - i) {
      stack[top++] = i;
      stack[top++] = hi;
      hi = j;
    } else {
      stack[top++] = lo;
      stack[top++] = j;
      lo = i;
    }
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}
