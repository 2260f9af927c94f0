// S-H-ESD detector: Seasonal Hybrid ESD over a rolling window, made streaming by caching the
// ESD state of the window and asking whether a new point would be the next outlier.
// Reference: Hochenbaum, Vallis, Kejariwal (2017); Rosner (1983); METHODS.md 5.4.
import { blockChronological, blockCount, blockSorted, ConfigError, MAX_HISTORY_FEATURES, type Features, type ObservationContext, type ScoreExplanation, type WindowSlab } from '@awad/core';
import { directed, directionCode } from './direction';
import { checkFeatureOptions, type FeatureOptions } from './feature-options';
import { FeatureSelection, slotOf } from './feature-selection';
import { formatScore, formatValue } from './format';
import { detectPeriod } from './detect-period';
import { esdCriticalValues, esdKeptCount, esdKeptStart, esdOnSorted, MAD_SCALE } from './generalized-esd';
import { scratch, scratch2, sortedMad, sortedQuantile, sortPrefix } from './order-statistics';
import { forward, inverse, isUsable } from './transform';
import { checkInteger, checkKnownKeys, checkNumber } from './validate-options';
import { WindowDetector, type WindowConfig } from './window-detector';

// Per feature, besides its window: points learned since the last ESD, then the cached ESD state:
// the spread of the residuals without the window's outliers (0 until the first ESD: the spread
// is floored at minStd > 0), λ_{r+1}, the level (the window median plus the centre of those
// residuals) and, only when a period is possible, the period used, the phase of the next point
// and the per-phase medians.
const SINCE = 0;
const SPREAD = 1;
const LAMBDA = 2;
const LEVEL = 3;
const PERIOD = 4;
const PHASE0 = 5;
const PHASES = 6;

/** Options of {@link ShesdDetector}. */
export interface ShesdOptions extends FeatureOptions {
  /**
   * Points in the rolling window per feature, n (default 64; the monitor suite
   * {@link extraStages} uses 32 so that every window-based stage reads the same per-series window).
   */
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

class ShesdConfig implements WindowConfig {
  readonly type = 'shesd';
  readonly module = '@awad/stats/shesd';
  readonly options: Readonly<Required<ShesdOptions>>;
  readonly log: boolean;
  /** Direction code (see direction.ts). */
  readonly dir: number;
  /** Slots reserved for per-phase medians. */
  readonly maxPeriod: number;
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
      ...checkFeatureOptions(m, options, d, MAX_HISTORY_FEATURES),
      window,
      period,
      alpha: checkNumber(m, 'alpha', options.alpha ?? d.alpha, 0, 1, 'both'),
      maxAnoms: checkNumber(m, 'maxAnoms', options.maxAnoms ?? d.maxAnoms, 0, 0.4, 'lo'),
      recomputeEvery: checkInteger(m, 'recomputeEvery', options.recomputeEvery ?? d.recomputeEvery, 1),
      warmup: checkInteger(m, 'warmup', options.warmup ?? d.warmup, 8, window),
      minStd: checkNumber(m, 'minStd', options.minStd ?? d.minStd, 0, Number.POSITIVE_INFINITY, 'both'),
    });
    this.log = this.options.transform === 'log';
    this.dir = directionCode(this.options.direction);
    this.maxPeriod = period === 'auto' ? Math.floor(window / 2) : period;
    this.stride = this.maxPeriod > 0 ? PHASES + this.maxPeriod : PERIOD;
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
 * The window holds raw values (the series' shared history or the detector's own: see
 * {@link WindowDetector}); the ESD reads them transformed, in arrival order for the phases and
 * from the sorted mirror otherwise. Per feature the detector keeps only the ESD cache.
 *
 * @example
 * const shesd = new ShesdDetector({ features: ['durationMs'], period: 'auto' });
 * for (const x of history) shesd.learnOne(x);
 * shesd.scoreOne({ durationMs: 42_000 }) >= 1; // an ESD outlier against the recent window
 */
export class ShesdDetector extends WindowDetector<ShesdConfig> {
  /** @param shared internal: the clone path, which shares the resolved configuration. */
  constructor(options: ShesdOptions = {}, shared?: unknown) {
    super(shared instanceof ShesdConfig ? shared : new ShesdConfig(options));
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

  /** Counts the point and, once warm, reruns the ESD every `recomputeEvery` points (or until it has a spread). */
  protected override learnedAt(i: number, slab: WindowSlab | undefined, block: number): void {
    const c = this.cfg;
    const o = i * c.stride;
    const s = this.s;
    const since = s[o + SINCE]! + 1;
    s[o + SINCE] = since;
    if (block < 0 || blockCount((slab as WindowSlab).data, block) < c.options.warmup) return;
    if (!(s[o + SPREAD]! > 0) || since >= c.options.recomputeEvery) {
      this.recompute(o, (slab as WindowSlab).data, block);
      this.ready = true;
    }
  }

  clone(): ShesdDetector {
    return new ShesdDetector({}, this.cfg);
  }

  /** Scoring reads only the cache: the window is read when the cache is recomputed. */
  protected featureScore(i: number, t: number): number {
    const o = i * this.cfg.stride;
    const s = this.s;
    const spread = s[o + SPREAD]!;
    if (!(spread > 0)) return Number.NaN; // no ESD yet
    const d = t - this.baseline(o);
    return directed(this.cfg.dir, d, -d) / spread / s[o + LAMBDA]!;
  }

  protected explain(i: number, feature: string, value: number, score: number): ScoreExplanation {
    const o = i * this.cfg.stride;
    const t = forward(this.cfg.log, value);
    const baseline = this.baseline(o);
    const expected = inverse(this.cfg.log, baseline);
    const side = t >= baseline ? 'above' : 'below';
    const distance = Math.abs(t - baseline) / this.s[o + SPREAD]!;
    const seasonal = this.cfg.maxPeriod > 0 && this.s[o + PERIOD]! > 0 ? 'seasonal ' : '';
    return {
      feature,
      value,
      expected,
      message: `${feature} ${formatValue(feature, value)} is ${formatScore(distance)} robust sd ${side} its ${seasonal}baseline ${formatValue(feature, expected)}: ${formatScore(score)}× the ESD critical value`,
    };
  }

  /** S_phase + median(X) + centre for the next point: what a value is compared to. */
  private baseline(o: number): number {
    const s = this.s;
    if (this.cfg.maxPeriod === 0) return s[o + LEVEL]!;
    const p = s[o + PERIOD]!;
    const seasonal = p > 0 ? s[o + PHASES + ((s[o + PHASE0]! + s[o + SINCE]!) % p)]! : 0;
    return seasonal + s[o + LEVEL]!;
  }

  /**
   * Runs the seasonal decomposition and the ESD on the window block at b of `data` (raw values,
   * transformed here) and caches the result at o.
   */
  private recompute(o: number, data: Float32Array, b: number): void {
    const c = this.cfg;
    const s = this.s;
    const w = c.options.window;
    const log = c.log;
    const n = blockCount(data, b);
    const r = scratch(n);
    let p = 0;
    let xs = chrono;
    if (c.maxPeriod > 0) {
      // Phases need arrival order.
      if (chrono.length < n) chrono = new Float64Array(n * 2);
      xs = chrono;
      for (let k = 0; k < n; k++) xs[k] = forward(log, blockChronological(data, b, w, k));
      p = c.options.period === 'auto' ? detectPeriod(xs, n) : c.options.period;
      if (p > 0 && n < 2 * p) p = 0; // a phase median needs at least two cycles
    }
    // The transform is monotone: the transformed sorted mirror is sorted.
    const sorted = blockSorted(b, w);
    for (let k = 0; k < n; k++) r[k] = forward(log, data[sorted + k]!);
    const medX = sortedQuantile(r, 0, n, 0.5);
    if (p > 0) {
      const g = scratch2(n);
      for (let j = 0; j < p; j++) {
        let m = 0;
        for (let k = j; k < n; k += p) g[m++] = xs[k]!;
        sortPrefix(g, m);
        s[o + PHASES + j] = sortedQuantile(g, 0, m, 0.5);
      }
      for (let k = 0; k < n; k++) r[k] = xs[k]! - s[o + PHASES + (k % p)]! - medX;
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
    s[o + SPREAD] = spread > c.options.minStd ? spread : c.options.minStd;
    s[o + LAMBDA] = lambdas[outliers]!;
    s[o + LEVEL] = medX + centre;
    if (c.maxPeriod > 0) {
      s[o + PERIOD] = p;
      s[o + PHASE0] = p > 0 ? n % p : 0;
    }
    s[o + SINCE] = 0;
  }
}
