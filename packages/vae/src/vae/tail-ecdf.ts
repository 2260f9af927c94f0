// Calibration of raw scores against reference scores: the mid-rank empirical CDF of METHODS 1.3,
// extended beyond the largest reference score by an exponential tail (so scores past everything
// seen still rank by how far past they are), and the "surprise" -log10(1 - c).
// Reference: METHODS.md 1.3 (c = (#{r < a} + 0.5·#{r = a}) / |ref|) and 5.6 (alert at c >= 0.995).
// The exponential tail (scale from the median-to-maximum spread) is OUR CHOICE.

export class TailEcdf {
  /** Reference scores, ascending. */
  readonly sorted: Float64Array;
  /** Scale of the exponential tail above the largest reference score. */
  readonly tailScale: number;

  /** @param sorted true when `reference` is already ascending and finite (it is then used as is, not copied). */
  constructor(reference: ArrayLike<number>, sorted = false) {
    this.sorted = sorted && reference instanceof Float64Array ? reference : Float64Array.from(Array.from(reference).filter(Number.isFinite)).sort();
    const n = this.sorted.length;
    const max = n > 0 ? (this.sorted[n - 1] as number) : 0;
    const median = n > 0 ? (this.sorted[Math.floor((n - 1) / 2)] as number) : 0;
    // Max of n/2 exponential excesses over the median sits about ln(n/2) scales above it.
    this.tailScale = Math.max((max - median) / Math.max(1, Math.log(n / 2)), 1e-9 * Math.max(1, Math.abs(max)));
  }

  get size(): number {
    return this.sorted.length;
  }

  /** Number of reference scores below a (lo) and at or below a (hi). */
  private ranks(a: number): [number, number] {
    const s = this.sorted;
    let lo = 0;
    let hi = s.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((s[mid] as number) < a) lo = mid + 1;
      else hi = mid;
    }
    let up = lo;
    let top = s.length;
    while (up < top) {
      const mid = (up + top) >>> 1;
      if ((s[mid] as number) <= a) up = mid + 1;
      else top = mid;
    }
    return [lo, up];
  }

  /** Mid-rank ECDF of a; above the largest reference, 1 - (0.5 / n)·exp(-(a - max) / scale). NaN without references. */
  cdf(a: number): number {
    const n = this.sorted.length;
    if (n === 0 || Number.isNaN(a)) return Number.NaN;
    const max = this.sorted[n - 1] as number;
    if (a > max) return 1 - (0.5 / n) * Math.exp(-(a - max) / this.tailScale);
    const [below, atOrBelow] = this.ranks(a);
    return (below + 0.5 * (atOrBelow - below)) / n;
  }

  /** -log10(1 - cdf(a)); grows linearly in a beyond the largest reference (no saturation at 1). */
  surprise(a: number): number {
    const n = this.sorted.length;
    if (n === 0 || Number.isNaN(a)) return Number.NaN;
    const max = this.sorted[n - 1] as number;
    if (a > max) return Math.log10(2 * n) + (a - max) / (this.tailScale * Math.LN10);
    return -Math.log10(1 - this.cdf(a));
  }

  /** The smallest score whose cdf reaches q. */
  quantileThreshold(q: number): number {
    const n = this.sorted.length;
    if (n === 0) return Number.NaN;
    const i = Math.max(0, Math.ceil(q * n - 0.5));
    if (i < n) return this.sorted[i] as number;
    return (this.sorted[n - 1] as number) + this.tailScale * Math.log(0.5 / (n * (1 - q)));
  }
}

/** The surprise -log10(1 - q) at which the cdf reaches q (2.30 for 0.995). */
export function surpriseOf(q: number): number {
  return -Math.log10(1 - q);
}
