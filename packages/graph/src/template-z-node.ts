// The live node score of a fitted multi-feature template z (TemplateVectorZ over MULTI_Z_FEATURES,
// the score the Flow-Bench dev split chose): the task's measurements and those of its peers in the
// partial run graph (host pooling sees only the peers that have reported, as in the "online" row
// of the results), read on the fitted sides and calibrated per template. A task whose template the
// fit runs never had is scored against its own series' running statistics instead (uncalibrated).
// Reference: issue 3 item 7 (node-level verdicts from the partial run graph); template-vector-z.ts.
import { ConfigError } from '@awad/core';
import type { RunGraph } from './run-graph';
import type { SeriesStats } from './series-stats';
import { MULTI_Z_FEATURES, measurementVectors } from './template-feature-zscore';
import { TemplateVectorZ, combineWith, onSide } from './template-vector-z';
import type { TemplateVectorZState } from './template-vector-z-state';

export class TemplateZNode {
  readonly z: TemplateVectorZ;

  constructor(state: TemplateVectorZState) {
    this.z = TemplateVectorZ.fromState(state);
    if (this.z.dims !== MULTI_Z_FEATURES.length) throw new ConfigError('@awad/graph/template-z-node', 'state.dims', `${MULTI_Z_FEATURES.length} (MULTI_Z_FEATURES: a TemplateFeatureZScore's z)`, this.z.dims);
  }

  /** Score of task `v` of `run`; `series` is the task's own series (fallback for unknown templates). */
  score(run: RunGraph, v: number, series: SeriesStats, warmup: number): number {
    const vectors = measurementVectors(run);
    if (this.z.knows(run.tasks[v]?.template ?? '')) return this.z.score(run, vectors)[v] as number;
    const k = MULTI_Z_FEATURES.length;
    let out = 0;
    this.z.select.forEach((d, j) => {
      out = combineWith(out, onSide(series.z(d, vectors[v * k + d] as number, warmup) ?? 0, this.z.sides[j]), this.z.combine);
    });
    return out;
  }
}
