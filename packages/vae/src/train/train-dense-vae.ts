// Training the dense VAE on windows: Adam, mini-batches of 128, one reparameterised sample per
// window and step, early stopping on the last share of the windows (time order), best weights
// restored. Noise and shuffles come from seeds, so a fit is reproducible.
// Reference: METHODS.md 5.5 (Adam 1e-3, batch 128, up to 50 epochs, patience 5 on the last 20%).
import { createRandom } from '@awad/core';
import { createAdam, readVariables, tf, trainStep, writeVariables, type NamedWeights } from '@awad/tensor';
import type { VaeArchitecture } from '../vae/architecture';
import { DenseVae } from '../vae/dense-vae';
import { fillNormal } from '../vae/normal-noise';

export interface TrainOptions {
  readonly learningRate: number;
  readonly batchSize: number;
  readonly epochs: number;
  /** Epochs without a better validation loss before stopping. */
  readonly patience: number;
  /** Share of the windows (the newest) held out for early stopping; 0 = none. */
  readonly validationShare: number;
  readonly seed: number;
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
}

/** Splits n windows in time order: the newest share for validation, when at least one remains for training. */
export function splitWindows(n: number, share: number): { train: number; validation: number } {
  const validation = share > 0 && n >= 5 ? Math.max(1, Math.floor(n * share)) : 0;
  return { train: n - validation, validation };
}

/** Mean negative ELBO of windows [n, D] with fixed noise. */
export function evaluateLoss(vae: DenseVae, windows: Float32Array, from: number, n: number, seed: number): number {
  const d = vae.arch.inputs;
  const z = vae.arch.latent;
  let total = 0;
  for (let start = 0; start < n; start += 1024) {
    const rows = Math.min(1024, n - start);
    const eps = fillNormal(new Float32Array(rows * z), seed + start) as Float32Array;
    total += tf.tidy(() => vae.loss(tf.tensor2d(windows.subarray((from + start) * d, (from + start + rows) * d), [rows, d]), tf.tensor2d(eps, [rows, z])).dataSync()[0] as number) * rows;
  }
  return total / n;
}

/**
 * Trains a fresh DenseVae (seeded init) on `n` windows of width D = arch.inputs and returns the
 * best weights. `onProgress` is called after every epoch.
 */
export function trainDenseVae(arch: VaeArchitecture, windows: Float32Array, n: number, options: TrainOptions, onProgress?: (p: TrainProgress) => void): TrainResult {
  const vae = new DenseVae(arch, options.seed);
  const d = arch.inputs;
  const z = arch.latent;
  const { train, validation } = splitWindows(n, options.validationShare);
  const optimizer = createAdam({ learningRate: options.learningRate });
  const random = createRandom(options.seed * 7919 + 17);
  const order = Int32Array.from({ length: train }, (_, i) => i);
  const batchSize = Math.min(options.batchSize, Math.max(1, train));
  const xb = new Float32Array(batchSize * d);
  const eb = new Float32Array(batchSize * z);
  const variables = vae.variables();
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
        const x = tf.tensor2d(xb.subarray(0, rows * d), [rows, d]);
        const e = tf.tensor2d(eb.subarray(0, rows * z), [rows, z]);
        sum += trainStep(optimizer, () => vae.loss(x, e), variables) * rows;
        tf.dispose([x, e]);
        steps += 1;
      }
      const loss = sum / train;
      const valLoss = validation > 0 ? evaluateLoss(vae, windows, train, validation, options.seed + 1) : Number.NaN;
      const score = validation > 0 ? valLoss : loss;
      if (score < best || bestWeights === undefined) {
        best = score;
        bestEpoch = epoch;
        bestWeights = readVariables(vae.namedVariables());
      }
      const progress: TrainProgress = { epoch, epochs: options.epochs, loss, valLoss, bestEpoch, steps };
      history.push(progress);
      onProgress?.(progress);
      if (validation > 0 && epoch - bestEpoch >= options.patience) break;
    }
    if (bestWeights !== undefined) writeVariables(vae.namedVariables(), bestWeights);
    return { weights: vae.weights(), history, bestEpoch, trainWindows: train, validationWindows: validation };
  } finally {
    optimizer.dispose();
    vae.dispose();
  }
}
