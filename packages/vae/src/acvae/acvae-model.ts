// A trained ACVAE: the contrast pairs' weights (one pair, or an ensemble trained on the same
// labels), the scaler, the threshold and what the training saw; its JSON model-file form; and the
// fixed Monte Carlo noise table every score uses.
// Reference: METHODS.md sections 2.5, 2.8 (seed [003] Alg. 1 outputs model_full, model_ano, Q, th);
// more than one pair is OUR CHOICE (packages/vae/README.md "Ensemble").
import { SnapshotError, createRandom } from '@awad/core';
import { decodeWeights, encodeWeights, normalArray, type NamedWeights, type WeightsJson } from '@awad/tensor';
import { MinMaxScaler } from '../window/min-max-scaler';
import { ACVAE_SCALE_CLIP } from './prepare';
import type { SsmSizes } from './ssm-vae';

/** contrast: a = S_ano - S_full (Eq. (6), negated); full: a = -S_full (unsupervised / single model). */
export type ScoreMode = 'contrast' | 'full';

export interface AcvaeFitStats {
  readonly points: number;
  readonly labeled: number;
  readonly labeledAnomalous: number;
  readonly queries: number;
  readonly rounds: number;
  readonly thresholdF1: number;
  readonly seconds: number;
  /** Metrics left out by `excludeDrifting` (absent when it is off or left none out). */
  readonly drifting?: readonly string[];
}

/** One contrast pair: model_full and model_ano (null while no anomaly is labeled). */
export interface AcvaePairWeights {
  readonly full: NamedWeights;
  readonly ano: NamedWeights | null;
}

export interface AcvaeModel {
  readonly features: readonly string[];
  readonly flagFeatures: readonly string[];
  readonly sizes: SsmSizes;
  readonly scaler: MinMaxScaler;
  /** At least one; the score is the mean of the pairs' scores. */
  readonly pairs: readonly AcvaePairWeights[];
  readonly mode: ScoreMode;
  readonly threshold: number;
  readonly stats: AcvaeFitStats;
}

export interface AcvaeModelJson {
  readonly features: readonly string[];
  readonly flagFeatures: readonly string[];
  readonly sizes: SsmSizes;
  /** min and max per metric (to [-1, 1], clip ACVAE_SCALE_CLIP). */
  readonly scaler: { readonly min: readonly number[]; readonly max: readonly number[] };
  /** The first pair. */
  readonly full: WeightsJson;
  readonly ano: WeightsJson | null;
  /** The other pairs of an ensemble (absent for one pair). */
  readonly ensemble?: readonly { readonly full: WeightsJson; readonly ano: WeightsJson | null }[];
  readonly mode: ScoreMode;
  /** null stands for +Infinity (no alert possible). */
  readonly threshold: number | null;
  readonly stats: AcvaeFitStats;
}

export function modelToJson(m: AcvaeModel): AcvaeModelJson {
  return {
    features: [...m.features],
    flagFeatures: [...m.flagFeatures],
    sizes: { ...m.sizes },
    scaler: { min: [...m.scaler.min], max: [...m.scaler.max] },
    ...pairToJson(m.pairs[0] as AcvaePairWeights),
    ...(m.pairs.length > 1 ? { ensemble: m.pairs.slice(1).map(pairToJson) } : {}),
    mode: m.mode,
    threshold: Number.isFinite(m.threshold) ? m.threshold : null,
    stats: { ...m.stats },
  };
}

export function modelFromJson(j: AcvaeModelJson, module: string): AcvaeModel {
  if (typeof j !== 'object' || j === null || !Array.isArray(j.features) || typeof j.sizes !== 'object' || (j.mode !== 'contrast' && j.mode !== 'full') || (j.ensemble !== undefined && !Array.isArray(j.ensemble))) {
    throw new SnapshotError(module, 'an ACVAE model with features, sizes, mode and weights', JSON.stringify(j)?.slice(0, 80) ?? String(j));
  }
  return {
    features: j.features,
    flagFeatures: j.flagFeatures ?? [],
    sizes: j.sizes,
    scaler: MinMaxScaler.fromJSON({ min: j.scaler?.min, max: j.scaler?.max, clip: ACVAE_SCALE_CLIP, range: 'symmetric' } as never),
    pairs: [j, ...(j.ensemble ?? [])].map((p) => ({ full: decodeWeights(p.full), ano: p.ano ? decodeWeights(p.ano) : null })),
    mode: j.mode,
    threshold: j.threshold === null ? Number.POSITIVE_INFINITY : j.threshold,
    stats: j.stats,
  };
}

function pairToJson(p: AcvaePairWeights): { full: WeightsJson; ano: WeightsJson | null } {
  return { full: encodeWeights(p.full), ano: p.ano ? encodeWeights(p.ano) : null };
}

/** The score's sample paths: [L, W, Z] standard normals from a seed (same for tfjs and Float32 scoring). */
export function scoreNoise(seed: number, samples: number, window: number, latent: number): Float32Array {
  return normalArray(samples * window * latent, createRandom(seed * 7 + 104729));
}
