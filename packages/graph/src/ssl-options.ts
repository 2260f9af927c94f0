// Options of the self-supervised graph model (seed 001), with METHODS.md 3.4-3.7 defaults.
import { ConfigError } from '@awad/core';

export type EncoderKind = 'graphsage' | 'gat';
export type LatentKind = 'normal' | 'gumbel';
/** Node score: latent normality distance (METHODS 3.8 default), reconstruction error (ablation), or their sum. */
export type NodeScoreKind = 'latent' | 'reconstruction' | 'sum';

export interface GraphSslOptions {
  readonly encoder?: EncoderKind;
  readonly latent?: LatentKind;
  readonly latentDims?: number;
  readonly hidden?: readonly number[];
  /** Weight of the reconstruction term; 1 - eta weighs the margin (default 0.5). */
  readonly eta?: number;
  /** Margin lambda (default 0.5 Normal, 0.3 Gumbel). */
  readonly margin?: number;
  readonly betaKl?: number;
  readonly learningRate?: number;
  readonly epochs?: number;
  readonly batchSize?: number;
  /** Augmentation selection rate r. */
  readonly rate?: number;
  /** Probability that a training graph is cut at a random topological point. */
  readonly cutProbability?: number;
  readonly score?: NodeScoreKind;
  readonly seed?: number;
}

export type ResolvedSslOptions = Required<GraphSslOptions>;

export const DEFAULT_SSL_OPTIONS = {
  encoder: 'graphsage',
  latent: 'normal',
  latentDims: 16,
  hidden: [64, 64],
  eta: 0.5,
  betaKl: 0.1,
  learningRate: 1e-3,
  epochs: 100,
  batchSize: 32,
  rate: 0.1,
  cutProbability: 0.5,
  score: 'latent',
  seed: 1,
} as const;

const MODULE = '@awad/graph/ssl';

export function resolveSslOptions(options: GraphSslOptions = {}): ResolvedSslOptions {
  const o = { ...DEFAULT_SSL_OPTIONS, ...options } as ResolvedSslOptions & { margin?: number };
  const margin = options.margin ?? (o.latent === 'gumbel' ? 0.3 : 0.5);
  if (o.encoder !== 'graphsage' && o.encoder !== 'gat') throw new ConfigError(MODULE, 'encoder', '"graphsage" or "gat"', o.encoder);
  if (o.latent !== 'normal' && o.latent !== 'gumbel') throw new ConfigError(MODULE, 'latent', '"normal" or "gumbel"', o.latent);
  if (!['latent', 'reconstruction', 'sum'].includes(o.score)) throw new ConfigError(MODULE, 'score', '"latent", "reconstruction" or "sum"', o.score);
  if (!(o.eta >= 0 && o.eta <= 1)) throw new ConfigError(MODULE, 'eta', 'a number in [0, 1]', o.eta);
  for (const key of ['latentDims', 'epochs', 'batchSize'] as const) {
    if (!Number.isInteger(o[key]) || o[key] < 1) throw new ConfigError(MODULE, key, 'a positive integer', o[key]);
  }
  if (!(o.rate > 0 && o.rate <= 1)) throw new ConfigError(MODULE, 'rate', 'a number in (0, 1]', o.rate);
  if (!(margin >= 0)) throw new ConfigError(MODULE, 'margin', 'a non-negative number', margin);
  if (!(o.learningRate > 0)) throw new ConfigError(MODULE, 'learningRate', 'a positive number', o.learningRate);
  return { ...o, margin };
}
