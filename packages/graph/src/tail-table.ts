// An empirical upper-tail table: the values one score column took on the fitting tasks of a
// template, kept sorted (thinned to at most MAX_POINTS order statistics), turned into
// -log P(X >= v) for a new value v. It makes one-sided z columns with different spreads and
// shapes comparable before they are summed (a calibrator in Merlion's sense), without assuming
// the fit values are Gaussian: about a third of Flow-Bench's fit compute jobs are anomalous.
// Reference: issue 3 (robust per-template statistics); METHODS.md 3.8 (node score).

const MAX_POINTS = 1024;

export interface TailTableState {
  /** Fit values represented (before thinning). */
  readonly n: number;
  /** Sorted order statistics. */
  readonly values: readonly number[];
}

export class TailTable {
  private constructor(
    readonly n: number,
    private readonly sorted: Float64Array,
  ) {}

  static fit(values: readonly number[]): TailTable {
    const all = Float64Array.from(values.filter((v) => Number.isFinite(v))).sort();
    if (all.length <= MAX_POINTS) return new TailTable(all.length, all);
    const thin = Float64Array.from({ length: MAX_POINTS }, (_, i) => all[Math.round((i * (all.length - 1)) / (MAX_POINTS - 1))] as number);
    return new TailTable(all.length, thin);
  }

  static fromState(state: TailTableState): TailTable {
    return new TailTable(state.n, Float64Array.from(state.values));
  }

  /** -log of the smoothed share of fit values >= v (0 for a value at or below all of them). */
  surprise(v: number): number {
    const m = this.sorted.length;
    if (m === 0 || !Number.isFinite(v)) return 0;
    let lo = 0;
    let hi = m;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.sorted[mid] as number) < v) lo = mid + 1;
      else hi = mid;
    }
    const atLeast = ((m - lo) * this.n) / m;
    return -Math.log((atLeast + 1) / (this.n + 1));
  }

  toState(): TailTableState {
    return { n: this.n, values: Array.from(this.sorted) };
  }
}
