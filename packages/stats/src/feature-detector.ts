// The shared shell of the per-feature detectors: features, state growth, snapshots, explanations.
// Reference: river's per-feature univariate models; the hot loops (scoreOne, learnOne) stay in
// each detector so that V8 sees one receiver type there and inlines the per-feature math.
import type { Detector, DetectorConfig, DetectorSnapshot, Features, ObservationContext, ScoreExplanation } from '@awad/core';
import type { FeatureSelection, Layout } from './feature-selection';
import { slotOf } from './feature-selection';
import { decodeNames, decodeNumbers, encodeNumbers, openSnapshot, SNAPSHOT_VERSION } from './snapshot-codec';
import { forward, isUsable } from './transform';

/** Resolved hyperparameters shared by a detector and all its clones. */
export interface FeatureConfig {
  readonly type: string;
  readonly module: string;
  readonly options: Readonly<{ name: string }>;
  /** True under the signed-log transform. */
  readonly log: boolean;
  /** Numbers of state per tracked feature. */
  readonly stride: number;
  readonly selection: FeatureSelection;
}

/**
 * Base of the per-feature detectors: `stride` numbers of state per tracked feature in one
 * array (a double array for a few accumulators or caches: ~50 B of overhead against ~200 B for
 * a typed array; a Float32Array for the seasonal offsets), features tracked in the order first
 * seen. The window detectors keep their windows in a SeriesHistory (see window-detector.ts).
 */
export abstract class FeatureDetector<C extends FeatureConfig, S extends Float32Array | number[]> implements Detector {
  protected readonly cfg: C;
  protected layout: Layout;
  protected s: S;
  protected ready = false;

  protected constructor(cfg: C, empty: S) {
    this.cfg = cfg;
    this.layout = cfg.selection.root;
    this.s = empty;
  }

  get name(): string {
    return this.cfg.options.name;
  }

  get isReady(): boolean {
    return this.ready;
  }

  abstract scoreOne(x: Features, context?: ObservationContext): number;
  abstract learnOne(x: Features, context?: ObservationContext): void;
  abstract clone(): Detector;

  /** The feature with the highest score, with what it was compared to. */
  explainOne(x: Features, context?: ObservationContext): ScoreExplanation | undefined {
    const names = this.layout.names;
    let best = Number.NaN;
    let at = -1;
    let key = '';
    for (const k in x) {
      const i = slotOf(names, k);
      const v = x[k];
      if (i < 0 || !isUsable(v)) continue;
      const z = this.featureScore(i, forward(this.cfg.log, v), context);
      if (!(z <= best)) {
        best = z;
        at = i;
        key = k;
      }
    }
    if (at < 0 || Number.isNaN(best)) return undefined;
    return this.explain(at, key, x[key] as number, best, context);
  }

  getConfig(): DetectorConfig {
    return { type: this.cfg.type, options: this.cfg.options };
  }

  /** { names, data }: the tracked features and their state, JSON-safe. */
  snapshot(): DetectorSnapshot {
    return { type: this.cfg.type, version: SNAPSHOT_VERSION, state: { names: [...this.layout.names], data: encodeNumbers(this.s) } };
  }

  restore(snapshot: DetectorSnapshot): void {
    const { module, type, stride, selection } = this.cfg;
    const state = openSnapshot(module, type, snapshot);
    const names = decodeNames(module, state.names);
    const data = decodeNumbers(module, 'data', state.data, names.length * stride);
    this.layout = selection.layoutOf(names);
    this.s = (this.s instanceof Float32Array ? Float32Array.from(data) : data) as S;
    this.ready = false;
    for (let i = 0; i < names.length; i++) if (this.isWarm(i)) this.ready = true;
  }

  /** Score of one feature's transformed value t (NaN while it warms up). */
  protected abstract featureScore(i: number, t: number, context?: ObservationContext): number;

  /** The explanation of feature i, which drove the score. */
  protected abstract explain(i: number, feature: string, value: number, score: number, context?: ObservationContext): ScoreExplanation;

  /** Whether feature i is past its warm-up. */
  protected abstract isWarm(i: number): boolean;

  /**
   * Starts tracking an untracked `key` and returns its slot, or -1 when it is not selected or
   * the detector is full. Callers look the key up in `layout.names` first (the hot path).
   */
  protected track(key: string): number {
    const { selection, stride } = this.cfg;
    if (this.layout.names.length >= selection.maxFeatures || !selection.matches(key)) return -1;
    this.layout = selection.extend(this.layout, key);
    if (stride === 0) return this.layout.names.length - 1; // no state of its own per feature
    const old = this.s;
    if (old instanceof Float32Array) {
      const next = new Float32Array(old.length + stride);
      next.set(old);
      this.s = next as S;
    } else {
      const next = new Array<number>(old.length + stride);
      for (let j = 0; j < next.length; j++) next[j] = j < old.length ? old[j]! : 0;
      this.s = next as S;
    }
    return this.layout.names.length - 1;
  }
}
