// ACVAE hyperparameters with the seed's values as defaults, and their validation.
// Reference: METHODS.md section 2.7 (seed [003] §IV-D); OUR CHOICE items are marked there.
import { ConfigError } from '@awad/core';
import { VAE_TRAIN_ENGINES, type VaeTrainEngine } from '../train/train-engine';

const MODULE = '@awad/vae/acvae';

/** How the next segments to label are picked (METHODS 2.6). */
export type QueryStrategy = 'learned' | 'greedy' | 'random' | 'uncertain';
export const QUERY_STRATEGIES: readonly QueryStrategy[] = ['learned', 'greedy', 'random', 'uncertain'];

/** Background t per point: none (T = 0, SKAB style) or the 91-dim time-of-week one-hot. */
/** How a point's score is computed: the window from z_0 = 0 (seed) or a filter state carried across points. */
export type ScoringMode = 'window' | 'filter';

export type BackgroundKind = 'none' | 'time';

export interface AcvaeOptions {
  /** Metric names in model order; default: the finite features of the points seen before the first fit, sorted. */
  readonly features?: readonly string[];
  /** Background t: 'none' or 'time' (day-of-week ; hour ; minute one-hot, 91 dims). Default 'none'. */
  readonly background?: BackgroundKind;
  /** Features read as real-valued background flags (deploy flags), not as metrics. */
  readonly flagFeatures?: readonly string[];
  /** Features left out of the model when `features` is not given (e.g. sensors that drift regardless of the system's state). Default none. */
  readonly excludeFeatures?: readonly string[];
  /**
   * Leave out, when `features` is not given, every metric whose reference rows drift: the median over
   * the fit series of the shift of the second half's mean from the first half's, in sd of the first
   * half, above this value (drift-screen.ts; needs levelRows > 0). Default 0: off.
   */
  readonly excludeDrifting?: number;
  /** Window length W (30). */
  readonly window?: number;
  /** Latent dims Z (4). */
  readonly latent?: number;
  /** Hidden width of every net (100). */
  readonly hidden?: number;
  /** L2 weight on hidden kernels (1e-4). */
  readonly l2?: number;
  /** Normal-data augmentation noise std (0.01); 0 turns augmentation off. */
  readonly augmentStd?: number;
  /** Learning rates of model_full (1e-3) and model_ano (1e-4). */
  readonly learningRate?: number;
  readonly anoLearningRate?: number;
  /** Epochs of model_full (20, early stopping) and model_ano (50) per round. */
  readonly epochs?: number;
  readonly anoEpochs?: number;
  /** Early-stopping patience on validation -ELBO (3). */
  readonly patience?: number;
  /** Validation share, the last part of each series in time order (0.3). */
  readonly validationShare?: number;
  readonly batchSize?: number;
  /** Monte Carlo samples for scores (100) and for pool query features (10). */
  readonly samples?: number;
  readonly querySamples?: number;
  /** Train model_ano and export S_ano - S_full (true); false = the single-model ablation (-S_full). */
  readonly contrast?: boolean;
  /** Query strategy (learned = Q after a greedy cold start; uncertain = the segments whose scores come closest to the threshold, after a greedy cold start). */
  readonly query?: QueryStrategy;
  /** Query rounds of Algorithm 1 (3). */
  readonly rounds?: number;
  /** Contrast pairs trained from different seeds on the same labels, their scores averaged (1: the seed's one pair). */
  readonly ensemble?: number;
  /** Which code trains the two state-space VAEs: 'auto' (default: the hand-written WebAssembly SIMD step where the runtime has it), 'simd', 'tfjs'. Both take the same steps to float rounding. */
  readonly trainEngine?: VaeTrainEngine;
  /** Segments asked per round at most (20, seed). */
  readonly segmentsPerRound?: number;
  /** Share of training points the detector may have labeled (0.03). */
  readonly labelBudget?: number;
  /** Epsilon of the epsilon-greedy cold start (0.1). */
  readonly coldStartEpsilon?: number;
  /** Also train the query model on points labeled normal for free (reference rows, normal series), as many as were queried (false: the seed's queried points only). */
  readonly queryKnownNormals?: boolean;
  /** With levelNormal: the last this many reference rows of each series are held out of model_full's training, for early stopping and for the 'normal-quantile' cut, which then reads only them (0: off, the quantile reads every labeled-normal point, training rows included). */
  readonly calibrationRows?: number;
  /** Stride between training windows of unlabeled data (1); labeled windows always use stride 1. */
  readonly trainStride?: number;
  /** Unsupervised quantile threshold on -S_full when no anomaly is labeled (0.99). */
  readonly unsupervisedQuantile?: number;
  /** Per-series level alignment: shift each series by the mean of its first R points before scaling (0 = off). */
  readonly levelRows?: number;
  /** 'window' re-runs the q-net over the W-point window per point (seed); 'filter' carries the L paths' state (one step per point). */
  readonly scoring?: ScoringMode;
  /** The first levelRows points of every fit series are known normal (SKAB's convention; never queried). */
  readonly levelNormal?: boolean;
  /**
   * Threshold: best F1 on the labels with the cut at the lowest alerted score ('lowest', seed), halfway
   * into the gap below it ('margin'), or 'normal-quantile': min(best-F1 cut, the normalQuantile
   * quantile of the fit series' labeled-normal scores), which alone sets it when no anomaly is labeled.
   */
  readonly thresholdCut?: 'lowest' | 'margin' | 'normal-quantile';
  /** Quantile of labeled-normal scores for 'normal-quantile' (0.9: about 10% false alarms on normal points). */
  readonly normalQuantile?: number;
  /** model_full's windows: every window with no labeled anomaly ('all', seed) or only windows of labeled-normal points ('normal'). */
  readonly fullTraining?: 'all' | 'normal';
  /** Causal score smoothing: the exported score is the mean of the last `smoothing` raw scores of the series (1 = off). */
  readonly smoothing?: number;
  /** Subtract from each score the median raw score of its series' first levelRows points (needs levelRows > 0). */
  readonly centerScores?: boolean;
  /** Online use: points learned before the detector fits itself (no labels); 0 = only fit() trains. */
  readonly fitAfter?: number;
  readonly seed?: number;
}

export type ResolvedAcvaeOptions = Required<Omit<AcvaeOptions, 'features'>> & { readonly features: readonly string[] | undefined };

export const DEFAULT_ACVAE_OPTIONS = {
  background: 'none',
  flagFeatures: [],
  excludeFeatures: [],
  excludeDrifting: 0,
  window: 30,
  latent: 4,
  hidden: 100,
  l2: 1e-4,
  augmentStd: 0.01,
  learningRate: 1e-3,
  anoLearningRate: 1e-4,
  epochs: 20,
  anoEpochs: 50,
  patience: 3,
  validationShare: 0.3,
  batchSize: 128,
  samples: 100,
  querySamples: 10,
  contrast: true,
  query: 'learned',
  rounds: 3,
  ensemble: 1,
  trainEngine: 'auto',
  segmentsPerRound: 20,
  labelBudget: 0.03,
  coldStartEpsilon: 0.1,
  queryKnownNormals: false,
  trainStride: 1,
  unsupervisedQuantile: 0.99,
  fitAfter: 1440,
  levelRows: 0,
  calibrationRows: 0,
  scoring: 'window',
  levelNormal: false,
  thresholdCut: 'lowest',
  normalQuantile: 0.9,
  fullTraining: 'all',
  smoothing: 1,
  centerScores: false,
  seed: 1,
} as const satisfies Omit<ResolvedAcvaeOptions, 'features'>;

export function resolveAcvaeOptions(options: AcvaeOptions = {}): ResolvedAcvaeOptions {
  const o = { ...DEFAULT_ACVAE_OPTIONS, ...stripUndefined(options), features: options.features } as ResolvedAcvaeOptions;
  const int = (name: keyof ResolvedAcvaeOptions, min: number): void => {
    const v = o[name] as unknown;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw new ConfigError(MODULE, name, `an integer >= ${min}`, v);
  };
  const num = (name: keyof ResolvedAcvaeOptions, lo: number, hi: number, openLo = false): void => {
    const v = o[name] as unknown;
    if (typeof v !== 'number' || !Number.isFinite(v) || v > hi || (openLo ? v <= lo : v < lo)) throw new ConfigError(MODULE, name, `a number in ${openLo ? '(' : '['}${lo}, ${hi}]`, v);
  };
  int('window', 2);
  int('latent', 1);
  int('hidden', 1);
  int('epochs', 0);
  int('anoEpochs', 0);
  int('patience', 1);
  int('batchSize', 1);
  int('samples', 1);
  int('querySamples', 1);
  int('rounds', 1);
  int('ensemble', 1);
  int('segmentsPerRound', 1);
  int('trainStride', 1);
  int('fitAfter', 0);
  int('levelRows', 0);
  int('calibrationRows', 0);
  int('smoothing', 1);
  int('seed', 0);
  num('l2', 0, 1);
  num('augmentStd', 0, 10);
  num('learningRate', 0, 1, true);
  num('anoLearningRate', 0, 1, true);
  num('validationShare', 0, 0.9);
  num('labelBudget', 0, 1);
  num('coldStartEpsilon', 0, 1);
  num('unsupervisedQuantile', 0, 1);
  if (o.background !== 'none' && o.background !== 'time') throw new ConfigError(MODULE, 'background', '"none" or "time"', o.background);
  if (!VAE_TRAIN_ENGINES.includes(o.trainEngine)) throw new ConfigError(MODULE, 'trainEngine', `one of ${VAE_TRAIN_ENGINES.join(', ')}`, o.trainEngine);
  if (!QUERY_STRATEGIES.includes(o.query)) throw new ConfigError(MODULE, 'query', `one of ${QUERY_STRATEGIES.join(', ')}`, o.query);
  if (o.scoring !== 'window' && o.scoring !== 'filter') throw new ConfigError(MODULE, 'scoring', '"window" or "filter"', o.scoring);
  if (!['lowest', 'margin', 'normal-quantile'].includes(o.thresholdCut)) throw new ConfigError(MODULE, 'thresholdCut', '"lowest", "margin" or "normal-quantile"', o.thresholdCut);
  num('normalQuantile', 0, 1);
  if (typeof o.queryKnownNormals !== 'boolean') throw new ConfigError(MODULE, 'queryKnownNormals', 'a boolean', o.queryKnownNormals);
  if (typeof o.levelNormal !== 'boolean') throw new ConfigError(MODULE, 'levelNormal', 'a boolean', o.levelNormal);
  if (o.fullTraining !== 'all' && o.fullTraining !== 'normal') throw new ConfigError(MODULE, 'fullTraining', '"all" or "normal"', o.fullTraining);
  if (typeof o.centerScores !== 'boolean') throw new ConfigError(MODULE, 'centerScores', 'a boolean', o.centerScores);
  if (o.calibrationRows > 0 && !(o.levelNormal && o.levelRows > o.calibrationRows)) throw new ConfigError(MODULE, 'calibrationRows', 'fewer than levelRows, with levelNormal (the held-out rows are reference rows)', o.calibrationRows);
  if (o.centerScores && o.levelRows === 0) throw new ConfigError(MODULE, 'levelRows', 'levelRows > 0 with centerScores (the reference points)', o.levelRows);
  if (typeof o.contrast !== 'boolean') throw new ConfigError(MODULE, 'contrast', 'a boolean', o.contrast);
  if (!Array.isArray(o.flagFeatures) || o.flagFeatures.some((f) => typeof f !== 'string')) throw new ConfigError(MODULE, 'flagFeatures', 'an array of feature names', o.flagFeatures);
  if (typeof o.excludeDrifting !== 'number' || !(o.excludeDrifting >= 0) || !Number.isFinite(o.excludeDrifting)) throw new ConfigError(MODULE, 'excludeDrifting', 'a finite number >= 0 (0: off)', o.excludeDrifting);
  if (o.excludeDrifting > 0 && o.levelRows === 0) throw new ConfigError(MODULE, 'levelRows', 'levelRows > 0 with excludeDrifting (the reference rows it reads)', o.levelRows);
  if (!Array.isArray(o.excludeFeatures) || o.excludeFeatures.some((f) => typeof f !== 'string')) throw new ConfigError(MODULE, 'excludeFeatures', 'an array of feature names', o.excludeFeatures);
  if (o.features !== undefined) {
    if (!Array.isArray(o.features) || o.features.length === 0 || o.features.some((f) => typeof f !== 'string')) throw new ConfigError(MODULE, 'features', 'a non-empty array of feature names', o.features);
    const flags = new Set(o.flagFeatures);
    const both = o.features.find((f) => flags.has(f));
    if (both !== undefined) throw new ConfigError(MODULE, 'features', 'metrics that are not also flagFeatures', both);
    const excluded = new Set(o.excludeFeatures);
    const dropped = o.features.find((f) => excluded.has(f));
    if (dropped !== undefined) throw new ConfigError(MODULE, 'features', 'metrics that are not also excludeFeatures', dropped);
  }
  return o;
}

/** The options as plain JSON (for getConfig and model files). */
export function optionsToJson(o: ResolvedAcvaeOptions): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = Array.isArray(v) ? [...(v as unknown[])] : v;
  return out;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
