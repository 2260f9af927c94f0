// Cutoff calibrator: maps a detector's conventional cut-off to 0.5 with a log-logistic curve.
// Reference: log-logistic CDF c = 1/(1 + (cutoff/s)^k); makes "score >= cutoff" equal to
// "calibrated >= 0.5" for every detector, so StaticThreshold(0.5) applies each one's own rule.
import type { Calibrator } from '@awad/core';
import { openSnapshot, SNAPSHOT_VERSION } from './snapshot-codec';
import { checkKnownKeys, checkNumber } from './validate-options';

const TYPE = 'cutoff';
const MODULE = '@awad/stats/cutoff-calibrator';

/** Options of {@link CutoffCalibrator}. */
export interface CutoffCalibratorOptions {
  /** The raw score that maps to 0.5: the detector's conventional cut-off (e.g. 4 for a z-score). */
  readonly cutoff: number;
  /** How sharply the curve rises around the cut-off (default 3). */
  readonly steepness?: number;
}

/** Defaults of {@link CutoffCalibratorOptions}. */
export const DEFAULT_CUTOFF_CALIBRATOR_OPTIONS = Object.freeze({ steepness: 3 });

/**
 * c = 1 / (1 + (cutoff / s)^steepness) for s > 0, 0 for s <= 0, NaN stays NaN. s = cutoff
 * gives 0.5 exactly; with steepness 3, 1.44·cutoff gives 0.75 and 2.08·cutoff 0.9, so the
 * calibrated score still ranks how far past its cut-off a detector is. Stateless, always ready.
 *
 * @example
 * const stage = { detector: new EwmaDetector(), calibrator: new CutoffCalibrator({ cutoff: 4 }), threshold: new StaticThreshold(0.5) };
 */
export class CutoffCalibrator implements Calibrator {
  readonly name = TYPE;
  readonly isReady = true;
  readonly options: Readonly<Required<CutoffCalibratorOptions>>;

  constructor(options: CutoffCalibratorOptions) {
    checkKnownKeys(MODULE, options, ['cutoff', 'steepness']);
    this.options = Object.freeze({
      cutoff: checkNumber(MODULE, 'cutoff', options.cutoff, 0, Number.POSITIVE_INFINITY, 'both'),
      steepness: checkNumber(MODULE, 'steepness', options.steepness ?? DEFAULT_CUTOFF_CALIBRATOR_OPTIONS.steepness, 0, Number.POSITIVE_INFINITY, 'both'),
    });
  }

  update(): void {}

  transform(score: number): number {
    if (Number.isNaN(score)) return Number.NaN;
    if (score <= 0) return 0;
    return 1 / (1 + (this.options.cutoff / score) ** this.options.steepness);
  }

  clone(): CutoffCalibrator {
    return new CutoffCalibrator(this.options);
  }

  snapshot(): unknown {
    return { type: TYPE, version: SNAPSHOT_VERSION, state: {} };
  }

  restore(state: unknown): void {
    openSnapshot(MODULE, TYPE, state);
  }
}
