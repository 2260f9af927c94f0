// EWMA detector: exponentially weighted mean and variance per feature, scored as a z-score.
// Reference: METHODS.md 5.3 (HASH [002 §3.1]); Roberts (1959), EWMA control charts.
import type { Features, ObservationContext, ScoreExplanation } from '@awad/core';
import { directed, directionCode } from './direction';
import { FeatureDetector, type FeatureConfig } from './feature-detector';
import { checkFeatureOptions, type FeatureOptions } from './feature-options';
import { FeatureSelection, slotOf } from './feature-selection';
import { formatScore, formatValue } from './format';
import { forward, inverse, isUsable } from './transform';
import { checkInteger, checkKnownKeys, checkNumber } from './validate-options';

const COUNT_CAP = 1e9;

/** Options of {@link EwmaDetector}. */
export interface EwmaOptions extends FeatureOptions {
  /** Weight of the newest point, in (0, 1] (default 0.1). */
  readonly alpha?: number;
  /** Points a feature learns before it is scored (default 30). */
  readonly warmup?: number;
  /** Floor of the standard deviation, in transformed units (default 0.02: 2% under 'log'). */
  readonly minStd?: number;
  /**
   * When set, a learned point with z above it moves the baseline at alpha/10 (METHODS 5.3
   * protection). Default: off, because the monitor already skips learning flagged points.
   */
  readonly protectAbove?: number;
}

/** Defaults of {@link EwmaOptions}. */
export const DEFAULT_EWMA_OPTIONS: Readonly<Required<Omit<EwmaOptions, 'protectAbove'>>> = Object.freeze({
  name: 'ewma',
  alpha: 0.1,
  warmup: 30,
  minStd: 0.02,
  transform: 'log',
  features: Object.freeze(['*']),
  direction: 'both',
  maxFeatures: 16,
});

class EwmaConfig implements FeatureConfig {
  readonly type = 'ewma';
  readonly module = '@awad/stats/ewma';
  /** Per feature: mean, variance, points learned. */
  readonly stride = 3;
  readonly options: Readonly<Required<Omit<EwmaOptions, 'protectAbove'>> & Pick<EwmaOptions, 'protectAbove'>>;
  readonly log: boolean;
  /** Direction code (see direction.ts). */
  readonly dir: number;
  readonly minVar: number;
  readonly protectAbove: number;
  readonly selection: FeatureSelection;

  constructor(options: EwmaOptions) {
    const m = this.module;
    checkKnownKeys(m, options, [...Object.keys(DEFAULT_EWMA_OPTIONS), 'protectAbove']);
    const d = DEFAULT_EWMA_OPTIONS;
    const inf = Number.POSITIVE_INFINITY;
    this.options = Object.freeze({
      ...checkFeatureOptions(m, options, d, 1024),
      alpha: checkNumber(m, 'alpha', options.alpha ?? d.alpha, 0, 1, 'lo'),
      warmup: checkInteger(m, 'warmup', options.warmup ?? d.warmup, 1),
      minStd: checkNumber(m, 'minStd', options.minStd ?? d.minStd, 0, inf, 'both'),
      ...(options.protectAbove === undefined ? {} : { protectAbove: checkNumber(m, 'protectAbove', options.protectAbove, 0, inf, 'both') }),
    });
    this.log = this.options.transform === 'log';
    this.dir = directionCode(this.options.direction);
    this.minVar = this.options.minStd ** 2;
    this.protectAbove = this.options.protectAbove ?? inf;
    this.selection = new FeatureSelection(this.options.features, this.options.maxFeatures);
  }
}

const EMPTY: number[] = [];

/**
 * EWMA z-score per feature: mu_t = a·x + (1-a)·mu, var_t = (1-a)·(var + a·(x - mu)²) on
 * transformed values; score = max over features of |x - mu| / max(sd, minStd), the distance in
 * standard deviations from the moving mean (mu and var before x is learned); with direction
 * 'up' max(0, x - mu) / max(sd, minStd) ('down' the mirror). Conventional cut-off: 3 to 4 (the
 * presets use 4).
 *
 * @example
 * const ewma = new EwmaDetector({ features: ['durationMs'], alpha: 0.1 });
 * for (const x of history) ewma.learnOne(x);
 * ewma.scoreOne({ durationMs: 42_000 }); // ~7 when durations are usually 10 s ± 20%
 */
export class EwmaDetector extends FeatureDetector<EwmaConfig, number[]> {
  /** @param shared internal: the clone path, which shares the resolved configuration. */
  constructor(options: EwmaOptions = {}, shared?: unknown) {
    super(shared instanceof EwmaConfig ? shared : new EwmaConfig(options), EMPTY);
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

  clone(): EwmaDetector {
    return new EwmaDetector({}, this.cfg);
  }

  protected featureScore(i: number, t: number): number {
    const o = i * 3;
    const s = this.s;
    if (s[o + 2]! < this.cfg.options.warmup) return Number.NaN;
    const v = s[o + 1]!;
    const d = t - s[o]!;
    return directed(this.cfg.dir, d, -d) / Math.sqrt(v > this.cfg.minVar ? v : this.cfg.minVar);
  }

  protected explain(i: number, feature: string, value: number, score: number): ScoreExplanation {
    const mu = this.s[i * 3]!;
    const expected = inverse(this.cfg.log, mu);
    const side = forward(this.cfg.log, value) >= mu ? 'above' : 'below';
    return { feature, value, expected, message: `${feature} ${formatValue(feature, value)} is ${formatScore(score)} sd ${side} its moving average ${formatValue(feature, expected)}` };
  }

  protected isWarm(i: number): boolean {
    return this.s[i * 3 + 2]! >= this.cfg.options.warmup;
  }

  private learnAt(i: number, t: number): void {
    const c = this.cfg;
    const o = i * 3;
    const s = this.s;
    const n = s[o + 2]!;
    if (n === 0) {
      s[o] = t;
      s[o + 1] = 0;
    } else {
      const mu = s[o]!;
      const v = s[o + 1]!;
      const d = t - mu;
      let a = c.options.alpha;
      if (n >= c.options.warmup && Math.abs(d) > c.protectAbove * Math.sqrt(v > c.minVar ? v : c.minVar)) a *= 0.1;
      s[o] = mu + a * d;
      s[o + 1] = (1 - a) * (v + a * d * d);
    }
    s[o + 2] = n < COUNT_CAP ? n + 1 : n;
    if (n + 1 >= c.options.warmup) this.ready = true;
  }
}
