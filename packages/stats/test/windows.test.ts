// The rolling-window detectors: robust-z (median/MAD), iqr (type-7 quartiles), n-x-median.
import { createRandom } from '@awad/core';
import { describe, expect, it } from 'vitest';
import { IqrDetector, NxMedianDetector, RobustZDetector } from '../src/index';
import { errorCode, learnAll, series } from './helpers';

/** Type-7 quantile of a copy (numpy's default), the reference the detectors are checked against. */
function quantile(values: readonly number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  return lo + 1 < s.length ? s[lo]! + (h - lo) * (s[lo + 1]! - s[lo]!) : s[lo]!;
}

describe('RobustZDetector', () => {
  it('scores |x - median| / (1.4826 MAD) on a small window', () => {
    // window [1, 2, 3, 4, 100]: median 3, |x - 3| = [2, 1, 0, 1, 97] -> MAD 1; x = 10: 7 / 1.4826
    const d = new RobustZDetector({ window: 5, warmup: 5, transform: 'none' });
    learnAll(d, series('v', [4, 100, 1, 3, 2]));
    expect(d.scoreOne({ v: 10 })).toBeCloseTo(7 / 1.4826, 12);
    // learning 5 evicts the oldest (4): window [100, 1, 3, 2, 5], median 3, deviations [97, 2, 0, 1, 2] -> MAD 2
    d.learnOne({ v: 5 });
    expect(d.scoreOne({ v: 10 })).toBeCloseTo(7 / (2 * 1.4826), 12);
  });

  it('uses the mean of the middle pair on an even window', () => {
    // window [1, 2, 3, 10]: median 2.5; deviations [1.5, .5, .5, 7.5] -> MAD (0.5 + 1.5)/2 = 1
    const d = new RobustZDetector({ window: 4, warmup: 4, transform: 'none' });
    learnAll(d, series('v', [10, 1, 3, 2]));
    expect(d.scoreOne({ v: 5.5 })).toBeCloseTo(3 / 1.4826, 12);
    expect(d.explainOne({ v: 5.5 })).toMatchObject({ feature: 'v', value: 5.5, expected: 2.5 });
    expect(d.explainOne({ v: 5.5 })?.message).toBe('v 5.5 is 2.0 robust sd above its median 2.5');
  });

  it('floors the robust sd at minStd on a flat window', () => {
    const d = new RobustZDetector({ warmup: 3, minStd: 0.5, transform: 'none' });
    learnAll(d, series('v', [7, 7, 7]));
    expect(d.scoreOne({ v: 8 })).toBe(2);
  });

  it('matches a brute-force median/MAD over the last w values at every step', () => {
    const rng = createRandom(5);
    const w = 9;
    const d = new RobustZDetector({ window: w, warmup: 3, transform: 'none', minStd: 1e-9 });
    const seen: number[] = [];
    for (let i = 0; i < 400; i++) {
      // float32-exact values (multiples of 1/8) with many ties, so eviction of duplicates is exercised
      const v = Math.round(rng.normal() * 16) / 8;
      d.learnOne({ v });
      seen.push(v);
      const last = seen.slice(-w);
      if (last.length < 3) continue;
      const med = quantile(last, 0.5);
      const mad = quantile(last.map((x) => Math.abs(x - med)), 0.5);
      const expected = Math.abs(3 - med) / Math.max(1.4826 * mad, 1e-9);
      expect(d.scoreOne({ v: 3 })).toBeCloseTo(expected, 9);
    }
  });

  it('validates options', () => {
    expect(errorCode(() => new RobustZDetector({ window: 2 }))).toBe('INVALID_OPTION');
    expect(errorCode(() => new RobustZDetector({ window: 10, warmup: 11 }))).toBe('INVALID_OPTION');
    expect(errorCode(() => new RobustZDetector({ minStd: -1 }))).toBe('INVALID_OPTION');
    expect(errorCode(() => new RobustZDetector().restore({ type: 'iqr', version: 1, state: {} }))).toBe('INVALID_SNAPSHOT');
  });
});

describe('IqrDetector', () => {
  it('uses type-7 quartiles (numpy percentile default)', () => {
    // sorted [1, 1, 2, 3, 3, 4, 5, 5, 6, 9]: Q1 at h = 2.25 -> 2.25, Q3 at h = 6.75 -> 5,
    // IQR 2.75 (np.percentile gives 2.25 and 5.0); x = 10: (10 - 5) / 2.75
    const d = new IqrDetector({ window: 10, warmup: 10 });
    learnAll(d, series('v', [3, 1, 4, 1, 5, 9, 2, 6, 5, 3]));
    expect(d.scoreOne({ v: 10 })).toBeCloseTo(5 / 2.75, 12);
    expect(d.scoreOne({ v: 0 })).toBeCloseTo(2.25 / 2.75, 12);
    expect(d.scoreOne({ v: 4 })).toBe(0);
  });

  it('scores 1.5 exactly at Q3 + 1.5 IQR and 3 at Q1 - 3 IQR', () => {
    // 1..8: Q1 = 2.75, Q3 = 6.25, IQR = 3.5; Q3 + 1.5·3.5 = 11.5, Q1 - 3·3.5 = -7.75
    const d = new IqrDetector({ window: 8 });
    learnAll(d, series('durationMs', [5, 3, 8, 1, 7, 2, 6, 4]));
    expect(d.scoreOne({ durationMs: 11.5 })).toBe(1.5);
    expect(d.scoreOne({ durationMs: -7.75 })).toBe(3);
    expect(d.explainOne({ durationMs: 11.5 })?.message).toBe('durationMs 12ms is 1.5 IQR above Q3 6ms (median 5ms)');
  });

  it('floors the IQR at 1% of |median| on a flat window', () => {
    const d = new IqrDetector({ warmup: 4 });
    learnAll(d, series('v', [200, 200, 200, 200]));
    expect(d.scoreOne({ v: 204 })).toBeCloseTo(2, 12);
  });

  it('matches brute-force quartiles over the last w values at every step', () => {
    const rng = createRandom(9);
    const w = 12;
    const d = new IqrDetector({ window: w, warmup: 4 });
    const seen: number[] = [];
    for (let i = 0; i < 300; i++) {
      const v = Math.round(100 + rng.normal() * 40) / 4;
      d.learnOne({ v });
      seen.push(v);
      const last = seen.slice(-w);
      if (last.length < 4) continue;
      const q1 = quantile(last, 0.25);
      const q3 = quantile(last, 0.75);
      const iqr = Math.max(q3 - q1, 1e-9, 0.01 * Math.abs(quantile(last, 0.5)));
      expect(d.scoreOne({ v: 60 })).toBeCloseTo(Math.max((60 - q3) / iqr, 0), 9);
      expect(d.scoreOne({ v: -10 })).toBeCloseTo(Math.max((q1 + 10) / iqr, 0), 9);
    }
  });
});

describe('NxMedianDetector', () => {
  it('scores x / median of the last `window` values', () => {
    const d = new NxMedianDetector({ window: 4, warmup: 3 });
    learnAll(d, series('durationMs', [10_000, 12_000]));
    expect(d.scoreOne({ durationMs: 30_000 })).toBeNaN();
    d.learnOne({ durationMs: 8_000 });
    expect(d.scoreOne({ durationMs: 30_000 })).toBe(3); // median 10 s
    learnAll(d, series('durationMs', [20_000, 20_000])); // window [12, 8, 20, 20] s: median 16 s
    expect(d.scoreOne({ durationMs: 40_000 })).toBe(2.5);
    expect(d.explainOne({ durationMs: 40_000 })?.message).toBe('durationMs 40.0s is 2.5× its median 16.0s of the last 4');
  });

  it('abstains while the median is not positive', () => {
    const d = new NxMedianDetector({ warmup: 1 });
    d.learnOne({ v: 0 });
    expect(d.isReady).toBe(true);
    expect(d.scoreOne({ v: 5 })).toBeNaN();
  });
});
