// Hyperparameters of the VAE model (windows, network, training, scoring) with their defaults.
// Reference: METHODS.md 5.5 (training), 2.2 and 2.7 (W = 30, Dense(100, tanh), L = 100), 5.6
// (alert beyond the 99.5% point of the reference scores). Defaults OUR CHOICE where marked there.
import { ConfigError } from '@awad/core';
import { ACTIVATIONS, type Activation } from '@awad/tensor';
import { VAE_TRAIN_ENGINES, type VaeTrainEngine } from '../train/train-engine';

const MODULE = '@awad/vae/options';

export interface VaeModelOptions {
  /** Window length W in rows (default 30). */
  readonly window?: number;
  /** Encoder hidden widths; the decoder mirrors them (default [100]). */
  readonly hidden?: readonly number[];
  /** Latent size Z (default 5). */
  readonly latent?: number;
  /** Hidden activation (default tanh). */
  readonly activation?: Activation;
  /** 'learned' (one log-std per output, default) or a fixed std of p(x|z). */
  readonly decoderStd?: 'learned' | number;
  /** Reduce each scaled row to k principal components first: a count, or a variance share in (0, 1) (default: off). */
  readonly pca?: number | false;
  /** Scaled values are clipped to [-clip, clip] (default 10). */
  readonly clip?: number;
  readonly learningRate?: number;
  readonly batchSize?: number;
  /** Maximum epochs per fit (default 50). */
  readonly epochs?: number;
  /** Early-stopping patience in epochs (default 5). */
  readonly patience?: number;
  /** Newest share of the windows held out for early stopping and the score reference (default 0.2). */
  readonly validationShare?: number;
  /** Monte Carlo samples per score (default 100). */
  readonly mcSamples?: number;
  /** Score the newest row of the window ('last', default) or the whole window. */
  readonly scoreOn?: 'last' | 'window';
  /** The alert threshold is this quantile of the held-out windows' scores (default 0.995). */
  readonly thresholdQuantile?: number;
  /** Seed of the weights, shuffles and noise (default 1). */
  readonly seed?: number;
  /** What runs the training steps: 'auto' (default: the WebAssembly SIMD step where available), 'simd' or 'tfjs'. */
  readonly trainEngine?: VaeTrainEngine;
}

export type ResolvedVaeModelOptions = Required<Omit<VaeModelOptions, 'hidden'>> & { readonly hidden: readonly number[] };

export const DEFAULT_VAE_MODEL_OPTIONS: ResolvedVaeModelOptions = Object.freeze({
  window: 30,
  hidden: Object.freeze([100]),
  latent: 5,
  activation: 'tanh',
  decoderStd: 'learned',
  pca: false,
  clip: 10,
  learningRate: 1e-3,
  batchSize: 128,
  epochs: 50,
  patience: 5,
  validationShare: 0.2,
  mcSamples: 100,
  scoreOn: 'last',
  thresholdQuantile: 0.995,
  seed: 1,
  trainEngine: 'auto',
} as const);

export const VAE_MODEL_OPTION_KEYS = Object.keys(DEFAULT_VAE_MODEL_OPTIONS);

function int(key: string, v: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isInteger(v) || (v as number) < min || (v as number) > max) throw new ConfigError(MODULE, key, `an integer in [${min}, ${max}]`, v);
  return v as number;
}

function num(key: string, v: unknown, lo: number, hi: number, open: 'lo' | 'hi' | 'both' | 'none'): number {
  const ok = typeof v === 'number' && Number.isFinite(v) && (open === 'lo' || open === 'both' ? v > lo : v >= lo) && (open === 'hi' || open === 'both' ? v < hi : v <= hi);
  if (!ok) throw new ConfigError(MODULE, key, `a number in ${open === 'lo' || open === 'both' ? '(' : '['}${lo}, ${hi}${open === 'hi' || open === 'both' ? ')' : ']'}`, v);
  return v as number;
}

/** Fills defaults and checks every option. @throws ConfigError */
export function resolveVaeModelOptions(options: VaeModelOptions = {}): ResolvedVaeModelOptions {
  const d = DEFAULT_VAE_MODEL_OPTIONS;
  const o = { ...d, ...Object.fromEntries(Object.entries(options).filter(([k, v]) => v !== undefined && VAE_MODEL_OPTION_KEYS.includes(k))) } as ResolvedVaeModelOptions;
  const hidden = o.hidden;
  if (!Array.isArray(hidden) || hidden.length === 0 || !hidden.every((h) => Number.isInteger(h) && h >= 1)) throw new ConfigError(MODULE, 'hidden', 'a non-empty array of positive integers', hidden);
  if (!(ACTIVATIONS as readonly string[]).includes(o.activation)) throw new ConfigError(MODULE, 'activation', `one of ${ACTIVATIONS.join(', ')}`, o.activation);
  if (o.decoderStd !== 'learned' && !(typeof o.decoderStd === 'number' && o.decoderStd > 0 && Number.isFinite(o.decoderStd))) throw new ConfigError(MODULE, 'decoderStd', "'learned' or a positive number", o.decoderStd);
  if (o.pca !== false && !(typeof o.pca === 'number' && o.pca > 0 && (o.pca < 1 || Number.isInteger(o.pca)))) throw new ConfigError(MODULE, 'pca', 'false, a component count, or a variance share in (0, 1)', o.pca);
  if (o.scoreOn !== 'last' && o.scoreOn !== 'window') throw new ConfigError(MODULE, 'scoreOn', "'last' or 'window'", o.scoreOn);
  if (!VAE_TRAIN_ENGINES.includes(o.trainEngine)) throw new ConfigError(MODULE, 'trainEngine', `one of ${VAE_TRAIN_ENGINES.join(', ')}`, o.trainEngine);
  return Object.freeze({
    ...o,
    hidden: Object.freeze([...hidden]),
    window: int('window', o.window, 1, 10_000),
    latent: int('latent', o.latent, 1, 1024),
    clip: num('clip', o.clip, 0, 1e6, 'lo'),
    learningRate: num('learningRate', o.learningRate, 0, 10, 'lo'),
    batchSize: int('batchSize', o.batchSize, 1, 1 << 20),
    epochs: int('epochs', o.epochs, 1, 100_000),
    patience: int('patience', o.patience, 1, 100_000),
    validationShare: num('validationShare', o.validationShare, 0, 1, 'hi'),
    mcSamples: int('mcSamples', o.mcSamples, 1, 100_000),
    thresholdQuantile: num('thresholdQuantile', o.thresholdQuantile, 0, 1, 'none'),
    seed: int('seed', o.seed, 0, 2 ** 31 - 1),
  });
}
