// Z-score calibrator: Φ of a raw score standardized by the running mean and sd of normal scores.
// Reference: Merlion's calibrators (z-scores make detectors comparable); Welford (1962).
import type { Calibrator } from '@awad/core';
import { normalCdf } from './normal';
import { openSnapshot, SNAPSHOT_VERSION } from './snapshot-codec';
import { RunningMoments } from './running-moments';
import { checkInteger, checkKnownKeys, checkNumber } from './validate-options';

const TYPE = 'z-score';
const MODULE = '@awad/stats/z-score-calibrator';

/** Options of {@link ZScoreCalibrator}. */
export interface ZScoreCalibratorOptions {
  /** Scores needed before it is ready (default 30). */
  readonly minCount?: number;
  /** When set, an EWMA of mean and variance with this weight; default: all scores (Welford). */
  readonly alpha?: number;
}

/** Defaults of {@link ZScoreCalibratorOptions}. */
export const DEFAULT_Z_SCORE_CALIBRATOR_OPTIONS = Object.freeze({ minCount: 30 });

/**
 * c = Φ((s - mean) / sd) with mean and sd of the scores given to `update` (normal points only,
 * in the monitor). With sd = 0: 1 above the mean, 0 below, 0.5 at it. NaN stays NaN.
 *
 * @example
 * const stage = { detector: new ShesdDetector(), calibrator: new ZScoreCalibrator(), threshold: new StaticThreshold(0.999) };
 */
export class ZScoreCalibrator implements Calibrator {
  readonly name = TYPE;
  readonly options: Readonly<ZScoreCalibratorOptions> & { readonly minCount: number };
  private readonly moments: RunningMoments;

  constructor(options: ZScoreCalibratorOptions = {}) {
    checkKnownKeys(MODULE, options, ['minCount', 'alpha']);
    const alpha = options.alpha === undefined ? undefined : checkNumber(MODULE, 'alpha', options.alpha, 0, 1, 'both');
    this.options = Object.freeze({
      minCount: checkInteger(MODULE, 'minCount', options.minCount ?? DEFAULT_Z_SCORE_CALIBRATOR_OPTIONS.minCount, 1),
      ...(alpha === undefined ? {} : { alpha }),
    });
    this.moments = new RunningMoments(alpha);
  }

  get isReady(): boolean {
    return this.moments.count >= this.options.minCount;
  }

  update(score: number): void {
    this.moments.push(score);
  }

  transform(score: number): number {
    if (Number.isNaN(score)) return Number.NaN;
    const { mean } = this.moments;
    const sd = this.moments.std;
    if (!(sd > 0)) return score > mean ? 1 : score < mean ? 0 : 0.5;
    return normalCdf((score - mean) / sd);
  }

  clone(): ZScoreCalibrator {
    return new ZScoreCalibrator(this.options);
  }

  snapshot(): unknown {
    return { type: TYPE, version: SNAPSHOT_VERSION, state: this.moments.toJSON() };
  }

  restore(state: unknown): void {
    this.moments.restore(MODULE, openSnapshot(MODULE, TYPE, state));
  }
}
