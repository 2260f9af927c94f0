// N×median detector: the "more than N times the median" rule orchestrators ship, as a ratio.
// Reference: common practice (Airflow/Prefect SLA plugins: "runtime > 3× the median of the last 20 runs").
import type { Features, ObservationContext, ScoreExplanation } from '@awad/core';
import { FeatureDetector, type FeatureConfig } from './feature-detector';
import { FeatureSelection, slotOf } from './feature-selection';
import { formatScore, formatValue } from './format';
import { sortedQuantile } from './order-statistics';
import { EMPTY_F32, pushWindow } from './ring-window';
import { forward, isUsable } from './transform';
import { checkFeatures, checkInteger, checkKnownKeys, checkName } from './validate-options';

// Per feature: count, head, then the ring and its sorted mirror (raw values: a ratio needs raw units).
const COUNT = 0;
const RING = 2;

/** Options of {@link NxMedianDetector}. */
export interface NxMedianOptions {
  /** Name in verdict reasons (default 'n-x-median'). */
  readonly name?: string;
  /** Points in the rolling window per feature (default 20). */
  readonly window?: number;
  /** Points a feature needs before it is scored, at most `window` (default 5). */
  readonly warmup?: number;
  /** Features to track (default ['*']). */
  readonly features?: readonly string[];
  /** At most this many features are tracked (default 16). */
  readonly maxFeatures?: number;
}

/** Defaults of {@link NxMedianOptions}. */
export const DEFAULT_N_X_MEDIAN_OPTIONS: Readonly<Required<NxMedianOptions>> = Object.freeze({
  name: 'n-x-median',
  window: 20,
  warmup: 5,
  features: Object.freeze(['*']),
  maxFeatures: 16,
});

class NxMedianConfig implements FeatureConfig {
  readonly type = 'n-x-median';
  readonly module = '@awad/stats/n-x-median';
  readonly log = false;
  readonly options: Readonly<Required<NxMedianOptions>>;
  readonly stride: number;
  readonly sorted: number;
  readonly selection: FeatureSelection;

  constructor(options: NxMedianOptions) {
    const m = this.module;
    checkKnownKeys(m, options, Object.keys(DEFAULT_N_X_MEDIAN_OPTIONS));
    const d = DEFAULT_N_X_MEDIAN_OPTIONS;
    const window = checkInteger(m, 'window', options.window ?? d.window, 1, 4096);
    this.options = Object.freeze({
      name: checkName(m, options.name ?? d.name),
      window,
      warmup: checkInteger(m, 'warmup', options.warmup ?? d.warmup, 1, window),
      features: checkFeatures(m, options.features ?? d.features),
      maxFeatures: checkInteger(m, 'maxFeatures', options.maxFeatures ?? d.maxFeatures, 1, 1024),
    });
    this.sorted = RING + window;
    this.stride = RING + 2 * window;
    this.selection = new FeatureSelection(this.options.features, this.options.maxFeatures);
  }
}

/**
 * x / median of the last `window` values per feature (upper tail: a fast run is never
 * anomalous here); the max over features. A feature whose median is <= 0 abstains. The
 * conventional cut-off N (3 in the presets) lives in the calibrator.
 *
 * @example
 * const rule = new NxMedianDetector({ features: ['durationMs'] });
 * for (const x of history) rule.learnOne(x);
 * rule.scoreOne({ durationMs: 30_000 }); // 3 when the median of the last 20 runs is 10 s
 */
export class NxMedianDetector extends FeatureDetector<NxMedianConfig, Float32Array> {
  /** @param shared internal: the clone path, which shares the resolved configuration. */
  constructor(options: NxMedianOptions = {}, shared?: unknown) {
    super(shared instanceof NxMedianConfig ? shared : new NxMedianConfig(options), EMPTY_F32);
  }

  scoreOne(x: Features, _context?: ObservationContext): number {
    const names = this.layout.names;
    let best = Number.NaN;
    for (const key in x) {
      const i = slotOf(names, key);
      if (i < 0) continue;
      const v = x[key];
      if (!isUsable(v)) continue;
      const z = this.featureScore(i, forward(false, v));
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
      pushWindow(this.s, o + COUNT, o + RING, o + c.sorted, c.options.window, forward(false, v));
      if (this.s[o + COUNT]! >= c.options.warmup) this.ready = true;
    }
  }

  clone(): NxMedianDetector {
    return new NxMedianDetector({}, this.cfg);
  }

  protected featureScore(i: number, v: number): number {
    const c = this.cfg;
    const o = i * c.stride;
    const n = this.s[o + COUNT]!;
    if (n < c.options.warmup) return Number.NaN;
    const m = sortedQuantile(this.s, o + c.sorted, n, 0.5);
    return m > 0 ? v / m : Number.NaN;
  }

  protected explain(i: number, feature: string, value: number, score: number): ScoreExplanation {
    const o = i * this.cfg.stride;
    const expected = sortedQuantile(this.s, o + this.cfg.sorted, this.s[o + COUNT]!, 0.5);
    return { feature, value, expected, message: `${feature} ${formatValue(feature, value)} is ${formatScore(score)}× its median ${formatValue(feature, expected)} of the last ${this.cfg.options.window}` };
  }

  protected isWarm(i: number): boolean {
    return this.s[i * this.cfg.stride + COUNT]! >= this.cfg.options.warmup;
  }
}
