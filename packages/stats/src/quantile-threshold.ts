// Quantile threshold: flags a calibrated score above the q-quantile of recent normal scores.
// Reference: river's QuantileFilter; the reference set of METHODS.md 1.3.
import type { Threshold } from '@awad/core';
import { decodeNumbers, encodeNumbers, openSnapshot, SNAPSHOT_VERSION } from './snapshot-codec';
import { SortedWindow } from './sorted-window';
import { checkInteger, checkKnownKeys, checkNumber } from './validate-options';

const TYPE = 'quantile';
const MODULE = '@awad/stats/quantile-threshold';

/** Options of {@link QuantileThreshold}. */
export interface QuantileThresholdOptions {
  /** The quantile level, in (0, 1) (default 0.999). */
  readonly q?: number;
  /** Calibrated scores kept (default 5000). */
  readonly size?: number;
  /** Scores needed before it is ready (default 100). */
  readonly minCount?: number;
}

/** Defaults of {@link QuantileThresholdOptions}. */
export const DEFAULT_QUANTILE_THRESHOLD_OPTIONS: Readonly<Required<QuantileThresholdOptions>> = Object.freeze({ q: 0.999, size: 5000, minCount: 100 });

/**
 * Flags calibrated > the type-7 q-quantile of the last `size` values given to `update`;
 * `value` is that quantile. It never learns from points it flags because the monitor calls
 * `update` only for points no stage flagged; a caller outside the monitor must do the same
 * (filtering inside `update` would bias the quantile down, point after point).
 *
 * @example
 * const stage = { detector: new EwmaDetector(), calibrator: new EcdfCalibrator(), threshold: new QuantileThreshold({ q: 0.999 }) };
 */
export class QuantileThreshold implements Threshold {
  readonly name = TYPE;
  readonly options: Readonly<Required<QuantileThresholdOptions>>;
  private readonly window: SortedWindow;

  constructor(options: QuantileThresholdOptions = {}) {
    checkKnownKeys(MODULE, options, ['q', 'size', 'minCount']);
    const d = DEFAULT_QUANTILE_THRESHOLD_OPTIONS;
    const size = checkInteger(MODULE, 'size', options.size ?? d.size, 1, 10_000_000);
    this.options = Object.freeze({
      q: checkNumber(MODULE, 'q', options.q ?? d.q, 0, 1, 'both'),
      size,
      minCount: checkInteger(MODULE, 'minCount', options.minCount ?? d.minCount, 1, size),
    });
    this.window = new SortedWindow(size);
  }

  get isReady(): boolean {
    return this.window.size >= this.options.minCount;
  }

  /** The current q-quantile (NaN while empty). */
  get value(): number {
    return this.window.quantile(this.options.q);
  }

  update(calibrated: number): void {
    this.window.push(calibrated);
  }

  classify(calibrated: number): boolean {
    return calibrated > this.value;
  }

  clone(): QuantileThreshold {
    return new QuantileThreshold(this.options);
  }

  snapshot(): unknown {
    return { type: TYPE, version: SNAPSHOT_VERSION, state: { values: encodeNumbers(this.window.values()) } };
  }

  restore(state: unknown): void {
    const values = decodeNumbers(MODULE, 'values', openSnapshot(MODULE, TYPE, state).values);
    this.window.clear();
    for (const v of values) this.window.push(v);
  }
}
