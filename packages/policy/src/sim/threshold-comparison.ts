// The threshold comparison behind `awad sim thresholds`: the shipped meta-learned initialisation,
// adapted to each held-out workflow in a few gradient steps, against fixed thresholds.
import type { DecodedPolicyFile } from '../ppo/policy-file';
import { MetaThresholdLearner } from '../threshold/meta-threshold-policy';
import { compareThresholds, type ThresholdComparisonRow } from '../threshold/compare-thresholds';
import { workflowStream } from '../threshold/workflow-stream';

export interface ThresholdComparison {
  readonly rows: readonly ThresholdComparisonRow[];
  /** Per method: mean F1, total false positives, mean precision and recall over the workflows. */
  readonly summary: Readonly<Record<string, { readonly f1: number; readonly f1Std: number; readonly falsePositives: number; readonly precision: number; readonly recall: number }>>;
}

export function compareThresholdPolicy(file: DecodedPolicyFile, heldOutSeeds: readonly number[], options: { adaptSteps?: number; adaptFraction?: number; seed?: number } = {}): ThresholdComparison {
  const learner = new MetaThresholdLearner({ hidden: file.hidden, seed: options.seed ?? 1 });
  try {
    const global = (file.training as { globalRule?: { theta: number; mask: number } }).globalRule;
    const streams = heldOutSeeds.map((seed) => workflowStream({ seed }));
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
    return { rows, summary };
  } finally {
    learner.dispose();
  }
}
