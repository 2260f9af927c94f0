// Scoring one point through every stage of a series: score, calibrate, classify.
// Learning is separate (observe learns after fusion; tick never learns).
import type { Features, ObservationContext, ScoreExplanation } from '../detector/detector';
import type { SeriesState } from '../store/store';
import type { Stage, StageResult } from './stage';

export interface StagesOutcome {
  readonly results: StageResult[];
  /** Indexes (into stages) of the results, aligned with `results`. */
  readonly indexes: number[];
  /** Some stage could not judge the point because it is still warming up. */
  readonly warming: boolean;
  readonly flagged: boolean;
}

export type StageFailure = (stage: string, error: unknown) => void;

export function runStages(stages: readonly Stage[], series: SeriesState, x: Features, ctx: ObservationContext, fail: StageFailure): StagesOutcome {
  const results: StageResult[] = [];
  const indexes: number[] = [];
  let warming = false;
  let flagged = false;
  for (let i = 0; i < stages.length; i++) {
    const stage = stages[i] as Stage;
    const detector = series.detectors[i];
    if (detector === undefined) continue;
    try {
      if (!detector.isReady || !stage.calibrator.isReady) {
        warming = true;
        continue;
      }
      const raw = detector.scoreOne(x, ctx);
      if (Number.isNaN(raw)) continue; // the detector abstains: none of its features are here
      const calibrated = stage.calibrator.transform(raw);
      const isFlagged = stage.threshold.isReady && stage.threshold.classify(calibrated);
      if (isFlagged) flagged = true;
      results.push({ name: stage.name, raw, calibrated, flagged: isFlagged });
      indexes.push(i);
    } catch (error) {
      fail(stage.name, error);
    }
  }
  return { results, indexes, warming, flagged };
}

/** Explanation of a flagged stage's score, if its detector gives one (errors are reported, not thrown). */
export function explainStage(series: SeriesState, index: number, x: Features, ctx: ObservationContext, stage: string, fail: StageFailure): ScoreExplanation | undefined {
  try {
    return series.detectors[index]?.explainOne?.(x, ctx);
  } catch (error) {
    fail(stage, error);
    return undefined;
  }
}
