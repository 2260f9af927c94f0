// Running mean and variance of a stream: Welford's algorithm, or an EWMA when a weight is given.
// Reference: Welford (1962); West (1979) for the weighted update.
import { SnapshotError } from '@awad/core';

/** Mean and variance of the finite values pushed so far (non-finite ones are ignored). */
export class RunningMoments {
  private readonly alpha: number | undefined;
  private n = 0;
  private m = 0;
  /** Welford: sum of squared deviations; EWMA: the variance itself. */
  private v = 0;

  constructor(alpha?: number) {
    this.alpha = alpha;
  }

  get count(): number {
    return this.n;
  }

  get mean(): number {
    return this.n === 0 ? Number.NaN : this.m;
  }

  /** Sample sd (n - 1) for Welford, the EW sd otherwise; 0 with fewer than 2 values. */
  get std(): number {
    if (this.n < 2) return 0;
    return Math.sqrt(this.alpha === undefined ? this.v / (this.n - 1) : this.v);
  }

  push(x: number): void {
    if (!Number.isFinite(x)) return;
    this.n += 1;
    const d = x - this.m;
    if (this.alpha === undefined) {
      this.m += d / this.n;
      this.v += d * (x - this.m);
    } else {
      // The running mean until 1/n drops below alpha: no bias towards the first value.
      const a = Math.max(this.alpha, 1 / this.n);
      this.m += a * d;
      this.v = (1 - a) * (this.v + a * d * d);
    }
  }

  toJSON(): { n: number; mean: number; v: number } {
    return { n: this.n, mean: this.m, v: this.v };
  }

  restore(module: string, state: Record<string, unknown>): void {
    const { n, mean, v } = state;
    if (typeof n !== 'number' || typeof mean !== 'number' || typeof v !== 'number' || !Number.isFinite(mean) || !Number.isFinite(v) || !(n >= 0)) {
      throw new SnapshotError(module, 'a state { n, mean, v } of finite numbers', JSON.stringify(state).slice(0, 80));
    }
    this.n = n;
    this.m = mean;
    this.v = v;
  }
}
