import { describe, expect, it, vi } from 'vitest';
import { ConfigError, ValidationError } from '@awad/core';
import { createController, type ControlObservation, type DeployPolicy, type DeploymentMetrics } from '../src/index';

const metrics: DeploymentMetrics = { latencyMs: 300, throughput: 100, errorRate: 0.003, cpu: 0.5, memory: 0.4, gpu: 0.5, drift: 0.05 };
const config = { workers: 4, batchIndex: 2, model: 'A' as const };
const always = (action: number): DeployPolicy => ({ name: `always-${action}`, decide: () => action });

describe('createController', () => {
  it('dry run only recommends, and logs each decision with the state that caused it', async () => {
    const actuator = vi.fn();
    const c = createController({ policy: always(2), actuator, dryRun: true });
    const seen: string[] = [];
    c.on('recommendation', (d) => seen.push(d.action));
    const d = await c.step({ metrics, config, time: 0 });
    expect(d.outcome).toBe('recommended');
    expect(d.action).toBe('scale-up');
    expect(actuator).not.toHaveBeenCalled();
    expect(seen).toEqual(['scale-up']);
    expect(c.log()[0]?.state.length).toBeGreaterThan(30);
    expect(c.log()[0]?.metrics).toEqual(metrics);
  });

  it('applies actions through the actuator and limits them per time window', async () => {
    const calls: string[] = [];
    const c = createController({ policy: always(0), actuator: ({ action }) => void calls.push(action), maxActions: 2, windowMs: 60_000 });
    const outcomes = [];
    for (let i = 0; i < 4; i++) outcomes.push((await c.step({ metrics, config, time: i * 10_000 })).outcome);
    outcomes.push((await c.step({ metrics, config, time: 70_000 })).outcome);
    expect(outcomes).toEqual(['applied', 'applied', 'rate-limited', 'rate-limited', 'applied']);
    expect(calls).toEqual(['increase-batch', 'increase-batch', 'increase-batch']);
  });

  it('an actuator that throws or hangs becomes an error event, never a broken loop', async () => {
    let mode: 'throw' | 'hang' = 'throw';
    let aborted = false;
    const c = createController({
      policy: always(2),
      maxActions: 100,
      actuatorTimeoutMs: 20,
      actuator: ({ signal }) => {
        if (mode === 'throw') throw new Error('kubectl failed');
        signal.addEventListener('abort', () => (aborted = true));
        return new Promise<void>(() => undefined);
      },
    });
    const errors: string[] = [];
    c.on('error', (e) => errors.push(e.code));
    expect((await c.step({ metrics, config, time: 1 })).outcome).toBe('failed');
    mode = 'hang';
    const d = await c.step({ metrics, config, time: 2 });
    expect(d.outcome).toBe('timed-out');
    expect(aborted).toBe(true);
    expect(errors).toEqual(['HOOK_FAILED', 'HOOK_FAILED']);
    expect(c.log().map((e) => e.outcome)).toEqual(['failed', 'timed-out']);
  });

  it('a policy that throws or returns a bad index maintains and reports it', async () => {
    const bad: DeployPolicy = { name: 'bad', decide: (_o: ControlObservation) => 42 };
    const c = createController({ policy: bad, dryRun: true });
    const errors: unknown[] = [];
    c.on('error', (e) => errors.push(e));
    const d = await c.step({ metrics, config });
    expect(d.outcome).toBe('maintain');
    expect(errors).toHaveLength(1);
  });

  it('rejects malformed input with a ValidationError and bad options with a ConfigError', async () => {
    const c = createController({ policy: always(5), dryRun: true });
    await expect(c.step({ metrics: { ...metrics, latencyMs: Number.NaN }, config })).rejects.toThrow(ValidationError);
    await expect(c.step({ metrics, config: { ...config, workers: 0 } })).rejects.toMatchObject({ path: 'config.workers' });
    expect(c.log()).toHaveLength(0);
    expect(() => createController({ policy: always(1) })).toThrow(ConfigError);
    expect(() => createController({ policy: always(1), dryRun: true, maxActions: 0 })).toThrow(ConfigError);
  });
});
