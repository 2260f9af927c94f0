// GraphNodeDetector: a fitted graph model as a monitor Detector. On each task state change it
// scores the task on the partial run graph the monitor passes in `context.run` (peers' metrics and
// hosts come from the run tracker). Two kinds of model file:
// - a TemplateVectorZ state over MULTI_Z_FEATURES (`TemplateFeatureZScore.z.toState()`): the
//   multi-feature template z, one-sided and host-pooled over the peers that have reported, the
//   score the Flow-Bench dev split chose (template-z-node.ts; name 'graph-template-z');
// - a GraphSslExport (GraphSAGE): the SSL latent distance d(v) with the tfjs-free forward pass;
//   the task's own numeric features are z-scored against its series once warm, so "slow" means
//   slow for this place in this DAG (name 'graph-ssl').
// Without a run in the context (a standalone series) the task is scored as a one-node graph.
// Reference: METHODS.md 3.8-3.9; @awad/core Detector contract (checked by @awad/testkit).
import { ConfigError, SnapshotError, type Detector, type DetectorConfig, type DetectorSnapshot, type Features, type ObservationContext } from '@awad/core';
import { Float32GraphSsl } from './float32-graph-ssl';
import type { GraphSslExport } from './graph-ssl-model';
import { liveRunGraph, measurementsOf } from './live-graph';
import { FEATURE_DIMS, NUMERIC_DIMS, writeTaskFeatures } from './node-features';
import { NUMERIC_FEATURES, adjacency, type RawMeasurements, type RunGraph } from './run-graph';
import { SeriesStats } from './series-stats';
import { templateOf } from './template';
import { MULTI_Z_FEATURES, measurementVector } from './template-feature-zscore';
import type { TemplateVectorZState } from './template-vector-z-state';
import { TemplateZNode } from './template-z-node';

const VERSION = 1;
const MODULE = '@awad/graph/graph-node-detector';

export interface GraphNodeDetectorOptions {
  /** Points a series learns before its own statistics are used (default 20). */
  readonly warmup?: number;
}

type Scorer = { kind: 'ssl'; model: GraphSslExport; forward: Float32GraphSsl } | { kind: 'template-z'; state: TemplateVectorZState; node: TemplateZNode };

export class GraphNodeDetector implements Detector {
  readonly name: 'graph-ssl' | 'graph-template-z';
  readonly warmup: number;
  private readonly scorer: Scorer;
  private readonly stats: SeriesStats;

  /** `shared`: the compiled model of the detector being cloned (clones share it, read-only). */
  constructor(model: GraphSslExport | TemplateVectorZState, options: GraphNodeDetectorOptions = {}, shared?: Float32GraphSsl | TemplateZNode) {
    if (model.kind === 'awad-graph-ssl') this.scorer = { kind: 'ssl', model, forward: shared instanceof Float32GraphSsl ? shared : new Float32GraphSsl(model) };
    else if (model.kind === 'awad-template-vector-z') this.scorer = { kind: 'template-z', state: model, node: shared instanceof TemplateZNode ? shared : new TemplateZNode(model) };
    else throw new ConfigError(MODULE, 'model', 'an awad-graph-ssl export or an awad-template-vector-z state', (model as { kind?: unknown }).kind);
    this.name = this.scorer.kind === 'ssl' ? 'graph-ssl' : 'graph-template-z';
    this.warmup = options.warmup ?? 20;
    this.stats = new SeriesStats(this.scorer.kind === 'ssl' ? NUMERIC_DIMS : MULTI_Z_FEATURES.length);
  }

  get isReady(): boolean {
    return true;
  }

  learnOne(x: Features): void {
    const m = measurementsOf(x);
    if (this.scorer.kind === 'template-z') this.stats.learn(measurementVector({ id: '', template: '', type: undefined, measurements: m }));
    else this.stats.learn(NUMERIC_FEATURES.map((f) => (m[f] === undefined ? Number.NaN : Math.log1p(Math.max(0, m[f] as number)))));
  }

  scoreOne(x: Features, context?: ObservationContext): number {
    const current = measurementsOf(x);
    if (Object.keys(current).length === 0) return Number.NaN;
    const taskKey = context?.taskKey ?? 'task';
    const run: RunGraph = context?.run ? liveRunGraph(context.run, taskKey, current) : { workflow: context?.workflowKey ?? '', runId: '', tasks: [{ id: taskKey, template: templateOf(taskKey), type: undefined, measurements: current }], edges: [] };
    const v = run.tasks.findIndex((t) => t.id === taskKey);
    if (v < 0) return Number.NaN;
    if (this.scorer.kind === 'template-z') return this.scorer.node.score(run, v, this.stats, this.warmup);
    const { model, forward } = this.scorer;
    const features = new Float32Array(run.tasks.length * FEATURE_DIMS);
    run.tasks.forEach((t, i) => writeTaskFeatures(t, model.scaler, features, i * FEATURE_DIMS));
    this.ownBlock(current, features, v);
    const { parents, children } = adjacency(run);
    return forward.scoreNode(features, parents, children, v);
  }

  /** The task's own numeric block against its series' statistics, once warm. */
  private ownBlock(m: RawMeasurements, features: Float32Array, v: number): void {
    NUMERIC_FEATURES.forEach((f, k) => {
      const value = m[f];
      const z = value === undefined ? undefined : this.stats.z(k, Math.log1p(Math.max(0, value)), this.warmup);
      if (z !== undefined) features[v * FEATURE_DIMS + k] = z;
    });
  }

  explainOne(x: Features, context?: ObservationContext): { feature: string; value: number; message: string } | undefined {
    const score = this.scoreOne(x, context);
    const feature = x.durationMs !== undefined ? 'durationMs' : x.queueWaitMs !== undefined ? 'queueWaitMs' : Object.keys(x)[0];
    if (feature === undefined) return undefined;
    return { feature, value: x[feature] as number, message: `${this.name}: ${feature} ${x[feature]} is out of place in this run's DAG (node score ${score.toFixed(3)})` };
  }

  clone(): GraphNodeDetector {
    const s = this.scorer;
    return s.kind === 'ssl' ? new GraphNodeDetector(s.model, { warmup: this.warmup }, s.forward) : new GraphNodeDetector(s.state, { warmup: this.warmup }, s.node);
  }

  getConfig(): DetectorConfig {
    if (this.scorer.kind === 'template-z') return { type: this.name, options: { warmup: this.warmup, ...this.scorer.node.z.options } };
    const o = this.scorer.model.options;
    return { type: this.name, options: { warmup: this.warmup, encoder: o.encoder, latent: o.latent, score: o.score } };
  }

  snapshot(): DetectorSnapshot {
    return { type: this.name, version: VERSION, state: this.stats.toState() };
  }

  restore(snapshot: DetectorSnapshot): void {
    if (snapshot.type !== this.name || snapshot.version !== VERSION) throw new SnapshotError(MODULE, `a ${this.name} v${VERSION} snapshot`, `${snapshot.type} v${snapshot.version}`);
    this.stats.restore(snapshot.state, `a ${this.name} snapshot`);
  }
}
