// Stage: one detector in a monitor, wrapped by its calibrator and threshold.
// Reference: Merlion post_rule (calibrator then threshold); STYLE.md "thresholds wrap detectors".
import type { Calibrator, Threshold } from '../detector/calibrator';
import type { Detector } from '../detector/detector';
import { IdentityCalibrator } from '../detector/identity-calibrator';
import { StaticThreshold } from '../detector/static-threshold';
import { ConfigError } from '../errors/config-error';

/**
 * How a detector runs inside a monitor. The detector is a prototype: each series gets its
 * own `clone()`. The calibrator and threshold are shared by all series of the stage.
 */
export interface StageSpec {
  /** Name used in verdict reasons; defaults to the detector's name. Must be unique. */
  readonly name?: string;
  readonly detector: Detector;
  /** Maps raw scores to [0, 1]; default: identity (clamped). */
  readonly calibrator?: Calibrator;
  /** Classifies calibrated scores; default: calibrated >= 0.5. */
  readonly threshold?: Threshold;
  /**
   * Name of an earlier stage this one stands in for: it judges a point only when that stage
   * could not (still warming up, or abstaining), e.g. a short-window baseline covering a task's
   * first days before its seasonal baseline is warm. It learns every point either way.
   */
  readonly fallbackFor?: string;
}

/** A resolved stage. */
export interface Stage {
  readonly name: string;
  readonly detector: Detector;
  readonly calibrator: Calibrator;
  readonly threshold: Threshold;
  /** Index of the stage this one stands in for, or -1. */
  readonly fallbackFor: number;
}

/** What one stage said about one point. */
export interface StageResult {
  readonly name: string;
  readonly raw: number;
  readonly calibrated: number;
  readonly flagged: boolean;
}

export function resolveStages(specs: readonly StageSpec[]): Stage[] {
  const seen = new Map<string, number>();
  return specs.map((spec, i) => {
    if (spec === null || typeof spec !== 'object' || typeof spec.detector?.scoreOne !== 'function' || typeof spec.detector.clone !== 'function') {
      throw new ConfigError('@awad/core/monitor', `stages[${i}].detector`, 'a Detector (learnOne, scoreOne, clone, snapshot, restore)', spec?.detector);
    }
    const name = spec.name ?? spec.detector.name;
    if (seen.has(name)) throw new ConfigError('@awad/core/monitor', `stages[${i}].name`, 'a name not used by another stage', name);
    const primary = spec.fallbackFor === undefined ? -1 : (seen.get(spec.fallbackFor) ?? -2);
    if (primary === -2) throw new ConfigError('@awad/core/monitor', `stages[${i}].fallbackFor`, 'the name of an earlier stage', spec.fallbackFor);
    seen.set(name, i);
    return { name, detector: spec.detector, calibrator: spec.calibrator ?? new IdentityCalibrator(), threshold: spec.threshold ?? new StaticThreshold(0.5), fallbackFor: primary };
  });
}
