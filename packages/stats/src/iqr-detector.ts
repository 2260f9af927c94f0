// IQR detector: Tukey's fences over a rolling window, scored in IQRs beyond the quartiles.
// Reference: Tukey (1977), Exploratory Data Analysis; Hyndman & Fan (1996) type 7 quantiles.
import { blockCount, blockSorted, MAX_HISTORY_FEATURES, type Features, type ObservationContext, type ScoreExplanation, type WindowSlab } from '@awad/core';
import { BOTH, directed, directionCode, UP } from './direction';
import { checkFeatureOptions, type FeatureOptions } from './feature-options';
import { FeatureSelection, slotOf } from './feature-selection';
import { formatScore, formatValue } from './format';
import { sortedQuantile } from './order-statistics';
import { forward, inverse, isUsable } from './transform';
import { checkInteger, checkKnownKeys } from './validate-options';
import { WindowDetector, type WindowConfig } from './window-detector';

/** Options of {@link IqrDetector}. */
export interface IqrOptions extends FeatureOptions {
  /** Points in the rolling window per feature (default 32). */
  readonly window?: number;
  /** Points a feature needs before it is scored, at most `window` (default 8). */
  readonly warmup?: number;
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

class IqrConfig implements WindowConfig {
  readonly type = 'iqr';
  readonly module = '@awad/stats/iqr';
  readonly options: Readonly<Required<IqrOptions>>;
  readonly log: boolean;
  /** Direction code (see direction.ts). */
  readonly dir: number;
  /** Nothing per feature besides its window. */
  readonly stride = 0;
  readonly selection: FeatureSelection;

  constructor(options: IqrOptions) {
    const m = this.module;
    checkKnownKeys(m, options, Object.keys(DEFAULT_IQR_OPTIONS));
    const d = DEFAULT_IQR_OPTIONS;
    const window = checkInteger(m, 'window', options.window ?? d.window, 4, 4096);
    this.options = Object.freeze({
      ...checkFeatureOptions(m, options, d, MAX_HISTORY_FEATURES),
      window,
      warmup: checkInteger(m, 'warmup', options.warmup ?? d.warmup, 1, window),
    });
    this.log = this.options.transform === 'log';
    this.dir = directionCode(this.options.direction);
    this.selection = new FeatureSelection(this.options.features, this.options.maxFeatures);
  }
}

/**
 * Tukey's fences as a score: max((x - Q3)/IQR, (Q1 - x)/IQR, 0) over a rolling window (direction
 * 'up': max((x - Q3)/IQR, 0), the upper fence only; 'down': the lower one), the max over features; IQR is floored at max(1e-9, 0.01·|median|) so a flat window does not
 * divide by zero. Conventional cut-off: 1.5 ("outside the inner fence"); 3 = far out.
 * The window holds raw values (the series' shared history or the detector's own: see
 * {@link WindowDetector}); quartiles are read from its sorted mirror in O(1), through the
 * transform when there is one. Nothing else is kept per feature.
 *
 * @example
 * const iqr = new IqrDetector({ features: ['durationMs'] });
 * for (const x of history) iqr.learnOne(x);
 * iqr.scoreOne({ durationMs: 42_000 }); // 1.5 exactly at Q3 + 1.5·IQR
 */
export class IqrDetector extends WindowDetector<IqrConfig> {
  /** @param shared internal: the clone path, which shares the resolved configuration. */
  constructor(options: IqrOptions = {}, shared?: unknown) {
    super(shared instanceof IqrConfig ? shared : new IqrConfig(options));
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
      const z = this.scoreAt(slab.data, slab.offsetOf(key), forward(log, v));
      if (!(z <= best)) best = z;
    }
    return best;
  }


  clone(): IqrDetector {
    return new IqrDetector({}, this.cfg);
  }

  protected featureScore(i: number, t: number, context?: ObservationContext): number {
    const slab = this.slabOf(context);
    return slab === undefined ? Number.NaN : this.scoreAt(slab.data, this.blockOf(slab, i), t);
  }

  protected explain(i: number, feature: string, value: number, score: number, context?: ObservationContext): ScoreExplanation {
    const { log, dir, options } = this.cfg;
    const slab = this.slabOf(context) as WindowSlab;
    const o = this.blockOf(slab, i);
    const sorted = blockSorted(o, options.window);
    const n = blockCount(slab.data, o);
    const centre = sortedQuantile(slab.data, sorted, n, 0.5, log);
    const expected = inverse(log, centre);
    const above = forward(log, value) >= centre;
    const fence = inverse(log, sortedQuantile(slab.data, sorted, n, above ? 0.75 : 0.25, log));
    const where =
      score > 0 ? `${formatScore(score)} IQR ${above ? 'above Q3' : 'below Q1'} ${formatValue(feature, fence)}` : dir === BOTH ? 'within its quartiles' : dir === UP ? 'not above Q3' : 'not below Q1';
    return { feature, value, expected, message: `${feature} ${formatValue(feature, value)} is ${where} (median ${formatValue(feature, expected)})` };
  }

  /** Score of a transformed value t against the window block at o (NaN while it warms up). */
  private scoreAt(data: Float32Array, o: number, t: number): number {
    const c = this.cfg;
    if (o < 0) return Number.NaN;
    const n = blockCount(data, o);
    if (n < c.options.warmup) return Number.NaN;
    const sorted = blockSorted(o, c.options.window);
    const q1 = sortedQuantile(data, sorted, n, 0.25, c.log);
    const q3 = sortedQuantile(data, sorted, n, 0.75, c.log);
    const floor = Math.max(1e-9, 0.01 * Math.abs(sortedQuantile(data, sorted, n, 0.5, c.log)));
    const iqr = q3 - q1 > floor ? q3 - q1 : floor;
    return directed(c.dir, t - q3, q1 - t) / iqr;
  }
}
