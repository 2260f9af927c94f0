// Per-template deviation over several node features: each task's feature vector (raw log1p
// measurements, or a model's per-feature reconstruction residual) is z-scored against the mean and
// standard deviation of its template's tasks on the fitting runs (labels unused; optionally trimmed,
// robust-spread.ts), missing values count as 0. Optionally the signed z vectors are averaged over
// the run's tasks on the same host (host-pool.ts). Each selected column is then read two-sided (|z|) or one-sided (only a rise, or
// only a fall, counts: CPU contention lowers CPU time, throttling raises stage-in delay), optionally
// calibrated into -log P(value >= v) against the fit tasks of the template (tail-table.ts), and
// reduced to one score: the sum of squares, the max or the sum.
// Reference: issue 3 (node-level scores, z-score per job type); METHODS.md 3.2 (per-feature
// normalisation), 3.8 (node score); Flow-Bench anomalies are injected per worker node.
import { ConfigError } from '@awad/core';
import { poolByHost } from './host-pool';
import type { RunGraph } from './run-graph';
import { robustSpread, type ZRobust } from './robust-spread';
import { TailTable } from './tail-table';
import { readTemplateVectorZState, type TemplateVectorZState } from './template-vector-z-state';

export type ZCombine = 'sumsq' | 'max' | 'sum';
export type ZPool = 'none' | 'host';
/** Which deviations of a column count: both directions, only a rise, only a fall. */
export type ZSide = 'both' | 'high' | 'low';
export type ZCalibrate = 'none' | 'tail';

export interface TemplateVectorZOptions {
  /** Reduction of the selected columns (default 'sumsq'). */
  readonly combine?: ZCombine;
  /** Average signed z over the run's tasks on the same host before reducing (default 'none'). */
  readonly pool?: ZPool;
  /** With pool 'host': pool a task only with peers that ended no later (what a live monitor has; default false). */
  readonly causal?: boolean;
  /** Columns that enter the reduction (default all); chosen on a dev split, for instance. A column may appear twice with different sides. */
  readonly select?: readonly number[];
  /** Side of each selected column, aligned with `select` (default 'both' for all). */
  readonly sides?: readonly ZSide[];
  /** 'tail': each column value becomes -log P(X >= v) over the template's fit tasks (default 'none'). */
  readonly calibrate?: ZCalibrate;
  /** 'trim': per-template mean and sd re-estimated on the values within 2.5 sd (robust-spread.ts; default 'none'). */
  readonly robust?: ZRobust;
}

const MODULE = '@awad/graph/template-vector-z';

/** A signed z read on one side: |z|, only a rise max(0, z), only a fall max(0, -z). */
export const onSide = (z: number, side: ZSide | undefined): number => (side === 'high' ? Math.max(0, z) : side === 'low' ? Math.max(0, -z) : Math.abs(z));

/** The running reduction `acc` with column value `v` added. */
export const combineWith = (acc: number, v: number, combine: ZCombine): number => (combine === 'max' ? Math.max(acc, v) : combine === 'sum' ? acc + v : acc + v * v);
const oneOf = <T extends string>(name: string, value: T, allowed: readonly T[]): T => {
  if (!allowed.includes(value)) throw new ConfigError(MODULE, name, allowed.map((a) => JSON.stringify(a)).join(' or '), value);
  return value;
};

interface TemplateStats {
  readonly mean: Float64Array;
  readonly std: Float64Array;
}

/** Per-template mean/std of K-dim task vectors; vectors are N*K row-major, NaN = missing. */
export class TemplateVectorZ {
  readonly combine: ZCombine;
  readonly pool: ZPool;
  readonly causal: boolean;
  readonly select: readonly number[];
  readonly sides: readonly ZSide[];
  readonly calibrate: ZCalibrate;
  readonly robust: ZRobust;
  private readonly stats = new Map<string, TemplateStats>();
  private readonly tails = new Map<string, TailTable[]>();

  constructor(
    readonly dims: number,
    options: TemplateVectorZOptions = {},
  ) {
    if (!Number.isInteger(dims) || dims < 1) throw new ConfigError(MODULE, 'dims', 'a positive integer', dims);
    this.combine = oneOf('combine', options.combine ?? 'sumsq', ['sumsq', 'max', 'sum']);
    this.pool = oneOf('pool', options.pool ?? 'none', ['none', 'host']);
    this.calibrate = oneOf('calibrate', options.calibrate ?? 'none', ['none', 'tail']);
    this.robust = oneOf('robust', options.robust ?? 'none', ['none', 'trim']);
    this.causal = options.causal ?? false;
    this.select = options.select ?? Array.from({ length: dims }, (_, d) => d);
    if (this.select.length === 0 || this.select.some((d) => !Number.isInteger(d) || d < 0 || d >= dims)) throw new ConfigError(MODULE, 'select', `a non-empty list of column indexes in [0, ${dims})`, this.select);
    this.sides = options.sides ?? this.select.map(() => 'both');
    if (this.sides.length !== this.select.length) throw new ConfigError(MODULE, 'sides', `one side per selected column (${this.select.length})`, this.sides.length);
    this.sides.forEach((s, j) => oneOf(`sides[${j}]`, s, ['both', 'high', 'low']));
  }

  get options(): Required<TemplateVectorZOptions> {
    return { combine: this.combine, pool: this.pool, causal: this.causal, select: this.select, sides: this.sides, calibrate: this.calibrate, robust: this.robust };
  }

  /** Whether the fit runs had tasks of this template. */
  knows(template: string): boolean {
    return this.stats.has(template);
  }

  private check(run: RunGraph, vectors: Float32Array): void {
    if (vectors.length !== run.tasks.length * this.dims) throw new ConfigError(MODULE, `vectors of ${run.runId}`, `${run.tasks.length} x ${this.dims} values`, vectors.length);
  }

  fit(runs: readonly RunGraph[], vectors: readonly Float32Array[]): this {
    if (runs.length !== vectors.length) throw new ConfigError(MODULE, 'vectors', `one array per run (${runs.length})`, vectors.length);
    const k = this.dims;
    const seen = new Map<string, number[][]>();
    runs.forEach((run, g) => {
      const v = vectors[g] as Float32Array;
      this.check(run, v);
      run.tasks.forEach((task, i) => {
        let cols = seen.get(task.template);
        if (!cols) seen.set(task.template, (cols = Array.from({ length: k }, () => [])));
        for (let d = 0; d < k; d++) {
          const x = v[i * k + d] as number;
          if (Number.isFinite(x)) (cols[d] as number[]).push(x);
        }
      });
    });
    this.stats.clear();
    this.tails.clear();
    for (const [t, cols] of seen) {
      const est = cols.map((xs) => robustSpread(xs, this.robust));
      this.stats.set(t, { mean: Float64Array.from(est, (e) => e.mean), std: Float64Array.from(est, (e) => e.std) });
    }
    if (this.calibrate === 'tail') this.fitTails(runs, vectors);
    return this;
  }

  private fitTails(runs: readonly RunGraph[], vectors: readonly Float32Array[]): void {
    const s = this.select.length;
    const seen = new Map<string, number[][]>();
    runs.forEach((run, g) => {
      const c = this.sidedColumns(run, vectors[g] as Float32Array);
      run.tasks.forEach((task, i) => {
        let cols = seen.get(task.template);
        if (!cols) seen.set(task.template, (cols = this.select.map(() => [])));
        for (let j = 0; j < s; j++) (cols[j] as number[]).push(c[i * s + j] as number);
      });
    });
    for (const [t, cols] of seen) this.tails.set(t, cols.map((values) => TailTable.fit(values)));
  }

  /** Signed z per task and feature (N*K), pooled if asked; 0 for missing values, unknown templates, unseen features. */
  z(run: RunGraph, vectors: Float32Array): Float32Array {
    this.check(run, vectors);
    const k = this.dims;
    const out = new Float32Array(run.tasks.length * k).fill(Number.NaN);
    run.tasks.forEach((task, i) => {
      const s = this.stats.get(task.template);
      if (s) for (let d = 0; d < k; d++) out[i * k + d] = ((vectors[i * k + d] as number) - (s.mean[d] as number)) / (s.std[d] as number);
    });
    if (this.pool === 'host') return poolByHost(run, out, k, { causal: this.causal });
    return out.map((v) => (Number.isFinite(v) ? v : 0));
  }

  /** Per task, the selected columns read on their sides (|z|, max(0, z) or max(0, -z)): N*S. */
  private sidedColumns(run: RunGraph, vectors: Float32Array): Float32Array {
    const z = this.z(run, vectors);
    const k = this.dims;
    const s = this.select.length;
    const out = new Float32Array(run.tasks.length * s);
    for (let i = 0; i < run.tasks.length; i++) {
      for (let j = 0; j < s; j++) {
        out[i * s + j] = onSide(z[i * k + (this.select[j] as number)] as number, this.sides[j]);
      }
    }
    return out;
  }

  /** Per task, the value of each selected column that enters the reduction (N*S): sided, then calibrated if asked. */
  columns(run: RunGraph, vectors: Float32Array): Float32Array {
    const c = this.sidedColumns(run, vectors);
    if (this.calibrate === 'none') return c;
    const s = this.select.length;
    run.tasks.forEach((task, i) => {
      const tables = this.tails.get(task.template);
      for (let j = 0; j < s; j++) c[i * s + j] = tables ? (tables[j] as TailTable).surprise(c[i * s + j] as number) : 0;
    });
    return c;
  }

  /** One score per task (higher = more anomalous). */
  score(run: RunGraph, vectors: Float32Array): Float32Array {
    const c = this.columns(run, vectors);
    const s = this.select.length;
    return Float32Array.from(run.tasks, (_, i) => {
      let out = 0;
      for (let j = 0; j < s; j++) out = combineWith(out, c[i * s + j] as number, this.combine);
      return out;
    });
  }

  /** The fitted state as plain JSON (for a live detector or a model file). */
  toState(): TemplateVectorZState {
    const templates: TemplateVectorZState['templates'] = {};
    for (const [t, s] of this.stats) {
      const tails = this.tails.get(t);
      templates[t] = { mean: Array.from(s.mean), std: Array.from(s.std, (v) => (Number.isFinite(v) ? v : null)), ...(tails ? { tails: tails.map((x) => x.toState()) } : {}) };
    }
    return { kind: 'awad-template-vector-z', version: 1, dims: this.dims, options: this.options, templates };
  }

  /** A TemplateVectorZ from `toState()`; a malformed state is a ConfigError. */
  static fromState(state: unknown): TemplateVectorZ {
    const s = readTemplateVectorZState(state);
    const z = new TemplateVectorZ(s.dims, s.options);
    for (const [t, v] of Object.entries(s.templates)) {
      z.stats.set(t, { mean: Float64Array.from(v.mean), std: Float64Array.from(v.std, (x) => x ?? Number.POSITIVE_INFINITY) });
      if (v.tails) z.tails.set(t, v.tails.map((x) => TailTable.fromState(x)));
    }
    if (z.calibrate === 'tail' && [...z.stats.keys()].some((t) => z.tails.get(t)?.length !== z.select.length)) throw new ConfigError(MODULE, 'state.templates', `a tail table per selected column (${z.select.length}) for every template`, 'missing tables');
    return z;
  }
}
