// N×median detector: the "more than N times the median" rule orchestrators ship, as a ratio.
// Reference: common practice (Airflow/Prefect SLA plugins: "runtime > 3× the median of the last 20 runs").
import { blockCount, blockSorted, MAX_HISTORY_FEATURES, type Features, type ObservationContext, type ScoreExplanation, type WindowSlab } from '@awad/core';
import { checkFeatureOptions, type FeatureOptions } from './feature-options';
import { FeatureSelection, slotOf } from './feature-selection';
import { formatScore, formatValue } from './format';
import { sortedQuantile } from './order-statistics';
import { forward, isUsable } from './transform';
import { checkInteger, checkKnownKeys } from './validate-options';
import { WindowDetector, type WindowConfig } from './window-detector';

/** Options of {@link NxMedianDetector}. */
export interface NxMedianOptions extends Pick<FeatureOptions, 'name' | 'features' | 'maxFeatures'> {
  /**
   * Points in the rolling window per feature (default 20, the rule as users run it; the monitor
   * suite {@link baselineStages} uses 32 so that every window-based stage reads the same
   * per-series window).
   */
  readonly window?: number;
  /** Points a feature needs before it is scored, at most `window` (default 5). */
  readonly warmup?: number;
}

/** Defaults of {@link NxMedianOptions}. */
export const DEFAULT_N_X_MEDIAN_OPTIONS: Readonly<Required<NxMedianOptions>> = Object.freeze({
  name: 'n-x-median',
  window: 20,
  warmup: 5,
  features: Object.freeze(['*']),
  maxFeatures: 16,
});

class NxMedianConfig implements WindowConfig {
  readonly type = 'n-x-median';
  readonly module = '@awad/stats/n-x-median';
  readonly log = false;
  readonly options: Readonly<Required<NxMedianOptions>>;
  /** Nothing per feature besides its window. */
  readonly stride = 0;
  readonly selection: FeatureSelection;

  constructor(options: NxMedianOptions) {
    const m = this.module;
    checkKnownKeys(m, options, Object.keys(DEFAULT_N_X_MEDIAN_OPTIONS));
    const d = DEFAULT_N_X_MEDIAN_OPTIONS;
    const window = checkInteger(m, 'window', options.window ?? d.window, 1, 4096);
    this.options = Object.freeze({
      ...checkFeatureOptions<'name' | 'features' | 'maxFeatures'>(m, options, d, MAX_HISTORY_FEATURES),
      window,
      warmup: checkInteger(m, 'warmup', options.warmup ?? d.warmup, 1, window),
    });
    this.selection = new FeatureSelection(this.options.features, this.options.maxFeatures);
  }
}

/**
 * x / median of the last `window` values per feature (upper tail: a fast run is never
 * anomalous here); the max over features. A feature whose median is <= 0 abstains. The
 * conventional cut-off N (3 in the presets) lives in the calibrator. The window holds raw
 * values (the series' shared history or the detector's own: see {@link WindowDetector}), the
 * median is read from its sorted mirror in O(1); nothing else is kept per feature.
 *
 * @example
 * const rule = new NxMedianDetector({ features: ['durationMs'] });
 * for (const x of history) rule.learnOne(x);
 * rule.scoreOne({ durationMs: 30_000 }); // 3 when the median of the last 20 runs is 10 s
 */
export class NxMedianDetector extends WindowDetector<NxMedianConfig> {
  /** @param shared internal: the clone path, which shares the resolved configuration. */
  constructor(options: NxMedianOptions = {}, shared?: unknown) {
    super(shared instanceof NxMedianConfig ? shared : new NxMedianConfig(options));
  }

  scoreOne(x: Features, context?: ObservationContext): number {
    const slab = this.slabOf(context);
    if (slab === undefined) return Number.NaN;
    const names = this.layout.names;
    let best = Number.NaN;
    for (const key in x) {
      const i = slotOf(names, key);
      if (i < 0) continue;
      const v = x[key];
      if (!isUsable(v)) continue;
      const z = this.scoreAt(slab.data, slab.offsetOf(key), forward(false, v));
      if (!(z <= best)) best = z;
    }
    return best;
  }


  clone(): NxMedianDetector {
    return new NxMedianDetector({}, this.cfg);
  }

  protected featureScore(i: number, v: number, context?: ObservationContext): number {
    const slab = this.slabOf(context);
    return slab === undefined ? Number.NaN : this.scoreAt(slab.data, this.blockOf(slab, i), v);
  }

  protected explain(i: number, feature: string, value: number, score: number, context?: ObservationContext): ScoreExplanation {
    const window = this.cfg.options.window;
    const slab = this.slabOf(context) as WindowSlab;
    const o = this.blockOf(slab, i);
    const expected = sortedQuantile(slab.data, blockSorted(o, window), blockCount(slab.data, o), 0.5, false);
    return { feature, value, expected, message: `${feature} ${formatValue(feature, value)} is ${formatScore(score)}× its median ${formatValue(feature, expected)} of the last ${window}` };
  }

  /** v / the median of the window block at o (NaN while it warms up or when the median is not positive). */
  private scoreAt(data: Float32Array, o: number, v: number): number {
    const c = this.cfg;
    if (o < 0) return Number.NaN;
    const n = blockCount(data, o);
    if (n < c.options.warmup) return Number.NaN;
    const m = sortedQuantile(data, blockSorted(o, c.options.window), n, 0.5, false);
    return m > 0 ? v / m : Number.NaN;
  }
}
