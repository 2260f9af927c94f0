// Z threshold: flags a calibrated score more than k standard deviations above the normal mean.
// Reference: Shewhart's k-sigma limits (k = 3); river's ThresholdFilter with a learned level.
import type { Threshold } from '@awad/core';
import { RunningMoments } from './running-moments';
import { openSnapshot, SNAPSHOT_VERSION } from './snapshot-codec';
import { checkInteger, checkKnownKeys, checkNumber } from './validate-options';

const TYPE = 'z';
const MODULE = '@awad/stats/z-threshold';

/** Options of {@link ZThreshold}. */
export interface ZThresholdOptions {
  /** Standard deviations above the mean (default 3). */
  readonly k?: number;
  /** Values needed before it is ready (default 30). */
  readonly minCount?: number;
}

/** Defaults of {@link ZThresholdOptions}. */
export const DEFAULT_Z_THRESHOLD_OPTIONS: Readonly<Required<ZThresholdOptions>> = Object.freeze({ k: 3, minCount: 30 });

/**
 * Flags calibrated > mean + k·sd of the values given to `update` (Welford); `value` is that
 * level. Like every threshold here it relies on the monitor to update it with normal points only.
 *
 * @example
 * const stage = { detector: new EwmaDetector(), threshold: new ZThreshold({ k: 3 }) };
 */
export class ZThreshold implements Threshold {
  readonly name = TYPE;
  readonly options: Readonly<Required<ZThresholdOptions>>;
  private readonly moments = new RunningMoments();

  constructor(options: ZThresholdOptions = {}) {
    checkKnownKeys(MODULE, options, ['k', 'minCount']);
    const d = DEFAULT_Z_THRESHOLD_OPTIONS;
    this.options = Object.freeze({
      k: checkNumber(MODULE, 'k', options.k ?? d.k, 0, Number.POSITIVE_INFINITY, 'hi'),
      minCount: checkInteger(MODULE, 'minCount', options.minCount ?? d.minCount, 2),
    });
  }

  get isReady(): boolean {
    return this.moments.count >= this.options.minCount;
  }

  /** mean + k·sd (NaN before any value). */
  get value(): number {
    return this.moments.mean + this.options.k * this.moments.std;
  }

  update(calibrated: number): void {
    this.moments.push(calibrated);
  }

  classify(calibrated: number): boolean {
    return calibrated > this.value;
  }

  clone(): ZThreshold {
    return new ZThreshold(this.options);
  }

  snapshot(): unknown {
    return { type: TYPE, version: SNAPSHOT_VERSION, state: this.moments.toJSON() };
  }

  restore(state: unknown): void {
    this.moments.restore(MODULE, openSnapshot(MODULE, TYPE, state));
  }
}
