// Calibrator and Threshold: they wrap a detector's raw score, never live inside it.
// Reference: Merlion post_rule = calibrator then threshold; river ThresholdFilter/QuantileFilter.

/**
 * Maps a detector's raw score to a calibrated score in [0, 1] that is comparable across
 * detectors. `update` feeds it scores of points judged normal.
 */
export interface Calibrator {
  readonly name: string;
  /** False until it has seen enough scores to transform meaningfully. */
  readonly isReady: boolean;
  update(score: number): void;
  transform(score: number): number;
  clone(): Calibrator;
  snapshot(): unknown;
  restore(state: unknown): void;
}

/** Classifies a calibrated score as anomalous or not. `update` feeds it calibrated normal scores. */
export interface Threshold {
  readonly name: string;
  readonly isReady: boolean;
  update(calibrated: number): void;
  classify(calibrated: number): boolean;
  /** The current cut-off on the calibrated scale, for display and severity. */
  readonly value: number;
  clone(): Threshold;
  snapshot(): unknown;
  restore(state: unknown): void;
}
