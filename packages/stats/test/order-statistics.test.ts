// Internal helpers the windowed detectors rely on, against brute force.
import { createRandom } from '@awad/core';
import { describe, expect, it } from 'vitest';
import { sortedMad, sortedQuantile, sortPrefix } from '../src/order-statistics';
import { FeatureSelection } from '../src/feature-selection';

describe('order statistics', () => {
  it('sortPrefix sorts like Array.prototype.sort, ties and all', () => {
    const rng = createRandom(2);
    for (const n of [0, 1, 2, 15, 16, 17, 64, 300]) {
      const values = Array.from({ length: n }, () => Math.round(rng.normal() * 10) + 0); // + 0: no -0, which toEqual tells from 0
      const a = Float64Array.from([...values, 1e9]); // the sentinel past n must stay put
      sortPrefix(a, n);
      expect(Array.from(a)).toEqual([...values.sort((x, y) => x - y), 1e9]);
    }
  });

  it('sortedMad equals the median of absolute deviations', () => {
    const rng = createRandom(6);
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + (trial % 40);
      const sorted = Array.from({ length: n }, () => Math.round(rng.normal() * 8) / 4).sort((x, y) => x - y);
      const a = Float64Array.from([7, 7, ...sorted]); // offset 2: the range is a[2 .. 2+n)
      const med = sortedQuantile(a, 2, n, 0.5);
      const dev = sorted.map((v) => Math.abs(v - med)).sort((x, y) => x - y);
      const h = (n - 1) / 2;
      const expected = dev[Math.floor(h)]! + (h - Math.floor(h)) * ((dev[Math.ceil(h)] ?? 0) - dev[Math.floor(h)]!);
      expect(sortedMad(a, 2, n, med)).toBe(expected);
    }
  });

  it('through a transform: the quantiles and the MAD of the transformed values, read from raw sorted ones', () => {
    const rng = createRandom(12);
    const signedLog = (v: number): number => (v < 0 ? -Math.log1p(-v) : Math.log1p(v));
    for (let trial = 0; trial < 100; trial++) {
      const n = 1 + (trial % 33);
      const raw = Float32Array.from({ length: n }, () => Math.round(rng.normal() * 4000) / 4).sort();
      const t = Float64Array.from(raw, signedLog); // sorted too: the transform is monotone
      for (const p of [0, 0.25, 0.5, 0.75, 1]) expect(sortedQuantile(raw, 0, n, p, true)).toBe(sortedQuantile(t, 0, n, p));
      const med = sortedQuantile(t, 0, n, 0.5);
      expect(sortedMad(raw, 0, n, med, true)).toBe(sortedMad(t, 0, n, med));
      // 'none' only clamps at ±1e30
      expect(sortedMad(raw, 0, n, sortedQuantile(raw, 0, n, 0.5), false)).toBe(sortedMad(raw, 0, n, sortedQuantile(raw, 0, n, 0.5)));
    }
    const huge = Float32Array.from([1, 2, Number.POSITIVE_INFINITY]); // 1e300 as float32
    expect(sortedQuantile(huge, 0, 3, 1, false)).toBe(1e30);
    expect(sortedQuantile(huge, 0, 3, 0.75, true)).toBeCloseTo(0.5 * Math.log1p(2) + 0.5 * Math.log1p(1e30), 12);
  });
});

describe('FeatureSelection', () => {
  it('matches exact names, prefixes and *, and interns layouts', () => {
    const sel = new FeatureSelection(['durationMs', 'metrics.*'], 4);
    expect(['durationMs', 'metrics.cpu', 'metrics.', 'queueWaitMs', 'metricsx'].map((n) => sel.matches(n))).toEqual([true, true, true, false, false]);
    expect(new FeatureSelection(['*'], 4).matches('anything')).toBe(true);
    const a = sel.layoutOf(['durationMs', 'metrics.cpu']);
    const b = sel.extend(sel.extend(sel.root, 'durationMs'), 'metrics.cpu');
    expect(b).toBe(a); // clones that see the same features share one names array
    expect(a.names).toEqual(['durationMs', 'metrics.cpu']);
  });
});
