// Algorithm 1 of ACVAE made explicit: train model_full, copy it to model_ano and fine-tune it on
// the labeled anomalies, set the threshold; then rounds of (query features, train Q, pick
// segments, ask the oracle, retrain both models, new threshold).
// Reference: METHODS.md section 2.8 (seed [003] Alg. 1); rounds over a fixed pool and the
// per-round cap ceil(budget segments / rounds) are OUR CHOICE for data given all at once, as is
// `ensemble`: K pairs from K seeds trained each round on the same labels, their scores averaged
// (for the threshold, the query features and the exported model).
import { createRandom } from '@awad/core';
import { LabelBudgetError, type LabelOracle } from '../oracle/label-oracle';
import { QueryModel, QUERY_FEATURES } from '../query/query-model';
import { candidateSegments, pickSegments, uncertaintyPriority, type Segment } from '../query/segments';
import type { AcvaeFitStats, AcvaeModel, AcvaePairWeights, ScoreMode } from './acvae-model';
import { scoreNoise } from './acvae-model';
import type { ResolvedAcvaeOptions, ScoringMode } from './acvae-options';
import { filterSeriesScores, Float32SsmFilter, FILTER_PERIOD } from './float32-filter';
import type { MinMaxScaler } from '../window/min-max-scaler';
import { gatherWindows, windowStarts, type SeriesData } from './series-data';
import { fineTuneAno, trainFull, type TrainProgress } from './ssm-training';
import { postSeriesScores } from './score-post';
import { SsmVae, type SsmSizes } from './ssm-vae';
import { acvaeThreshold } from './threshold';

export interface TrainAcvaeInput {
  readonly data: SeriesData;
  /** Known-normal points (e.g. an anomaly-free recording): 0 there, -1 elsewhere. Never sent to the oracle. */
  readonly known: Int8Array;
  readonly features: readonly string[];
  readonly scaler: MinMaxScaler;
  readonly options: ResolvedAcvaeOptions;
  readonly oracle?: LabelOracle | undefined;
  readonly onProgress?: ((p: TrainProgress) => void) | undefined;
  /** Points of the fit series (the first ones of data; the rest are extra normal recordings): the label budget is a share of them (default: the points not known normal). */
  readonly budgetPoints?: number;
  /** Metrics the drift screen left out, for the fit stats. */
  readonly drifting?: readonly string[];
}

/** Per-point scores of every window's last point (NaN for the first W-1 points of each series). */
export interface PoolScores {
  readonly sFull: Float64Array;
  readonly sigFull: Float64Array;
  readonly sAno: Float64Array;
  readonly sigAno: Float64Array;
}

/** A contrast pair being trained: model_full and model_ano (null while no anomaly is labeled). */
export interface SsmPair {
  readonly full: SsmVae;
  readonly ano: SsmVae | null;
}

/** 1 on the last `rows` of each series' first `levelRows` points (the held-out reference rows). */
export function calibrationMask(bounds: readonly (readonly [number, number])[], n: number, levelRows: number, rows: number): Uint8Array {
  const mask = new Uint8Array(n);
  for (const [from, to] of bounds) mask.fill(1, Math.min(to, from + levelRows - rows), Math.min(to, from + levelRows));
  return mask;
}

/** The pool scores of each pair, averaged over the pairs (an ensemble's; one pair's as they are). */
export function scorePool(data: SeriesData, pairs: readonly SsmPair[], window: number, samples: number, seed: number, scoring: ScoringMode = 'window'): PoolScores {
  if (scoring === 'filter') {
    const weights = pairs.map((p) => ({ full: p.full.weights(), ano: p.ano?.weights() ?? null }));
    return filterPoolScores(data, weights, (pairs[0] as SsmPair).full.sizes, window, samples, seed);
  }
  return meanPool(
    pairs.map((p) => windowPoolScores(data, p.full, p.ano, window, samples, seed)),
    data.n,
  );
}

/** scorePool with `scoring: 'filter'` on exported weights (Float32SsmFilter; no tfjs). */
export function filterPoolScores(data: SeriesData, pairs: readonly AcvaePairWeights[], sizes: SsmSizes, window: number, samples: number, seed: number): PoolScores {
  const noise = scoreNoise(seed, samples, FILTER_PERIOD, sizes.latent);
  const each = pairs.map((p) => {
    const f = filterSeriesScores(data, new Float32SsmFilter(p.full, sizes, noise, samples), window);
    const a = p.ano ? filterSeriesScores(data, new Float32SsmFilter(p.ano, sizes, noise, samples), window) : f;
    return { sFull: f.s, sigFull: f.sigma, sAno: a.s, sigAno: a.sigma };
  });
  return meanPool(each, data.n);
}

/** The mean of each field over the pairs' pool scores (one pair's as they are). */
function meanPool(each: readonly PoolScores[], n: number): PoolScores {
  if (each.length === 1) return each[0] as PoolScores;
  const mean = (key: keyof PoolScores): Float64Array => {
    const out = new Float64Array(n);
    for (const p of each) for (let i = 0; i < n; i++) out[i] = (out[i] as number) + (p[key][i] as number) / each.length;
    return out;
  };
  return { sFull: mean('sFull'), sigFull: mean('sigFull'), sAno: mean('sAno'), sigAno: mean('sigAno') };
}

/** One pair's pool scores on tfjs, the window from z_0 = 0 per point (scoring 'window'). */
function windowPoolScores(data: SeriesData, full: SsmVae, ano: SsmVae | null, window: number, samples: number, seed: number): PoolScores {
  const n = data.n;
  const starts = windowStarts(data, window, 1);
  const out: PoolScores = { sFull: new Float64Array(n).fill(Number.NaN), sigFull: new Float64Array(n).fill(Number.NaN), sAno: new Float64Array(n).fill(Number.NaN), sigAno: new Float64Array(n).fill(Number.NaN) };
  const noise = scoreNoise(seed, samples, window, full.sizes.latent);
  const chunk = 2048;
  for (let i = 0; i < starts.length; i += chunk) {
    const part = starts.slice(i, i + chunk);
    const { x, t } = gatherWindows(data, part, window);
    const f = full.scoreWindows(x, t, part.length, noise, samples, window);
    const a = ano ? ano.scoreWindows(x, t, part.length, noise, samples, window) : f;
    part.forEach((s, k) => {
      const p = s + window - 1;
      out.sFull[p] = f.s[k] as number;
      out.sigFull[p] = f.sigma[k] as number;
      out.sAno[p] = a.s[k] as number;
      out.sigAno[p] = a.sigma[k] as number;
    });
  }
  return out;
}

/** Exported score a per point: S_ano - S_full in contrast mode, -S_full otherwise. */
export function exportScores(p: PoolScores, mode: ScoreMode): Float64Array {
  return p.sFull.map((s, i) => (mode === 'contrast' ? (p.sAno[i] as number) - s : -s));
}

/** Algorithm 1 with the oracle: rounds of query and retraining. */
export async function trainAcvae(input: TrainAcvaeInput): Promise<AcvaeModel> {
  const training = createTraining(input);
  try {
    training.trainModels(0);
    for (let round = 1; round <= input.options.rounds; round++) {
      const indices = training.nextQuery(round);
      if (indices.length === 0) break;
      try {
        training.apply(indices, await (input.oracle as LabelOracle)(indices));
      } catch (error) {
        if (!(error instanceof LabelBudgetError)) throw error;
        break;
      }
      training.trainModels(round);
    }
    return training.result();
  } finally {
    training.dispose();
  }
}

/** Algorithm 1 without labels (lines 1-5 only): the unsupervised ACVAE, synchronous. */
export function trainAcvaeUnsupervised(input: Omit<TrainAcvaeInput, 'oracle'>): AcvaeModel {
  const training = createTraining(input);
  try {
    training.trainModels(0);
    return training.result();
  } finally {
    training.dispose();
  }
}

interface Training {
  trainModels(round: number): void;
  /** The points to ask about in this round (empty = stop). */
  nextQuery(round: number): number[];
  apply(indices: readonly number[], answer: Uint8Array): void;
  result(): AcvaeModel;
  dispose(): void;
}

function createTraining(input: TrainAcvaeInput): Training {
  const began = performance.now();
  const { data, options: o } = input;
  const W = o.window;
  const post = { smoothing: o.smoothing, center: o.centerScores, referenceRows: o.levelRows };
  const random = createRandom(o.seed * 31 + 5);
  const sizes = { metrics: data.m, background: data.tdim, latent: o.latent, hidden: o.hidden };
  const labels = Int8Array.from(input.known);
  const queried = new Set<number>();
  const trainingPoints = input.budgetPoints ?? labels.reduce((a, l) => a + (l === 0 ? 0 : 1), 0);
  const seriesPoints = input.budgetPoints ?? data.n;
  const budget = Math.floor(o.labelBudget * trainingPoints);
  const budgetSegments = Math.floor(budget / W);
  const perRound = Math.min(o.segmentsPerRound, Math.max(1, Math.ceil(budgetSegments / o.rounds)));
  let queries = 0;
  const oracleClosed = !input.oracle || budgetSegments === 0;

  // Pair k trains from its own seed (pair 0 from o.seed, as with one pair) on the same labels.
  const pairSeed = (k: number): number => o.seed + k * 7919;
  const fulls = Array.from({ length: o.ensemble }, (_, k) => new SsmVae(sizes, pairSeed(k)));
  let anos: (SsmVae | null)[] = fulls.map(() => null);
  const pairs = (): SsmPair[] => fulls.map((full, k) => ({ full, ano: anos[k] ?? null }));
  const query = o.query === 'learned' ? new QueryModel({ seed: o.seed }) : null;
  let mode: ScoreMode = 'full';
  let threshold = Number.POSITIVE_INFINITY;
  let thresholdF1 = 0;
  let pool: PoolScores | undefined;
  let rounds = 0;

  const pointSeries = new Int32Array(data.n);
  data.bounds.forEach(([a, b], k) => pointSeries.fill(k, a, b));
  const inValidation = (start: number): boolean => {
    const [a, b] = data.bounds[pointSeries[start] as number] as readonly [number, number];
    return start + W - 1 >= a + Math.floor((1 - o.validationShare) * (b - a));
  };
  // calibrationRows: the last reference rows of each series, never trained on (OUR CHOICE).
  const calibration = o.calibrationRows > 0 ? calibrationMask(data.bounds, data.n, o.levelRows, o.calibrationRows) : undefined;
  const heldOut = (start: number): boolean => {
    if (calibration === undefined) return false;
    for (let i = start; i < start + W; i++) if (calibration[i] === 1) return true;
    return false;
  };

  const trainModels = (round: number): void => {
    const anomalousIn = (s: number): boolean => {
      for (let i = s; i < s + W; i++) if (labels[i] === 1) return true;
      return false;
    };
    const labeledWindows = windowStarts(data, W, 1).filter((s) => {
      for (let i = s; i < s + W; i++) if ((labels[i] as number) >= 0 && !(input.known[i] === 0 && labels[i] === 0)) return true;
      return false;
    });
    const allNormal = (s: number): boolean => {
      for (let i = s; i < s + W; i++) if (labels[i] !== 0) return false;
      return true;
    };
    const strided = new Set([...windowStarts(data, W, o.trainStride), ...labeledWindows]);
    const xFull = [...strided].filter(o.fullTraining === 'normal' ? allNormal : (s) => !anomalousIn(s)).sort((a, b) => a - b);
    const train = xFull.filter((s) => !inValidation(s) && !heldOut(s));
    const validation = xFull.filter((s) => inValidation(s) || heldOut(s));
    const normal = train.filter((s) => labels[s + W - 1] === 0);
    const xAno = windowStarts(data, W, 1).filter(anomalousIn);
    for (const ano of anos) ano?.dispose();
    mode = o.contrast && xAno.length > 0 ? 'contrast' : 'full';
    anos = fulls.map((full, k) => {
      const seed = pairSeed(k);
      trainFull(full, data, train, normal, validation, { window: W, epochs: o.epochs, patience: o.patience, batchSize: o.batchSize, learningRate: o.learningRate, l2: o.l2, augmentStd: o.augmentStd, seed: seed + round * 1009, round, engine: o.trainEngine, onProgress: input.onProgress });
      if (mode !== 'contrast') return null;
      const ano = new SsmVae(sizes, seed);
      ano.setWeights(full.weights());
      fineTuneAno(ano, data, xAno, labels, { window: W, epochs: o.anoEpochs, batchSize: o.batchSize, learningRate: o.anoLearningRate, l2: o.l2, seed: seed + round * 2003, round, engine: o.trainEngine, onProgress: input.onProgress });
      return ano;
    });
    pool = scorePool(data, pairs(), W, o.querySamples, o.seed, o.scoring);
    setThreshold(pool);
  };

  /** Threshold on the exported (centred, smoothed) scores of the pool and the labels known now. */
  const setThreshold = (p: PoolScores): void => {
    const t = acvaeThreshold(postSeriesScores(exportScores(p, mode), data.bounds, post), labels, seriesPoints, { cut: o.thresholdCut, normalQuantile: o.normalQuantile, unsupervisedQuantile: o.unsupervisedQuantile }, calibration);
    threshold = t.threshold;
    thresholdF1 = t.f1;
  };

  /**
   * Up to `count` points labeled normal for free (reference rows, normal series; never queried),
   * evenly spaced over them: extra negatives for Q (`queryKnownNormals`, OUR CHOICE).
   */
  const knownNormalSample = (count: number, a: Float64Array): number[] => {
    const free: number[] = [];
    for (let i = 0; i < data.n; i++) if (input.known[i] === 0 && !queried.has(i) && Number.isFinite(a[i] as number)) free.push(i);
    if (free.length <= count) return free;
    return Array.from({ length: count }, (_, k) => free[Math.floor(((k + 0.5) * free.length) / count)] as number);
  };

  const nextQuery = (round: number): number[] => {
    if (oracleClosed) return [];
    rounds = round;
    const p = pool as PoolScores;
    const a = exportScores(p, mode);
    const smoothed = postSeriesScores(a, data.bounds, post);
    // Query features V_i = (S_full, S_diff, sig_full, sig_ano), S_diff = -(S_ano - S_full).
    const v = new Float64Array(data.n * QUERY_FEATURES);
    for (let i = 0; i < data.n; i++) {
      v[i * 4] = p.sFull[i] as number;
      v[i * 4 + 1] = (p.sFull[i] as number) - (p.sAno[i] as number);
      v[i * 4 + 2] = p.sigFull[i] as number;
      v[i * 4 + 3] = p.sigAno[i] as number;
    }
    let priority: Float64Array;
    let epsilon = o.coldStartEpsilon;
    const asked = [...queried].filter((i) => Number.isFinite(a[i] as number));
    const q = o.queryKnownNormals ? [...asked, ...knownNormalSample(asked.length, a)] : asked;
    const qLabels = q.map((i) => labels[i] as number);
    if (o.query === 'random') {
      priority = new Float64Array(data.n);
      epsilon = 1;
    } else if (o.query === 'uncertain' && mode === 'contrast') {
      priority = uncertaintyPriority(smoothed, threshold);
      epsilon = 0;
    } else if (query && qLabels.includes(1) && qLabels.includes(0)) {
      query.normalise(v);
      query.train(
        v,
        q,
        qLabels,
        q.map((i, k) => (((smoothed[i] as number) >= threshold ? 1 : 0) ^ (qLabels[k] as number))),
      );
      input.onProgress?.({ phase: 'query', round, epoch: query.epochs, epochs: query.epochs, loss: Number.NaN });
      const rows = [...Array(data.n).keys()];
      priority = query.predict(v, rows).map((x, i) => (Number.isFinite(a[i] as number) ? x : Number.NaN));
      epsilon = 0;
    } else {
      priority = a;
    }
    const k = Math.min(perRound, Math.floor((budget - queried.size) / W));
    if (k <= 0) return [];
    const chosen: Segment[] = pickSegments(candidateSegments(data.bounds, labels, W), priority, k, epsilon, random);
    return chosen.flatMap((seg) => Array.from({ length: seg.to - seg.from }, (_, j) => seg.from + j));
  };

  const apply = (indices: readonly number[], answer: Uint8Array): void => {
    queries++;
    indices.forEach((i, j) => {
      labels[i] = (answer[j] as number) > 0 ? 1 : 0;
      queried.add(i);
    });
  };

  const result = (): AcvaeModel => {
    // The final threshold sits on scores computed as they will be exported (L = samples, not L_q).
    if (o.samples !== o.querySamples) setThreshold(scorePool(data, pairs(), W, o.samples, o.seed, o.scoring));
    const stats: AcvaeFitStats = {
      points: data.n,
      labeled: queried.size,
      labeledAnomalous: [...queried].filter((i) => labels[i] === 1).length,
      queries,
      rounds,
      thresholdF1,
      seconds: (performance.now() - began) / 1000,
      ...(input.drifting && input.drifting.length > 0 ? { drifting: [...input.drifting] } : {}),
    };
    const weights = pairs().map((p) => ({ full: p.full.weights(), ano: p.ano?.weights() ?? null }));
    return { features: input.features, flagFeatures: [...o.flagFeatures], sizes, scaler: input.scaler, pairs: weights, mode, threshold, stats };
  };

  return {
    trainModels,
    nextQuery,
    apply,
    result,
    dispose() {
      for (const p of pairs()) {
        p.full.dispose();
        p.ano?.dispose();
      }
      query?.dispose();
    },
  };
}
