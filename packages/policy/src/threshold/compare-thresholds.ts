// Meta-trains the threshold policy across workflows and compares it, adapted to each held-out
// workflow in a few gradient steps, with fixed thresholds on that workflow's later task runs.
// Reference: METHODS.md 4.5 (meta-training and adaptation), 6.1 (point-wise F1). OUR CHOICE: each
// held-out workflow's first `adaptFraction` of scored task runs is the labelled data that adaptation
// (and the per-workflow tuned rule) may use; F1 and false positives are counted on the rest.
import { ConfigError } from '@awad/core';
import type { NamedWeights } from '@awad/tensor';
import { evaluateThresholdPolicy, MetaThresholdLearner, type MetaThresholdOptions, type ThresholdTask } from './meta-threshold-policy';
import { emptyConfusion, f1Of, fixedRuleConfusion, type Confusion } from './threshold-env';
import { CHECK_COUNT, type WorkflowStream } from './workflow-stream';

export interface MetaTrainOptions extends MetaThresholdOptions {
  readonly iterations?: number;
  readonly metaBatch?: number;
  readonly onIteration?: (iteration: number, meanReturn: number, learner: MetaThresholdLearner) => void;
}

/** First-order MAML over tasks drawn from the training workflows. */
export function metaTrainThresholds(streams: readonly WorkflowStream[], options: MetaTrainOptions = {}): MetaThresholdLearner {
  const learner = new MetaThresholdLearner(options);
  const iterations = options.iterations ?? 100;
  const batch = options.metaBatch ?? 8;
  let k = 0;
  for (let it = 0; it < iterations; it++) {
    const tasks: ThresholdTask[] = [];
    for (let j = 0; j < batch; j++) {
      const stream = streams[(k++ * 7 + it) % streams.length] as WorkflowStream;
      tasks.push({ stream, from: 0, to: stream.length });
    }
    options.onIteration?.(it + 1, learner.metaStep(tasks), learner);
  }
  return learner;
}

/** Best-F1 fixed rule (threshold and enabled checks) on rows of some streams. */
export function tuneFixedRule(parts: readonly { stream: WorkflowStream; from: number; to: number }[]): { theta: number; mask: number } {
  let best = { theta: 0.5, mask: (1 << CHECK_COUNT) - 1, f1: -1 };
  for (let mask = 1; mask < 1 << CHECK_COUNT; mask++) {
    for (let theta = 0.1; theta <= 0.951; theta += 0.05) {
      const c = emptyConfusion();
      for (const p of parts) add(c, fixedRuleConfusion(p.stream, p.from, p.to, theta, mask));
      const f1 = f1Of(c);
      if (f1 > best.f1 + 1e-9) best = { theta, mask, f1 };
    }
  }
  return { theta: best.theta, mask: best.mask };
}

export interface ThresholdComparisonRow {
  readonly workflow: string;
  readonly evaluatedRuns: number;
  readonly anomalies: number;
  readonly methods: Readonly<Record<string, { readonly f1: number; readonly falsePositives: number; readonly precision: number; readonly recall: number }>>;
}

export interface CompareOptions {
  readonly adaptFraction?: number;
  /** Gradient steps of adaptation, at most 5 (default 3). */
  readonly adaptSteps?: number;
  /** The fixed rule tuned on the training workflows (default: tuned here on `training`). */
  readonly globalRule?: { readonly theta: number; readonly mask: number };
  /**
   * Also re-adapt the policy (from the meta-weights, `adaptSteps` steps) and re-tune the
   * per-workflow rule every this many scored runs, on every run labelled so far: the labelled
   * share and the feedback on the runs already scored (METHODS 4.5, adaptation in deployment).
   * Default 500 (chosen on the validation workflows); 0 leaves these rows out.
   */
  readonly readaptEvery?: number;
}

/** Default of CompareOptions.readaptEvery. */
export const DEFAULT_READAPT_EVERY = 500;

/** Compares fixed thresholds and the meta-learned policy on held-out workflows. */
export function compareThresholds(learner: MetaThresholdLearner, theta: NamedWeights, training: readonly WorkflowStream[], heldOut: readonly WorkflowStream[], options: CompareOptions = {}): ThresholdComparisonRow[] {
  const fraction = options.adaptFraction ?? 0.3;
  const steps = Math.min(5, options.adaptSteps ?? 3);
  const global = options.globalRule ?? tuneFixedRule(training.map((stream) => ({ stream, from: 0, to: stream.length })));
  const every = options.readaptEvery ?? DEFAULT_READAPT_EVERY;
  if (!Number.isInteger(every) || every < 0) throw new ConfigError('@awad/policy', 'readaptEvery', 'a whole number of runs >= 0', every);
  // Its own learner (its own random draws), so the other rows do not depend on re-adaptation.
  const readapter = every > 0 ? new MetaThresholdLearner(learner.options) : undefined;
  try {
    return heldOut.map((stream) => compareOn(stream));
  } finally {
    readapter?.dispose();
  }
  function compareOn(stream: WorkflowStream): ThresholdComparisonRow {
    const split = Math.floor(stream.length * fraction);
    const local = tuneFixedRule([{ stream, from: 0, to: split }]);
    const adapted = learner.adapt(theta, { stream, from: 0, to: split }, steps);
    const actor = { hidden: learner.options.hidden.length, space: learner.space, horizon: learner.options.horizon };
    const methods: Record<string, Confusion> = {
      'fixed 0.5 (every check at its cut-off)': fixedRuleConfusion(stream, split, stream.length, 0.5),
      'fixed, tuned on training workflows': fixedRuleConfusion(stream, split, stream.length, global.theta, global.mask),
      'fixed, tuned on this workflow\'s labelled runs': fixedRuleConfusion(stream, split, stream.length, local.theta, local.mask),
      'meta-learned, not adapted': evaluateThresholdPolicy(theta, stream, split, stream.length, actor),
      [`meta-learned, adapted (${steps} steps)`]: evaluateThresholdPolicy(adapted, stream, split, stream.length, actor),
    };
    if (every > 0) {
      methods[`fixed, re-tuned every ${every} runs on the feedback so far`] = retunedRuleConfusion(stream, split, every);
      methods[`meta-learned, re-adapted every ${every} runs on the feedback so far (${steps} steps)`] = readaptedConfusion(readapter as MetaThresholdLearner, theta, stream, split, every, steps);
    }
    const out: Record<string, { f1: number; falsePositives: number; precision: number; recall: number }> = {};
    for (const [name, c] of Object.entries(methods)) out[name] = { f1: f1Of(c), falsePositives: c.fp, precision: c.tp + c.fp === 0 ? 0 : c.tp / (c.tp + c.fp), recall: c.tp + c.fn === 0 ? 0 : c.tp / (c.tp + c.fn) };
    return { workflow: stream.key, evaluatedRuns: stream.length - split, anomalies: countLabels(stream, split), methods: out };
  }
}

/** Rows [split, end) in blocks of `every`; before each block the policy is adapted from `theta` on every row before it. */
function readaptedConfusion(learner: MetaThresholdLearner, theta: NamedWeights, stream: WorkflowStream, split: number, every: number, steps: number): Confusion {
  const actor = { hidden: learner.options.hidden.length, space: learner.space, horizon: learner.options.horizon };
  const c = emptyConfusion();
  for (let from = split; from < stream.length; from += every) {
    const adapted = learner.adapt(theta, { stream, from: 0, to: from }, steps);
    add(c, evaluateThresholdPolicy(adapted, stream, from, Math.min(stream.length, from + every), actor));
  }
  return c;
}

/** The same blocks with the best-F1 fixed rule on every row before each block. */
function retunedRuleConfusion(stream: WorkflowStream, split: number, every: number): Confusion {
  const c = emptyConfusion();
  for (let from = split; from < stream.length; from += every) {
    const rule = tuneFixedRule([{ stream, from: 0, to: from }]);
    add(c, fixedRuleConfusion(stream, from, Math.min(stream.length, from + every), rule.theta, rule.mask));
  }
  return c;
}

function countLabels(stream: WorkflowStream, from: number): number {
  let n = 0;
  for (let i = from; i < stream.length; i++) n += stream.labels[i] as number;
  return n;
}

function add(a: Confusion, b: Confusion): void {
  a.tp += b.tp;
  a.fp += b.fp;
  a.fn += b.fn;
  a.tn += b.tn;
}


