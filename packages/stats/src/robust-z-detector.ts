// Robust z detector: distance from the rolling median in robust standard deviations (1.4826·MAD).
// Reference: Hampel (1974) median/MAD outlier rule; Rousseeuw & Croux (1993) on the MAD.
import { blockCount, blockSorted, MAX_HISTORY_FEATURES, type Features, type ObservationContext, type ScoreExplanation, type WindowSlab } from '@awad/core';
import { directed, directionCode } from './direction';
import { checkFeatureOptions, type FeatureOptions } from './feature-options';
import { FeatureSelection, slotOf } from './feature-selection';
import { formatScore, formatValue } from './format';
import { MAD_SCALE } from './generalized-esd';
import { sortedMad, sortedQuantile } from './order-statistics';
import { forward, inverse, isUsable } from './transform';
import { checkInteger, checkKnownKeys, checkNumber } from './validate-options';
import { WindowDetector, type WindowConfig } from './window-detector';

// Per feature, besides its window: the MAD (unscaled, transformed units) as of the last learned point.
const MAD = 0;

/** Options of {@link RobustZDetector}. */
export interface RobustZOptions extends FeatureOptions {
  /** Points in the rolling window per feature (default 32). */
  readonly window?: number;
  /** Points a feature needs before it is scored, at most `window` (default 8). */
  readonly warmup?: number;
  /** Floor of the robust sd, in transformed units (default 0.02). */
  readonly minStd?: number;
  /**
   * Smallest difference from the baseline, in the feature's own units (ms for timings), that can
   * score above 0 (default 0: none). Millisecond jitter on a task that usually takes 1 ms is many
   * robust sd away in log space but no one's incident.
   */
  readonly minChange?: number;
}

/** Defaults of {@link RobustZOptions}. */
export const DEFAULT_ROBUST_Z_OPTIONS: Readonly<Required<RobustZOptions>> = Object.freeze({
  name: 'robust-z',
  window: 32,
  warmup: 8,
  minStd: 0.02,
  minChange: 0,
  transform: 'log',
  features: Object.freeze(['*']),
  direction: 'both',
  maxFeatures: 16,
});

class RobustZConfig implements WindowConfig {
  readonly type = 'robust-z';
  readonly module = '@awad/stats/robust-z';
  readonly options: Readonly<Required<RobustZOptions>>;
  readonly log: boolean;
  /** Direction code (see direction.ts). */
  readonly dir: number;
  readonly stride = 1;
  readonly selection: FeatureSelection;

  constructor(options: RobustZOptions) {
    const m = this.module;
    checkKnownKeys(m, options, Object.keys(DEFAULT_ROBUST_Z_OPTIONS));
    const d = DEFAULT_ROBUST_Z_OPTIONS;
    const window = checkInteger(m, 'window', options.window ?? d.window, 3, 4096);
    this.options = Object.freeze({
      ...checkFeatureOptions(m, options, d, MAX_HISTORY_FEATURES),
      window,
      warmup: checkInteger(m, 'warmup', options.warmup ?? d.warmup, 1, window),
      minStd: checkNumber(m, 'minStd', options.minStd ?? d.minStd, 0, Number.POSITIVE_INFINITY, 'both'),
      minChange: checkNumber(m, 'minChange', options.minChange ?? d.minChange, 0, Number.POSITIVE_INFINITY, 'hi'),
    });
    this.log = this.options.transform === 'log';
    this.dir = directionCode(this.options.direction);
    this.selection = new FeatureSelection(this.options.features, this.options.maxFeatures);
  }
}

/**
 * Robust z per feature over a rolling window: |x - median| / max(1.4826·MAD, minStd) on
 * transformed values (direction 'up': max(0, x - median) / ..., 'down' the mirror); the max
 * over features. Unlike a mean/sd z-score, a few past outliers in
 * the window barely move it. Conventional cut-off: 3.5 (Iglewicz & Hoaglin); the presets use 4.5.
 * The window holds raw values (float32, a ring plus a sorted mirror, in the series' shared
 * history or the detector's own: see {@link WindowDetector}); the transform is monotone, so the
 * median is the transformed middle order statistics (O(1)), and the MAD of the transformed
 * values is computed in O(w/2) when a point is learned and cached per feature.
 *
 * @example
 * const rz = new RobustZDetector({ features: ['durationMs'], window: 32 });
 * for (const x of history) rz.learnOne(x);
 * rz.scoreOne({ durationMs: 42_000 });
 */
export class RobustZDetector extends WindowDetector<RobustZConfig> {
  /** @param shared internal: the clone path, which shares the resolved configuration. */
  constructor(options: RobustZOptions = {}, shared?: unknown) {
    super(shared instanceof RobustZConfig ? shared : new RobustZConfig(options));
  }

  scoreOne(x: Features, context?: ObservationContext): number {
    const slab = this.slabOf(context);
    if (slab === undefined) return Number.NaN;
    const names = this.layout.names;
    const log = this.cfg.log;
    let best = Number.NaN;
    for (const key in x) {
      const i = slotOf(names, key);
      if (i < 0) continue;
      const v = x[key];
      if (!isUsable(v)) continue;
      const z = this.scoreAt(i, slab.data, slab.offsetOf(key), forward(log, v));
      if (!(z <= best)) best = z;
    }
    return best;
  }

  /** Refreshes the feature's MAD (transformed units) once it is warm. */
  protected override learnedAt(i: number, slab: WindowSlab | undefined, block: number): void {
    if (block < 0) return;
    const c = this.cfg;
    const data = (slab as WindowSlab).data;
    const n = blockCount(data, block);
    if (n < c.options.warmup) return;
    // The MAD costs w/2 steps even on the sorted mirror: once per learned point, not per score.
    const sorted = blockSorted(block, c.options.window);
    this.s[i * c.stride + MAD] = sortedMad(data, sorted, n, sortedQuantile(data, sorted, n, 0.5, c.log), c.log);
    this.ready = true;
  }

  clone(): RobustZDetector {
    return new RobustZDetector({}, this.cfg);
  }

  protected featureScore(i: number, t: number, context?: ObservationContext): number {
    const slab = this.slabOf(context);
    return slab === undefined ? Number.NaN : this.scoreAt(i, slab.data, this.blockOf(slab, i), t);
  }

  protected explain(i: number, feature: string, value: number, score: number, context?: ObservationContext): ScoreExplanation {
    const { log, options } = this.cfg;
    const slab = this.slabOf(context)!;
    const o = this.blockOf(slab, i);
    const centre = sortedQuantile(slab.data, blockSorted(o, options.window), blockCount(slab.data, o), 0.5, log);
    const expected = inverse(log, centre);
    const side = forward(log, value) >= centre ? 'above' : 'below';
    return { feature, value, expected, message: `${feature} ${formatValue(feature, value)} is ${formatScore(score)} robust sd ${side} its median ${formatValue(feature, expected)}` };
  }

  /** Score of tracked feature i's transformed value t against its window block at o (NaN while it warms up). */
  private scoreAt(i: number, data: Float32Array, o: number, t: number): number {
    const c = this.cfg;
    if (o < 0) return Number.NaN;
    const n = blockCount(data, o);
    if (n < c.options.warmup) return Number.NaN;
    const sd = MAD_SCALE * this.s[i * c.stride + MAD]!;
    const floor = c.options.minStd;
    const base = sortedQuantile(data, blockSorted(o, c.options.window), n, 0.5, c.log);
    const d = t - base;
    if (c.options.minChange > 0 && Math.abs(inverse(c.log, t) - inverse(c.log, base)) < c.options.minChange) return 0;
    return directed(c.dir, d, -d) / (sd > floor ? sd : floor);
  }
}
