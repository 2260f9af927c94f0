// A stronger statistical detector than the runtime-only baseline: a two-sided z per job template
// over several measurements of each task (the 9 numeric features of METHODS 3.2, the CPU
// utilisation cpu_time / runtime and the job's resource statistics where reported, all log1p),
// each feature read two-sided or one-sided, optionally pooled over the tasks of the run on the
// same host and calibrated per template, then reduced.
// Fit on training runs; labels are never read.
// Reference: issue 3 (baseline z-score per job type); METHODS.md 3.2; template-vector-z.ts.
import { ConfigError } from '@awad/core';
import { NUMERIC_FEATURES, RESOURCE_FEATURES, type RunGraph, type RunTask } from './run-graph';
import { TemplateVectorZ, type TemplateVectorZOptions } from './template-vector-z';

/** The features, in vector order: NUMERIC_FEATURES, 'cpu_utilisation', RESOURCE_FEATURES. */
export const MULTI_Z_FEATURES = [...NUMERIC_FEATURES, 'cpu_utilisation', ...RESOURCE_FEATURES] as const;

const UTILISATION_AT = NUMERIC_FEATURES.length;

/** log1p of each of a task's measurements (NaN when missing), in MULTI_Z_FEATURES order. */
export function measurementVector(task: RunTask, out = new Float32Array(MULTI_Z_FEATURES.length), at = 0): Float32Array {
  NUMERIC_FEATURES.forEach((f, d) => {
    out[at + d] = logOrNaN(task.measurements[f]);
  });
  out[at + UTILISATION_AT] = logOrNaN(cpuUtilisation(task));
  RESOURCE_FEATURES.forEach((f, d) => {
    out[at + UTILISATION_AT + 1 + d] = logOrNaN(task.measurements[f]);
  });
  return out;
}

/** measurementVector of every task, N*K row-major. */
export function measurementVectors(run: RunGraph): Float32Array {
  const k = MULTI_Z_FEATURES.length;
  const out = new Float32Array(run.tasks.length * k);
  run.tasks.forEach((task, i) => measurementVector(task, out, i * k));
  return out;
}

function cpuUtilisation(task: RunTask): number | undefined {
  const cpu = task.measurements.cpu_time;
  const runtime = task.measurements.runtime;
  return cpu !== undefined && runtime !== undefined && runtime > 0 ? cpu / runtime : undefined;
}

function logOrNaN(v: number | undefined): number {
  return v === undefined || !Number.isFinite(v) ? Number.NaN : Math.log1p(Math.max(0, v));
}

export type MultiZFeature = (typeof MULTI_Z_FEATURES)[number];

export interface TemplateFeatureZOptions extends Omit<TemplateVectorZOptions, 'select'> {
  /** Features that enter the score (default all of MULTI_Z_FEATURES); `sides` is aligned with it. */
  readonly features?: readonly MultiZFeature[];
}

export class TemplateFeatureZScore {
  readonly z: TemplateVectorZ;

  /** `fitted`: an already fitted TemplateVectorZ over MULTI_Z_FEATURES (then `options` is ignored). */
  constructor(options: TemplateFeatureZOptions = {}, fitted?: TemplateVectorZ) {
    if (fitted) {
      if (fitted.dims !== MULTI_Z_FEATURES.length) throw new ConfigError('@awad/graph/template-feature-zscore', 'fitted.dims', `${MULTI_Z_FEATURES.length} (MULTI_Z_FEATURES)`, fitted.dims);
      this.z = fitted;
      return;
    }
    const select = options.features?.map((f) => {
      const d = (MULTI_Z_FEATURES as readonly string[]).indexOf(f);
      if (d < 0) throw new ConfigError('@awad/graph/template-feature-zscore', 'features', `names among ${MULTI_Z_FEATURES.join(', ')}`, f);
      return d;
    });
    this.z = new TemplateVectorZ(MULTI_Z_FEATURES.length, { ...options, ...(select ? { select } : {}) });
  }

  fit(runs: readonly RunGraph[]): this {
    this.z.fit(runs, runs.map(measurementVectors));
    return this;
  }

  score(run: RunGraph): Float32Array {
    return this.z.score(run, measurementVectors(run));
  }
}
