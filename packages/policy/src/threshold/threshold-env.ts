// The threshold-tuning environment: one episode walks H consecutive scored task runs of a
// workflow; each step the policy sets the threshold (a shift or a level: threshold-actions.ts) and
// enables or disables each check.
// Reference: METHODS.md 4.5 (action = (shift in {-2..+2}, mask in {0,1}^6); theta' = clip(theta +
// 0.02 shift, 0.05, 0.95); verdict 1[max of enabled checks >= theta']; theta_1 = 0.5). OUR CHOICE:
// the state (28 dims, no graph embedding) is the checks, the last mask, theta, the alert rate and
// the label feedback of the last 50 steps, and per check two statistics of the last 50 steps: how
// often it was at or over 0.5 (a quantile of its scores: a noisy check is often high), and how
// often it was at or over theta on a false alert (feedback on the alerts it caused), each x4
// clipped to 1; reward +1 TP, -1 FN, -0.5 FP, 0 TN (positives are rarer per step here than per
// run in [000], so a false alert costs more than the seed's -0.2).
import { thresholdActionSpace, type ThresholdActionSpace } from './threshold-actions';
import { fusedScore, THRESHOLD_STATE_SIZE, ThresholdMemory } from './threshold-memory';
import { CHECK_COUNT, type WorkflowStream } from './workflow-stream';

export { THRESHOLD_STATE_SIZE } from './threshold-memory';

/** The policy's outputs: one logit per threshold choice, then one per check. */
export function thresholdLogits(space: ThresholdActionSpace): number {
  return space.choices + CHECK_COUNT;
}

export interface ThresholdReward {
  readonly tp: number;
  readonly fn: number;
  readonly fp: number;
  readonly tn: number;
}

export const DEFAULT_THRESHOLD_REWARD: ThresholdReward = Object.freeze({ tp: 1, fn: -1, fp: -0.5, tn: 0 });

export interface ThresholdAction {
  /** Index of the threshold choice in the action space (a shift or a level). */
  readonly choice: number;
  /** Bit k set = check k enabled. */
  readonly mask: number;
}

/** Steps of one episode as the learner needs them. */
export interface EpisodeRecord {
  readonly states: Float32Array;
  readonly choices: Int32Array;
  readonly masks: Float32Array;
  readonly rewards: Float32Array;
}

export interface Confusion {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

export function emptyConfusion(): Confusion {
  return { tp: 0, fp: 0, fn: 0, tn: 0 };
}

export function f1Of(c: Confusion): number {
  return c.tp === 0 ? 0 : (2 * c.tp) / (2 * c.tp + c.fp + c.fn);
}

export interface EpisodeOptions {
  readonly record?: EpisodeRecord;
  readonly reward?: ThresholdReward;
  /** How a choice sets the threshold (default 'level'). */
  readonly space?: ThresholdActionSpace;
}

/**
 * Runs `length` steps of `stream` from `start` with `act`; adds to `confusion`, and records the
 * episode when `options.record` is set. Returns the episode's total reward.
 */
export function runThresholdEpisode(stream: WorkflowStream, start: number, length: number, act: (state: Float32Array) => ThresholdAction, confusion: Confusion, options: EpisodeOptions = {}): number {
  const { record, reward = DEFAULT_THRESHOLD_REWARD, space = thresholdActionSpace() } = options;
  const K = CHECK_COUNT;
  const state = new Float32Array(THRESHOLD_STATE_SIZE);
  const memory = new ThresholdMemory(space);
  let total = 0;
  for (let i = 0; i < length; i++) {
    const row = start + i;
    const o = row * K;
    memory.state(stream.checks, o, state);
    const a = act(state);
    const alert = memory.decide(stream.checks, o, a.choice, a.mask);
    const y = stream.labels[row] === 1;
    const r = alert ? (y ? reward.tp : reward.fp) : y ? reward.fn : reward.tn;
    if (alert && y) confusion.tp += 1;
    else if (alert) confusion.fp += 1;
    else if (y) confusion.fn += 1;
    else confusion.tn += 1;
    memory.learn(stream.checks, o, alert, a.mask, y);
    if (record) {
      record.states.set(state, i * THRESHOLD_STATE_SIZE);
      record.choices[i] = a.choice;
      for (let k = 0; k < K; k++) record.masks[i * K + k] = (a.mask >> k) & 1;
      record.rewards[i] = r;
    }
    total += r;
  }
  return total;
}

export function newEpisodeRecord(length: number): EpisodeRecord {
  return { states: new Float32Array(length * THRESHOLD_STATE_SIZE), choices: new Int32Array(length), masks: new Float32Array(length * CHECK_COUNT), rewards: new Float32Array(length) };
}

/** Confusion of a fixed rule on rows [from, to): alert iff max of the enabled checks >= theta. */
export function fixedRuleConfusion(stream: WorkflowStream, from: number, to: number, theta: number, mask = (1 << CHECK_COUNT) - 1): Confusion {
  const c = emptyConfusion();
  for (let row = from; row < to; row++) {
    const alert = fusedScore(stream.checks, row * CHECK_COUNT, mask) >= theta;
    const y = stream.labels[row] === 1;
    if (alert && y) c.tp += 1;
    else if (alert) c.fp += 1;
    else if (y) c.fn += 1;
    else c.tn += 1;
  }
  return c;
}
