import { describe, expect, it } from 'vitest';
import { ConfigError } from '@awad/core';
import { createRandom } from '@awad/core';
import { CycleAccounting, cycleSeeds, DEFAULT_REWARD_WEIGHTS, DEPLOYMENT_REGIMES, DeploymentSimulator, deploymentReward, deploymentRegime, evaluateDeployment, FAULT_KINDS, faultSchedule, MAINTAIN, outageSteps, recoverySteps, StaticThresholdController, DeploymentEnv, isUp } from '../src/index';

const run = (sim: DeploymentSimulator, steps: number) => Array.from({ length: steps }, () => sim.step());

describe('DeploymentSimulator', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = run(new DeploymentSimulator({ seed: 3 }), 50).map((r) => r.metrics.latencyMs);
    const b = run(new DeploymentSimulator({ seed: 3 }), 50).map((r) => r.metrics.latencyMs);
    const c = run(new DeploymentSimulator({ seed: 4 }), 50).map((r) => r.metrics.latencyMs);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(new DeploymentSimulator({ seed: 3 }).faults.length).toBeGreaterThanOrEqual(1);
  });

  it('a bad rollout raises errors and drift until traffic shifts to model B', () => {
    const sim = new DeploymentSimulator({ seed: 1, preroll: 0, faults: [{ kind: 'bad-rollout', onset: 10, duration: Number.POSITIVE_INFINITY }] });
    const before = run(sim, 10);
    const during = run(sim, 5);
    expect(Math.min(...during.map((r) => r.metrics.errorRate))).toBeGreaterThan(0.04);
    expect(Math.min(...during.map((r) => r.metrics.drift))).toBeGreaterThan(Math.max(...before.map((r) => r.metrics.drift)));
    sim.act(4);
    const after = run(sim, 5);
    expect(after[0]?.config.model).toBe('B');
    expect(Math.max(...after.map((r) => r.metrics.errorRate))).toBeLessThan(0.02);
  });

  it('a memory leak drives memory and latency up, and a scale action restarts the workers', () => {
    const sim = new DeploymentSimulator({ seed: 2, preroll: 0, faults: [{ kind: 'memory-leak', onset: 0, duration: Number.POSITIVE_INFINITY }] });
    const steps = run(sim, 60);
    expect(steps[59]!.metrics.memory).toBeGreaterThan(steps[0]!.metrics.memory + 0.3);
    sim.act(2);
    const after = run(sim, 3);
    expect(after[2]!.metrics.memory).toBeLessThan(steps[59]!.metrics.memory - 0.3);
    expect(after[0]!.active).not.toContain('memory-leak');
  });

  it('a scale action at its limit changes nothing, so it does not restart the workers', () => {
    const leak = [{ kind: 'memory-leak' as const, onset: 5, duration: Number.POSITIVE_INFINITY }];
    const sim = new DeploymentSimulator({ seed: 2, preroll: 0, faults: leak });
    for (let i = 0; i < 3; i++) sim.act(3); // 4 -> 1 worker, before the leak starts
    run(sim, 40);
    sim.act(3); // already at 1 worker
    const after = run(sim, 2);
    expect(after[0]!.config.workers).toBe(1);
    expect(after[0]!.active).toContain('memory-leak');
  });

  it('rejects bad options with a ConfigError', () => {
    expect(() => new DeploymentSimulator({ steps: 0 })).toThrow(ConfigError);
    expect(() => new DeploymentSimulator({ seed: 1.5 })).toThrow(ConfigError);
    expect(() => new DeploymentSimulator({ faultsPerCycle: [3, 2] })).toThrow(/faultsPerCycle/);
    expect(() => new DeploymentSimulator({ faultsPerCycle: [-1, 2] })).toThrow(ConfigError);
    expect(() => new DeploymentSimulator({ faultsPerCycle: [1, 2.5] })).toThrow(ConfigError);
  });

  it('draws faultsPerCycle faults, distinct kinds until all four are used', () => {
    for (let seed = 0; seed < 50; seed++) {
      const faults = faultSchedule(createRandom(seed), [8, 12]);
      expect(faults.length).toBeGreaterThanOrEqual(8);
      expect(faults.length).toBeLessThanOrEqual(12);
      // Every kind appears twice before any appears three times.
      const counts = FAULT_KINDS.map((k) => faults.filter((f) => f.kind === k).length);
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
      expect(faults.every((f) => f.onset >= 30 && f.onset <= 180)).toBe(true);
      expect(faults.map((f) => f.onset)).toEqual([...faults.map((f) => f.onset)].sort((a, b) => a - b));
    }
    expect(faultSchedule(createRandom(1), [0, 0])).toEqual([]);
    // The default range draws what the schedule always drew: the same faults for the same seed.
    expect(new DeploymentSimulator({ seed: 7, faultsPerCycle: [1, 2] }).faults).toEqual(new DeploymentSimulator({ seed: 7 }).faults);
  });

  it('the stormy regime puts the static baseline near the seed\'s 78% uptime, the default one above 90%', () => {
    expect(DEPLOYMENT_REGIMES).toEqual(['default', 'stormy']);
    expect(() => deploymentRegime('calm')).toThrow(/default, stormy/);
    const seeds = cycleSeeds(9, 20);
    const stormy = evaluateDeployment(new StaticThresholdController(), seeds, { simulator: deploymentRegime('stormy') });
    const calm = evaluateDeployment(new StaticThresholdController(), seeds, { simulator: deploymentRegime('default') });
    expect(stormy.faults).toBeGreaterThan(8 * 20);
    expect(stormy.uptime).toBeGreaterThan(0.72);
    expect(stormy.uptime).toBeLessThan(0.84);
    expect(calm.uptime).toBeGreaterThan(0.9);
  });
});

describe('accounting and the baseline', () => {
  it('time to recovery runs from the onset to the first of 3 up steps after the first down step', () => {
    const up = [true, true, false, false, true, false, true, true, true, true];
    expect(recoverySteps(up, 1)).toBe(5);
    expect(recoverySteps([true, true, true, true], 0)).toBe(0);
    expect(recoverySteps([true, false, false], 0)).toBe(3);
  });

  it('the latency level term costs latency above f x SLO, even when nothing changed', () => {
    const m = { latencyMs: 300, throughput: 100, errorRate: 0.002, cpu: 0.5, memory: 0.4, gpu: 0.5, drift: 0.05 };
    const off = { ...DEFAULT_REWARD_WEIGHTS, latencyLevel: 0 };
    const base = deploymentReward(m, m, 0.25, false, off);
    expect(deploymentReward(m, m, 0.25, false, { ...off, latencyLevel: 1 })).toBeCloseTo(base - 300 / 500);
    expect(deploymentReward(m, m, 0.25, false, { ...off, latencyLevel: 1, latencyFloor: 0.4 })).toBeCloseTo(base - (300 / 500 - 0.4));
    expect(deploymentReward(m, m, 0.25, false, { ...off, latencyLevel: 1, latencyFloor: 0.8 })).toBeCloseTo(base);
  });

  it('an outage runs from a down step to the first of 3 up steps; the last one is censored at the end', () => {
    const U = true;
    const D = false;
    expect(outageSteps([U, D, D, U, U, U, U])).toEqual([2]);
    // A single up step inside an outage does not end it.
    expect(outageSteps([D, U, D, U, U, U])).toEqual([3]);
    expect(outageSteps([D, U, U, U, D, D])).toEqual([1, 2]);
    expect(outageSteps([U, U, U])).toEqual([]);
    // Per fault, a fault that took nothing down is charged the next outage within 60 steps; per outage it is counted once.
    const up = [U, U, U, U, U, U, U, U, U, U, D, D, U, U, U, U];
    expect(recoverySteps(up, 0)).toBe(12);
    expect(recoverySteps(up, 9)).toBe(3);
    expect(outageSteps(up)).toEqual([2]);
  });

  it('summarises uptime, latency and errors', () => {
    const acc = new CycleAccounting();
    acc.record({ latencyMs: 200, throughput: 100, errorRate: 0.01, cpu: 0.5, memory: 0.4, gpu: 0.5, drift: 0.05 }, 0.25, 0.5);
    acc.record({ latencyMs: 800, throughput: 100, errorRate: 0.03, cpu: 0.9, memory: 0.4, gpu: 0.5, drift: 0.05 }, 0.25, 0.9);
    const s = acc.summary([]);
    expect(s.uptime).toBe(0.5);
    expect(s.meanLatencyMs).toBe(500);
    expect(s.errorRate).toBeCloseTo(0.02);
    expect(s.outageSteps).toEqual([1]);
  });

  it('the static-threshold controller scales up after 3 slow steps and shifts to B after 3 failing steps', () => {
    const c = new StaticThresholdController();
    const slow = { latencyMs: 900, throughput: 100, errorRate: 0.001, cpu: 0.9, memory: 0.4, gpu: 0.5, drift: 0.05 };
    const obs = (m: typeof slow) => ({ metrics: m, config: { workers: 4, batchIndex: 2, model: 'A' as const }, scores: {}, state: new Float32Array(0) });
    expect([c.decide(obs(slow)), c.decide(obs(slow)), c.decide(obs(slow))]).toEqual([MAINTAIN, MAINTAIN, 2]);
    const failing = { ...slow, latencyMs: 100, errorRate: 0.1 };
    expect([c.decide(obs(failing)), c.decide(obs(failing)), c.decide(obs(failing))]).toEqual([MAINTAIN, MAINTAIN, 4]);
    expect(isUp(slow)).toBe(false);
  });

  it('an environment cycle under the baseline ends after 240 steps with its accounting', () => {
    const env = new DeploymentEnv();
    const c = new StaticThresholdController();
    let obs = env.reset(5);
    let steps = 0;
    for (;;) {
      const r = env.step(c.decide(obs));
      steps += 1;
      expect(r.observation.state.every(Number.isFinite)).toBe(true);
      obs = r.observation;
      if (r.done) break;
    }
    expect(steps).toBe(240);
    const s = env.summary();
    expect(s.steps).toBe(240);
    expect(s.uptime).toBeGreaterThan(0);
    expect(s.recoverySteps.length).toBe(env.simulator.faults.length);
  });
});
