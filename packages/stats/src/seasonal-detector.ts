// Seasonal detector: a time-of-week baseline (level + hour-of-day + day-of-week offsets) per feature.
// Reference: Holt-Winters additive seasonality (Winters 1960) with two seasonal factors, learned
// online by exponential smoothing; Hyndman & Athanasopoulos, FPP3 §8.3.
import { ConfigError, hourOfWeek, type Features, type ObservationContext, type ScoreExplanation } from '@awad/core';
import { directed, directionCode } from './direction';
import { FeatureDetector, type FeatureConfig } from './feature-detector';
import { checkFeatureOptions, type FeatureOptions } from './feature-options';
import { FeatureSelection, slotOf } from './feature-selection';
import { formatScore, formatValue } from './format';
import { forward, inverse, isUsable } from './transform';
import { checkInteger, checkKnownKeys, checkNumber } from './validate-options';

// Per feature: level, residual variance, points learned, then the offsets.
const LEVEL = 0;
const VAR = 1;
const COUNT = 2;
const HEADER = 3;
const COUNT_CAP = 1e7; // exact in float32
/** The state before any feature is tracked: no per-clone allocation until one is seen. */
const EMPTY_F32 = new Float32Array(0);
const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** How the week is cut into seasonal offsets. */
export type SeasonalMode = 'daily-weekly' | 'hour-of-week';

/** Options of {@link SeasonalDetector}. */
export interface SeasonalOptions extends FeatureOptions {
  /**
   * 'daily-weekly' (default): 24 hour-of-day + 7 day-of-week additive offsets, 31 numbers a
   * feature, which learn fast; 'hour-of-week': 168 offsets, for weeks whose days differ in shape.
   */
  readonly mode?: SeasonalMode;
  /** Smoothing of the level and of the residual variance (default 0.05). */
  readonly alpha?: number;
  /** Smoothing of each offset towards its residual (default 0.1). */
  readonly beta?: number;
  /** Points a feature learns before it is scored (default 48). */
  readonly warmup?: number;
  /** Floor of the residual sd, in transformed units (default 0.02). */
  readonly minStd?: number;
  /**
   * Smallest difference from the baseline, in the feature's own units (ms for timings), that can
   * score above 0 (default 0: none). Millisecond jitter on a task that usually takes 1 ms is many
   * robust sd away in log space but no one's incident.
   */
  readonly minChange?: number;
}

/** Defaults of {@link SeasonalOptions}. */
export const DEFAULT_SEASONAL_OPTIONS: Readonly<Required<SeasonalOptions>> = Object.freeze({
  name: 'seasonal',
  mode: 'daily-weekly',
  alpha: 0.05,
  beta: 0.1,
  warmup: 48,
  minStd: 0.02,
  minChange: 0,
  transform: 'log',
  features: Object.freeze(['*']),
  direction: 'both',
  maxFeatures: 16,
});

class SeasonalConfig implements FeatureConfig {
  readonly type = 'seasonal';
  readonly module = '@awad/stats/seasonal';
  readonly options: Readonly<Required<SeasonalOptions>>;
  readonly log: boolean;
  /** Direction code (see direction.ts). */
  readonly dir: number;
  readonly weekly: boolean;
  readonly stride: number;
  readonly selection: FeatureSelection;

  constructor(options: SeasonalOptions) {
    const m = this.module;
    checkKnownKeys(m, options, Object.keys(DEFAULT_SEASONAL_OPTIONS));
    const d = DEFAULT_SEASONAL_OPTIONS;
    const mode = options.mode ?? d.mode;
    if (mode !== 'daily-weekly' && mode !== 'hour-of-week') throw new ConfigError(m, 'mode', '"daily-weekly" or "hour-of-week"', mode);
    this.options = Object.freeze({
      ...checkFeatureOptions(m, options, d, 1024),
      mode,
      alpha: checkNumber(m, 'alpha', options.alpha ?? d.alpha, 0, 1, 'lo'),
      beta: checkNumber(m, 'beta', options.beta ?? d.beta, 0, 1, 'lo'),
      warmup: checkInteger(m, 'warmup', options.warmup ?? d.warmup, 2),
      minStd: checkNumber(m, 'minStd', options.minStd ?? d.minStd, 0, Number.POSITIVE_INFINITY, 'both'),
      minChange: checkNumber(m, 'minChange', options.minChange ?? d.minChange, 0, Number.POSITIVE_INFINITY, 'hi'),
    });
    this.log = this.options.transform === 'log';
    this.dir = directionCode(this.options.direction);
    this.weekly = mode === 'hour-of-week';
    this.stride = HEADER + (this.weekly ? 168 : 31);
    this.selection = new FeatureSelection(this.options.features, this.options.maxFeatures);
  }
}

/**
 * Residual from a time-of-week baseline, in residual standard deviations: the prediction is
 * level + offset(hour of day) + offset(day of week) in transformed space (or level +
 * offset(hour of week)), learned online: the level by EWMA (alpha) of x minus the offsets, each
 * offset by EWMA (beta) of its own residual, the scale by EWMA of the squared residual.
 * score = |x - prediction| / max(sd, minStd) (direction 'up': max(0, x - prediction) / ...,
 * 'down' the mirror); the max over features. Needs `context.time`
 * (epoch ms; `utcOffsetMinutes` shifts the local clock): without it the detector abstains and
 * does not learn. Conventional cut-off: 3 to 4. Offsets are stored as float32.
 *
 * @example
 * const seasonal = new SeasonalDetector({ features: ['durationMs'] });
 * seasonal.learnOne({ durationMs: 9_000 }, { time: Date.parse('2026-01-05T18:00:00Z') });
 * seasonal.scoreOne({ durationMs: 20_000 }, { time: Date.parse('2026-01-12T18:00:00Z') });
 */
export class SeasonalDetector extends FeatureDetector<SeasonalConfig, Float32Array> {
  /** @param shared internal: the clone path, which shares the resolved configuration. */
  constructor(options: SeasonalOptions = {}, shared?: unknown) {
    super(shared instanceof SeasonalConfig ? shared : new SeasonalConfig(options), EMPTY_F32);
  }

  scoreOne(x: Features, context?: ObservationContext): number {
    const time = context?.time;
    if (time === undefined || !isUsable(time)) return Number.NaN;
    const how = hourOfWeek(time, context?.utcOffsetMinutes ?? 0);
    const names = this.layout.names;
    const log = this.cfg.log;
    let best = Number.NaN;
    for (const key in x) {
      const i = slotOf(names, key);
      if (i < 0) continue;
      const v = x[key];
      if (!isUsable(v)) continue;
      const z = this.zAt(i, forward(log, v), how);
      if (!(z <= best)) best = z;
    }
    return best;
  }

  learnOne(x: Features, context?: ObservationContext): void {
    const time = context?.time;
    if (time === undefined || !isUsable(time)) return;
    const how = hourOfWeek(time, context?.utcOffsetMinutes ?? 0);
    const log = this.cfg.log;
    for (const key in x) {
      const v = x[key];
      if (!isUsable(v)) continue;
      let i = slotOf(this.layout.names, key);
      if (i < 0 && (i = this.track(key)) < 0) continue;
      this.learnAt(i, forward(log, v), how);
    }
  }

  clone(): SeasonalDetector {
    return new SeasonalDetector({}, this.cfg);
  }

  protected featureScore(i: number, t: number, context?: ObservationContext): number {
    const time = context?.time;
    if (time === undefined || !isUsable(time)) return Number.NaN;
    return this.zAt(i, t, hourOfWeek(time, context?.utcOffsetMinutes ?? 0));
  }

  protected explain(i: number, feature: string, value: number, score: number, context?: ObservationContext): ScoreExplanation {
    const how = hourOfWeek(context?.time as number, context?.utcOffsetMinutes ?? 0);
    const predicted = this.predict(i * this.cfg.stride, how);
    const expected = inverse(this.cfg.log, predicted);
    const side = forward(this.cfg.log, value) >= predicted ? 'above' : 'below';
    const when = `${DAYS[Math.floor(how / 24)]} ${String(how % 24).padStart(2, '0')}:00`;
    return { feature, value, expected, message: `${feature} ${formatValue(feature, value)} is ${formatScore(score)} sd ${side} its usual ${formatValue(feature, expected)} for ${when}` };
  }

  protected isWarm(i: number): boolean {
    return this.s[i * this.cfg.stride + COUNT]! >= this.cfg.options.warmup;
  }

  private predict(o: number, how: number): number {
    const s = this.s;
    if (this.cfg.weekly) return s[o + LEVEL]! + s[o + HEADER + how]!;
    return s[o + LEVEL]! + s[o + HEADER + (how % 24)]! + s[o + HEADER + 24 + ((how / 24) | 0)]!;
  }

  private zAt(i: number, t: number, how: number): number {
    const o = i * this.cfg.stride;
    if (this.s[o + COUNT]! < this.cfg.options.warmup) return Number.NaN;
    const sd = Math.sqrt(this.s[o + VAR]!);
    const floor = this.cfg.options.minStd;
    const base = this.predict(o, how);
    const d = t - base;
    const minChange = this.cfg.options.minChange;
    if (minChange > 0 && Math.abs(inverse(this.cfg.log, t) - inverse(this.cfg.log, base)) < minChange) return 0;
    return directed(this.cfg.dir, d, -d) / (sd > floor ? sd : floor);
  }

  private learnAt(i: number, t: number, how: number): void {
    const c = this.cfg;
    const o = i * c.stride;
    const s = this.s;
    const n = s[o + COUNT]!;
    if (n === 0) {
      s[o + LEVEL] = t;
      s[o + COUNT] = 1;
      return;
    }
    const { alpha, beta } = c.options;
    // Running mean and variance while 1/(n+1) > alpha: no start-up bias towards the first point.
    const a = 1 / (n + 1) > alpha ? 1 / (n + 1) : alpha;
    const r = t - this.predict(o, how);
    s[o + VAR] = (1 - a) * s[o + VAR]! + a * r * r;
    const level = s[o + LEVEL]! + a * r;
    s[o + LEVEL] = level;
    // Each offset moves towards what is left of x after the (updated) level and the other offset.
    if (c.weekly) {
      const w = o + HEADER + how;
      s[w] = s[w]! + beta * (t - level - s[w]!);
    } else {
      const h = o + HEADER + (how % 24);
      const d = o + HEADER + 24 + ((how / 24) | 0);
      s[h] = s[h]! + beta * (t - level - s[d]! - s[h]!);
      s[d] = s[d]! + beta * (t - level - s[h]! - s[d]!);
    }
    s[o + COUNT] = n < COUNT_CAP ? n + 1 : n;
    if (n + 1 >= c.options.warmup) this.ready = true;
  }
}
