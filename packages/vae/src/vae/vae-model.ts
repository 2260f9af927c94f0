// A fitted VAE: feature names, the scaler (and PCA) fitted on the training rows, the network's
// weights, and the reference scores of the held-out windows that set its threshold. It prepares
// windows of raw rows, scores them with the Float32Array scorer (or the tfjs model), and is saved
// as one JSON file.
// Reference: METHODS.md 5.2 (scaling, PCA), 5.5 (VAE), 2.5 (MC score), 1.3 and 5.6 (ECDF, 0.995).
import { readFile, writeFile } from 'node:fs/promises';
import { SnapshotError } from '@awad/core';
import { decodeWeights, encodeWeights, writeVariables, type NamedWeights, type WeightsJson } from '@awad/tensor';
import { MinMaxScaler, type MinMaxScalerJson } from '../window/min-max-scaler';
import { Pca, type PcaJson } from '../window/pca';
import { slidingWindows } from '../window/row-buffer';
import { splitWindows, trainDenseVae, type TrainProgress } from '../train/train-dense-vae';
import type { VaeArchitecture } from './architecture';
import { DenseVae, type ScoreSpan } from './dense-vae';
import { Float32Vae } from './float32-vae';
import { normalNoise } from './normal-noise';
import { TailEcdf } from './tail-ecdf';
import { resolveVaeModelOptions, type ResolvedVaeModelOptions, type VaeModelOptions } from './vae-options';

const MODULE = '@awad/vae/vae-model';

export interface VaeTrainingSummary {
  readonly rows: number;
  readonly trainWindows: number;
  readonly validationWindows: number;
  readonly bestEpoch: number;
  readonly history: readonly TrainProgress[];
  /** The engine that ran the training steps (absent in model files written before it was recorded). */
  readonly engine?: 'simd' | 'tfjs';
}

/** A saved model: everything needed to score, JSON-safe. */
export interface VaeModelJson {
  readonly kind: 'awad-vae-model';
  readonly version: 1;
  readonly features: readonly string[];
  readonly options: ResolvedVaeModelOptions;
  readonly scaler: MinMaxScalerJson;
  readonly pca: PcaJson | null;
  readonly weights: WeightsJson;
  /** Scores of the held-out windows (the training windows when none were held out). */
  readonly reference: readonly number[];
  readonly training: VaeTrainingSummary;
}

/** Why a window scored high: the feature of the newest row with the worst reconstruction. */
export interface WindowExplanation {
  readonly featureIndex: number;
  /** Its mean negative log-probability (or squared error in scaled units with PCA). */
  readonly cost: number;
  /** The reconstruction of that feature in the newest row, back in the feature's units. */
  readonly expected: number;
}

export class VaeModel {
  readonly features: readonly string[];
  readonly options: ResolvedVaeModelOptions;
  readonly scaler: MinMaxScaler;
  readonly pca: Pca | undefined;
  readonly weights: NamedWeights;
  readonly arch: VaeArchitecture;
  readonly span: ScoreSpan;
  readonly reference: TailEcdf;
  /** Raw score at which the reference ECDF reaches options.thresholdQuantile. */
  readonly threshold: number;
  readonly training: VaeTrainingSummary;
  /** Values per prepared row: the feature count, or the PCA components. */
  readonly rowWidth: number;
  /** The Monte Carlo noise [L, Z], the same for every window (common random numbers). */
  readonly noise: Float32Array;
  private scorer: Float32Vae | undefined;
  private tfModel: DenseVae | undefined;
  private readonly referenceValues: readonly number[];

  private constructor(features: readonly string[], options: ResolvedVaeModelOptions, scaler: MinMaxScaler, pca: Pca | undefined, weights: NamedWeights, reference: readonly number[], training: VaeTrainingSummary) {
    this.features = features;
    this.options = options;
    this.scaler = scaler;
    this.pca = pca;
    this.weights = weights;
    this.training = training;
    this.rowWidth = pca ? pca.k : features.length;
    const inputs = options.window * this.rowWidth;
    this.arch = { inputs, hidden: options.hidden, latent: options.latent, activation: options.activation, decoderStd: options.decoderStd };
    this.span = { from: options.scoreOn === 'last' ? inputs - this.rowWidth : 0 };
    this.noise = normalNoise(options.mcSamples * options.latent, options.seed * 65537 + 11);
    this.referenceValues = reference;
    this.reference = new TailEcdf(reference);
    this.threshold = this.reference.quantileThreshold(options.thresholdQuantile);
  }

  /**
   * Fits the scaler (and PCA) on `rows` raw rows (row-major, one value per feature, in time
   * order), trains the VAE on their stride-1 windows and scores the held-out windows.
   */
  static train(values: ArrayLike<number>, rows: number, features: readonly string[], options: VaeModelOptions = {}, onProgress?: (p: TrainProgress) => void): VaeModel {
    const o = resolveVaeModelOptions(options);
    const m = features.length;
    if (m === 0) throw new SnapshotError(MODULE, 'at least one feature to train on', 'none');
    if (rows < o.window) throw new SnapshotError(MODULE, `at least ${o.window} rows (one window) to train on`, String(rows));
    const scaler = MinMaxScaler.fit(values, rows, m, o.clip);
    let prepared: Float64Array = new Float64Array(rows * m);
    scaler.transform(values, rows, prepared);
    let pca: Pca | undefined;
    if (o.pca !== false) {
      pca = Pca.fit(prepared, rows, m, o.pca < 1 ? { variance: o.pca } : { components: Math.min(o.pca, m) });
      const reduced = new Float64Array(rows * pca.k);
      pca.transform(prepared, rows, reduced);
      prepared = reduced;
    }
    const width = pca ? pca.k : m;
    const windows = slidingWindows(prepared, rows, width, o.window);
    const n = rows - o.window + 1;
    const arch: VaeArchitecture = { inputs: o.window * width, hidden: o.hidden, latent: o.latent, activation: o.activation, decoderStd: o.decoderStd };
    const result = trainDenseVae(arch, windows, n, o, onProgress);
    const { train, validation } = splitWindows(n, o.validationShare);
    const training: VaeTrainingSummary = { rows, trainWindows: result.trainWindows, validationWindows: result.validationWindows, bestEpoch: result.bestEpoch, history: result.history, engine: result.engine };
    const model = new VaeModel(features, o, scaler, pca, result.weights, [], training);
    const from = validation > 0 ? train : 0;
    const count = validation > 0 ? validation : train;
    const d = arch.inputs;
    const reference: number[] = [];
    for (let i = 0; i < count; i++) reference.push(model.scoreWindow(windows.subarray((from + i) * d, (from + i + 1) * d)));
    return new VaeModel(features, o, scaler, pca, result.weights, reference, training);
  }

  /** Writes raw row `raw` (one value per feature) into `out` at `offset`, scaled (and projected). */
  prepareRow(raw: ArrayLike<number>, out: Float32Array, offset: number): void {
    const m = this.features.length;
    if (this.pca === undefined) {
      for (let j = 0; j < m; j++) out[offset + j] = this.scaler.scaleValue(raw[j] as number, j);
      return;
    }
    const scaled = new Float64Array(m);
    for (let j = 0; j < m; j++) scaled[j] = this.scaler.scaleValue(raw[j] as number, j);
    this.pca.transform(scaled, 1, out.subarray(offset, offset + this.pca.k));
  }

  /** Prepares `rows` raw rows (row-major) into windows [rows - W + 1, D]. */
  prepareWindows(values: ArrayLike<number>, rows: number): Float32Array {
    const prepared = new Float32Array(rows * this.rowWidth);
    const m = this.features.length;
    for (let r = 0; r < rows; r++) this.prepareRow(Array.prototype.slice.call(values, r * m, (r + 1) * m) as number[], prepared, r * this.rowWidth);
    return slidingWindows(prepared, rows, this.rowWidth, this.options.window);
  }

  /** The Float32Array scorer (built once). */
  float32(): Float32Vae {
    this.scorer ??= new Float32Vae(this.arch, this.weights, this.span, this.noise, this.options.mcSamples);
    return this.scorer;
  }

  /** Score of one prepared window [D] (higher = more anomalous). */
  scoreWindow(window: Float32Array, perOutput?: Float64Array, meanOut?: Float64Array): number {
    return this.float32().score(window, perOutput, meanOut);
  }

  /** Scores of prepared windows [rows, D] through the tfjs model (same noise, same math). */
  scoreWindowsTf(windows: Float32Array, rows: number): Float32Array {
    if (this.tfModel === undefined) {
      this.tfModel = new DenseVae(this.arch, this.options.seed);
      writeVariables(this.tfModel.namedVariables(), this.weights);
    }
    return this.tfModel.score(windows, rows, this.noise, this.options.mcSamples, this.span);
  }

  /** Frees the tfjs model, if scoreWindowsTf built one. */
  dispose(): void {
    this.tfModel?.dispose();
    this.tfModel = undefined;
  }

  /** The feature of the newest row of a prepared window with the worst reconstruction. */
  explainWindow(window: Float32Array): WindowExplanation {
    const scorer = this.float32();
    const perOutput = new Float64Array(scorer.scored);
    const mean = new Float64Array(scorer.scored);
    scorer.score(window, perOutput, mean);
    const k = this.rowWidth;
    const m = this.features.length;
    const lastFrom = scorer.scored - k; // the newest row's outputs among the scored ones
    const d = this.arch.inputs;
    if (this.pca === undefined) {
      let best = 0;
      for (let j = 1; j < m; j++) if ((perOutput[lastFrom + j] as number) > (perOutput[lastFrom + best] as number)) best = j;
      return { featureIndex: best, cost: perOutput[lastFrom + best] as number, expected: this.scaler.inverseValue(mean[lastFrom + best] as number, best) };
    }
    // With PCA: back to scaled feature space, squared error per feature of the newest row.
    const recon = new Float64Array(m);
    const actual = new Float64Array(m);
    this.pca.inverseRow(mean.subarray(lastFrom, lastFrom + k), recon);
    this.pca.inverseRow(window.subarray(d - k, d), actual);
    let best = 0;
    for (let j = 1; j < m; j++) if (((actual[j] as number) - (recon[j] as number)) ** 2 > ((actual[best] as number) - (recon[best] as number)) ** 2) best = j;
    return { featureIndex: best, cost: ((actual[best] as number) - (recon[best] as number)) ** 2, expected: this.scaler.inverseValue(recon[best] as number, best) };
  }

  toJSON(): VaeModelJson {
    return {
      kind: 'awad-vae-model',
      version: 1,
      features: [...this.features],
      options: this.options,
      scaler: this.scaler.toJSON(),
      pca: this.pca ? this.pca.toJSON() : null,
      weights: encodeWeights(this.weights),
      reference: [...this.referenceValues],
      training: this.training,
    };
  }

  static fromJSON(json: VaeModelJson): VaeModel {
    if (json === null || typeof json !== 'object' || json.kind !== 'awad-vae-model' || json.version !== 1) {
      throw new SnapshotError(MODULE, 'a model of kind "awad-vae-model", version 1', `kind ${String((json as Partial<VaeModelJson> | null)?.kind)}, version ${String((json as Partial<VaeModelJson> | null)?.version)}`);
    }
    if (!Array.isArray(json.features) || !json.features.every((f) => typeof f === 'string') || !Array.isArray(json.reference)) {
      throw new SnapshotError(MODULE, 'features (strings) and reference scores (numbers)', JSON.stringify(json.features)?.slice(0, 80) ?? 'none');
    }
    const options = resolveVaeModelOptions(json.options);
    const scaler = MinMaxScaler.fromJSON(json.scaler);
    if (scaler.width !== json.features.length) throw new SnapshotError(MODULE, `a scaler for ${json.features.length} features`, `${scaler.width}`);
    const pca = json.pca === null ? undefined : Pca.fromJSON(json.pca);
    const model = new VaeModel(json.features, options, scaler, pca, decodeWeights(json.weights), json.reference.map(Number), json.training);
    model.float32(); // checks the weights' names and shapes now, not at the first score
    return model;
  }

  async save(path: string): Promise<void> {
    await writeFile(path, JSON.stringify(this.toJSON()));
  }

  static async load(path: string): Promise<VaeModel> {
    let json: unknown;
    try {
      json = JSON.parse(await readFile(path, 'utf8'));
    } catch (error) {
      throw new SnapshotError(MODULE, `a JSON VAE model file at ${path}`, error instanceof Error ? error.message : String(error));
    }
    return VaeModel.fromJSON(json as VaeModelJson);
  }
}
