// Generalized advantage estimation over a rollout of one or many environments.
// Reference: Schulman et al. 2016 (GAE); METHODS.md 5.7 (gamma 0.99, lambda 0.95, bootstrap V).

/**
 * Rollout arrays are step-major: index t * envs + e. `lastValues[e]` bootstraps V after the last
 * step. Returns the advantages A_t and the value targets Rhat_t = A_t + V(s_t).
 */
export function computeGae(rewards: Float32Array, values: Float32Array, dones: Uint8Array, lastValues: Float32Array, envs: number, gamma: number, lambda: number): { advantages: Float32Array; returns: Float32Array } {
  const n = rewards.length;
  const steps = n / envs;
  const advantages = new Float32Array(n);
  const returns = new Float32Array(n);
  for (let e = 0; e < envs; e++) {
    let next = 0;
    for (let t = steps - 1; t >= 0; t--) {
      const i = t * envs + e;
      const notDone = dones[i] ? 0 : 1;
      const nextValue = t === steps - 1 ? (lastValues[e] as number) : (values[i + envs] as number);
      const delta = (rewards[i] as number) + gamma * nextValue * notDone - (values[i] as number);
      next = delta + gamma * lambda * notDone * next;
      advantages[i] = next;
      returns[i] = next + (values[i] as number);
    }
  }
  return { advantages, returns };
}
