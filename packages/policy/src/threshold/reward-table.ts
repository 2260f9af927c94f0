// The verdict and the reward of every action at every recorded step, for the all-action
// ("expected") policy gradient: a step's verdict depends only on its own action, its checks and the
// threshold before it, so the verdict and reward of the actions not taken are known exactly, and
// the gradient of the policy's expected reward (or expected F1) at the visited states needs no
// sampling of actions.
// Reference: Ciosek & Whiteson 2018 (Expected Policy Gradients); METHODS.md 4.5 (the reward). OUR
// CHOICE: myopic (each step's own verdict; the action's effect on later states is not credited).
import type { ThresholdActionSpace } from './threshold-actions';
import { DEFAULT_THRESHOLD_REWARD, THRESHOLD_STATE_SIZE, type ThresholdReward } from './threshold-env';
import { CHECK_COUNT } from './workflow-stream';

/** Every check mask, 0 .. 2^CHECK_COUNT - 1. */
export const MASK_COUNT = 1 << CHECK_COUNT;

/**
 * Rows x choices x masks verdicts, row-major: entry (i, c, m) is 1 when step i would have alerted
 * with threshold choice c and check mask m, else 0. `states` are the recorded states (checks first,
 * the threshold before the step at 2 * CHECK_COUNT).
 */
export function alertTable(states: Float32Array, rows: number, space: ThresholdActionSpace): Uint8Array {
  const C = space.choices;
  const out = new Uint8Array(rows * C * MASK_COUNT);
  const fused = new Float32Array(MASK_COUNT);
  for (let i = 0; i < rows; i++) {
    const o = i * THRESHOLD_STATE_SIZE;
    // fused[m] = max of the checks enabled in m (0 for none), built from m without its lowest bit.
    fused[0] = 0;
    for (let m = 1; m < MASK_COUNT; m++) {
      const low = 31 - Math.clz32(m & -m);
      fused[m] = Math.max(fused[m & (m - 1)] as number, states[o + low] as number);
    }
    const theta = states[o + 2 * CHECK_COUNT] as number;
    for (let c = 0; c < C; c++) {
      const base = (i * C + c) * MASK_COUNT;
      const t = space.next(theta, c);
      for (let m = 0; m < MASK_COUNT; m++) out[base + m] = (fused[m] as number) >= t ? 1 : 0;
    }
  }
  return out;
}

/** Rows x choices x masks rewards: entry (i, c, m) is the reward step i would have got with choice c and mask m. */
export function rewardTable(states: Float32Array, labels: ArrayLike<number>, space: ThresholdActionSpace, reward: ThresholdReward = DEFAULT_THRESHOLD_REWARD): Float32Array {
  const n = labels.length;
  const width = space.choices * MASK_COUNT;
  const alerts = alertTable(states, n, space);
  const out = new Float32Array(alerts.length);
  for (let i = 0; i < n; i++) {
    const y = labels[i] === 1;
    const hit = y ? reward.tp : reward.fp;
    const pass = y ? reward.fn : reward.tn;
    for (let j = i * width; j < (i + 1) * width; j++) out[j] = alerts[j] === 1 ? hit : pass;
  }
  return out;
}
