// The threshold comparison behind `awad sim thresholds`: the shipped meta-learned initialisation,
// adapted to each held-out workflow in a few gradient steps, against fixed thresholds: every check
// at 0.5, a rule tuned on the training workflows of the same family, and a rule tuned on the
// workflow's own labelled runs.
import type { DecodedPolicyFile } from '../ppo/policy-file';
import { MetaThresholdLearner, type MetaThresholdOptions, type ThresholdEstimator, type ThresholdObjective } from '../threshold/meta-threshold-policy';
import type { ThresholdActionSpaceName } from '../threshold/threshold-actions';
import type { ThresholdReward } from '../threshold/threshold-env';
import { compareThresholds, type ThresholdComparisonRow } from '../threshold/compare-thresholds';
import { DEFAULT_WORKFLOW_REGIME, heterogeneousRegime, type WorkflowRegime } from '../threshold/workflow-regime';
import { workflowStream } from '../threshold/workflow-stream';

/** The two families of simulated workflows: one shared behaviour, or a regime drawn per seed. */
export const WORKFLOW_FAMILIES = ['default', 'heterogeneous'] as const;
export type WorkflowFamily = (typeof WORKFLOW_FAMILIES)[number];

export function regimeOf(family: WorkflowFamily, seed: number): WorkflowRegime {
  return family === 'heterogeneous' ? heterogeneousRegime(seed) : DEFAULT_WORKFLOW_REGIME;
}

export interface ThresholdComparison {
  readonly family: WorkflowFamily;
  readonly rows: readonly ThresholdComparisonRow[];
  /** Per method: mean F1, total false positives, mean precision and recall over the workflows. */
  readonly summary: Readonly<Record<string, { readonly f1: number; readonly f1Std: number; readonly falsePositives: number; readonly precision: number; readonly recall: number }>>;
}

interface TrainingInfo {
  /** The fixed rule tuned on the default family's training workflows. */
  readonly globalRule?: { theta: number; mask: number };
  /** The fixed rule tuned on the heterogeneous family's training workflows. */
  readonly heterogeneousGlobalRule?: { theta: number; mask: number };
  /** How the policy sets the threshold (files written before levels existed: shifts). */
  readonly actionSpace?: ThresholdActionSpaceName;
  /** Its gradient estimator (files written before the expected gradient existed: REINFORCE). */
  readonly estimator?: ThresholdEstimator;
  /** What adaptation maximises (files written before the F1 objective: the reward). */
  readonly objective?: ThresholdObjective;
  readonly adaptAlpha?: number;
  readonly adaptEpisodes?: number;
  readonly gamma?: number;
  readonly horizon?: number;
  readonly reward?: ThresholdReward;
}

/**
 * The learner settings a meta-threshold policy file was trained with, for acting and adapting as it
 * was trained (files written before levels and the expected gradient: shifts and REINFORCE).
 */
export function thresholdPolicyOptions(file: DecodedPolicyFile): MetaThresholdOptions & { readonly actionSpace: ThresholdActionSpaceName } {
  const { actionSpace = 'shift', estimator = 'reinforce', objective = 'reward', adaptAlpha, adaptEpisodes, gamma, horizon, reward } = file.training as TrainingInfo;
  return { hidden: file.hidden, actionSpace, estimator, objective, adaptAlpha, adaptEpisodes, gamma, horizon, reward };
}

export function compareThresholdPolicy(file: DecodedPolicyFile, heldOutSeeds: readonly number[], options: { adaptSteps?: number; adaptFraction?: number; readaptEvery?: number; seed?: number; family?: WorkflowFamily } = {}): ThresholdComparison {
  const family = options.family ?? 'default';
  const training = file.training as TrainingInfo;
  const learner = new MetaThresholdLearner({ ...thresholdPolicyOptions(file), seed: options.seed ?? 1 });
  try {
    const global = family === 'heterogeneous' ? training.heterogeneousGlobalRule : training.globalRule;
    const streams = heldOutSeeds.map((seed) => workflowStream({ seed, regime: regimeOf(family, seed) }));
    const rows = compareThresholds(learner, file.weights, [], streams, { ...options, ...(global ? { globalRule: global } : {}) });
    const summary: Record<string, { f1: number; f1Std: number; falsePositives: number; precision: number; recall: number }> = {};
    for (const name of Object.keys(rows[0]?.methods ?? {})) {
      const f1s = rows.map((r) => r.methods[name]?.f1 ?? 0);
      const mean = f1s.reduce((a, b) => a + b, 0) / f1s.length;
      summary[name] = {
        f1: mean,
        f1Std: Math.sqrt(f1s.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, f1s.length - 1)),
        falsePositives: rows.reduce((a, r) => a + (r.methods[name]?.falsePositives ?? 0), 0),
        precision: rows.reduce((a, r) => a + (r.methods[name]?.precision ?? 0), 0) / rows.length,
        recall: rows.reduce((a, r) => a + (r.methods[name]?.recall ?? 0), 0) / rows.length,
      };
    }
    return { family, rows, summary };
  } finally {
    learner.dispose();
  }
}
