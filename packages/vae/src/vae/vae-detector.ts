// VaeDetector: the VAE as an AWAD Detector over one multivariate series. learnOne buffers rows
// (the last `maxRows`) and fits when `fitAfter` windows are buffered, then refits every
// `refitEvery` new windows; scoreOne scores the window of the W - 1 newest learned rows plus the
// point (NaN = abstain until a model is fitted); the live score runs on the Float32Array scorer.
// Reference: METHODS.md 1.1 (series view), 5.5 (VAE), 2.2 (windows), 2.9 (online scoring);
// river's learn_one / score_one (the Detector contract in @awad/core).
import { ConfigError, SnapshotError, type Detector, type DetectorConfig, type DetectorSnapshot, type Features, type ObservationContext, type ScoreExplanation } from '@awad/core';
import { ensureBackend } from '@awad/tensor';
import { decodeFloat64, encodeFloat64 } from '../window/float-codec';
import { RowBuffer } from '../window/row-buffer';
import type { TrainProgress } from '../train/train-dense-vae';
import { trainInWorker } from '../train/train-in-worker';
import { VaeModel, type VaeModelJson } from './vae-model';
import { resolveVaeModelOptions, VAE_MODEL_OPTION_KEYS, type ResolvedVaeModelOptions, type VaeModelOptions } from './vae-options';

const TYPE = 'vae';
const VERSION = 1;
const MODULE = '@awad/vae/vae-detector';

export interface VaeDetectorOptions extends VaeModelOptions {
  /** Stage name in verdicts (default 'vae'). */
  readonly name?: string;
  /** Features, in this order (default: the finite features of the first learned point, at most `maxFeatures`). */
  readonly features?: readonly string[];
  readonly maxFeatures?: number;
  /** Buffered windows before the first automatic fit (default 1000); 0 = fit only when asked (fit / fitNow). */
  readonly fitAfter?: number;
  /** New windows between automatic refits (default 10080, a week of 1-minute bins); 0 = never. */
  readonly refitEvery?: number;
  /** Rows kept for (re)fitting (default 10080). */
  readonly maxRows?: number;
}

export type ResolvedVaeDetectorOptions = ResolvedVaeModelOptions & {
  readonly name: string;
  readonly features: readonly string[] | null;
  readonly maxFeatures: number;
  readonly fitAfter: number;
  readonly refitEvery: number;
  readonly maxRows: number;
};

export const DEFAULT_VAE_DETECTOR_OPTIONS = Object.freeze({ name: 'vae', features: null, maxFeatures: 64, fitAfter: 1000, refitEvery: 10080, maxRows: 10080 });

/** What `fit` takes besides the rows. */
export interface VaeFitOptions {
  /** Train in a worker thread (node:worker_threads), keeping the event loop free. */
  readonly worker?: boolean;
  /** Called after every epoch. */
  readonly onProgress?: (progress: TrainProgress) => void;
}

function resolveDetectorOptions(options: VaeDetectorOptions): ResolvedVaeDetectorOptions {
  const known = [...VAE_MODEL_OPTION_KEYS, ...Object.keys(DEFAULT_VAE_DETECTOR_OPTIONS)];
  for (const key of Object.keys(options)) if (!known.includes(key)) throw new ConfigError(MODULE, key, `one of the options ${known.join(', ')}`, (options as Record<string, unknown>)[key]);
  const model = resolveVaeModelOptions(options);
  const d = DEFAULT_VAE_DETECTOR_OPTIONS;
  const int = (key: string, v: number, min: number): number => {
    if (!Number.isInteger(v) || v < min) throw new ConfigError(MODULE, key, `an integer >= ${min}`, v);
    return v;
  };
  const name = options.name ?? d.name;
  if (typeof name !== 'string' || name.length === 0) throw new ConfigError(MODULE, 'name', 'a non-empty string', name);
  const features = options.features ?? null;
  if (features !== null && (!Array.isArray(features) || features.length === 0 || !features.every((f) => typeof f === 'string') || new Set(features).size !== features.length)) {
    throw new ConfigError(MODULE, 'features', 'a non-empty array of distinct feature names', features);
  }
  const maxRows = int('maxRows', options.maxRows ?? d.maxRows, model.window);
  return Object.freeze({
    ...model,
    name,
    features: features === null ? null : Object.freeze([...features]),
    maxFeatures: int('maxFeatures', options.maxFeatures ?? d.maxFeatures, 1),
    fitAfter: Math.min(int('fitAfter', options.fitAfter ?? d.fitAfter, 0), maxRows - model.window + 1),
    refitEvery: int('refitEvery', options.refitEvery ?? d.refitEvery, 0),
    maxRows,
  });
}

/**
 * A dense VAE over sliding windows of the series' features; score = negative Monte Carlo
 * log-probability of the newest point's reconstruction (higher = more anomalous). Abstains (NaN)
 * until a model is fitted and W - 1 rows are buffered, and on points with none of its features.
 * A missing feature takes its last learned value.
 *
 * @example
 * const vae = new VaeDetector({ fitAfter: 0 });
 * await vae.fit(trainingRows, { worker: true, onProgress: (p) => console.log(p.epoch, p.loss) });
 * vae.scoreOne(row); // > vae.threshold means beyond the 99.5% point of held-out windows
 */
export class VaeDetector implements Detector {
  readonly name: string;
  readonly options: ResolvedVaeDetectorOptions;
  private features: readonly string[] | undefined;
  private buffer: RowBuffer | undefined;
  private model: VaeModel | undefined;
  private sinceFit = 0;
  private fitCount = 0;
  private row: Float64Array = new Float64Array(0);
  private scratch = new Float32Array(0);

  constructor(options: VaeDetectorOptions = {}) {
    this.options = resolveDetectorOptions(options);
    this.name = this.options.name;
    if (this.options.features) this.setFeatures(this.options.features);
  }

  /** A detector holding a trained model (its features and hyperparameters), ready to score. */
  static fromModel(model: VaeModel, options: Omit<VaeDetectorOptions, keyof VaeModelOptions | 'features'> = {}): VaeDetector {
    const detector = new VaeDetector({ ...model.options, fitAfter: 0, ...options, features: model.features });
    detector.model = model;
    return detector;
  }

  /**
   * Scores with a trained model from now on (e.g. one loaded from a file); its features must
   * match this detector's, when they are already known. @throws ConfigError
   */
  setModel(model: VaeModel): void {
    const known = this.features;
    if (known !== undefined && (known.length !== model.features.length || known.some((f, i) => f !== model.features[i]))) {
      throw new ConfigError(MODULE, 'model', `a model of the features ${known.join(', ')}`, model.features.join(', '));
    }
    if (model.options.window !== this.options.window) throw new ConfigError(MODULE, 'model', `a model with window ${this.options.window}`, model.options.window);
    if (known === undefined) this.setFeatures(model.features);
    this.install(model);
  }

  get isReady(): boolean {
    return this.model !== undefined && (this.buffer?.size ?? 0) >= this.options.window - 1;
  }

  /** The fitted model, if any. */
  get fitted(): VaeModel | undefined {
    return this.model;
  }

  /** Raw score above which a point is beyond the model's reference quantile (NaN until fitted). */
  get threshold(): number {
    return this.model?.threshold ?? Number.NaN;
  }

  /** Features read, once known. */
  get featureNames(): readonly string[] | undefined {
    return this.features;
  }

  private setFeatures(features: readonly string[]): void {
    this.features = Object.freeze([...features]);
    this.buffer = new RowBuffer(features.length, this.options.maxRows);
    this.row = new Float64Array(features.length);
  }

  /** Fills this.row from x, missing features from the newest buffered row; false if nothing usable. */
  private rowOf(x: Features): boolean {
    if (this.features === undefined) {
      if (this.options.features !== null) return false;
      const names: string[] = [];
      for (const key in x) if (Number.isFinite(x[key]) && names.length < this.options.maxFeatures) names.push(key);
      if (names.length === 0) return false;
      this.setFeatures(names);
    }
    const features = this.features as readonly string[];
    const buffer = this.buffer as RowBuffer;
    let present = 0;
    for (let j = 0; j < features.length; j++) {
      const v = x[features[j] as string];
      if (v !== undefined && Number.isFinite(v)) {
        this.row[j] = v;
        present += 1;
      } else if (buffer.size > 0) this.row[j] = buffer.at(0, j);
      else return false;
    }
    return present > 0;
  }

  learnOne(x: Features, _context?: ObservationContext): void {
    // The first usable point decides the features when none were configured.
    if (!this.rowOf(x)) return;
    const buffer = this.buffer as RowBuffer;
    buffer.push(this.row);
    if (buffer.size >= this.options.window) this.sinceFit += 1;
    const windows = buffer.size - this.options.window + 1;
    const o = this.options;
    if (this.model === undefined ? o.fitAfter > 0 && windows >= o.fitAfter : o.refitEvery > 0 && this.sinceFit >= o.refitEvery) this.fitNow();
  }

  /** Fits now on the buffered rows, in this thread (blocking). Returns the model. */
  fitNow(onProgress?: (p: TrainProgress) => void): VaeModel {
    const { values, rows, features } = this.trainingData();
    this.install(VaeModel.train(values, rows, features, this.modelOptions(), onProgress));
    return this.model as VaeModel;
  }

  /**
   * Learns `rows` (time order, assumed normal) without automatic fits, then fits on the buffer:
   * in a worker thread with `worker: true`. Resolves to the model, installed in this detector.
   */
  async fit(rows: readonly Features[] = [], options: VaeFitOptions = {}): Promise<VaeModel> {
    if (!options.worker) await ensureBackend();
    for (const x of rows) {
      if (!this.rowOf(x)) continue;
      const buffer = this.buffer as RowBuffer;
      buffer.push(this.row);
      if (buffer.size >= this.options.window) this.sinceFit += 1;
    }
    if (!options.worker) return this.fitNow(options.onProgress);
    const { values, rows: n, features } = this.trainingData();
    const json = await trainInWorker({ values, rows: n, features, options: this.modelOptions() }, options.onProgress);
    this.install(VaeModel.fromJSON(json));
    return this.model as VaeModel;
  }

  private trainingData(): { values: Float64Array; rows: number; features: readonly string[] } {
    const buffer = this.buffer;
    if (buffer === undefined || this.features === undefined || buffer.size < this.options.window) {
      throw new ConfigError(MODULE, 'training rows', `at least ${this.options.window} learned rows (one window)`, buffer?.size ?? 0);
    }
    return { values: buffer.chronological(), rows: buffer.size, features: this.features };
  }

  private modelOptions(): VaeModelOptions {
    const model: Record<string, unknown> = {};
    for (const key of VAE_MODEL_OPTION_KEYS) model[key] = (this.options as Record<string, unknown>)[key];
    // Each refit draws new initial weights and shuffles; reproducible from the fit count.
    return { ...(model as VaeModelOptions), seed: (this.options.seed + 7907 * this.fitCount) % 2147483647 };
  }

  private install(model: VaeModel): void {
    this.model?.dispose();
    this.model = model;
    this.fitCount += 1;
    this.sinceFit = 0;
  }

  /** Prepared window of the W - 1 newest rows plus this.row, or undefined if too few rows. */
  private windowOf(): Float32Array | undefined {
    const model = this.model as VaeModel;
    const buffer = this.buffer as RowBuffer;
    const w = this.options.window;
    if (buffer.size < w - 1) return undefined;
    const k = model.rowWidth;
    if (this.scratch.length !== w * k) this.scratch = new Float32Array(w * k);
    const m = this.row.length;
    const raw = new Float64Array(m);
    for (let r = 0; r < w - 1; r++) {
      for (let j = 0; j < m; j++) raw[j] = buffer.at(w - 2 - r, j);
      model.prepareRow(raw, this.scratch, r * k);
    }
    model.prepareRow(this.row, this.scratch, (w - 1) * k);
    return this.scratch;
  }

  scoreOne(x: Features, _context?: ObservationContext): number {
    if (this.model === undefined || this.features === undefined) return Number.NaN;
    if (!this.rowOf(x)) return Number.NaN;
    const window = this.windowOf();
    return window === undefined ? Number.NaN : this.model.scoreWindow(window);
  }

  explainOne(x: Features, _context?: ObservationContext): ScoreExplanation | undefined {
    if (this.model === undefined || this.features === undefined || !this.rowOf(x)) return undefined;
    const window = this.windowOf();
    if (window === undefined) return undefined;
    const score = this.model.scoreWindow(window);
    const why = this.model.explainWindow(window);
    const feature = this.features[why.featureIndex] as string;
    const value = this.row[why.featureIndex] as number;
    return {
      feature,
      value,
      expected: why.expected,
      message: `${feature} ${fmt(value)} is reconstructed worst by the VAE (expected about ${fmt(why.expected)}); window score ${fmt(score)} against threshold ${fmt(this.model.threshold)}`,
    };
  }

  clone(): VaeDetector {
    return new VaeDetector(this.configOptions());
  }

  private configOptions(): VaeDetectorOptions {
    const { features, ...rest } = this.options;
    return features === null ? rest : { ...rest, features };
  }

  getConfig(): DetectorConfig {
    return { type: TYPE, options: { ...this.configOptions() } as Record<string, unknown> };
  }

  snapshot(): DetectorSnapshot {
    return {
      type: TYPE,
      version: VERSION,
      state: {
        features: this.features ?? null,
        rows: this.buffer ? encodeFloat64(this.buffer.chronological()) : '',
        sinceFit: this.sinceFit,
        fitCount: this.fitCount,
        model: this.model ? this.model.toJSON() : null,
      },
    };
  }

  restore(snapshot: DetectorSnapshot): void {
    if (snapshot === null || typeof snapshot !== 'object' || snapshot.type !== TYPE || snapshot.version !== VERSION) {
      throw new SnapshotError(MODULE, `a "${TYPE}" snapshot, version ${VERSION}`, `type ${String((snapshot as Partial<DetectorSnapshot> | null)?.type)}, version ${String((snapshot as Partial<DetectorSnapshot> | null)?.version)}`);
    }
    const s = snapshot.state as { features: unknown; rows: unknown; sinceFit: unknown; fitCount: unknown; model: unknown } | null;
    if (s === null || typeof s !== 'object') throw new SnapshotError(MODULE, 'a state object', String(s));
    const features = s.features;
    if (features !== null && (!Array.isArray(features) || !features.every((f) => typeof f === 'string'))) throw new SnapshotError(MODULE, '`features` as null or an array of strings', JSON.stringify(features));
    if (!Number.isInteger(s.sinceFit) || !Number.isInteger(s.fitCount)) throw new SnapshotError(MODULE, '`sinceFit` and `fitCount` as integers', `${String(s.sinceFit)}, ${String(s.fitCount)}`);
    const rows = features === null ? new Float64Array(0) : decodeFloat64(MODULE, 'rows', s.rows);
    if (features !== null && rows.length % features.length !== 0) throw new SnapshotError(MODULE, `rows of ${features.length} values`, `${rows.length} values`);
    const model = s.model === null ? undefined : VaeModel.fromJSON(s.model as VaeModelJson);
    // Checked; now change state.
    this.model?.dispose();
    this.features = undefined;
    this.buffer = undefined;
    if (features !== null) {
      const names = features as string[];
      this.setFeatures(names);
      const buffer = new RowBuffer(names.length, this.options.maxRows);
      const m = names.length;
      for (let r = Math.max(0, rows.length / m - this.options.maxRows); r < rows.length / m; r++) buffer.push(rows.subarray(r * m, (r + 1) * m));
      this.buffer = buffer;
    }
    this.sinceFit = s.sinceFit as number;
    this.fitCount = s.fitCount as number;
    this.model = model;
  }
}

function fmt(v: number): string {
  return Number.isFinite(v) ? String(Number(v.toPrecision(4))) : String(v);
}
