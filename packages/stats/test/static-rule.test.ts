import { describe, expect, it } from 'vitest';
import { StaticRuleDetector } from '../src/index';
import { errorCode } from './helpers';

describe('StaticRuleDetector', () => {
  it('scores x / max and min / x, the max over limited features', () => {
    const d = new StaticRuleDetector({ limits: { durationMs: { max: 60_000 }, 'metrics.rows': { min: 100, max: 1000 } } });
    expect(d.isReady).toBe(true);
    expect(d.scoreOne({ durationMs: 90_000 })).toBe(1.5);
    expect(d.scoreOne({ durationMs: 30_000, 'metrics.rows': 50 })).toBe(2);
    expect(d.scoreOne({ 'metrics.rows': 0 })).toBe(1e9);
    expect(d.scoreOne({ queueWaitMs: 5 })).toBeNaN();
    expect(d.scoreOne({ durationMs: Number.NaN })).toBeNaN();
    d.learnOne();
    expect(d.explainOne({ durationMs: 90_000 })).toEqual({ feature: 'durationMs', value: 90_000, expected: 60_000, message: 'durationMs 1m30s exceeds its limit 1m0s (1.5×)' });
    expect(d.explainOne({ 'metrics.rows': 50 })?.message).toBe('metrics.rows 50 is under its minimum 100 (2.0×)');
  });

  it('is stateless: clone and snapshot carry only the config', () => {
    const d = new StaticRuleDetector({ name: 'sla', limits: { durationMs: { max: 10 } } });
    expect(d.clone().getConfig()).toEqual({ type: 'static', options: { name: 'sla', limits: { durationMs: { max: 10 } } } });
    expect(d.snapshot()).toEqual({ type: 'static', version: 1, state: {} });
    expect(errorCode(() => d.restore({ type: 'ewma', version: 1, state: {} }))).toBe('INVALID_SNAPSHOT');
  });

  it('validates limits', () => {
    expect(errorCode(() => new StaticRuleDetector({ limits: {} }))).toBe('INVALID_OPTION');
    expect(errorCode(() => new StaticRuleDetector({ limits: { a: {} } }))).toBe('INVALID_OPTION');
    expect(errorCode(() => new StaticRuleDetector({ limits: { a: { max: 0 } } }))).toBe('INVALID_OPTION');
    expect(errorCode(() => new StaticRuleDetector({ limits: { a: { max: 5, min: 6 } } }))).toBe('INVALID_OPTION');
    expect(errorCode(() => new StaticRuleDetector({ limits: { a: { maximum: 5 } as never } }))).toBe('INVALID_OPTION');
    expect(errorCode(() => new StaticRuleDetector(undefined as never))).toBe('INVALID_OPTION');
  });
});
