// NoveltyDetector: how new the shape of the run is, as a monitor stage. On each task state change
// the partial run graph (`context.run`) is embedded with the trained GraphSAGE encoder
// (Float32 path, (mean ; max) readout as GraphSslModel.embedRuns) and compared by cosine to the
// embeddings this series (this task of this workflow) saw on past normal points, in a FIFO
// NoveltyBank: 1 - max cosine similarity. A run that reaches this task with a shape, a set of
// finished upstream tasks or measurements unlike any before scores high. It abstains (NaN) until
// the series has `warmup` embeddings.
// Reference: seed 000 §3 item 3 (cosine similarity to a historical baseline); METHODS.md 4.3 (3).
import { SnapshotError, type Detector, type DetectorConfig, type DetectorSnapshot, type Features, type ObservationContext } from '@awad/core';
import { Float32GraphSsl } from './float32-graph-ssl';
import { readoutRows, type GraphSslExport } from './graph-ssl-model';
import { liveRunGraph, measurementsOf } from './live-graph';
import { FEATURE_DIMS, writeTaskFeatures } from './node-features';
import { NoveltyBank } from './novelty';
import { adjacency, type RunGraph } from './run-graph';
import { templateOf } from './template';

const TYPE = 'graph-novelty';
const VERSION = 1;

export interface NoveltyDetectorOptions {
  /** Embeddings kept per series (default 200). */
  readonly capacity?: number;
  /** Embeddings a series needs before it scores (default 20). */
  readonly warmup?: number;
}

export const DEFAULT_NOVELTY_DETECTOR_OPTIONS = { capacity: 200, warmup: 20 } as const;

export class NoveltyDetector implements Detector {
  readonly name = TYPE;
  readonly capacity: number;
  readonly warmup: number;
  private readonly forward: Float32GraphSsl;
  private bank: NoveltyBank;

  /** `forward`: the compiled model of the detector being cloned (clones share it, read-only). */
  constructor(
    private readonly model: GraphSslExport,
    options: NoveltyDetectorOptions = {},
    forward?: Float32GraphSsl,
  ) {
    this.capacity = options.capacity ?? DEFAULT_NOVELTY_DETECTOR_OPTIONS.capacity;
    this.warmup = options.warmup ?? DEFAULT_NOVELTY_DETECTOR_OPTIONS.warmup;
    this.forward = forward ?? new Float32GraphSsl(model);
    this.bank = new NoveltyBank({ buckets: 1, capacity: this.capacity });
  }

  get isReady(): boolean {
    return true;
  }

  /** The (mean ; max) embedding of the task's partial run, or undefined when the point has nothing to embed. */
  embed(x: Features, context?: ObservationContext): Float32Array | undefined {
    const current = measurementsOf(x);
    if (Object.keys(current).length === 0) return undefined;
    const taskKey = context?.taskKey ?? 'task';
    const run: RunGraph = context?.run ? liveRunGraph(context.run, taskKey, current) : { workflow: context?.workflowKey ?? '', runId: '', tasks: [{ id: taskKey, template: templateOf(taskKey), type: undefined, measurements: current }], edges: [] };
    const features = new Float32Array(run.tasks.length * FEATURE_DIMS);
    run.tasks.forEach((t, i) => writeTaskFeatures(t, this.model.scaler, features, i * FEATURE_DIMS));
    const { parents, children } = adjacency(run);
    const h = this.forward.encodeAll(features, parents, children);
    const d = h.length / run.tasks.length;
    return readoutRows(h, d, 0, run.tasks.length);
  }

  learnOne(x: Features, context?: ObservationContext): void {
    const e = this.embed(x, context);
    if (e) this.bank.add('', e);
  }

  scoreOne(x: Features, context?: ObservationContext): number {
    if (this.bank.size('') < this.warmup) return Number.NaN;
    const e = this.embed(x, context);
    return e ? this.bank.novelty('', e) : Number.NaN;
  }

  explainOne(x: Features, context?: ObservationContext): { feature: string; value: number; message: string } | undefined {
    const s = this.scoreOne(x, context);
    if (Number.isNaN(s)) return undefined;
    return { feature: 'run-shape', value: s, message: `${TYPE}: the run reached ${context?.taskKey ?? 'this task'} in a shape unlike the last ${this.bank.size('')} normal runs (novelty ${s.toFixed(3)}, 1 - max cosine)` };
  }

  clone(): NoveltyDetector {
    return new NoveltyDetector(this.model, { capacity: this.capacity, warmup: this.warmup }, this.forward);
  }

  getConfig(): DetectorConfig {
    return { type: TYPE, options: { capacity: this.capacity, warmup: this.warmup, encoder: this.model.options.encoder } };
  }

  snapshot(): DetectorSnapshot {
    return { type: TYPE, version: VERSION, state: this.bank.toState() };
  }

  restore(snapshot: DetectorSnapshot): void {
    const bank = new NoveltyBank({ buckets: 1, capacity: this.capacity });
    if (snapshot.type !== TYPE || snapshot.version !== VERSION || !bank.restoreState(snapshot.state)) throw new SnapshotError('@awad/graph/novelty-detector', `a ${TYPE} v${VERSION} snapshot of at most ${this.capacity} embeddings`, `${snapshot.type} v${snapshot.version}`);
    this.bank = bank;
  }
}
