// trainDeployPolicy: starting weights, and a list of environment options spread over the parallel
// environments (training on a mix of regimes).
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBackend } from '@awad/tensor';
import { DEFAULT_REWARD_WEIGHTS, loadDefaultDeployPolicy, trainDeployPolicy, type RewardWeights } from '../src/index';

const ZERO_REWARD: RewardWeights = { latency: 0, throughput: 0, errors: 0, cost: 0, down: 0, action: 0, latencyLevel: 0 };

describe('trainDeployPolicy', () => {
  beforeAll(async () => {
    await ensureBackend({ backend: 'wasm' });
  });

  it('starts from the given weights: the shipped policy, not a fresh initialisation', async () => {
    const shipped = await loadDefaultDeployPolicy();
    const { agent } = trainDeployPolicy({ updates: 0, envs: 1, stepsPerEnv: 1, initialWeights: shipped.file.weights });
    const { agent: fresh } = trainDeployPolicy({ updates: 0, envs: 1, stepsPerEnv: 1 });
    for (const [name, w] of Object.entries(shipped.file.weights)) expect(Array.from(agent.weights()[name]!.values)).toEqual(Array.from(w.values));
    expect(Array.from(fresh.weights()['actor/0/kernel']!.values)).not.toEqual(Array.from(shipped.file.weights['actor/0/kernel']!.values));
    agent.dispose();
    fresh.dispose();
  });

  it('spreads a list of environment options over the parallel environments in turn', () => {
    // Environments 0 and 2 pay the default reward, 1 and 3 pay nothing: one cycle each (240 steps).
    const { returns, episodes, agent } = trainDeployPolicy({ updates: 1, envs: 4, stepsPerEnv: 240, env: [{ reward: DEFAULT_REWARD_WEIGHTS }, { reward: ZERO_REWARD, simulator: { faultsPerCycle: [8, 12] } }] });
    expect(episodes).toBe(4);
    // Episodes finish in environment order within the last step.
    expect(returns[0]).toBeLessThan(0);
    expect(returns[1]).toBe(0);
    expect(returns[2]).toBeLessThan(0);
    expect(returns[3]).toBe(0);
    agent.dispose();
  });
});
