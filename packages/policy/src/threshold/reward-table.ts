// The reward of every action at every recorded step, for the all-action ("expected") policy
// gradient: a step's reward depends only on its own action, its checks, the threshold before it and
// its label, so the reward of the actions not taken is known exactly, and the gradient of the
// policy's expected reward at the visited states needs no sampling of actions.
// Reference: Ciosek & Whiteson 2018 (Expected Policy Gradients); METHODS.md 4.5 (the reward). OUR
// CHOICE: myopic (each step's own reward; the action's effect on later states is not credited).
import type { ThresholdActionSpace } from './threshold-actions';
import { DEFAULT_THRESHOLD_REWARD, THRESHOLD_STATE_SIZE, type ThresholdReward } from './threshold-env';
import { CHECK_COUNT } from './workflow-stream';

/** Every check mask, 0 .. 2^CHECK_COUNT - 1. */
export const MASK_COUNT = 1 << CHECK_COUNT;

/**
 * Rows x choices x masks rewards, row-major: entry (i, c, m) is the reward step i would have got
 * with threshold choice c and check mask m. `states` are the recorded states (checks first, the
 * threshold before the step at 2 * CHECK_COUNT), `labels` the steps' labels.
 */
export function rewardTable(states: Float32Array, labels: ArrayLike<number>, space: ThresholdActionSpace, reward: ThresholdReward = DEFAULT_THRESHOLD_REWARD): Float32Array {
  const n = labels.length;
  const C = space.choices;
  const out = new Float32Array(n * C * MASK_COUNT);
  const fused = new Float32Array(MASK_COUNT);
  const cut = new Float32Array(C);
  for (let i = 0; i < n; i++) {
    const o = i * THRESHOLD_STATE_SIZE;
    // fused[m] = max of the checks enabled in m (0 for none), built from m without its lowest bit.
    fused[0] = 0;
    for (let m = 1; m < MASK_COUNT; m++) {
      const low = 31 - Math.clz32(m & -m);
      fused[m] = Math.max(fused[m & (m - 1)] as number, states[o + low] as number);
    }
    const theta = states[o + 2 * CHECK_COUNT] as number;
    for (let c = 0; c < C; c++) cut[c] = space.next(theta, c);
    const y = labels[i] === 1;
    const hit = y ? reward.tp : reward.fp;
    const pass = y ? reward.fn : reward.tn;
    for (let c = 0; c < C; c++) {
      const base = (i * C + c) * MASK_COUNT;
      const t = cut[c] as number;
      for (let m = 0; m < MASK_COUNT; m++) out[base + m] = (fused[m] as number) >= t ? hit : pass;
    }
  }
  return out;
}
