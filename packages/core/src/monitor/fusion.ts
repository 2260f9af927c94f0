// Fusion: how the stages' calibrated scores and the rule checks become one verdict.
// Reference: METHODS.md 4.4 (the Shapley fusion there is a later, richer Fusion).
import type { StageResult } from './stage';

export interface FusionInput {
  /** Results of the stages that judged the point (ready and not abstaining). */
  readonly stages: readonly StageResult[];
  /** Noisy-OR certainty of the rule violations on this event, 0 when none. */
  readonly rules: number;
}

export interface FusionOutput {
  readonly score: number;
  readonly isAnomaly: boolean;
  readonly attribution?: Readonly<Record<string, number>>;
}

/** Turns stage results into one score and decision. Must be cheap: it runs on every event. */
export interface Fusion {
  readonly name: string;
  fuse(input: FusionInput): FusionOutput;
}

/** Rule violations at or above this certainty make a verdict anomalous on their own. */
export const RULE_ALERT_LEVEL = 0.5;

/**
 * The default: anomalous when any stage flags the point or the rules are certain enough;
 * the score is the largest calibrated score.
 */
export const maxFusion: Fusion = {
  name: 'max',
  fuse({ stages, rules }) {
    let score = rules;
    let isAnomaly = rules >= RULE_ALERT_LEVEL;
    for (const stage of stages) {
      if (stage.calibrated > score) score = stage.calibrated;
      if (stage.flagged) isAnomaly = true;
    }
    return { score, isAnomaly };
  },
};

/** Anomalous when at least `votes` stages flag the point (or the rules are certain enough). */
export function voteFusion(votes: number): Fusion {
  return {
    name: `vote-${votes}`,
    fuse({ stages, rules }) {
      let score = rules;
      let flagged = 0;
      for (const stage of stages) {
        if (stage.calibrated > score) score = stage.calibrated;
        if (stage.flagged) flagged += 1;
      }
      return { score, isAnomaly: flagged >= votes || rules >= RULE_ALERT_LEVEL };
    },
  };
}
