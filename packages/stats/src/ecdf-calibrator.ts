// ECDF calibrator: a raw score's mid-rank among the detector's recent scores on normal points.
// Reference: METHODS.md 1.3: c = (#{r < a} + 0.5·#{r = a}) / |ref| over the last 5000 normal scores.
import type { Calibrator } from '@awad/core';
import { decodeNumbers, encodeNumbers, openSnapshot, SNAPSHOT_VERSION } from './snapshot-codec';
import { SortedWindow } from './sorted-window';
import { checkInteger, checkKnownKeys } from './validate-options';

const TYPE = 'ecdf';
const MODULE = '@awad/stats/ecdf-calibrator';

/** Options of {@link EcdfCalibrator}. */
export interface EcdfCalibratorOptions {
  /** Scores kept in the reference set (default 5000). */
  readonly size?: number;
  /** Scores needed before it is ready (default 100). */
  readonly minCount?: number;
}

/** Defaults of {@link EcdfCalibratorOptions}. */
export const DEFAULT_ECDF_CALIBRATOR_OPTIONS: Readonly<Required<EcdfCalibratorOptions>> = Object.freeze({ size: 5000, minCount: 100 });

/**
 * Mid-rank empirical CDF over the last `size` scores given to `update` (the monitor feeds only
 * scores of points judged normal), so on normal traffic c ~ Uniform(0, 1) and c >= 0.995 means
 * "beyond this detector's 99.5th percentile". Non-finite scores are not kept. Sorted
 * Float64Array + FIFO ring: O(log n) transform, one memmove per update.
 *
 * @example
 * const stage = { detector: new EwmaDetector(), calibrator: new EcdfCalibrator(), threshold: new StaticThreshold(0.995) };
 */
export class EcdfCalibrator implements Calibrator {
  readonly name = TYPE;
  readonly options: Readonly<Required<EcdfCalibratorOptions>>;
  private readonly window: SortedWindow;

  constructor(options: EcdfCalibratorOptions = {}) {
    checkKnownKeys(MODULE, options, ['size', 'minCount']);
    const d = DEFAULT_ECDF_CALIBRATOR_OPTIONS;
    const size = checkInteger(MODULE, 'size', options.size ?? d.size, 1, 10_000_000);
    this.options = Object.freeze({ size, minCount: checkInteger(MODULE, 'minCount', options.minCount ?? d.minCount, 1, size) });
    this.window = new SortedWindow(size);
  }

  get isReady(): boolean {
    return this.window.size >= this.options.minCount;
  }

  update(score: number): void {
    this.window.push(score);
  }

  /** Mid-rank ECDF of `score` (NaN for NaN, or while the reference set is empty). */
  transform(score: number): number {
    const n = this.window.size;
    if (Number.isNaN(score) || n === 0) return Number.NaN;
    const below = this.window.lowerBound(score);
    const atOrBelow = this.window.upperBound(score);
    return (below + 0.5 * (atOrBelow - below)) / n;
  }

  clone(): EcdfCalibrator {
    return new EcdfCalibrator(this.options);
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
