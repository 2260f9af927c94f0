// IdentityCalibrator: for detectors whose raw score is already on the [0, 1] scale.
import type { Calibrator } from './calibrator';

/** Passes the raw score through, clamped to [0, 1] (NaN stays NaN). */
export class IdentityCalibrator implements Calibrator {
  readonly name = 'identity';
  readonly isReady = true;

  update(): void {}

  transform(score: number): number {
    return score < 0 ? 0 : score > 1 ? 1 : score;
  }

  clone(): IdentityCalibrator {
    return new IdentityCalibrator();
  }

  snapshot(): unknown {
    return null;
  }

  restore(): void {}
}
