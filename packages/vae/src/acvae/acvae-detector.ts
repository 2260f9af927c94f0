// AcvaeDetector: the ACVAE pair (model_full, model_ano), or an ensemble of pairs, as an AWAD Detector. fit() runs Algorithm 1
// with a label oracle (optionally in a worker thread); scoreOne runs Algorithm 2 for the newest
// point on exported weights in Float32Array code; learnOne feeds the window ring (and, before any
// fit, a buffer that fits the unsupervised model after `fitAfter` points). Score a = S_ano - S_full
// (= -S_diff) once anomalies are labeled, -S_full before; anomalous iff a >= threshold.
// Reference: METHODS.md section 2 (seed [003] Alg. 1, Alg. 2, Eqs. (4)-(6)).
import { readFile, writeFile } from 'node:fs/promises';
import { SnapshotError, type Detector, type DetectorConfig, type DetectorSnapshot, type Features, type ObservationContext, type ScoreExplanation } from '@awad/core';
import type { LabelOracle } from '../oracle/label-oracle';
import { writeBackground } from './background';
import { FILTER_PERIOD } from './float32-filter';
import { PairFilters, PairWindowScorers, scoredPairs, type FilterStateJson } from './pair-scores';
import { modelFromJson, modelToJson, scoreNoise, type AcvaeFitStats, type AcvaeModel, type AcvaeModelJson } from './acvae-model';
import { optionsToJson, resolveAcvaeOptions, type AcvaeOptions, type ResolvedAcvaeOptions } from './acvae-options';
import { exportScores, filterPoolScores, scorePool, trainAcvae, trainAcvaeUnsupervised, type SsmPair } from './acvae-trainer';
import { inferFeatures, prepareSeries, type AcvaeSeries } from './prepare';
import { driftingFeatures } from './drift-screen';
import { commitLevel, levelOf, newLevelState, type LevelState } from './level';
import { postSeriesScores, ScorePost } from './score-post';
import type { TrainProgress } from './ssm-training';
import { SsmVae } from './ssm-vae';

const MODULE = '@awad/vae/acvae';
const TYPE = 'acvae';
const VERSION = 1;

export interface AcvaeFitOptions {
  /** Asked for labels during the query rounds; without it ACVAE trains unsupervised (0% labels). */
  readonly oracle?: LabelOracle;
  /** Series known to be normal (an anomaly-free recording): labeled normal for free, never queried. */
  readonly normal?: readonly AcvaeSeries[];
  readonly onProgress?: (p: TrainProgress) => void;
  /** Train in a node:worker_threads worker (the event loop stays free). */
  readonly worker?: boolean;
}

/** Scores of a whole series: a per point (NaN for the first W-1) and the verdicts. */
export interface AcvaeSeriesScores {
  readonly scores: Float64Array;
  readonly isAnomaly: Uint8Array;
  readonly threshold: number;
}

export interface AcvaeModelFile {
  readonly kind: 'awad-acvae-model';
  readonly version: 1;
  readonly options: Record<string, unknown>;
  readonly model: AcvaeModelJson;
}

interface Ring {
  x: Float32Array;
  t: Float32Array;
  /** Rows held (<= W - 1), oldest first. */
  count: number;
}

export class AcvaeDetector implements Detector {
  readonly name = TYPE;
  readonly options: ResolvedAcvaeOptions;
  private model: AcvaeModel | undefined;
  private windowScorers: PairWindowScorers | undefined;
  /** Filter mode: the pairs' carried states, and the states after the last scored row (reused by learnOne). */
  private filters: PairFilters | undefined;
  private ring: Ring = { x: new Float32Array(0), t: new Float32Array(0), count: 0 };
  private last = new Float64Array(0);
  private level: LevelState = newLevelState(0);
  private pending: { x: Features; time?: number; utcOffsetMinutes?: number }[] = [];
  /** Centring and smoothing state of the stream, its position (rows learned since the model was installed), and the raw score of the last scored row. */
  private post: ScorePost;
  private position = 0;
  private version = 0;
  private lastRaw = { version: -1, row: new Float32Array(0), t: new Float32Array(0), raw: Number.NaN, scratch: new Float32Array(0), scratchT: new Float32Array(0) };
  /** The last error of an automatic fit (the live path never throws it). */
  lastError: Error | undefined;

  constructor(options: AcvaeOptions = {}) {
    this.options = resolveAcvaeOptions(options);
    this.post = new ScorePost(postOptions(this.options));
  }

  get isReady(): boolean {
    return this.model !== undefined && this.ring.count >= this.options.window - 1;
  }

  get isFitted(): boolean {
    return this.model !== undefined;
  }

  /** Anomalous iff score >= threshold (+Infinity before fitting). */
  get threshold(): number {
    return this.model?.threshold ?? Number.POSITIVE_INFINITY;
  }

  get fitStats(): AcvaeFitStats | undefined {
    return this.model?.stats;
  }

  get features(): readonly string[] | undefined {
    return this.model?.features ?? this.options.features;
  }

  /** Algorithm 1: fits both models on the series, asking `oracle` for labels within the budget. */
  async fit(series: readonly AcvaeSeries[], fitOptions: AcvaeFitOptions = {}): Promise<AcvaeFitStats> {
    let model: AcvaeModel;
    if (fitOptions.worker) {
      const { trainInWorker } = await import('./train-worker');
      model = modelFromJson(await trainInWorker(optionsToJson(this.options), series, fitOptions), MODULE);
    } else {
      model = await fitModel(this.options, series, fitOptions);
    }
    this.install(model, series[series.length - 1]);
    return model.stats;
  }

  /** Scores every point of a series in tfjs batches (L = samples); needs the backend ready. */
  scoreSeries(series: AcvaeSeries): AcvaeSeriesScores {
    const model = this.requireModel();
    if (this.options.scoring === 'filter') return this.scoreSeriesFilter(model, series);
    const { data } = prepareSeries([series], model.features, model.flagFeatures, this.options.background, model.scaler, this.options.levelRows);
    const pairs: SsmPair[] = model.pairs.map((p) => {
      const full = new SsmVae(model.sizes, 0);
      full.setWeights(p.full);
      const ano = p.ano ? new SsmVae(model.sizes, 0) : null;
      if (ano && p.ano) ano.setWeights(p.ano);
      return { full, ano };
    });
    try {
      const scores = postSeriesScores(exportScores(scorePool(data, pairs, this.options.window, this.options.samples, this.options.seed), model.mode), data.bounds, postOptions(this.options));
      return { scores, isAnomaly: scores.map((a) => (a >= model.threshold ? 1 : 0)) as unknown as Uint8Array, threshold: model.threshold };
    } finally {
      for (const p of pairs) {
        p.full.dispose();
        p.ano?.dispose();
      }
    }
  }

  private scoreSeriesFilter(model: AcvaeModel, series: AcvaeSeries): AcvaeSeriesScores {
    const o = this.options;
    const { data } = prepareSeries([series], model.features, model.flagFeatures, o.background, model.scaler, o.levelRows);
    const raw = exportScores(filterPoolScores(data, scoredPairs(model), model.sizes, o.window, o.samples, o.seed), model.mode);
    const scores = postSeriesScores(raw, data.bounds, postOptions(o));
    return { scores, isAnomaly: Uint8Array.from(scores, (v) => (v >= model.threshold ? 1 : 0)), threshold: model.threshold };
  }

  /** The same scores in Float32Array code, point by point (Algorithm 2 without tfjs). */
  scoreSeriesFast(series: AcvaeSeries): Float64Array {
    const d = new AcvaeDetector(this.options);
    d.restoreModel(this.requireModel());
    const out = new Float64Array(series.rows.length);
    series.rows.forEach((x, i) => {
      const ctx: ObservationContext = { ...(series.times ? { time: series.times[i] as number } : {}), ...(series.utcOffsetMinutes !== undefined ? { utcOffsetMinutes: series.utcOffsetMinutes } : {}) };
      out[i] = d.scoreOne(x, ctx);
      d.learnOne(x, ctx);
    });
    return out;
  }

  learnOne(x: Features, context?: ObservationContext): void {
    if (!this.model) {
      this.pending.push({ x: { ...x }, ...(context?.time !== undefined ? { time: context.time } : {}), ...(context?.utcOffsetMinutes !== undefined ? { utcOffsetMinutes: context.utcOffsetMinutes } : {}) });
      if (this.options.fitAfter > 0 && this.pending.length >= this.options.fitAfter) this.autoFit();
      else if (this.pending.length > Math.max(this.options.fitAfter, this.options.window)) this.pending.shift();
      return;
    }
    if (!this.post.isIdentity && this.isReady) this.post.commit(this.rawScoreFor(x, context), this.position);
    this.pushRow(x, context);
  }

  scoreOne(x: Features, context?: ObservationContext): number {
    if (!this.isReady) return Number.NaN;
    const { x: win, t } = this.windowWith(x, context);
    const raw = this.rawScore(win, t);
    if (!this.post.isIdentity) {
      const c = this.lastRaw;
      c.version = this.version;
      c.raw = raw;
      c.row.set(win.subarray(win.length - c.row.length));
      if (t) c.t.set(t.subarray(t.length - c.t.length));
    }
    return this.post.isIdentity ? raw : this.post.peek(raw, this.position);
  }

  /** The raw (unsmoothed) score of x as the newest point: the last scoreOne's when it scored the same row. */
  private rawScoreFor(x: Features, context: ObservationContext | undefined): number {
    const c = this.lastRaw;
    if (c.version === this.version) {
      this.scaledRow(x, c.scratch, 0, false);
      this.backgroundRow(x, context, c.scratchT, 0);
      if (c.scratch.every((v, k) => v === c.row[k]) && c.scratchT.every((v, k) => v === c.t[k])) return c.raw;
    }
    const { x: win, t } = this.windowWith(x, context);
    return this.rawScore(win, t);
  }

  private rawScore(win: Float32Array, t: Float32Array | null): number {
    return this.filters ? this.scorePeek(win, t) : this.scoreWindow(win, t);
  }

  explainOne(x: Features, context?: ObservationContext): ScoreExplanation | undefined {
    const model = this.model;
    if (!this.isReady || !model || !this.windowScorers) return undefined;
    const { x: win, t } = this.windowWith(x, context);
    const m = model.features.length;
    const detail = { mu: new Float64Array(m), sd: new Float64Array(m) };
    if (this.filters) this.scorePeek(win, t, detail);
    else this.windowScorers.score(win, t, detail);
    let worst = 0;
    let worstZ = -1;
    for (let k = 0; k < m; k++) {
      const z = Math.abs((win[(this.options.window - 1) * m + k] as number) - (detail.mu[k] as number)) / (detail.sd[k] as number);
      if (z > worstZ) {
        worstZ = z;
        worst = k;
      }
    }
    const feature = model.features[worst] as string;
    const expected = model.scaler.inverseValue(detail.mu[worst] as number, worst) + levelOf(this.level, worst, this.last[worst] as number, this.options.levelRows);
    const v = x[feature];
    const value = v !== undefined && Number.isFinite(v) ? v : (this.last[worst] as number);
    const raw = this.rawScore(win, t);
    const score = this.post.isIdentity ? raw : this.post.peek(raw, this.position);
    return { feature, value, expected, message: `${feature} ${fmt(value)} is ${worstZ.toFixed(1)} reconstruction sd from the expected ${fmt(expected)} (score ${fmt(score)}, threshold ${fmt(model.threshold)})` };
  }

  clone(): AcvaeDetector {
    return new AcvaeDetector(this.options);
  }

  getConfig(): DetectorConfig {
    return { type: TYPE, options: optionsToJson(this.options) };
  }

  snapshot(): DetectorSnapshot {
    return {
      type: TYPE,
      version: VERSION,
      state: {
        model: this.model ? modelToJson(this.model) : null,
        ring: { x: Array.from(this.ring.x), t: Array.from(this.ring.t), count: this.ring.count },
        last: Array.from(this.last, (v) => (Number.isFinite(v) ? v : null)),
        level: { sum: Array.from(this.level.sum), count: this.level.count },
        filter: this.filters ? this.filters.toJSON() : null,
        post: this.post.toJSON(),
        position: this.position,
        pending: this.pending,
      },
    };
  }

  restore(snapshot: DetectorSnapshot): void {
    if (snapshot?.type !== TYPE || snapshot.version !== VERSION) throw new SnapshotError(MODULE, `a snapshot of type "${TYPE}" version ${VERSION}`, `type ${JSON.stringify(snapshot?.type)} version ${String(snapshot?.version)}`);
    const s = snapshot.state as { model: AcvaeModelJson | null; ring: { x: number[]; t: number[]; count: number }; last: (number | null)[]; level?: { sum: number[]; count: number }; filter?: FilterStateJson | FilterStateJson[] | null; post?: { reference: number[]; recent: number[] }; position?: number; pending: AcvaeDetector['pending'] };
    if (!s || !s.ring || !Array.isArray(s.last) || !Array.isArray(s.pending)) throw new SnapshotError(MODULE, 'state with model, ring, last and pending', JSON.stringify(s)?.slice(0, 80) ?? 'nothing');
    this.model = undefined;
    this.windowScorers = undefined;
    this.filters = undefined;
    if (s.model) this.restoreModel(modelFromJson(s.model, MODULE));
    this.ring = { x: Float32Array.from(s.ring.x), t: Float32Array.from(s.ring.t), count: s.ring.count };
    this.last = Float64Array.from(s.last, (v) => (v === null ? Number.NaN : v));
    this.level = s.level ? { sum: Float64Array.from(s.level.sum), count: s.level.count } : newLevelState(this.last.length);
    const filters = this.filters as PairFilters | undefined;
    if (filters && s.filter) filters.load(s.filter);
    this.post.load(s.post);
    this.position = s.position ?? 0;
    this.version++;
    this.pending = s.pending.map((p) => ({ ...p }));
  }

  /** The trained model as a JSON-safe object (model file content). */
  toModelFile(): AcvaeModelFile {
    return { kind: 'awad-acvae-model', version: 1, options: optionsToJson(this.options), model: modelToJson(this.requireModel()) };
  }

  static fromModelFile(file: AcvaeModelFile): AcvaeDetector {
    if (file?.kind !== 'awad-acvae-model' || file.version !== 1) throw new SnapshotError(MODULE, 'an ACVAE model file (kind "awad-acvae-model", version 1)', `kind ${JSON.stringify(file?.kind)}`);
    const d = new AcvaeDetector(file.options as AcvaeOptions);
    d.restoreModel(modelFromJson(file.model, MODULE));
    return d;
  }

  async saveModel(path: string): Promise<void> {
    await writeFile(path, JSON.stringify(this.toModelFile()));
  }

  static async loadModel(path: string): Promise<AcvaeDetector> {
    let json: unknown;
    try {
      json = JSON.parse(await readFile(path, 'utf8'));
    } catch (error) {
      throw new SnapshotError(MODULE, `a JSON model file at ${path}`, error instanceof Error ? error.message : String(error));
    }
    return AcvaeDetector.fromModelFile(json as AcvaeModelFile);
  }

  /** Installs a trained model: scorers, carry-forward state and an empty ring. */
  restoreModel(model: AcvaeModel): void {
    const o = this.options;
    const noise = scoreNoise(o.seed, o.samples, o.window, model.sizes.latent);
    this.model = model;
    this.windowScorers = new PairWindowScorers(model, noise, o.samples, o.window);
    const m = model.features.length;
    this.ring = { x: new Float32Array((o.window - 1) * m), t: new Float32Array((o.window - 1) * model.sizes.background), count: 0 };
    this.last = new Float64Array(m).fill(Number.NaN);
    this.level = newLevelState(m);
    this.post.reset();
    this.position = 0;
    this.version++;
    const tb = model.sizes.background;
    this.lastRaw = { version: -1, row: new Float32Array(m), t: new Float32Array(tb), raw: Number.NaN, scratch: new Float32Array(m), scratchT: new Float32Array(tb) };
    this.filters = o.scoring === 'filter' ? new PairFilters(model, scoreNoise(o.seed, o.samples, FILTER_PERIOD, model.sizes.latent), o.samples) : undefined;
  }

  private install(model: AcvaeModel, tail: AcvaeSeries | undefined): void {
    this.restoreModel(model);
    this.pending = [];
    // Seed the ring with the end of the training data, so scoring starts at once; with level
    // alignment the new stream is its own reference, so it warms up on its first points instead.
    if (tail && this.options.levelRows === 0) {
      const from = Math.max(0, tail.rows.length - (this.options.window - 1));
      for (let i = from; i < tail.rows.length; i++) this.pushRow(tail.rows[i] as Features, { ...(tail.times ? { time: tail.times[i] as number } : {}), ...(tail.utcOffsetMinutes !== undefined ? { utcOffsetMinutes: tail.utcOffsetMinutes } : {}) });
    }
  }

  private autoFit(): void {
    const rows = this.pending;
    const series: AcvaeSeries = { rows: rows.map((p) => p.x), times: rows.map((p) => p.time ?? Number.NaN), ...(rows[0]?.utcOffsetMinutes !== undefined ? { utcOffsetMinutes: rows[0].utcOffsetMinutes } : {}) };
    try {
      const model = fitModelSync(this.options, [series]);
      this.install(model, series);
    } catch (error) {
      this.lastError = error instanceof Error ? error : new Error(String(error));
      this.pending = [];
    }
  }

  private requireModel(): AcvaeModel {
    if (!this.model) throw new SnapshotError(MODULE, 'a fitted detector (call fit() or load a model first)', 'an unfitted one');
    return this.model;
  }

  /** Scaled row of x with carry-forward of missing / non-finite values; updates `last` when commit. */
  private scaledRow(x: Features, out: Float32Array, offset: number, commit: boolean): void {
    const model = this.model as AcvaeModel;
    const rows = this.options.levelRows;
    const raws = new Float64Array(model.features.length);
    model.features.forEach((f, k) => {
      const v = x[f];
      const raw = v !== undefined && Number.isFinite(v) ? v : (this.last[k] as number);
      raws[k] = raw;
      if (commit) this.last[k] = raw;
      out[offset + k] = Number.isFinite(raw) ? model.scaler.scaleValue(raw - levelOf(this.level, k, raw, rows), k) : 0;
    });
    if (commit) commitLevel(this.level, raws, 0, rows);
  }

  private backgroundRow(x: Features, context: ObservationContext | undefined, out: Float32Array, offset: number): void {
    const model = this.model as AcvaeModel;
    if (model.sizes.background === 0) return;
    writeBackground(
      out,
      offset,
      this.options.background,
      context?.time,
      context?.utcOffsetMinutes ?? 0,
      model.flagFeatures.map((f) => x[f] ?? 0),
    );
  }

  private pushRow(x: Features, context: ObservationContext | undefined): void {
    const model = this.model as AcvaeModel;
    const m = model.features.length;
    const tb = model.sizes.background;
    const cap = this.options.window - 1;
    const ring = this.ring;
    this.version++;
    this.position++;
    if (ring.count === cap) {
      ring.x.copyWithin(0, m);
      ring.t.copyWithin(0, tb);
      ring.count--;
    }
    this.scaledRow(x, ring.x, ring.count * m, true);
    this.backgroundRow(x, context, ring.t, ring.count * tb);
    this.filters?.learn(ring.x, ring.count * m, m, tb > 0 ? ring.t : null, ring.count * tb);
    ring.count++;
  }

  /** Filter mode: steps copies of the carried states on the window's last row and scores it. */
  private scorePeek(win: Float32Array, t: Float32Array | null, detail?: { mu: Float64Array; sd: Float64Array }): number {
    const model = this.model as AcvaeModel;
    const m = model.features.length;
    const tb = model.sizes.background;
    return (this.filters as PairFilters).peek(win, (this.options.window - 1) * m, m, t, (this.options.window - 1) * tb, detail);
  }

  private windowWith(x: Features, context: ObservationContext | undefined): { x: Float32Array; t: Float32Array | null } {
    const model = this.model as AcvaeModel;
    const m = model.features.length;
    const tb = model.sizes.background;
    const w = this.options.window;
    const win = new Float32Array(w * m);
    win.set(this.ring.x);
    const saved = Float64Array.from(this.last);
    this.scaledRow(x, win, (w - 1) * m, false);
    this.last = saved;
    let t: Float32Array | null = null;
    if (tb > 0) {
      t = new Float32Array(w * tb);
      t.set(this.ring.t);
      this.backgroundRow(x, context, t, (w - 1) * tb);
    }
    return { x: win, t };
  }

  private scoreWindow(x: Float32Array, t: Float32Array | null): number {
    return (this.windowScorers as PairWindowScorers).score(x, t);
  }
}

function postOptions(o: ResolvedAcvaeOptions) {
  return { smoothing: o.smoothing, center: o.centerScores, referenceRows: o.levelRows };
}

function fmt(v: number): string {
  return Number.isFinite(v) ? String(Number(v.toPrecision(4))) : String(v);
}

function trainingInput(o: ResolvedAcvaeOptions, series: readonly AcvaeSeries[], normal: readonly AcvaeSeries[]) {
  const inferred = o.features ? [...o.features] : inferFeatures([...series, ...normal], o.flagFeatures, o.excludeFeatures);
  // excludeDrifting reads the fit series' reference rows only (never labels, never the normal recordings).
  const drifting = o.features ? [] : driftingFeatures(series, inferred, o.levelRows, o.excludeDrifting);
  const features = inferred.filter((f) => !drifting.includes(f));
  if (features.length === 0) throw new SnapshotError(MODULE, `series with at least one finite metric (not a flag, not in excludeFeatures, not drifting: ${drifting.join(', ') || 'none'})`, 'none');
  const { data, scaler } = prepareSeries([...series, ...normal], features, o.flagFeatures, o.background, undefined, o.levelRows);
  const labeledFrom = series.reduce((a, s) => a + s.rows.length, 0);
  const known = new Int8Array(data.n).fill(-1);
  known.fill(0, labeledFrom);
  // SKAB's convention: each series' reference rows (its level's first points) are normal.
  if (o.levelNormal && o.levelRows > 0) data.bounds.forEach(([from, to]) => known.fill(0, from, Math.min(to, from + o.levelRows)));
  return { data, known, features, scaler, options: o, budgetPoints: labeledFrom, drifting };
}

/** Algorithm 1 in this thread. */
export async function fitModel(o: ResolvedAcvaeOptions, series: readonly AcvaeSeries[], f: Omit<AcvaeFitOptions, 'worker'>): Promise<AcvaeModel> {
  const input = trainingInput(o, series, f.normal ?? []);
  return trainAcvae({ ...input, oracle: f.oracle, onProgress: f.onProgress });
}

function fitModelSync(o: ResolvedAcvaeOptions, series: readonly AcvaeSeries[]): AcvaeModel {
  const input = trainingInput(o, series, []);
  return trainAcvaeUnsupervised(input);
}
