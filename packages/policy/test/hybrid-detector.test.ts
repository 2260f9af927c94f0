import { describe, expect, it } from 'vitest';
import { ConfigError, type Detector } from '@awad/core';
import { EwmaDetector } from '@awad/stats';
import { HybridDetector, StateEncoder, STATE_SIZE, calibrate, type DeploymentMetrics } from '../src/index';

const normal = (i: number): DeploymentMetrics => ({ latencyMs: 250 + 10 * Math.sin(i), throughput: 100 + 3 * Math.cos(i), errorRate: 0.002, cpu: 0.5, memory: 0.4 + 0.005 * Math.sin(i * 1.3), gpu: 0.5, drift: 0.05 });

describe('HybridDetector', () => {
  it('flags a fault after warm-up and does not learn the flagged points (the baseline stays)', () => {
    const h = new HybridDetector();
    for (let i = 0; i < 40; i++) h.observe(normal(i));
    const bad = { ...normal(40), errorRate: 0.08, drift: 0.4 };
    const first = h.observe(bad);
    expect(first[0]).toBeGreaterThan(4);
    expect(first[1]).toBeGreaterThan(4);
    const second = h.observe(bad);
    expect(second[0]).toBeGreaterThan(4);
  });

  it('after adaptAfter flagged steps in a row accepts the new level', () => {
    const h = new HybridDetector({ adaptAfter: 3 });
    for (let i = 0; i < 40; i++) h.observe(normal(i));
    const shifted = (i: number) => ({ ...normal(i), latencyMs: 400 });
    let last = 0;
    for (let i = 0; i < 40; i++) last = h.observe(shifted(i))[0] as number;
    expect(last).toBeLessThan(4);
  });

  it('does not learn the transient steps after an action', () => {
    const a = new HybridDetector({ transientSteps: 5, adaptAfter: 1 });
    const b = new HybridDetector({ transientSteps: 5, adaptAfter: 1 });
    for (let i = 0; i < 40; i++) {
      a.observe(normal(i));
      b.observe(normal(i));
    }
    b.noteAction();
    const spike = { ...normal(40), latencyMs: 2000 };
    a.observe(spike);
    b.observe(spike);
    // a learned the spike (adaptAfter 1) and its spread grew; b did not, so b flags a second spike harder.
    expect(b.observe(spike)[0] as number).toBeGreaterThan(2 * (a.observe(spike)[0] as number));
  });

  it('takes any core Detector in a slot, and one that throws abstains', () => {
    const broken: Detector = { ...new EwmaDetector(), name: 'broken', isReady: true, learnOne() {}, scoreOne() { throw new Error('boom'); }, clone() { return broken; }, getConfig: () => ({ type: 'x', options: {} }), snapshot: () => ({ type: 'x', version: 1, state: null }), restore() {} };
    const h = new HybridDetector({ slots: [{ name: 'ewma', detector: new EwmaDetector({ warmup: 5 }) }, { name: 'broken', detector: broken }] });
    for (let i = 0; i < 10; i++) h.observe(normal(i));
    const s = h.observe(normal(10));
    expect(Number.isFinite(s[0])).toBe(true);
    expect(Number.isNaN(s[1])).toBe(true);
    expect(() => new HybridDetector({ slots: [] })).toThrow(ConfigError);
  });

  it('a slot with create() gets a detector from it on every reset, not a clone of its detector', () => {
    let made = 0;
    const create = (): EwmaDetector => {
      made += 1;
      return new EwmaDetector({ warmup: 5 });
    };
    const h = new HybridDetector({ slots: [{ name: 'made', detector: new EwmaDetector({ warmup: 1000 }), create }] });
    expect(made).toBe(1);
    h.reset();
    expect(made).toBe(2);
    for (let i = 0; i < 10; i++) h.observe(normal(i));
    // warm-up 5 (the created detector), not 1000 (the slot's own): it scores already.
    expect(Number.isFinite(h.observe(normal(10))[0])).toBe(true);
    expect(() => new HybridDetector({ slots: [{ name: 'x', detector: new EwmaDetector(), create: 3 as never }] })).toThrow(ConfigError);
  });

  it('encodes a state of STATE_SIZE values in [0, 1]', () => {
    const enc = new StateEncoder();
    const s = enc.encode({ ...normal(0), latencyMs: 5000, errorRate: 1 }, [Number.NaN, 8], [4, 4], { workers: 16, batchIndex: 5, model: 'B' });
    expect(s.length).toBe(STATE_SIZE);
    expect(s.every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(calibrate(4, 4)).toBeCloseTo(0.5);
  });
});
