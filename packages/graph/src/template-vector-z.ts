// Two-sided per-template deviation over several node features: each task's feature vector (raw
// log1p measurements, or a model's per-feature reconstruction residual) is z-scored against the
// mean and standard deviation of its template's tasks on the fitting runs (labels unused), missing
// values count as 0. Optionally the signed z vectors are averaged over the tasks of the same run
// that ran on the same machine (contention and throttling act per machine, so peers on one host
// share the evidence), then reduced over the selected columns to one score: the sum of squares or the max of |z|.
// Reference: issue 3 (node-level scores, z-score per job type); METHODS.md 3.2 (per-feature
// normalisation), 3.8 (node score); Flow-Bench anomalies are injected per worker node.
import { ConfigError } from '@awad/core';
import type { RunGraph } from './run-graph';

export type ZCombine = 'sumsq' | 'max';
export type ZPool = 'none' | 'host';

export interface TemplateVectorZOptions {
  /** Reduction of the per-feature z vector (default 'sumsq'). */
  readonly combine?: ZCombine;
  /** Average signed z over the run's tasks on the same host before reducing (default 'none'). */
  readonly pool?: ZPool;
  /** Columns that enter the reduction (default all); chosen on a dev split, for instance. */
  readonly select?: readonly number[];
}

const MODULE = '@awad/graph/template-vector-z';

/** Per-template mean/std of K-dim task vectors; vectors are N*K row-major, NaN = missing. */
export class TemplateVectorZ {
  readonly combine: ZCombine;
  readonly pool: ZPool;
  readonly select: readonly number[];
  private readonly stats = new Map<string, { mean: Float64Array; std: Float64Array }>();

  constructor(
    readonly dims: number,
    options: TemplateVectorZOptions = {},
  ) {
    this.combine = options.combine ?? 'sumsq';
    this.pool = options.pool ?? 'none';
    this.select = options.select ?? Array.from({ length: dims }, (_, d) => d);
    if (this.select.length === 0 || this.select.some((d) => !Number.isInteger(d) || d < 0 || d >= dims)) throw new ConfigError(MODULE, 'select', `a non-empty list of column indexes in [0, ${dims})`, this.select);
    if (!Number.isInteger(dims) || dims < 1) throw new ConfigError(MODULE, 'dims', 'a positive integer', dims);
    if (this.combine !== 'sumsq' && this.combine !== 'max') throw new ConfigError(MODULE, 'combine', '"sumsq" or "max"', this.combine);
    if (this.pool !== 'none' && this.pool !== 'host') throw new ConfigError(MODULE, 'pool', '"none" or "host"', this.pool);
  }

  private check(run: RunGraph, vectors: Float32Array): void {
    if (vectors.length !== run.tasks.length * this.dims) throw new ConfigError(MODULE, `vectors of ${run.runId}`, `${run.tasks.length} x ${this.dims} values`, vectors.length);
  }

  fit(runs: readonly RunGraph[], vectors: readonly Float32Array[]): this {
    if (runs.length !== vectors.length) throw new ConfigError(MODULE, 'vectors', `one array per run (${runs.length})`, vectors.length);
    const k = this.dims;
    const acc = new Map<string, { sum: Float64Array; sq: Float64Array; n: Float64Array }>();
    runs.forEach((run, g) => {
      const v = vectors[g] as Float32Array;
      this.check(run, v);
      run.tasks.forEach((task, i) => {
        let a = acc.get(task.template);
        if (!a) acc.set(task.template, (a = { sum: new Float64Array(k), sq: new Float64Array(k), n: new Float64Array(k) }));
        for (let d = 0; d < k; d++) {
          const x = v[i * k + d] as number;
          if (!Number.isFinite(x)) continue;
          a.sum[d] = (a.sum[d] as number) + x;
          a.sq[d] = (a.sq[d] as number) + x * x;
          a.n[d] = (a.n[d] as number) + 1;
        }
      });
    });
    this.stats.clear();
    for (const [t, a] of acc) {
      const mean = new Float64Array(k);
      const std = new Float64Array(k);
      for (let d = 0; d < k; d++) {
        const n = a.n[d] as number;
        const m = n > 0 ? (a.sum[d] as number) / n : 0;
        mean[d] = m;
        std[d] = n > 1 ? Math.sqrt(Math.max(0, (a.sq[d] as number) / n - m * m)) + 1e-3 : Number.POSITIVE_INFINITY;
      }
      this.stats.set(t, { mean, std });
    }
    return this;
  }

  /** Signed z per task and feature (N*K); 0 for missing values, unknown templates, unseen features. */
  z(run: RunGraph, vectors: Float32Array): Float32Array {
    this.check(run, vectors);
    const k = this.dims;
    const out = new Float32Array(run.tasks.length * k);
    run.tasks.forEach((task, i) => {
      const s = this.stats.get(task.template);
      if (!s) return;
      for (let d = 0; d < k; d++) {
        const x = vectors[i * k + d] as number;
        out[i * k + d] = Number.isFinite(x) ? (x - (s.mean[d] as number)) / (s.std[d] as number) : 0;
      }
    });
    if (this.pool === 'host') return poolByHost(run, out, k);
    return out;
  }

  /** One score per task (higher = more anomalous). */
  score(run: RunGraph, vectors: Float32Array): Float32Array {
    const z = this.z(run, vectors);
    const k = this.dims;
    return Float32Array.from(run.tasks, (_, i) => {
      let s = 0;
      for (const d of this.select) {
        const v = z[i * k + d] as number;
        s = this.combine === 'max' ? Math.max(s, Math.abs(v)) : s + v * v;
      }
      return s;
    });
  }
}

/** Mean of each task's z rows over the run's tasks on the same host (a task with no host keeps its own). */
export function poolByHost(run: RunGraph, z: Float32Array, k: number): Float32Array {
  const groups = new Map<string, number[]>();
  run.tasks.forEach((task, i) => {
    if (task.host === undefined) return;
    let g = groups.get(task.host);
    if (!g) groups.set(task.host, (g = []));
    g.push(i);
  });
  const out = z.slice();
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    for (let d = 0; d < k; d++) {
      let s = 0;
      for (const i of members) s += z[i * k + d] as number;
      for (const i of members) out[i * k + d] = s / members.length;
    }
  }
  return out;
}
