// Running mean and variance (Welford) of one monitor series' per-feature values, with NaN as
// missing: the live detectors' fallback baseline for a task whose template the fitted model has
// never seen (and, for the SSL model, "slow for this place in this DAG" once warm).
// Reference: Welford (1962); METHODS.md 3.9 (live path).
import { SnapshotError } from '@awad/core';

export interface SeriesStatsState {
  readonly n: number[];
  readonly mean: number[];
  readonly m2: number[];
}

export class SeriesStats {
  private n: number[];
  private mean: number[];
  private m2: number[];

  constructor(readonly dims: number) {
    this.n = new Array(dims).fill(0);
    this.mean = new Array(dims).fill(0);
    this.m2 = new Array(dims).fill(0);
  }

  learn(values: ArrayLike<number>): void {
    for (let k = 0; k < this.dims; k++) {
      const y = values[k] as number;
      if (!Number.isFinite(y)) continue;
      const n = (this.n[k] as number) + 1;
      const d = y - (this.mean[k] as number);
      this.n[k] = n;
      this.mean[k] = (this.mean[k] as number) + d / n;
      this.m2[k] = (this.m2[k] as number) + d * (y - (this.mean[k] as number));
    }
  }

  /** z of `y` in feature k once k has `warmup` points (clipped to +-10); undefined before. */
  z(k: number, y: number, warmup: number): number | undefined {
    const n = this.n[k] as number;
    if (!Number.isFinite(y) || n < warmup || n === 0) return undefined;
    const std = Math.sqrt(Math.max((this.m2[k] as number) / n, 1e-4));
    return Math.max(-10, Math.min(10, (y - (this.mean[k] as number)) / std));
  }

  toState(): SeriesStatsState {
    return { n: [...this.n], mean: [...this.mean], m2: [...this.m2] };
  }

  /** Replaces the state; `what` names the snapshot for the error. */
  restore(state: unknown, what: string): void {
    const s = state as Partial<SeriesStatsState> | null;
    const ok = (a: unknown): a is number[] => Array.isArray(a) && a.length === this.dims && a.every((v) => typeof v === 'number');
    if (!s || !ok(s.n) || !ok(s.mean) || !ok(s.m2)) throw new SnapshotError('@awad/graph/series-stats', `${what} with ${this.dims} features`, JSON.stringify(state)?.slice(0, 80) ?? String(state));
    this.n = [...s.n];
    this.mean = [...s.mean];
    this.m2 = [...s.m2];
  }
}
