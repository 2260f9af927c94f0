// CUSUM detector: two-sided tabular CUSUM of standardized values against a slow reference.
// Reference: Page (1954), "Continuous inspection schemes"; Montgomery, Introduction to Statistical
// Quality Control, §9.1 (tabular CUSUM, k = 0.5, h = 5).
import type { Features, ObservationContext, ScoreExplanation } from '@awad/core';
import { BOTH, directed, directionCode, UP } from './direction';
import { FeatureDetector, type FeatureConfig } from './feature-detector';
import { checkFeatureOptions, type FeatureOptions } from './feature-options';
import { FeatureSelection, slotOf } from './feature-selection';
import { formatScore, formatValue } from './format';
import { forward, inverse, isUsable } from './transform';
import { checkInteger, checkKnownKeys, checkNumber } from './validate-options';

// Per feature: reference mean, reference variance, points learned, S+ (POS), S- (NEG), consecutive frozen points.
const MEAN = 0;
const VAR = 1;
const COUNT = 2;
const POS = 3;
const NEG = 4;
const FROZEN = 5;
const COUNT_CAP = 1e9;

/** Options of {@link CusumDetector}. */
export interface CusumOptions extends FeatureOptions {
  /** Weight of the newest point in the slow reference mean and variance (default 0.02). */
  readonly alpha?: number;
  /** Allowance k, in standard deviations: half the shift the chart is tuned to (default 0.5). */
  readonly k?: number;
  /**
   * Decision interval h, in standard deviations (default 5): when a learned point takes S+ (S-)
   * above h the chart has signalled, and that statistic restarts at 0. Use the stage's cut-off.
   */
  readonly decisionInterval?: number;
  /** The reference freezes while |z| exceeds this, so it does not chase a shift (default 3). */
  readonly freezeAbove?: number;
  /**
   * After this many consecutive frozen learned points the shift is accepted: the reference
   * mean re-anchors at the current value and S± restart at 0 (default 20). Without it a
   * lasting level shift would alarm forever, even after the monitor starts to learn it.
   */
  readonly maxFrozen?: number;
  /** Points a feature learns before it is scored (default 30). */
  readonly warmup?: number;
  /** Floor of the reference sd, in transformed units (default 0.02). */
  readonly minStd?: number;
}

/** Defaults of {@link CusumOptions}. */
export const DEFAULT_CUSUM_OPTIONS: Readonly<Required<CusumOptions>> = Object.freeze({
  name: 'cusum',
  alpha: 0.02,
  k: 0.5,
  decisionInterval: 5,
  freezeAbove: 3,
  maxFrozen: 20,
  warmup: 30,
  minStd: 0.02,
  transform: 'log',
  features: Object.freeze(['*']),
  direction: 'both',
  maxFeatures: 16,
});

class CusumConfig implements FeatureConfig {
  readonly type = 'cusum';
  readonly module = '@awad/stats/cusum';
  readonly stride = 6;
  readonly options: Readonly<Required<CusumOptions>>;
  readonly log: boolean;
  /** Direction code (see direction.ts). */
  readonly dir: number;
  readonly minVar: number;
  readonly selection: FeatureSelection;

  constructor(options: CusumOptions) {
    const m = this.module;
    checkKnownKeys(m, options, Object.keys(DEFAULT_CUSUM_OPTIONS));
    const d = DEFAULT_CUSUM_OPTIONS;
    const inf = Number.POSITIVE_INFINITY;
    this.options = Object.freeze({
      ...checkFeatureOptions(m, options, d, 1024),
      alpha: checkNumber(m, 'alpha', options.alpha ?? d.alpha, 0, 1, 'lo'),
      k: checkNumber(m, 'k', options.k ?? d.k, 0, inf, 'hi'),
      decisionInterval: checkNumber(m, 'decisionInterval', options.decisionInterval ?? d.decisionInterval, 0, inf, 'both'),
      freezeAbove: checkNumber(m, 'freezeAbove', options.freezeAbove ?? d.freezeAbove, 0, inf, 'lo'),
      maxFrozen: checkInteger(m, 'maxFrozen', options.maxFrozen ?? d.maxFrozen, 1),
      warmup: checkInteger(m, 'warmup', options.warmup ?? d.warmup, 2),
      minStd: checkNumber(m, 'minStd', options.minStd ?? d.minStd, 0, inf, 'both'),
    });
    this.log = this.options.transform === 'log';
    this.dir = directionCode(this.options.direction);
    this.minVar = this.options.minStd ** 2;
    this.selection = new FeatureSelection(this.options.features, this.options.maxFeatures);
  }
}

const EMPTY: number[] = [];

/**
 * Two-sided tabular CUSUM per feature on z = (x - m)/s, with m and s from a slow EWMA
 * (alpha 0.02; the running mean until 1/n falls below alpha) that freezes while |z| > 3:
 * S+ = max(0, S+ + z - k), S- = max(0, S- - z - k). The score is max(S+, S-) as it would be
 * after x (direction 'up': S+ only, 'down': S- only), so it catches small sustained shifts that
 * a point-wise z misses. As in the textbook chart, a learned point that takes S+ (S-) above the
 * decision interval h (default 5, the preset cut-off) is a signal and restarts that statistic
 * at 0; the point that crosses h still scores above h, since scoring reports S with x.
 *
 * A sequential test must see every point: `learnsAnomalies` is true, so a protecting monitor
 * still lets CUSUM learn the points it flags (otherwise S would stop at the flagged value and
 * every later point would stay flagged). The reference m, s keeps its own protection: it
 * freezes while |z| > `freezeAbove` and re-anchors after `maxFrozen` frozen points.
 *
 * @example
 * const cusum = new CusumDetector({ features: ['durationMs'] });
 * for (const x of history) cusum.learnOne(x);
 * cusum.scoreOne({ durationMs: 12_000 }); // grows point after point while durations stay high
 */
export class CusumDetector extends FeatureDetector<CusumConfig, number[]> {
  /** The statistic learns every point, the ones a monitor flags included (see the class doc). */
  readonly learnsAnomalies = true;

  /** @param shared internal: the clone path, which shares the resolved configuration. */
  constructor(options: CusumOptions = {}, shared?: unknown) {
    super(shared instanceof CusumConfig ? shared : new CusumConfig(options), EMPTY);
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

  clone(): CusumDetector {
    return new CusumDetector({}, this.cfg);
  }

  protected featureScore(i: number, t: number): number {
    const o = i * 6;
    const s = this.s;
    if (s[o + COUNT]! < this.cfg.options.warmup) return Number.NaN;
    const z = this.z(o, t);
    const k = this.cfg.options.k;
    return directed(this.cfg.dir, s[o + POS]! + z - k, s[o + NEG]! - z - k);
  }

  protected explain(i: number, feature: string, value: number, score: number): ScoreExplanation {
    const o = i * 6;
    const t = forward(this.cfg.log, value);
    const z = this.z(o, t);
    const expected = inverse(this.cfg.log, this.s[o + MEAN]!);
    const dir = this.cfg.dir;
    const side = dir === UP || (dir === BOTH && this.s[o + POS]! + z >= this.s[o + NEG]! - z) ? 'above' : 'below';
    return { feature, value, expected, message: `${feature} ${formatValue(feature, value)} continues a drift ${side} its reference ${formatValue(feature, expected)} (CUSUM ${formatScore(score)} sd)` };
  }

  protected isWarm(i: number): boolean {
    return this.s[i * 6 + COUNT]! >= this.cfg.options.warmup;
  }

  private z(o: number, t: number): number {
    const v = this.s[o + VAR]!;
    return (t - this.s[o + MEAN]!) / Math.sqrt(v > this.cfg.minVar ? v : this.cfg.minVar);
  }

  private learnAt(i: number, t: number): void {
    const c = this.cfg.options;
    const h = c.decisionInterval;
    const o = i * 6;
    const s = this.s;
    const n = s[o + COUNT]!;
    if (n === 0) {
      s[o + MEAN] = t;
      s[o + VAR] = 0;
      s[o + COUNT] = 1;
      return;
    }
    if (n >= c.warmup) {
      const z = this.z(o, t);
      const up = Math.max(0, s[o + POS]! + z - c.k);
      const down = Math.max(0, s[o + NEG]! - z - c.k);
      // Past h the chart has signalled: restart, as the tabular CUSUM does after an alarm.
      s[o + POS] = up > h ? 0 : up;
      s[o + NEG] = down > h ? 0 : down;
      if (Math.abs(z) > c.freezeAbove) {
        const frozen = s[o + FROZEN]! + 1;
        if (frozen < c.maxFrozen) {
          s[o + FROZEN] = frozen;
          return;
        }
        // A shift that lasts this long is the new normal: re-anchor, keep the scale.
        s[o + MEAN] = t;
        s[o + POS] = 0;
        s[o + NEG] = 0;
        s[o + FROZEN] = 0;
        return;
      }
      s[o + FROZEN] = 0;
    }
    // The running mean/variance until 1/(n+1) < alpha removes the start-up bias of an EWMA.
    const a = 1 / (n + 1) > c.alpha ? 1 / (n + 1) : c.alpha;
    const d = t - s[o + MEAN]!;
    s[o + MEAN] = s[o + MEAN]! + a * d;
    s[o + VAR] = (1 - a) * (s[o + VAR]! + a * d * d);
    s[o + COUNT] = n < COUNT_CAP ? n + 1 : n;
    if (n + 1 >= c.warmup) this.ready = true;
  }
}
