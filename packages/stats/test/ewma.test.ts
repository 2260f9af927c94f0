import { describe, expect, it } from 'vitest';
import { EwmaDetector } from '../src/index';
import { errorCode, learnAll, series } from './helpers';

describe('EwmaDetector', () => {
  it('follows the METHODS 5.3 recursion on three points', () => {
    // alpha 0.5, raw values, sd floor 0.5, scored from the first point:
    // x=10: mu 10, var 0
    // x=12: z = |12-10| / max(sqrt 0, 0.5) = 4;  d=2: mu = 10 + .5*2 = 11, var = .5*(0 + .5*4) = 1
    // x=9:  z = |9-11| / 1 = 2;                   d=-2: mu = 10, var = .5*(1 + .5*4) = 1.5
    // x=13: z = 3 / sqrt(1.5) = 2.449489742783178
    const d = new EwmaDetector({ alpha: 0.5, warmup: 1, minStd: 0.5, transform: 'none' });
    expect(d.scoreOne({ v: 10 })).toBeNaN();
    d.learnOne({ v: 10 });
    expect(d.scoreOne({ v: 12 })).toBe(4);
    d.learnOne({ v: 12 });
    expect(d.scoreOne({ v: 9 })).toBe(2);
    d.learnOne({ v: 9 });
    expect(d.scoreOne({ v: 13 })).toBeCloseTo(2.449489742783178, 14);
    expect(d.snapshot().state).toEqual({ names: ['v'], data: [10, 1.5, 3] });
  });

  it('works on the signed log by default and explains in raw units', () => {
    const d = new EwmaDetector({ warmup: 3 });
    learnAll(d, series('durationMs', [10_000, 10_000, 10_000]));
    // mu = log1p(10000); var 0 -> sd floor 0.02; x = 42100: z = (log1p(42100) - log1p(10000)) / 0.02
    const z = (Math.log1p(42_100) - Math.log1p(10_000)) / 0.02;
    expect(d.scoreOne({ durationMs: 42_100 })).toBeCloseTo(z, 9);
    const why = d.explainOne({ durationMs: 42_100, queueWaitMs: 5 });
    expect(why?.feature).toBe('durationMs');
    expect(why?.value).toBe(42_100);
    expect(why?.expected).toBeCloseTo(10_000, 6);
    expect(why?.message).toBe(`durationMs 42.1s is ${z.toFixed(1)} sd above its moving average 10.0s`);
    // negative values go through sign(x)·log1p(|x|)
    expect(d.scoreOne({ durationMs: -5 })).toBeCloseTo((Math.log1p(10_000) + Math.log1p(5)) / 0.02, 9);
  });

  it('waits for `warmup` points per feature and abstains on features it does not have', () => {
    const d = new EwmaDetector({ warmup: 3 });
    learnAll(d, series('a', [1, 1]));
    expect(d.isReady).toBe(false);
    expect(d.scoreOne({ a: 1 })).toBeNaN();
    d.learnOne({ a: 1, b: 2 });
    expect(d.isReady).toBe(true);
    expect(d.scoreOne({ a: 1 })).toBe(0);
    expect(d.scoreOne({ b: 2 })).toBeNaN(); // b is still warming up
    expect(d.scoreOne({ c: 2 })).toBeNaN();
    expect(d.scoreOne({})).toBeNaN();
  });

  it('returns the max over features and skips non-finite values', () => {
    const d = new EwmaDetector({ warmup: 1, transform: 'none', minStd: 1 });
    d.learnOne({ a: 0, b: 0 });
    expect(d.scoreOne({ a: 2, b: -5 })).toBe(5);
    expect(d.scoreOne({ a: 2, b: Number.NaN })).toBe(2);
    expect(d.scoreOne({ a: Number.POSITIVE_INFINITY })).toBeNaN();
    d.learnOne({ a: Number.NaN, b: Number.NEGATIVE_INFINITY });
    expect(d.snapshot().state).toEqual({ names: ['a', 'b'], data: [0, 0, 1, 0, 0, 1] });
  });

  it('selects features by exact name and prefix pattern', () => {
    const d = new EwmaDetector({ features: ['durationMs', 'metrics.*'], warmup: 1 });
    d.learnOne({ durationMs: 1, queueWaitMs: 2, 'metrics.rows': 3, attempt: 1, 'metricsX': 4 });
    expect((d.snapshot().state as { names: string[] }).names).toEqual(['durationMs', 'metrics.rows']);
  });

  it('tracks at most maxFeatures features', () => {
    const d = new EwmaDetector({ maxFeatures: 2, warmup: 1 });
    d.learnOne({ a: 1, b: 2, c: 3 });
    d.learnOne({ d: 1 });
    expect((d.snapshot().state as { names: string[] }).names).toEqual(['a', 'b']);
  });

  it('slows down on points above protectAbove (alpha / 10)', () => {
    // alpha 0.5, sd floor 1, from mu 0 var 0: x = 10 has z = 10 > 3, so a = 0.05: mu = 0.5
    const d = new EwmaDetector({ alpha: 0.5, warmup: 1, minStd: 1, transform: 'none', protectAbove: 3 });
    d.learnOne({ v: 0 });
    d.learnOne({ v: 10 });
    expect((d.snapshot().state as { data: number[] }).data[0]).toBeCloseTo(0.5, 14);
    // without protection the same point moves it to 5
    const plain = new EwmaDetector({ alpha: 0.5, warmup: 1, minStd: 1, transform: 'none' });
    learnAll(plain, series('v', [0, 10]));
    expect((plain.snapshot().state as { data: number[] }).data[0]).toBe(5);
  });

  it('clones share hyperparameters, not state; getConfig rebuilds it', () => {
    const d = new EwmaDetector({ name: 'retries', features: ['attempt'], transform: 'none', minStd: 0.5 });
    learnAll(d, series('attempt', [1, 1, 1]));
    const c = d.clone();
    expect(c.name).toBe('retries');
    expect((c.snapshot().state as { names: string[] }).names).toEqual([]);
    expect(d.getConfig()).toEqual({ type: 'ewma', options: { name: 'retries', alpha: 0.1, warmup: 30, minStd: 0.5, transform: 'none', features: ['attempt'], direction: 'both', maxFeatures: 16 } });
  });

  it('validates its options with ConfigError', () => {
    expect(errorCode(() => new EwmaDetector({ alpha: 0 }))).toBe('INVALID_OPTION');
    expect(() => new EwmaDetector({ alpha: 0 })).toThrow('@awad/stats/ewma: expected `alpha` to be a number in (0, 1], got 0');
    expect(errorCode(() => new EwmaDetector({ alpha: 1.5 }))).toBe('INVALID_OPTION');
    expect(errorCode(() => new EwmaDetector({ warmup: 0 }))).toBe('INVALID_OPTION');
    expect(errorCode(() => new EwmaDetector({ minStd: 0 }))).toBe('INVALID_OPTION');
    expect(errorCode(() => new EwmaDetector({ transform: 'sqrt' as 'log' }))).toBe('INVALID_OPTION');
    expect(errorCode(() => new EwmaDetector({ features: [] }))).toBe('INVALID_OPTION');
    expect(errorCode(() => new EwmaDetector({ features: ['a*b'] }))).toBe('INVALID_OPTION');
    expect(errorCode(() => new EwmaDetector({ name: '' }))).toBe('INVALID_OPTION');
    expect(errorCode(() => new EwmaDetector({ alhpa: 0.1 } as never))).toBe('INVALID_OPTION');
    expect(errorCode(() => new EwmaDetector({ protectAbove: -1 }))).toBe('INVALID_OPTION');
    expect(() => new EwmaDetector({ direction: 'above' as 'up' })).toThrow('@awad/stats/ewma: expected `direction` to be "both", "up" or "down", got "above"');
  });

  it('rejects snapshots of another type or version, and malformed ones', () => {
    const d = new EwmaDetector();
    expect(errorCode(() => d.restore({ type: 'cusum', version: 1, state: { names: [], data: [] } }))).toBe('INVALID_SNAPSHOT');
    expect(errorCode(() => d.restore({ type: 'ewma', version: 2, state: { names: [], data: [] } }))).toBe('INVALID_SNAPSHOT');
    expect(errorCode(() => d.restore({ type: 'ewma', version: 1, state: { names: ['a'], data: [1, 2] } }))).toBe('INVALID_SNAPSHOT');
    expect(errorCode(() => d.restore({ type: 'ewma', version: 1, state: null }))).toBe('INVALID_SNAPSHOT');
  });
});
