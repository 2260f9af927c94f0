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
    expect(d.clone()).toBe(d); // nothing to keep apart: a monitor's series share the instance
    expect(d.snapshot()).toEqual({ type: 'static', version: 1, state: {} });
    expect(errorCode(() => d.restore({ type: 'ewma', version: 1, state: {} }))).toBe('INVALID_SNAPSHOT');
  });

  it('applies per-task limits by context.taskKey, falling back to `limits` feature by feature', () => {
    const d = new StaticRuleDetector({
      limits: { durationMs: { max: 60_000 }, queueWaitMs: { max: 10_000 } },
      limitsByTask: { extract: { durationMs: { max: 10_000 } }, load: { durationMs: { max: 120_000, min: 1_000 } } },
    });
    const x = { durationMs: 30_000, queueWaitMs: 5_000 };
    expect(d.scoreOne(x, { taskKey: 'extract' })).toBe(3); // its own 10 s SLA
    expect(d.scoreOne(x, { taskKey: 'load' })).toBe(0.5); // queue wait 5 s / 10 s (global) beats 30 s / 120 s
    expect(d.scoreOne({ durationMs: 500 }, { taskKey: 'load' })).toBe(2); // its own minimum
    expect(d.scoreOne(x, { taskKey: 'other' })).toBe(0.5); // no entry: the global limits
    expect(d.scoreOne(x)).toBe(0.5); // no task key: the global limits
    expect(d.scoreOne({ queueWaitMs: 20_000 }, { taskKey: 'extract' })).toBe(2); // not named by extract: global
    expect(d.explainOne(x, { taskKey: 'extract' })).toEqual({ feature: 'durationMs', value: 30_000, expected: 10_000, message: 'durationMs 30.0s exceeds its limit 10.0s (3.0×)' });
    expect(d.explainOne(x)?.expected).toBe(60_000);
  });

  it('takes limitsByTask alone: tasks without an entry abstain', () => {
    const d = new StaticRuleDetector({ limitsByTask: { extract: { durationMs: { max: 10_000 } } } });
    expect(d.scoreOne({ durationMs: 20_000 }, { taskKey: 'extract' })).toBe(2);
    expect(d.scoreOne({ durationMs: 20_000 }, { taskKey: 'load' })).toBeNaN();
    expect(d.scoreOne({ durationMs: 20_000 })).toBeNaN();
    expect(d.getConfig()).toEqual({ type: 'static', options: { name: 'static', limitsByTask: { extract: { durationMs: { max: 10_000 } } } } });
    const json = JSON.parse(JSON.stringify(d.clone().getConfig()));
    expect(new StaticRuleDetector(json.options).scoreOne({ durationMs: 20_000 }, { taskKey: 'extract' })).toBe(2);
  });

  it('validates limits', () => {
    expect(errorCode(() => new StaticRuleDetector({ limits: {} }))).toBe('INVALID_OPTION');
    expect(errorCode(() => new StaticRuleDetector({ limits: { a: {} } }))).toBe('INVALID_OPTION');
    expect(errorCode(() => new StaticRuleDetector({ limits: { a: { max: 0 } } }))).toBe('INVALID_OPTION');
    expect(errorCode(() => new StaticRuleDetector({ limits: { a: { max: 5, min: 6 } } }))).toBe('INVALID_OPTION');
    expect(errorCode(() => new StaticRuleDetector({ limits: { a: { maximum: 5 } as never } }))).toBe('INVALID_OPTION');
    expect(errorCode(() => new StaticRuleDetector(undefined as never))).toBe('INVALID_OPTION');
    expect(errorCode(() => new StaticRuleDetector({}))).toBe('INVALID_OPTION');
    expect(errorCode(() => new StaticRuleDetector({ limits: {}, limitsByTask: {} }))).toBe('INVALID_OPTION');
    expect(errorCode(() => new StaticRuleDetector({ limitsByTask: { extract: {} } }))).toBe('INVALID_OPTION');
    expect(errorCode(() => new StaticRuleDetector({ limitsByTask: { extract: { durationMs: { max: -1 } } } }))).toBe('INVALID_OPTION');
    expect(errorCode(() => new StaticRuleDetector({ limitsByTask: [] as never }))).toBe('INVALID_OPTION');
    expect(() => new StaticRuleDetector({ limitsByTask: { extract: { durationMs: { max: 0 } } } })).toThrow('`limitsByTask.extract.durationMs.max`');
    // An empty global record is fine beside per-task limits.
    expect(new StaticRuleDetector({ limits: {}, limitsByTask: { a: { v: { max: 1 } } } }).scoreOne({ v: 2 }, { taskKey: 'a' })).toBe(2);
  });
});
