// Hotelling T² detector: Mahalanobis distance of a point from the running mean of a fixed
// feature set, with a shrunk covariance; classic multivariate SPC for fixed-schema streams.
// Reference: Hotelling (1947); Montgomery, Introduction to SQC §11.3; Ledoit & Wolf (2004)
// shrinkage towards the diagonal; Welford (1962) online covariance.
import type { Detector, DetectorConfig, DetectorSnapshot, Features, ObservationContext, ScoreExplanation } from '@awad/core';
import { cholesky } from './cholesky';
import { checkFeatureOptions, type FeatureOptions } from './feature-options';
import { FeatureSelection, type Layout } from './feature-selection';
import { formatScore, formatValue } from './format';
import { decodeNames, decodeNumbers, encodeNumbers, openSnapshot, SNAPSHOT_VERSION } from './snapshot-codec';
import { forward, inverse, isUsable, type Transform } from './transform';
import { checkInteger, checkKnownKeys, checkNumber } from './validate-options';

const TYPE = 'hotelling-t2';
const MODULE = '@awad/stats/hotelling-t2';
const COUNT_CAP = 1e12;

/** Options of {@link HotellingT2Detector}. */
export interface HotellingT2Options extends Pick<FeatureOptions, 'name' | 'transform' | 'features' | 'maxFeatures'> {
  /** Exponential forgetting of mean and covariance, in (0, 1); default: none, all points weigh the same. */
  readonly alpha?: number;
  /** Weight of the diagonal target in the shrunk covariance (1-λ)·C + λ·diag(C), in [0, 1] (default 0.1). */
  readonly shrinkage?: number;
  /** Points learned before scoring (default 2·d + 10, d = number of features). */
  readonly warmup?: number;
}

/** Defaults of {@link HotellingT2Options}. */
export const DEFAULT_HOTELLING_T2_OPTIONS = Object.freeze({
  name: 'hotelling-t2',
  features: Object.freeze(['*']) as readonly string[],
  shrinkage: 0.1,
  transform: 'none' as Transform,
  maxFeatures: 16,
});

class HotellingConfig {
  readonly options: Readonly<HotellingT2Options>;
  readonly log: boolean;
  readonly alpha: number;
  readonly shrinkage: number;
  readonly selection: FeatureSelection;
  /** The fixed set when `features` names it exactly. */
  readonly fixed: Layout | undefined;

  constructor(options: HotellingT2Options) {
    checkKnownKeys(MODULE, options, ['name', 'features', 'alpha', 'shrinkage', 'warmup', 'transform', 'maxFeatures']);
    const d = DEFAULT_HOTELLING_T2_OPTIONS;
    const resolved: HotellingT2Options = {
      ...checkFeatureOptions<'name' | 'features' | 'transform' | 'maxFeatures'>(MODULE, options, d, 64),
      ...(options.alpha === undefined ? {} : { alpha: checkNumber(MODULE, 'alpha', options.alpha, 0, 1, 'both') }),
      shrinkage: checkNumber(MODULE, 'shrinkage', options.shrinkage ?? d.shrinkage, 0, 1),
      ...(options.warmup === undefined ? {} : { warmup: checkInteger(MODULE, 'warmup', options.warmup, 2) }),
    };
    this.options = Object.freeze(resolved);
    this.log = resolved.transform === 'log';
    this.alpha = resolved.alpha ?? 0;
    this.shrinkage = resolved.shrinkage as number;
    const patterns = resolved.features as readonly string[];
    this.selection = new FeatureSelection(patterns, resolved.maxFeatures as number);
    this.fixed = patterns.some((p) => p.endsWith('*')) ? undefined : this.selection.layoutOf(patterns.slice(0, resolved.maxFeatures));
  }

  warmup(d: number): number {
    return this.options.warmup ?? 2 * d + 10;
  }
}

const EMPTY_F64 = new Float64Array(0);

/**
 * T² = (x - mu)ᵀ S⁻¹ (x - mu) / d over a fixed set of d features, so the score is about 1 on
 * normal data (a χ²_d / d variable); S is the sample covariance shrunk towards its diagonal plus
 * a tiny ridge, inverted by Cholesky and refreshed lazily after learning. Only complete points
 * (every feature finite) are learned. A point missing some features is scored on the ones it
 * has, with the marginal mean and covariance (divided by their count); none present: NaN.
 * Conventional cut-off: the χ²_d/d 99.7% quantile (about 3.5 for d = 4). For fixed-schema
 * multivariate streams (sensors), not per-task events.
 *
 * @example
 * const t2 = new HotellingT2Detector({ features: ['pressure', 'temperature', 'current'] });
 * for (const x of history) t2.learnOne(x);
 * t2.scoreOne({ pressure: 1.2, temperature: 71, current: 0.4 });
 */
export class HotellingT2Detector implements Detector {
  private readonly cfg: HotellingConfig;
  private layout: Layout | undefined;
  /** [n, mean (d), C (d·d), cholesky L (d·d), work (d)]; C is the Welford M2 or the EW covariance. */
  private s: Float64Array = EMPTY_F64;
  private stale = true;

  /** @param shared internal: the clone path, which shares the resolved configuration. */
  constructor(options: HotellingT2Options = {}, shared?: unknown) {
    this.cfg = shared instanceof HotellingConfig ? shared : new HotellingConfig(options);
    this.layout = this.cfg.fixed;
    if (this.layout) this.allocate(this.layout.names.length);
  }

  get name(): string {
    return this.cfg.options.name as string;
  }

  get isReady(): boolean {
    const d = this.layout?.names.length ?? 0;
    return d > 0 && this.s[0]! >= this.cfg.warmup(d);
  }

  scoreOne(x: Features, _context?: ObservationContext): number {
    const names = this.layout?.names;
    if (names === undefined || !this.isReady) return Number.NaN;
    const d = names.length;
    const s = this.s;
    const work = 1 + d + 2 * d * d;
    let present = 0;
    for (let j = 0; j < d; j++) {
      const v = x[names[j]!];
      if (!isUsable(v)) continue;
      s[work + present] = forward(this.cfg.log, v) - s[1 + j]!;
      present += 1;
    }
    if (present === 0) return Number.NaN;
    if (present === d) {
      if (this.stale) this.factor();
      return this.solveNorm(1 + d + d * d, d) / d;
    }
    return this.marginal(x, names) / present;
  }

  learnOne(x: Features, _context?: ObservationContext): void {
    if (this.layout === undefined && !this.fix(x)) return;
    const names = (this.layout as Layout).names;
    const d = names.length;
    const s = this.s;
    const log = this.cfg.log;
    for (let j = 0; j < d; j++) if (!isUsable(x[names[j]!])) return; // only complete points
    const n = s[0]! + 1;
    const a = this.cfg.alpha > 1 / n ? this.cfg.alpha : 1 / n;
    const work = 1 + d + 2 * d * d;
    // work holds dx = x - mean (before the update).
    for (let j = 0; j < d; j++) {
      const t = forward(log, x[names[j]!] as number);
      s[work + j] = t - s[1 + j]!;
      s[1 + j] = s[1 + j]! + a * s[work + j]!;
    }
    const c = 1 + d;
    if (this.cfg.alpha === 0) {
      // Welford: M2 += dx ⊗ (x - new mean) = dx ⊗ dx · (1 - 1/n).
      const f = 1 - 1 / n;
      for (let j = 0; j < d; j++) for (let k = 0; k < d; k++) s[c + j * d + k] = s[c + j * d + k]! + s[work + j]! * s[work + k]! * f;
    } else {
      for (let j = 0; j < d; j++) for (let k = 0; k < d; k++) s[c + j * d + k] = (1 - a) * (s[c + j * d + k]! + a * s[work + j]! * s[work + k]!);
    }
    s[0] = n < COUNT_CAP ? n : COUNT_CAP;
    this.stale = true;
  }

  explainOne(x: Features, _context?: ObservationContext): ScoreExplanation | undefined {
    const score = this.scoreOne(x);
    const names = this.layout?.names;
    if (names === undefined || Number.isNaN(score)) return undefined;
    const d = names.length;
    const cov = this.covariance();
    let best = -1;
    let bestZ = -1;
    for (let j = 0; j < d; j++) {
      const v = x[names[j]!];
      if (!isUsable(v)) continue;
      const z = Math.abs(forward(this.cfg.log, v) - this.s[1 + j]!) / Math.sqrt(cov[j * d + j]!);
      if (z > bestZ) {
        bestZ = z;
        best = j;
      }
    }
    const feature = names[best]!;
    const value = x[feature] as number;
    const expected = inverse(this.cfg.log, this.s[1 + best]!);
    return { feature, value, expected, message: `T² ${formatScore(score)} per feature; ${feature} ${formatValue(feature, value)} deviates most (${formatScore(bestZ)} sd from its mean ${formatValue(feature, expected)})` };
  }

  clone(): HotellingT2Detector {
    return new HotellingT2Detector({}, this.cfg);
  }

  getConfig(): DetectorConfig {
    return { type: TYPE, options: this.cfg.options };
  }

  snapshot(): DetectorSnapshot {
    const names = this.layout?.names ?? [];
    const d = names.length;
    return { type: TYPE, version: SNAPSHOT_VERSION, state: { names: [...names], data: encodeNumbers(this.s.subarray(0, 1 + d + d * d)) } };
  }

  restore(snapshot: DetectorSnapshot): void {
    const state = openSnapshot(MODULE, TYPE, snapshot);
    const names = decodeNames(MODULE, state.names);
    const d = names.length;
    const data = decodeNumbers(MODULE, 'data', state.data, d === 0 ? 0 : 1 + d + d * d);
    if (d === 0) {
      this.layout = this.cfg.fixed;
      this.s = EMPTY_F64;
      if (this.layout) this.allocate(this.layout.names.length);
    } else {
      this.layout = this.cfg.selection.layoutOf(names);
      this.allocate(d);
      this.s.set(data);
    }
    this.stale = true;
  }

  /** The first point with selected finite features fixes the set. */
  private fix(x: Features): boolean {
    const sel = this.cfg.selection;
    let layout = sel.root;
    for (const key in x) {
      if (layout.names.length >= sel.maxFeatures) break;
      if (isUsable(x[key]) && sel.matches(key)) layout = sel.extend(layout, key);
    }
    if (layout.names.length === 0) return false;
    this.layout = layout;
    this.allocate(layout.names.length);
    return true;
  }

  private allocate(d: number): void {
    this.s = new Float64Array(1 + d + 2 * d * d + d);
  }

  /** The shrunk, ridged covariance (d·d), freshly allocated (explanations only). */
  private covariance(): Float64Array {
    const d = (this.layout as Layout).names.length;
    const out = new Float64Array(d * d);
    this.shrunk(out, d);
    return out;
  }

  /** Writes (1-λ)·C + λ·diag(C) + ridge·I into out (row-major d·d). */
  private shrunk(out: Float64Array, d: number): void {
    const s = this.s;
    const c = 1 + d;
    const n = s[0]!;
    const scale = this.cfg.alpha === 0 ? (n > 1 ? 1 / (n - 1) : 0) : 1;
    let trace = 0;
    for (let j = 0; j < d; j++) trace += s[c + j * d + j]! * scale;
    // A tiny ridge keeps S positive definite when a feature is constant or two are collinear.
    const ridge = 1e-9 * (trace / d) + 1e-12;
    const keep = 1 - this.cfg.shrinkage;
    for (let j = 0; j < d; j++) {
      for (let k = 0; k < d; k++) out[j * d + k] = j === k ? s[c + j * d + k]! * scale + ridge : keep * s[c + j * d + k]! * scale;
    }
  }

  /** Cholesky factor of the shrunk covariance into its slot of s. */
  private factor(): void {
    const d = (this.layout as Layout).names.length;
    const l = 1 + d + d * d;
    const m = this.s.subarray(l, l + d * d);
    this.shrunk(m, d);
    cholesky(m, d);
    this.stale = false;
  }

  /** ‖L⁻¹·r‖² with r in the work slot and L at offset l (forward substitution, in place). */
  private solveNorm(l: number, d: number): number {
    const s = this.s;
    const work = 1 + d + 2 * d * d;
    let sum = 0;
    for (let j = 0; j < d; j++) {
      let v = s[work + j]!;
      for (let k = 0; k < j; k++) v -= s[l + j * d + k]! * s[work + k]!;
      v /= s[l + j * d + j]!;
      s[work + j] = v;
      sum += v * v;
    }
    return sum;
  }

  /** T² (not divided) on the present features only, with the marginal covariance. */
  private marginal(x: Features, names: readonly string[]): number {
    const d = names.length;
    const full = this.covariance();
    const idx: number[] = [];
    for (let j = 0; j < d; j++) if (isUsable(x[names[j]!])) idx.push(j);
    const k = idx.length;
    const sub = new Float64Array(k * k);
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) sub[a * k + b] = full[idx[a]! * d + idx[b]!]!;
    cholesky(sub, k);
    const work = 1 + d + 2 * d * d;
    const r = new Float64Array(k);
    for (let a = 0; a < k; a++) r[a] = this.s[work + a]!;
    let sum = 0;
    for (let a = 0; a < k; a++) {
      let v = r[a]!;
      for (let b = 0; b < a; b++) v -= sub[a * k + b]! * r[b]!;
      v /= sub[a * k + a]!;
      r[a] = v;
      sum += v * v;
    }
    return sum;
  }
}
