// Training loops of the two ACVAE models: TRAIN_FULL (Eq. (1) on unlabeled + labeled-normal
// windows, the labeled-normal ones also with fresh Gaussian noise each epoch, Eq. (2); early
// stopping on validation -ELBO, best weights restored) and FINETUNE_ANO (Eq. (3), masked by the
// anomaly labels, KL unmasked).
// Reference: METHODS.md sections 2.4 and 2.8 (seed [003] §III-B, Alg. 1).
import { createRandom, type Random } from '@awad/core';
import { createAdam, normalArray, tf, trainStep, type NamedWeights } from '@awad/tensor';
import { simdTrainerFor, type VaeTrainEngine } from '../train/train-engine';
import { gatherWindows, type SeriesData } from './series-data';
import { SimdSsmTrainer } from './simd-ssm-trainer';
import type { SsmVae } from './ssm-vae';

export interface TrainProgress {
  readonly phase: 'full' | 'ano' | 'query' | 'score';
  readonly round: number;
  readonly epoch: number;
  readonly epochs: number;
  readonly loss: number;
  readonly valLoss?: number;
}

export interface FullTrainingOptions {
  readonly window: number;
  readonly epochs: number;
  readonly patience: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly l2: number;
  readonly augmentStd: number;
  readonly seed: number;
  readonly round: number;
  /** Which code takes the gradient steps (default 'auto'); both give the same steps to float rounding. */
  readonly engine?: VaeTrainEngine;
  readonly onProgress?: (p: TrainProgress) => void;
}

interface Entry {
  readonly start: number;
  readonly augment: boolean;
}

function shuffle<T>(items: T[], random: Random): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    const tmp = items[i] as T;
    items[i] = items[j] as T;
    items[j] = tmp;
  }
  return items;
}

/** What takes the Adam steps: tfjs on the model's variables, or the SIMD trainer on a copy. */
interface StepEngine {
  readonly kind: 'simd' | 'tfjs';
  run(x: Float32Array, t: Float32Array | null, noise: Float32Array, mask: Float32Array | null, rows: number): number;
  /** Writes the trained weights into the model (a no-op for tfjs, which trains the model itself). */
  sync(): void;
  dispose(): void;
}

/** 'auto' (SIMD where the runtime has it), 'simd' (SimdSsmTrainer) or 'tfjs' (tf.grads on SsmVae). */
function createEngine(model: SsmVae, window: number, batchSize: number, learningRate: number, l2: number, want: VaeTrainEngine): StepEngine {
  const trainer = simdTrainerFor(want, '@awad/vae/acvae', () => SimdSsmTrainer.create(model.sizes, model.weights(), { window, maxBatch: batchSize, learningRate, l2 }));
  if (trainer) return { kind: 'simd', run: (x, t, noise, mask, rows) => trainer.step(x, t, noise, mask, rows), sync: () => model.setWeights(trainer.weights()), dispose: () => undefined };
  const optimizer = createAdam({ learningRate });
  const { metrics: m, background: tb, latent: z } = model.sizes;
  return {
    kind: 'tfjs',
    run: (x, t, noise, mask, rows) => {
      const xt = tf.tensor3d(x, [rows, window, m]);
      const tt = t ? tf.tensor3d(t, [rows, window, tb]) : null;
      const et = tf.tensor3d(noise, [rows, window, z]);
      const mt = mask ? tf.tensor2d(mask, [rows, window]) : null;
      try {
        return trainStep(optimizer, () => tf.tidy(() => tf.add(tf.mean(model.negElbo(xt, tt, et, mt)), tf.mul(l2, model.l2())) as tf.Scalar), model.variables());
      } finally {
        xt.dispose();
        tt?.dispose();
        et.dispose();
        mt?.dispose();
      }
    },
    sync: () => undefined,
    dispose: () => optimizer.dispose(),
  };
}

/** One gradient step on a batch; returns the batch loss. */
function step(engine: StepEngine, z: number, data: SeriesData, batch: readonly Entry[], window: number, augmentStd: number, random: Random, labels: Int8Array | null): number {
  const { x, t } = gatherWindows(
    data,
    batch.map((e) => e.start),
    window,
  );
  const per = window * data.m;
  batch.forEach((e, b) => {
    if (!e.augment || augmentStd <= 0) return;
    for (let k = 0; k < per; k++) x[b * per + k] = (x[b * per + k] as number) + random.normal() * augmentStd;
  });
  const noise = normalArray(batch.length * window * z, random);
  const mask = labels ? Float32Array.from({ length: batch.length * window }, (_, k) => ((labels[(batch[Math.floor(k / window)] as Entry).start + (k % window)] as number) === 1 ? 1 : 0)) : null;
  return engine.run(x, t, noise, mask, batch.length);
}

/** Mean -ELBO (Eq. (1)) over windows, with a fixed noise draw so epochs compare fairly. */
export function meanNegElbo(model: SsmVae, data: SeriesData, starts: readonly number[], window: number, seed: number, batchSize = 256): number {
  if (starts.length === 0) return Number.NaN;
  const random = createRandom(seed);
  let sum = 0;
  for (let i = 0; i < starts.length; i += batchSize) {
    const chunk = starts.slice(i, i + batchSize);
    const { x, t } = gatherWindows(data, chunk, window);
    const noise = normalArray(chunk.length * window * model.sizes.latent, random);
    sum += tf.tidy(() => {
      const v = model.negElbo(tf.tensor3d(x, [chunk.length, window, data.m]), t ? tf.tensor3d(t, [chunk.length, window, data.tdim]) : null, tf.tensor3d(noise, [chunk.length, window, model.sizes.latent]), null);
      return tf.sum(v).dataSync()[0] as number;
    });
  }
  return sum / starts.length;
}

/**
 * TRAIN_FULL: Adam on X_full_train plus a fresh noisy copy of every labeled-normal window each
 * epoch; stops when validation -ELBO has not improved for `patience` epochs and restores the best.
 */
export function trainFull(model: SsmVae, data: SeriesData, train: readonly number[], normal: readonly number[], validation: readonly number[], o: FullTrainingOptions): { epochs: number; best: number; engine: 'simd' | 'tfjs' } {
  const random = createRandom(o.seed);
  const engine = createEngine(model, o.window, o.batchSize, o.learningRate, o.l2, o.engine ?? 'auto');
  let best = Number.POSITIVE_INFINITY;
  let bestWeights: NamedWeights | undefined;
  let since = 0;
  let epoch = 0;
  try {
    for (epoch = 1; epoch <= o.epochs; epoch++) {
      const entries: Entry[] = [...train.map((start) => ({ start, augment: false })), ...(o.augmentStd > 0 ? normal.map((start) => ({ start, augment: true })) : [])];
      shuffle(entries, random);
      let sum = 0;
      let batches = 0;
      for (let i = 0; i < entries.length; i += o.batchSize) {
        sum += step(engine, model.sizes.latent, data, entries.slice(i, i + o.batchSize), o.window, o.augmentStd, random, null);
        batches++;
      }
      engine.sync();
      const valLoss = validation.length > 0 ? meanNegElbo(model, data, validation, o.window, o.seed + 17) : sum / Math.max(1, batches);
      o.onProgress?.({ phase: 'full', round: o.round, epoch, epochs: o.epochs, loss: sum / Math.max(1, batches), valLoss });
      if (valLoss < best) {
        best = valLoss;
        bestWeights = model.weights();
        since = 0;
      } else if (++since >= o.patience) break;
    }
  } finally {
    engine.dispose();
  }
  if (bestWeights) model.setWeights(bestWeights);
  return { epochs: Math.min(epoch, o.epochs), best, engine: engine.kind };
}

/** FINETUNE_ANO: Eq. (3) on windows holding a labeled anomaly, fresh Adam, no early stopping. */
export function fineTuneAno(model: SsmVae, data: SeriesData, starts: readonly number[], labels: Int8Array, o: Omit<FullTrainingOptions, 'patience' | 'augmentStd'>): void {
  if (starts.length === 0 || o.epochs === 0) return;
  const random = createRandom(o.seed);
  const engine = createEngine(model, o.window, o.batchSize, o.learningRate, o.l2, o.engine ?? 'auto');
  try {
    for (let epoch = 1; epoch <= o.epochs; epoch++) {
      const entries = shuffle(
        starts.map((start) => ({ start, augment: false })),
        random,
      );
      let sum = 0;
      let batches = 0;
      for (let i = 0; i < entries.length; i += o.batchSize) {
        sum += step(engine, model.sizes.latent, data, entries.slice(i, i + o.batchSize), o.window, 0, random, labels);
        batches++;
      }
      o.onProgress?.({ phase: 'ano', round: o.round, epoch, epochs: o.epochs, loss: sum / Math.max(1, batches) });
    }
    engine.sync();
  } finally {
    engine.dispose();
  }
}
