// Robust z detector: distance from the rolling median in robust standard deviations (1.4826·MAD).
// Reference: Hampel (1974) median/MAD outlier rule; Rousseeuw & Croux (1993) on the MAD.
import type { Features, ObservationContext, ScoreExplanation } from '@awad/core';
import { directed, directionCode, type Direction } from './direction';
import { FeatureDetector, type FeatureConfig } from './feature-detector';
import { FeatureSelection, slotOf } from './feature-selection';
import { formatScore, formatValue } from './format';
import { MAD_SCALE } from './generalized-esd';
import { sortedMad, sortedQuantile } from './order-statistics';
import { EMPTY_F32, pushWindow } from './ring-window';
import { forward, inverse, isUsable, type Transform } from './transform';
import { checkDirection, checkFeatures, checkInteger, checkKnownKeys, checkName, checkNumber, checkTransform } from './validate-options';

// Per feature: count, head, cached MAD (unscaled), then the ring and its sorted mirror.
const COUNT = 0;
const MAD = 2;
const RING = 3;

/** Options of {@link RobustZDetector}. */
export interface RobustZOptions {
  /** Name in verdict reasons (default 'robust-z'). */
  readonly name?: string;
  /** Points in the rolling window per feature (default 32). */
  readonly window?: number;
  /** Points a feature needs before it is scored, at most `window` (default 8). */
  readonly warmup?: number;
  /** Floor of the robust sd, in transformed units (default 0.02). */
  readonly minStd?: number;
  /** Value transform (default 'log'). */
  readonly transform?: Transform;
  /** Features to track (default ['*']). */
  readonly features?: readonly string[];
  /** Side of the median that scores: 'both' (default), 'up' or 'down' (the other side scores 0). */
  readonly direction?: Direction;
  /** At most this many features are tracked (default 16). */
  readonly maxFeatures?: number;
}

/** Defaults of {@link RobustZOptions}. */
export const DEFAULT_ROBUST_Z_OPTIONS: Readonly<Required<RobustZOptions>> = Object.freeze({
  name: 'robust-z',
  window: 32,
  warmup: 8,
  minStd: 0.02,
  transform: 'log',
  features: Object.freeze(['*']),
  direction: 'both',
  maxFeatures: 16,
});

class RobustZConfig implements FeatureConfig {
  readonly type = 'robust-z';
  readonly module = '@awad/stats/robust-z';
  readonly options: Readonly<Required<RobustZOptions>>;
  readonly log: boolean;
  /** Direction code (see direction.ts). */
  readonly dir: number;
  readonly stride: number;
  /** Offset of the sorted mirror in a feature's block. */
  readonly sorted: number;
  readonly selection: FeatureSelection;

  constructor(options: RobustZOptions) {
    const m = this.module;
    checkKnownKeys(m, options, Object.keys(DEFAULT_ROBUST_Z_OPTIONS));
    const d = DEFAULT_ROBUST_Z_OPTIONS;
    const window = checkInteger(m, 'window', options.window ?? d.window, 3, 4096);
    this.options = Object.freeze({
      name: checkName(m, options.name ?? d.name),
      window,
      warmup: checkInteger(m, 'warmup', options.warmup ?? d.warmup, 1, window),
      minStd: checkNumber(m, 'minStd', options.minStd ?? d.minStd, 0, Number.POSITIVE_INFINITY, 'both'),
      transform: checkTransform(m, options.transform ?? d.transform),
      features: checkFeatures(m, options.features ?? d.features),
      direction: checkDirection(m, options.direction ?? d.direction),
      maxFeatures: checkInteger(m, 'maxFeatures', options.maxFeatures ?? d.maxFeatures, 1, 1024),
    });
    this.log = this.options.transform === 'log';
    this.dir = directionCode(this.options.direction);
    this.sorted = RING + window;
    this.stride = RING + 2 * window;
    this.selection = new FeatureSelection(this.options.features, this.options.maxFeatures);
  }
}

/**
 * Robust z per feature over a rolling window: |x - median| / max(1.4826·MAD, minStd) on
 * transformed values (direction 'up': max(0, x - median) / ..., 'down' the mirror); the max
 * over features. Unlike a mean/sd z-score, a few past outliers in
 * the window barely move it. Conventional cut-off: 3.5 (Iglewicz & Hoaglin); the presets use 4.5.
 * The window is a ring plus a sorted mirror (float32): the median is O(1), the MAD is
 * recomputed in O(w/2) when a point is learned.
 *
 * @example
 * const rz = new RobustZDetector({ features: ['durationMs'], window: 32 });
 * for (const x of history) rz.learnOne(x);
 * rz.scoreOne({ durationMs: 42_000 });
 */
export class RobustZDetector extends FeatureDetector<RobustZConfig, Float32Array> {
  /** @param shared internal: the clone path, which shares the resolved configuration. */
  constructor(options: RobustZOptions = {}, shared?: unknown) {
    super(shared instanceof RobustZConfig ? shared : new RobustZConfig(options), EMPTY_F32);
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

  clone(): RobustZDetector {
    return new RobustZDetector({}, this.cfg);
  }

  protected featureScore(i: number, t: number): number {
    const c = this.cfg;
    const o = i * c.stride;
    const s = this.s;
    const n = s[o + COUNT]!;
    if (n < c.options.warmup) return Number.NaN;
    const sd = MAD_SCALE * s[o + MAD]!;
    const floor = c.options.minStd;
    const d = t - sortedQuantile(s, o + c.sorted, n, 0.5);
    return directed(c.dir, d, -d) / (sd > floor ? sd : floor);
  }

  protected explain(i: number, feature: string, value: number, score: number): ScoreExplanation {
    const o = i * this.cfg.stride;
    const centre = sortedQuantile(this.s, o + this.cfg.sorted, this.s[o + COUNT]!, 0.5);
    const expected = inverse(this.cfg.log, centre);
    const side = forward(this.cfg.log, value) >= centre ? 'above' : 'below';
    return { feature, value, expected, message: `${feature} ${formatValue(feature, value)} is ${formatScore(score)} robust sd ${side} its median ${formatValue(feature, expected)}` };
  }

  protected isWarm(i: number): boolean {
    return this.s[i * this.cfg.stride + COUNT]! >= this.cfg.options.warmup;
  }

  private learnAt(i: number, t: number): void {
    const c = this.cfg;
    const o = i * c.stride;
    const s = this.s;
    pushWindow(s, o + COUNT, o + RING, o + c.sorted, c.options.window, t);
    const n = s[o + COUNT]!;
    if (n < c.options.warmup) return;
    // The MAD costs w/2 steps even on the sorted mirror: once per learned point, not per score.
    s[o + MAD] = sortedMad(s, o + c.sorted, n, sortedQuantile(s, o + c.sorted, n, 0.5));
    this.ready = true;
  }
}
