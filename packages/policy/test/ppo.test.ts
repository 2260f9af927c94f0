import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, SnapshotError } from '@awad/core';
import { ensureBackend, tensorLeak } from '@awad/tensor';
import { computeGae, decodePolicyFile, encodePolicyFile, PpoAgent, PpoPolicy, type Rollout } from '../src/index';

// A contextual bandit: the state is one-hot of 3 contexts; action = context index pays +1, else 0.
function banditRollout(agent: PpoAgent, steps: number, seed: number): { rollout: Rollout; meanReward: number } {
  const d = 3;
  const obs = new Float32Array(steps * d);
  for (let i = 0; i < steps; i++) obs[i * d + ((i * 7 + seed) % d)] = 1;
  const { actions, logProbs, values } = agent.act(obs, steps);
  const rewards = new Float32Array(steps);
  for (let i = 0; i < steps; i++) rewards[i] = actions[i] === (i * 7 + seed) % d ? 1 : 0;
  return {
    rollout: { envs: steps, observations: obs, actions, rewards, dones: new Uint8Array(steps).fill(1), logProbs, values, lastValues: new Float32Array(steps) },
    meanReward: rewards.reduce((a, b) => a + b, 0) / steps,
  };
}

describe('PPO', () => {
  beforeAll(async () => {
    await ensureBackend({ backend: 'wasm' });
  });

  it('GAE matches a hand computation, with episode ends cutting the bootstrap', () => {
    // one env, 3 steps, done after step 1
    const { advantages, returns } = computeGae(Float32Array.from([1, 0, 2]), Float32Array.from([0.5, 0.2, 0.1]), Uint8Array.from([0, 1, 0]), Float32Array.from([0.4]), 1, 0.9, 0.5);
    const d2 = 2 + 0.9 * 0.4 - 0.1;
    const d1 = 0 - 0.2; // done: no bootstrap
    const d0 = 1 + 0.9 * 0.2 - 0.5;
    expect(advantages[2]).toBeCloseTo(d2, 5);
    expect(advantages[1]).toBeCloseTo(d1, 5);
    expect(advantages[0]).toBeCloseTo(d0 + 0.9 * 0.5 * d1, 5);
    expect(returns[0]).toBeCloseTo((advantages[0] as number) + 0.5, 5);
  });

  it('learns a contextual bandit, leaks no tensors, and is reproducible from its seed', async () => {
    const agent = new PpoAgent({ observationSize: 3, actionCount: 3, hidden: [16], seed: 2, learningRate: 3e-3, epochs: 4, minibatchSize: 64 });
    const before = banditRollout(agent, 256, 0).meanReward;
    let after = 0;
    agent.update(banditRollout(agent, 256, 100).rollout); // creates Adam's slots (state, not a leak)
    const leaked = await tensorLeak(() => {
      for (let u = 0; u < 12; u++) agent.update(banditRollout(agent, 256, u).rollout);
    });
    after = banditRollout(agent, 256, 99).meanReward;
    expect(leaked).toBe(0);
    expect(after).toBeGreaterThan(before + 0.3);
    const twin = new PpoAgent({ observationSize: 3, actionCount: 3, hidden: [16], seed: 2 });
    const fresh = new PpoAgent({ observationSize: 3, actionCount: 3, hidden: [16], seed: 2 });
    expect(Array.from(twin.weights()['actor/0/kernel']!.values)).toEqual(Array.from(fresh.weights()['actor/0/kernel']!.values));
    for (const a of [agent, twin, fresh]) a.dispose();
  });

  it('saves and loads: the tfjs-free policy acts as the agent does (greedy)', () => {
    const agent = new PpoAgent({ observationSize: 4, actionCount: 6, hidden: [8, 8], seed: 5 });
    const file = decodePolicyFile(JSON.parse(JSON.stringify(encodePolicyFile({ kind: 'awad-ppo-policy', version: 1, observationSize: 4, actions: ['a', 'b', 'c', 'd', 'e', 'f'], hidden: [8, 8], detectors: [], training: {}, weights: agent.weights() }))));
    const policy = new PpoPolicy(file);
    const other = new PpoAgent({ observationSize: 4, actionCount: 6, hidden: [8, 8], seed: 9 });
    other.loadWeights(file.weights);
    for (let i = 0; i < 10; i++) {
      const s = Float32Array.from([Math.sin(i), Math.cos(i), i / 10, 1]);
      const a = agent.act(s, 1, true).actions[0];
      expect(policy.decide({ state: s, metrics: {} as never, config: {} as never, scores: {} })).toBe(a);
      expect(other.act(s, 1, true).actions[0]).toBe(a);
    }
    expect(() => decodePolicyFile({ kind: 'other', version: 1 })).toThrow(SnapshotError);
    agent.dispose();
    other.dispose();
  });

  it('rejects bad options with a ConfigError naming the option', () => {
    expect(() => new PpoAgent({ observationSize: 0, actionCount: 3 })).toThrow(ConfigError);
    expect(() => new PpoAgent({ observationSize: 3, actionCount: 3, clip: 2 })).toThrow(/clip/);
  });
});
