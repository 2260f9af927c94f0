// Node features of METHODS.md 3.2: a log1p + z-scored numeric block (statistics fit on training
// runs, labels unused), a missing indicator per numeric feature, the job-type one-hot and the
// hashed template one-hot. F = 9 + 9 + 3 + 32 = 53. A missing value is 0 (= the training mean).
import { ConfigError } from '@awad/core';
import { JOB_TYPES, NUMERIC_FEATURES, type RunGraph, type RunTask } from './run-graph';
import { templateBucket } from './template';

export const TEMPLATE_BUCKETS = 32;
export const NUMERIC_DIMS = NUMERIC_FEATURES.length;
export const FEATURE_DIMS = 2 * NUMERIC_DIMS + JOB_TYPES.length + TEMPLATE_BUCKETS;

/** Mean and standard deviation of log1p(value) per numeric feature. */
export interface FeatureScaler {
  readonly mean: readonly number[];
  readonly std: readonly number[];
}

const log1pPos = (v: number): number => Math.log1p(Math.max(0, v));

/** Fits the scaler on every task of the given (training) runs; features never seen get mean 0, std 1. */
export function fitFeatureScaler(runs: readonly RunGraph[]): FeatureScaler {
  const sum = new Float64Array(NUMERIC_DIMS);
  const sq = new Float64Array(NUMERIC_DIMS);
  const n = new Float64Array(NUMERIC_DIMS);
  for (const run of runs) {
    for (const task of run.tasks) {
      NUMERIC_FEATURES.forEach((f, k) => {
        const v = task.measurements[f];
        if (v === undefined || !Number.isFinite(v)) return;
        const x = log1pPos(v);
        sum[k] = (sum[k] as number) + x;
        sq[k] = (sq[k] as number) + x * x;
        n[k] = (n[k] as number) + 1;
      });
    }
  }
  const mean: number[] = [];
  const std: number[] = [];
  for (let k = 0; k < NUMERIC_DIMS; k++) {
    const c = n[k] as number;
    const m = c > 0 ? (sum[k] as number) / c : 0;
    const variance = c > 1 ? (sq[k] as number) / c - m * m : 1;
    mean.push(m);
    std.push(Math.sqrt(Math.max(variance, 1e-6)));
  }
  return { mean, std };
}

export function checkScaler(scaler: FeatureScaler, module: string): void {
  if (scaler.mean.length !== NUMERIC_DIMS || scaler.std.length !== NUMERIC_DIMS) throw new ConfigError(module, 'scaler', `${NUMERIC_DIMS} means and standard deviations`, scaler);
}

/** Writes the F-dim feature row of one task at `out[offset..offset+F)`. */
export function writeTaskFeatures(task: RunTask, scaler: FeatureScaler, out: Float32Array, offset: number): void {
  for (let k = 0; k < NUMERIC_DIMS; k++) {
    const v = task.measurements[NUMERIC_FEATURES[k] as (typeof NUMERIC_FEATURES)[number]];
    if (v === undefined || !Number.isFinite(v)) {
      out[offset + k] = 0;
      out[offset + NUMERIC_DIMS + k] = 1;
    } else {
      const z = (log1pPos(v) - (scaler.mean[k] as number)) / (scaler.std[k] as number);
      out[offset + k] = Math.max(-10, Math.min(10, z));
      out[offset + NUMERIC_DIMS + k] = 0;
    }
  }
  const base = offset + 2 * NUMERIC_DIMS;
  for (let k = 0; k < JOB_TYPES.length; k++) out[base + k] = task.type === JOB_TYPES[k] ? 1 : 0;
  const tb = base + JOB_TYPES.length;
  for (let k = 0; k < TEMPLATE_BUCKETS; k++) out[tb + k] = 0;
  out[tb + templateBucket(task.template, TEMPLATE_BUCKETS)] = 1;
}

/** X [N, F] of a run, row-major. */
export function runFeatures(run: RunGraph, scaler: FeatureScaler): Float32Array {
  const x = new Float32Array(run.tasks.length * FEATURE_DIMS);
  run.tasks.forEach((task, i) => writeTaskFeatures(task, scaler, x, i * FEATURE_DIMS));
  return x;
}
