// GraphNodeDetector: the trained GraphSAGE SSL model as a monitor Detector. On each task state
// change it scores the task on the partial run graph the monitor passes in `context.run` (its
// parents' and children's features shape the embedding), with the tfjs-free forward pass. The task's
// own numeric features are z-scored against its series (workflow, task key) once warm, so "slow"
// means slow for this place in this DAG; before that, against the training scaler. Without a run in
// the context (a standalone series) the task is scored as a one-node graph.
// Reference: METHODS.md 3.8-3.9; @awad/core Detector contract (checked by @awad/testkit).
import { SnapshotError, type Detector, type DetectorConfig, type DetectorSnapshot, type Features, type ObservationContext } from '@awad/core';
import { Float32GraphSsl } from './float32-graph-ssl';
import type { GraphSslExport } from './graph-ssl-model';
import { liveRunGraph, measurementsOf } from './live-graph';
import { FEATURE_DIMS, NUMERIC_DIMS, writeTaskFeatures } from './node-features';
import { NUMERIC_FEATURES, adjacency, type RawMeasurements, type RunGraph } from './run-graph';
import { templateOf } from './template';

const TYPE = 'graph-ssl';
const VERSION = 1;

export interface GraphNodeDetectorOptions {
  /** Points a series learns before its own statistics replace the training scaler (default 20). */
  readonly warmup?: number;
}

interface SeriesStats {
  n: number[];
  mean: number[];
  m2: number[];
}

const fresh = (): SeriesStats => ({ n: new Array(NUMERIC_DIMS).fill(0), mean: new Array(NUMERIC_DIMS).fill(0), m2: new Array(NUMERIC_DIMS).fill(0) });

export class GraphNodeDetector implements Detector {
  readonly name = TYPE;
  readonly warmup: number;
  private readonly model: GraphSslExport;
  private readonly forward: Float32GraphSsl;
  private stats: SeriesStats = fresh();

  constructor(model: GraphSslExport, options: GraphNodeDetectorOptions = {}, forward?: Float32GraphSsl) {
    this.model = model;
    this.forward = forward ?? new Float32GraphSsl(model);
    this.warmup = options.warmup ?? 20;
  }

  get isReady(): boolean {
    return true;
  }

  learnOne(x: Features): void {
    const m = measurementsOf(x);
    NUMERIC_FEATURES.forEach((f, k) => {
      const v = m[f];
      if (v === undefined) return;
      const y = Math.log1p(Math.max(0, v));
      const n = (this.stats.n[k] as number) + 1;
      const d = y - (this.stats.mean[k] as number);
      this.stats.n[k] = n;
      this.stats.mean[k] = (this.stats.mean[k] as number) + d / n;
      this.stats.m2[k] = (this.stats.m2[k] as number) + d * (y - (this.stats.mean[k] as number));
    });
  }

  scoreOne(x: Features, context?: ObservationContext): number {
    const current = measurementsOf(x);
    if (Object.keys(current).length === 0) return Number.NaN;
    const taskKey = context?.taskKey ?? 'task';
    const run: RunGraph = context?.run ? liveRunGraph(context.run, taskKey, current) : { workflow: context?.workflowKey ?? '', runId: '', tasks: [{ id: taskKey, template: templateOf(taskKey), type: undefined, measurements: current }], edges: [] };
    const v = run.tasks.findIndex((t) => t.id === taskKey);
    if (v < 0) return Number.NaN;
    const features = new Float32Array(run.tasks.length * FEATURE_DIMS);
    run.tasks.forEach((t, i) => writeTaskFeatures(t, this.model.scaler, features, i * FEATURE_DIMS));
    this.ownBlock(current, features, v);
    const { parents, children } = adjacency(run);
    return this.forward.scoreNode(features, parents, children, v);
  }

  /** The task's own numeric block against its series' statistics, once warm. */
  private ownBlock(m: RawMeasurements, features: Float32Array, v: number): void {
    NUMERIC_FEATURES.forEach((f, k) => {
      const value = m[f];
      const n = this.stats.n[k] as number;
      if (value === undefined || n < this.warmup) return;
      const std = Math.sqrt(Math.max((this.stats.m2[k] as number) / n, 1e-4));
      const z = (Math.log1p(Math.max(0, value)) - (this.stats.mean[k] as number)) / std;
      features[v * FEATURE_DIMS + k] = Math.max(-10, Math.min(10, z));
    });
  }

  explainOne(x: Features, context?: ObservationContext): { feature: string; value: number; message: string } | undefined {
    const score = this.scoreOne(x, context);
    const feature = x.durationMs !== undefined ? 'durationMs' : x.queueWaitMs !== undefined ? 'queueWaitMs' : Object.keys(x)[0];
    if (feature === undefined) return undefined;
    return { feature, value: x[feature] as number, message: `graph-ssl: ${feature} ${x[feature]} is out of place in this run's DAG (node score ${score.toFixed(3)})` };
  }

  clone(): GraphNodeDetector {
    return new GraphNodeDetector(this.model, { warmup: this.warmup }, this.forward);
  }

  getConfig(): DetectorConfig {
    return { type: TYPE, options: { warmup: this.warmup, encoder: this.model.options.encoder, latent: this.model.options.latent, score: this.model.options.score } };
  }

  snapshot(): DetectorSnapshot {
    return { type: TYPE, version: VERSION, state: { n: [...this.stats.n], mean: [...this.stats.mean], m2: [...this.stats.m2] } };
  }

  restore(snapshot: DetectorSnapshot): void {
    const s = snapshot.state as Partial<SeriesStats> | null;
    if (snapshot.type !== TYPE || snapshot.version !== VERSION || !s || !Array.isArray(s.n) || !Array.isArray(s.mean) || !Array.isArray(s.m2) || s.n.length !== NUMERIC_DIMS) {
      throw new SnapshotError('@awad/graph/graph-node-detector', `a ${TYPE} v${VERSION} snapshot with ${NUMERIC_DIMS} features`, `${snapshot.type} v${snapshot.version}`);
    }
    this.stats = { n: [...s.n], mean: [...s.mean], m2: [...s.m2] };
  }
}
