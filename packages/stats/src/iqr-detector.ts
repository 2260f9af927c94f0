// IQR detector: Tukey's fences over a rolling window, scored in IQRs beyond the quartiles.
// Reference: Tukey (1977), Exploratory Data Analysis; Hyndman & Fan (1996) type 7 quantiles.
import type { Features, ObservationContext, ScoreExplanation } from '@awad/core';
import { BOTH, directed, directionCode, UP, type Direction } from './direction';
import { FeatureDetector, type FeatureConfig } from './feature-detector';
import { FeatureSelection, slotOf } from './feature-selection';
import { formatScore, formatValue } from './format';
import { sortedQuantile } from './order-statistics';
import { EMPTY_F32, pushWindow } from './ring-window';
import { forward, inverse, isUsable, type Transform } from './transform';
import { checkDirection, checkFeatures, checkInteger, checkKnownKeys, checkName, checkTransform } from './validate-options';

// Per feature: count, head, then the ring and its sorted mirror (quartiles in O(1)).
const COUNT = 0;
const RING = 2;

/** Options of {@link IqrDetector}. */
export interface IqrOptions {
  /** Name in verdict reasons (default 'iqr'). */
  readonly name?: string;
  /** Points in the rolling window per feature (default 32). */
  readonly window?: number;
  /** Points a feature needs before it is scored, at most `window` (default 8). */
  readonly warmup?: number;
  /** Value transform (default 'none': the fences users run are on raw values). */
  readonly transform?: Transform;
  /** Features to track (default ['*']). */
  readonly features?: readonly string[];
  /** Fences that score: 'both' (default), 'up' (only above Q3) or 'down' (only below Q1). */
  readonly direction?: Direction;
  /** At most this many features are tracked (default 16). */
  readonly maxFeatures?: number;
}

/** Defaults of {@link IqrOptions}. */
export const DEFAULT_IQR_OPTIONS: Readonly<Required<IqrOptions>> = Object.freeze({
  name: 'iqr',
  window: 32,
  warmup: 8,
  transform: 'none',
  features: Object.freeze(['*']),
  direction: 'both',
  maxFeatures: 16,
});

class IqrConfig implements FeatureConfig {
  readonly type = 'iqr';
  readonly module = '@awad/stats/iqr';
  readonly options: Readonly<Required<IqrOptions>>;
  readonly log: boolean;
  /** Direction code (see direction.ts). */
  readonly dir: number;
  readonly stride: number;
  readonly sorted: number;
  readonly selection: FeatureSelection;

  constructor(options: IqrOptions) {
    const m = this.module;
    checkKnownKeys(m, options, Object.keys(DEFAULT_IQR_OPTIONS));
    const d = DEFAULT_IQR_OPTIONS;
    const window = checkInteger(m, 'window', options.window ?? d.window, 4, 4096);
    this.options = Object.freeze({
      name: checkName(m, options.name ?? d.name),
      window,
      warmup: checkInteger(m, 'warmup', options.warmup ?? d.warmup, 1, window),
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
 * Tukey's fences as a score: max((x - Q3)/IQR, (Q1 - x)/IQR, 0) over a rolling window (direction
 * 'up': max((x - Q3)/IQR, 0), the upper fence only; 'down': the lower one), the max over features; IQR is floored at max(1e-9, 0.01·|median|) so a flat window does not
 * divide by zero. Conventional cut-off: 1.5 ("outside the inner fence"); 3 = far out.
 *
 * @example
 * const iqr = new IqrDetector({ features: ['durationMs'] });
 * for (const x of history) iqr.learnOne(x);
 * iqr.scoreOne({ durationMs: 42_000 }); // 1.5 exactly at Q3 + 1.5·IQR
 */
export class IqrDetector extends FeatureDetector<IqrConfig, Float32Array> {
  /** @param shared internal: the clone path, which shares the resolved configuration. */
  constructor(options: IqrOptions = {}, shared?: unknown) {
    super(shared instanceof IqrConfig ? shared : new IqrConfig(options), EMPTY_F32);
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
    const c = this.cfg;
    for (const key in x) {
      const v = x[key];
      if (!isUsable(v)) continue;
      let i = slotOf(this.layout.names, key);
      if (i < 0 && (i = this.track(key)) < 0) continue;
      const o = i * c.stride;
      pushWindow(this.s, o + COUNT, o + RING, o + c.sorted, c.options.window, forward(c.log, v));
      if (this.s[o + COUNT]! >= c.options.warmup) this.ready = true;
    }
  }

  clone(): IqrDetector {
    return new IqrDetector({}, this.cfg);
  }

  protected featureScore(i: number, t: number): number {
    const c = this.cfg;
    const o = i * c.stride;
    const s = this.s;
    const n = s[o + COUNT]!;
    if (n < c.options.warmup) return Number.NaN;
    const q1 = sortedQuantile(s, o + c.sorted, n, 0.25);
    const q3 = sortedQuantile(s, o + c.sorted, n, 0.75);
    const floor = Math.max(1e-9, 0.01 * Math.abs(sortedQuantile(s, o + c.sorted, n, 0.5)));
    const iqr = q3 - q1 > floor ? q3 - q1 : floor;
    return directed(c.dir, t - q3, q1 - t) / iqr;
  }

  protected explain(i: number, feature: string, value: number, score: number): ScoreExplanation {
    const { log, sorted, stride, dir } = this.cfg;
    const o = i * stride;
    const n = this.s[o + COUNT]!;
    const centre = sortedQuantile(this.s, o + sorted, n, 0.5);
    const expected = inverse(log, centre);
    const above = forward(log, value) >= centre;
    const fence = inverse(log, sortedQuantile(this.s, o + sorted, n, above ? 0.75 : 0.25));
    const where =
      score > 0 ? `${formatScore(score)} IQR ${above ? 'above Q3' : 'below Q1'} ${formatValue(feature, fence)}` : dir === BOTH ? 'within its quartiles' : dir === UP ? 'not above Q3' : 'not below Q1';
    return { feature, value, expected, message: `${feature} ${formatValue(feature, value)} is ${where} (median ${formatValue(feature, expected)})` };
  }

  protected isWarm(i: number): boolean {
    return this.s[i * this.cfg.stride + COUNT]! >= this.cfg.options.warmup;
  }
}
