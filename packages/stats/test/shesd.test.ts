import { createRandom } from '@awad/core';
import { describe, expect, it } from 'vitest';
import { detectPeriod, esdCriticalValue, generalizedEsd, ShesdDetector } from '../src/index';
import { errorCode, learnAll, series } from './helpers';

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

describe('ShesdDetector', () => {
  it('caches the window ESD and scores (|R - centre| / spread) / λ_{r+1}', () => {
    const rng = createRandom(21);
    // 32 points around 100 (multiples of 1/4, exact in float32) with 3 planted outliers
    const window = Array.from({ length: 32 }, () => Math.round(4 * (100 + 5 * rng.normal())) / 4);
    window[5] = 175;
    window[17] = 35;
    window[26] = 158;
    const d = new ShesdDetector({ window: 32, recomputeEvery: 1, transform: 'none', features: ['v'] });
    learnAll(d, series('v', window));

    // The same computation in batch: R = X - median(X), hybrid ESD with at most floor(0.1·32) = 3
    const medX = median(window);
    const r = window.map((v) => v - medX);
    const esd = generalizedEsd(r, { maxAnoms: 0.1 });
    expect([...esd.outliers].sort((a, b) => a - b)).toEqual([5, 17, 26]);
    const kept = r.filter((_, i) => !esd.outliers.includes(i));
    const centre = median(kept);
    const spread = 1.4826 * median(kept.map((v) => Math.abs(v - centre)));
    const lambda = esdCriticalValue(32, esd.outliers.length + 1, 0.05);
    for (const probe of [100, 104, 113, 130, 60]) {
      const expected = Math.abs(probe - medX - centre) / spread / lambda;
      expect(d.scoreOne({ v: probe })).toBeCloseTo(expected, 6);
    }
    expect(d.scoreOne({ v: 101 })).toBeLessThan(1);
    expect(d.scoreOne({ v: 140 })).toBeGreaterThan(1);
    expect(d.explainOne({ v: 140 })?.message).toMatch(/^v 140 is \d+\.\d robust sd above its baseline \d+(\.\d+)?: \d\.\d× the ESD critical value$/);
  });

  it('recomputes only every `recomputeEvery` learned points', () => {
    const d = new ShesdDetector({ window: 16, recomputeEvery: 4, transform: 'none' });
    learnAll(d, series('v', Array.from({ length: 16 }, (_, i) => 100 + (i % 4))));
    const before = d.scoreOne({ v: 120 });
    learnAll(d, series('v', [200, 200, 200])); // 3 < 4: cache unchanged
    expect(d.scoreOne({ v: 120 })).toBe(before);
    d.learnOne({ v: 200 }); // the 4th: recomputed on a window with four 200s
    expect(d.scoreOne({ v: 120 })).not.toBe(before);
  });

  it('uses per-phase medians with a seasonal period', () => {
    const rng = createRandom(4);
    const pattern = [0, 0, 0, 10, 10, 10];
    const values = Array.from({ length: 64 }, (_, i) => pattern[i % 6]! + 0.5 * rng.normal());
    const seasonal = new ShesdDetector({ period: 6, transform: 'none', recomputeEvery: 1 });
    const auto = new ShesdDetector({ period: 'auto', transform: 'none', recomputeEvery: 1 });
    const flat = new ShesdDetector({ transform: 'none', recomputeEvery: 1 });
    for (const d of [seasonal, auto, flat]) learnAll(d, series('v', values));
    // the next point (index 64) has phase 64 mod 6 = 4: 10 is normal there, 0 is not
    expect(seasonal.scoreOne({ v: 10 })).toBeLessThan(1);
    expect(seasonal.scoreOne({ v: 0 })).toBeGreaterThan(3);
    expect(auto.scoreOne({ v: 10 })).toBeCloseTo(seasonal.scoreOne({ v: 10 }), 9);
    expect(auto.scoreOne({ v: 0 })).toBeCloseTo(seasonal.scoreOne({ v: 0 }), 9);
    // without the seasonal part both levels look alike
    expect(flat.scoreOne({ v: 0 })).toBeLessThan(1);
  });

  it('detects the period as the highest autocorrelation peak above 0.3', () => {
    const rng = createRandom(8);
    const sine = Float64Array.from({ length: 64 }, (_, i) => Math.sin((2 * Math.PI * i) / 8) + 0.2 * rng.normal());
    expect(detectPeriod(sine, 64)).toBe(8);
    const noise = Float64Array.from({ length: 64 }, () => rng.normal());
    expect(detectPeriod(noise, 64)).toBe(0);
    const trend = Float64Array.from({ length: 64 }, (_, i) => i); // ACF decays without a peak
    expect(detectPeriod(trend, 64)).toBe(0);
    expect(detectPeriod(new Float64Array(16).fill(3), 16)).toBe(0);
  });

  it('abstains until warmup and validates options', () => {
    const d = new ShesdDetector();
    learnAll(d, series('v', new Array(15).fill(1)));
    expect(d.isReady).toBe(false);
    expect(d.scoreOne({ v: 1 })).toBeNaN();
    d.learnOne({ v: 1 });
    expect(d.isReady).toBe(true);
    expect(errorCode(() => new ShesdDetector({ period: 1 }))).toBe('INVALID_OPTION');
    expect(errorCode(() => new ShesdDetector({ window: 64, period: 33 }))).toBe('INVALID_OPTION');
    expect(errorCode(() => new ShesdDetector({ period: 'yes' as 'auto' }))).toBe('INVALID_OPTION');
    expect(errorCode(() => new ShesdDetector({ warmup: 4 }))).toBe('INVALID_OPTION');
    expect(errorCode(() => new ShesdDetector({ maxAnoms: 0 }))).toBe('INVALID_OPTION');
    expect(errorCode(() => new ShesdDetector({ alpha: 1 }))).toBe('INVALID_OPTION');
  });
});
