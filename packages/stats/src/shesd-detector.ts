// S-H-ESD detector: Seasonal Hybrid ESD over a rolling window, made streaming by caching the
// ESD state of the window and asking whether a new point would be the next outlier.
// Reference: Hochenbaum, Vallis, Kejariwal (2017); Rosner (1983); METHODS.md 5.4.
import { ConfigError, type Features, type ObservationContext, type ScoreExplanation } from '@awad/core';
import { directed, directionCode, type Direction } from './direction';
import { FeatureDetector, type FeatureConfig } from './feature-detector';
import { FeatureSelection, slotOf } from './feature-selection';
import { formatScore, formatValue } from './format';
import { detectPeriod } from './detect-period';
import { esdCriticalValues, esdKeptCount, esdKeptStart, esdOnSorted, MAD_SCALE } from './generalized-esd';
import { scratch, scratch2, sortedMad, sortedQuantile, sortPrefix } from './order-statistics';
import { EMPTY_F32, pushRing } from './ring-window';
import { forward, inverse, isUsable, type Transform } from './transform';
import { checkDirection, checkFeatures, checkInteger, checkKnownKeys, checkName, checkNumber, checkTransform } from './validate-options';

// Per feature: the ring's count and head, points since the last ESD, then the cached ESD state
// (valid flag, centre and spread of the residuals without the window's outliers, λ_{r+1}, the
// window median, the period used and the phase of the next point), the per-phase medians, the ring.
const FILLED = 0;
const HEAD = 1;
const SINCE = 2;
const VALID = 3;
const CENTRE = 4;
const SPREAD = 5;
const LAMBDA = 6;
const MEDX = 7;
const PERIOD = 8;
const PHASE0 = 9;
const HEADER = 10;

/** Options of {@link ShesdDetector}. */
export interface ShesdOptions {
  /** Name in verdict reasons (default 'shesd'). */
  readonly name?: string;
  /** Points in the rolling window per feature, n (default 64). */
  readonly window?: number;
  /**
   * Seasonal period in points: 0 = no seasonal part (default); 'auto' = the autocorrelation
   * peak in [2, n/2] when it is above 0.3, re-detected with each ESD. At most window/2.
   */
  readonly period?: number | 'auto';
  /** Significance level of each ESD test (default 0.05). */
  readonly alpha?: number;
  /** Upper bound on the outliers of a window, as a fraction of n (default 0.1). */
  readonly maxAnoms?: number;
  /** Learned points between ESD recomputations of a feature's window (default 8). */
  readonly recomputeEvery?: number;
  /** Points a feature needs before it is scored, in [8, window] (default 16). */
  readonly warmup?: number;
  /** Floor of the residual spread, in transformed units (default 0.02). */
  readonly minStd?: number;
  /** Value transform (default 'log'). */
  readonly transform?: Transform;
  /** Features to track (default ['*']). */
  readonly features?: readonly string[];
  /** Side of the baseline that scores: 'both' (default), 'up' or 'down' (the other side scores 0). The window's own ESD stays two-sided. */
  readonly direction?: Direction;
  /** At most this many features are tracked (default 16). */
  readonly maxFeatures?: number;
}

/** Defaults of {@link ShesdOptions}. */
export const DEFAULT_SHESD_OPTIONS: Readonly<Required<ShesdOptions>> = Object.freeze({
  name: 'shesd',
  window: 64,
  period: 0,
  alpha: 0.05,
  maxAnoms: 0.1,
  recomputeEvery: 8,
  warmup: 16,
  minStd: 0.02,
  transform: 'log',
  features: Object.freeze(['*']),
  direction: 'both',
  maxFeatures: 16,
});

class ShesdConfig implements FeatureConfig {
  readonly type = 'shesd';
  readonly module = '@awad/stats/shesd';
  readonly options: Readonly<Required<ShesdOptions>>;
  readonly log: boolean;
  /** Direction code (see direction.ts). */
  readonly dir: number;
  /** Slots reserved for per-phase medians. */
  readonly maxPeriod: number;
  readonly ring: number;
  readonly stride: number;
  readonly selection: FeatureSelection;
  /** λ_1..λ_{kmax+1} per window length n, computed once per stage. */
  private readonly lambdaTables: (Float64Array | undefined)[] = [];

  constructor(options: ShesdOptions) {
    const m = this.module;
    checkKnownKeys(m, options, Object.keys(DEFAULT_SHESD_OPTIONS));
    const d = DEFAULT_SHESD_OPTIONS;
    const window = checkInteger(m, 'window', options.window ?? d.window, 8, 4096);
    const period = options.period ?? d.period;
    if (period !== 'auto' && period !== 0 && !(Number.isInteger(period) && period >= 2 && period <= window / 2)) {
      throw new ConfigError(m, 'period', `0, "auto" or an integer in [2, ${Math.floor(window / 2)}] (window / 2)`, period);
    }
    this.options = Object.freeze({
      name: checkName(m, options.name ?? d.name),
      window,
      period,
      alpha: checkNumber(m, 'alpha', options.alpha ?? d.alpha, 0, 1, 'both'),
      maxAnoms: checkNumber(m, 'maxAnoms', options.maxAnoms ?? d.maxAnoms, 0, 0.4, 'lo'),
      recomputeEvery: checkInteger(m, 'recomputeEvery', options.recomputeEvery ?? d.recomputeEvery, 1),
      warmup: checkInteger(m, 'warmup', options.warmup ?? d.warmup, 8, window),
      minStd: checkNumber(m, 'minStd', options.minStd ?? d.minStd, 0, Number.POSITIVE_INFINITY, 'both'),
      transform: checkTransform(m, options.transform ?? d.transform),
      features: checkFeatures(m, options.features ?? d.features),
      direction: checkDirection(m, options.direction ?? d.direction),
      maxFeatures: checkInteger(m, 'maxFeatures', options.maxFeatures ?? d.maxFeatures, 1, 1024),
    });
    this.log = this.options.transform === 'log';
    this.dir = directionCode(this.options.direction);
    this.maxPeriod = period === 'auto' ? Math.floor(window / 2) : period;
    this.ring = HEADER + this.maxPeriod;
    this.stride = this.ring + window;
    this.selection = new FeatureSelection(this.options.features, this.options.maxFeatures);
  }

  lambdas(n: number): Float64Array {
    let table = this.lambdaTables[n];
    if (table === undefined) {
      table = esdCriticalValues(n, Math.floor(this.options.maxAnoms * n) + 1, this.options.alpha);
      this.lambdaTables[n] = table;
    }
    return table;
  }
}

let chrono = new Float64Array(256);

/**
 * Streaming S-H-ESD per feature. Every `recomputeEvery` learned points the window X (last n
 * values) is decomposed, R = X - S_phase - median(X) with S the per-phase medians (no seasonal
 * part when period is 0), and a hybrid generalized ESD (median / 1.4826·MAD) finds the window's
 * own r outliers. Cached: the centre and spread of R without them, and λ_{r+1}. A new point
 * scores (|R_x - centre| / spread) / λ_{r+1}, so score >= 1 means "x would be the next ESD
 * outlier": cut-off 1. Direction 'up' scores max(0, R_x - centre) instead ('down' the mirror). Scoring is O(1); the ESD runs in learnOne only.
 *
 * @example
 * const shesd = new ShesdDetector({ features: ['durationMs'], period: 'auto' });
 * for (const x of history) shesd.learnOne(x);
 * shesd.scoreOne({ durationMs: 42_000 }) >= 1; // an ESD outlier against the recent window
 */
export class ShesdDetector extends FeatureDetector<ShesdConfig, Float32Array> {
  /** @param shared internal: the clone path, which shares the resolved configuration. */
  constructor(options: ShesdOptions = {}, shared?: unknown) {
    super(shared instanceof ShesdConfig ? shared : new ShesdConfig(options), EMPTY_F32);
  }

  scoreOne(x: Features, _context?: ObservationContext): number {
    const names = this.layout.names;
    const log = this.cfg.log;
    let best = Number.NaN;
    for (const key in x) {
      const i = slotOf(names, key);
      if (i < 0) continue;
      const v = x[key];
      if (!isUsable(v)) continue;
      const z = this.featureScore(i, forward(log, v));
      if (!(z <= best)) best = z;
    }
    return best;
  }

  learnOne(x: Features, _context?: ObservationContext): void {
    const log = this.cfg.log;
    for (const key in x) {
      const v = x[key];
      if (!isUsable(v)) continue;
      let i = slotOf(this.layout.names, key);
      if (i < 0 && (i = this.track(key)) < 0) continue;
      this.learnAt(i, forward(log, v));
    }
  }

  clone(): ShesdDetector {
    return new ShesdDetector({}, this.cfg);
  }

  protected featureScore(i: number, t: number): number {
    const o = i * this.cfg.stride;
    const s = this.s;
    if (s[o + VALID] !== 1) return Number.NaN;
    const d = t - this.baseline(o) - s[o + CENTRE]!;
    return directed(this.cfg.dir, d, -d) / s[o + SPREAD]! / s[o + LAMBDA]!;
  }

  protected explain(i: number, feature: string, value: number, score: number): ScoreExplanation {
    const o = i * this.cfg.stride;
    const t = forward(this.cfg.log, value);
    const baseline = this.baseline(o) + this.s[o + CENTRE]!;
    const expected = inverse(this.cfg.log, baseline);
    const side = t >= baseline ? 'above' : 'below';
    const distance = Math.abs(t - baseline) / this.s[o + SPREAD]!;
    const seasonal = this.s[o + PERIOD]! > 0 ? 'seasonal ' : '';
    return {
      feature,
      value,
      expected,
      message: `${feature} ${formatValue(feature, value)} is ${formatScore(distance)} robust sd ${side} its ${seasonal}baseline ${formatValue(feature, expected)}: ${formatScore(score)}× the ESD critical value`,
    };
  }

  protected isWarm(i: number): boolean {
    return this.s[i * this.cfg.stride + VALID] === 1;
  }

  /** S_phase + median(X) for the next point: what R subtracts from it. */
  private baseline(o: number): number {
    const s = this.s;
    const p = s[o + PERIOD]!;
    const seasonal = p > 0 ? s[o + HEADER + ((s[o + PHASE0]! + s[o + SINCE]!) % p)]! : 0;
    return seasonal + s[o + MEDX]!;
  }

  private learnAt(i: number, t: number): void {
    const c = this.cfg;
    const o = i * c.stride;
    const s = this.s;
    pushRing(s, o + FILLED, o + c.ring, c.options.window, t);
    const since = s[o + SINCE]! + 1;
    s[o + SINCE] = since;
    if (s[o + FILLED]! < c.options.warmup) return;
    if (s[o + VALID] !== 1 || since >= c.options.recomputeEvery) {
      this.recompute(o);
      this.ready = true;
    }
  }

  /** Runs the seasonal decomposition and the ESD on the window of the feature at offset o. */
  private recompute(o: number): void {
    const c = this.cfg;
    const s = this.s;
    const w = c.options.window;
    const n = s[o + FILLED]!;
    const r = scratch(n);
    let p = 0;
    let xs = chrono;
    if (c.maxPeriod > 0) {
      // Phases need arrival order: the ring's oldest value is at head once it is full.
      const start = n < w ? 0 : s[o + HEAD]!;
      if (chrono.length < n) chrono = new Float64Array(n * 2);
      xs = chrono;
      for (let k = 0; k < n; k++) xs[k] = s[o + c.ring + ((start + k) % w)]!;
      p = c.options.period === 'auto' ? detectPeriod(xs, n) : c.options.period;
      if (p > 0 && n < 2 * p) p = 0; // a phase median needs at least two cycles
    }
    for (let k = 0; k < n; k++) r[k] = s[o + c.ring + k]!;
    sortPrefix(r, n);
    // Rounded as the cache stores it, so scoring subtracts exactly what the residuals did.
    const medX = Math.fround(sortedQuantile(r, 0, n, 0.5));
    if (p > 0) {
      const g = scratch2(n);
      for (let j = 0; j < p; j++) {
        let m = 0;
        for (let k = j; k < n; k += p) g[m++] = xs[k]!;
        sortPrefix(g, m);
        s[o + HEADER + j] = sortedQuantile(g, 0, m, 0.5);
      }
      for (let k = 0; k < n; k++) r[k] = xs[k]! - s[o + HEADER + (k % p)]! - medX;
      sortPrefix(r, n);
    } else {
      // Without a seasonal part R = X - median(X): a shift keeps the sorted order.
      for (let k = 0; k < n; k++) r[k] = r[k]! - medX;
    }

    const kmax = Math.floor(c.options.maxAnoms * n);
    const lambdas = c.lambdas(n);
    const outliers = esdOnSorted(r, n, kmax, lambdas, true);
    const from = esdKeptStart();
    const keep = esdKeptCount();
    const centre = sortedQuantile(r, from, keep, 0.5);
    const spread = MAD_SCALE * sortedMad(r, from, keep, centre);
    s[o + CENTRE] = centre;
    s[o + SPREAD] = spread > c.options.minStd ? spread : c.options.minStd;
    s[o + LAMBDA] = lambdas[outliers]!;
    s[o + MEDX] = medX;
    s[o + PERIOD] = p;
    s[o + PHASE0] = p > 0 ? n % p : 0;
    s[o + SINCE] = 0;
    s[o + VALID] = 1;
  }
}
