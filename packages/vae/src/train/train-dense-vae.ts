// Training the dense VAE on windows: Adam, mini-batches of 128, one reparameterised sample per
// window and step, early stopping on the last share of the windows (time order), best weights
// restored. Noise and shuffles come from seeds, so a fit is reproducible. The steps run on the
// hand-written WebAssembly SIMD step (SimdVaeTrainer) where the runtime has SIMD, else on tfjs.
// Reference: METHODS.md 5.5 (Adam 1e-3, batch 128, up to 50 epochs, patience 5 on the last 20%).
import { createRandom } from '@awad/core';
import { createAdam, readVariables, tf, trainStep, writeVariables, type NamedWeights } from '@awad/tensor';
import type { VaeArchitecture } from '../vae/architecture';
import { DenseVae } from '../vae/dense-vae';
import { fillNormal } from '../vae/normal-noise';
import { SimdVaeTrainer } from './simd-vae-trainer';
import { simdTrainerFor, type VaeTrainEngine } from './train-engine';


export interface TrainOptions {
  readonly learningRate: number;
  readonly batchSize: number;
  readonly epochs: number;
  /** Epochs without a better validation loss before stopping. */
  readonly patience: number;
  /** Share of the windows (the newest) held out for early stopping; 0 = none. */
  readonly validationShare: number;
  readonly seed: number;
  /** Default 'auto'. */
  readonly trainEngine?: VaeTrainEngine;
}

/** One epoch's figures, as progress callbacks receive them. */
export interface TrainProgress {
  readonly epoch: number;
  readonly epochs: number;
  /** Mean negative ELBO per window over the epoch's training steps. */
  readonly loss: number;
  /** Mean negative ELBO per window on the held-out windows (NaN without any). */
  readonly valLoss: number;
  /** Epoch whose weights are kept so far. */
  readonly bestEpoch: number;
  readonly steps: number;
}

export interface TrainResult {
  readonly weights: NamedWeights;
  readonly history: readonly TrainProgress[];
  readonly bestEpoch: number;
  readonly trainWindows: number;
  readonly validationWindows: number;
  /** The engine that ran the steps. */
  readonly engine: 'simd' | 'tfjs';
}

/** Splits n windows in time order: the newest share for validation, when at least one remains for training. */
export function splitWindows(n: number, share: number): { train: number; validation: number } {
  const validation = share > 0 && n >= 5 ? Math.max(1, Math.floor(n * share)) : 0;
  return { train: n - validation, validation };
}

/** Noise of the held-out loss: one block of normals per 1024 windows, from seed + block start. */
function forEachLossBlock(n: number, z: number, seed: number, each: (start: number, rows: number, eps: Float32Array) => void): void {
  for (let start = 0; start < n; start += 1024) {
    const rows = Math.min(1024, n - start);
    each(start, rows, fillNormal(new Float32Array(rows * z), seed + start) as Float32Array);
  }
}

/** Mean negative ELBO of windows [n, D] with fixed noise. */
export function evaluateLoss(vae: DenseVae, windows: Float32Array, from: number, n: number, seed: number): number {
  const d = vae.arch.inputs;
  const z = vae.arch.latent;
  let total = 0;
  forEachLossBlock(n, z, seed, (start, rows, eps) => {
    total += tf.tidy(() => vae.loss(tf.tensor2d(windows.subarray((from + start) * d, (from + start + rows) * d), [rows, d]), tf.tensor2d(eps, [rows, z])).dataSync()[0] as number) * rows;
  });
  return total / n;
}

/** One engine's steps, held-out loss and weights, behind one interface for the training loop. */
interface StepEngine {
  readonly name: 'simd' | 'tfjs';
  step(xb: Float32Array, eb: Float32Array, rows: number): number;
  heldOutLoss(windows: Float32Array, from: number, n: number, seed: number): number;
  weights(): NamedWeights;
  setWeights(weights: NamedWeights): void;
  dispose(): void;
}

function tfjsEngine(arch: VaeArchitecture, options: TrainOptions): StepEngine {
  const vae = new DenseVae(arch, options.seed);
  const optimizer = createAdam({ learningRate: options.learningRate });
  const variables = vae.variables();
  const { inputs: d, latent: z } = arch;
  return {
    name: 'tfjs',
    step(xb, eb, rows) {
      const x = tf.tensor2d(xb.subarray(0, rows * d), [rows, d]);
      const e = tf.tensor2d(eb.subarray(0, rows * z), [rows, z]);
      try {
        return trainStep(optimizer, () => vae.loss(x, e), variables);
      } finally {
        tf.dispose([x, e]);
      }
    },
    heldOutLoss: (windows, from, n, seed) => evaluateLoss(vae, windows, from, n, seed),
    weights: () => readVariables(vae.namedVariables()),
    setWeights: (w) => writeVariables(vae.namedVariables(), w),
    dispose() {
      optimizer.dispose();
      vae.dispose();
    },
  };
}

function simdEngine(trainer: SimdVaeTrainer): StepEngine {
  const { inputs: d, latent: z } = trainer.arch;
  return {
    name: 'simd',
    step: (xb, eb, rows) => trainer.step(xb, eb, rows),
    heldOutLoss(windows, from, n, seed) {
      let total = 0;
      forEachLossBlock(n, z, seed, (start, rows, eps) => {
        for (let at = 0; at < rows; at += trainer.maxRows) {
          const k = Math.min(trainer.maxRows, rows - at);
          const w0 = from + start + at;
          total += trainer.loss(windows.subarray(w0 * d, (w0 + k) * d), eps.subarray(at * z, (at + k) * z), k) * k;
        }
      });
      return total / n;
    },
    weights: () => trainer.weights(),
    setWeights: (w) => trainer.setWeights(w),
    dispose() {},
  };
}

function createEngine(arch: VaeArchitecture, options: TrainOptions, batchSize: number): StepEngine {
  const trainer = simdTrainerFor(options.trainEngine ?? 'auto', '@awad/vae/train', () => SimdVaeTrainer.create(arch, options.seed, options.learningRate, batchSize));
  return trainer ? simdEngine(trainer) : tfjsEngine(arch, options);
}

/**
 * Trains a fresh DenseVae (seeded init) on `n` windows of width D = arch.inputs and returns the
 * best weights. `onProgress` is called after every epoch.
 */
export function trainDenseVae(arch: VaeArchitecture, windows: Float32Array, n: number, options: TrainOptions, onProgress?: (p: TrainProgress) => void): TrainResult {
  const d = arch.inputs;
  const z = arch.latent;
  const { train, validation } = splitWindows(n, options.validationShare);
  const random = createRandom(options.seed * 7919 + 17);
  const order = Int32Array.from({ length: train }, (_, i) => i);
  const batchSize = Math.min(options.batchSize, Math.max(1, train));
  const xb = new Float32Array(batchSize * d);
  const eb = new Float32Array(batchSize * z);
  const engine = createEngine(arch, options, batchSize);
  const history: TrainProgress[] = [];
  let best = Number.POSITIVE_INFINITY;
  let bestEpoch = 0;
  let bestWeights: NamedWeights | undefined;
  let steps = 0;
  let noiseSeed = options.seed * 104729;
  try {
    for (let epoch = 1; epoch <= options.epochs; epoch++) {
      for (let i = train - 1; i > 0; i--) {
        const j = Math.floor(random.next() * (i + 1));
        const t = order[i] as number;
        order[i] = order[j] as number;
        order[j] = t;
      }
      let sum = 0;
      for (let start = 0; start < train; start += batchSize) {
        const rows = Math.min(batchSize, train - start);
        for (let r = 0; r < rows; r++) {
          const w = order[start + r] as number;
          xb.set(windows.subarray(w * d, (w + 1) * d), r * d);
        }
        fillNormal(eb, noiseSeed++);
        sum += engine.step(xb, eb, rows) * rows;
        steps += 1;
      }
      const loss = sum / train;
      const valLoss = validation > 0 ? engine.heldOutLoss(windows, train, validation, options.seed + 1) : Number.NaN;
      const score = validation > 0 ? valLoss : loss;
      if (score < best || bestWeights === undefined) {
        best = score;
        bestEpoch = epoch;
        bestWeights = engine.weights();
      }
      const progress: TrainProgress = { epoch, epochs: options.epochs, loss, valLoss, bestEpoch, steps };
      history.push(progress);
      onProgress?.(progress);
      if (validation > 0 && epoch - bestEpoch >= options.patience) break;
    }
    if (bestWeights !== undefined) engine.setWeights(bestWeights);
    return { weights: engine.weights(), history, bestEpoch, trainWindows: train, validationWindows: validation, engine: engine.name };
  } finally {
    engine.dispose();
  }
}
