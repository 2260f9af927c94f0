// Calibrators (raw score -> [0, 1]) and thresholds (calibrated -> flag).
import { StaticThreshold } from '@awad/core';
import { describe, expect, it } from 'vitest';
import { CutoffCalibrator, EcdfCalibrator, QuantileThreshold, ZScoreCalibrator, ZThreshold } from '../src/index';
import { errorCode } from './helpers';

describe('CutoffCalibrator', () => {
  it('maps the cut-off to 0.5 and spreads the tail', () => {
    const c = new CutoffCalibrator({ cutoff: 4 });
    expect(c.transform(4)).toBe(0.5);
    expect(c.transform(4 * 1.44)).toBeCloseTo(0.75, 2); // 1 / (1 + 1.44^-3) = 0.7490
    expect(c.transform(4 * 2.08)).toBeCloseTo(0.9, 2); // 0.9000
    expect(c.transform(2)).toBeCloseTo(1 / 9, 15); // 1 / (1 + 2^3)
    expect(c.transform(0)).toBe(0);
    expect(c.transform(-3)).toBe(0);
    expect(c.transform(Number.NaN)).toBeNaN();
    expect(c.transform(Number.POSITIVE_INFINITY)).toBe(1);
    expect(new CutoffCalibrator({ cutoff: 1, steepness: 1 }).transform(3)).toBe(0.75);
  });

  it('with StaticThreshold(0.5) means "raw score >= cut-off"', () => {
    const c = new CutoffCalibrator({ cutoff: 4.5 });
    const t = new StaticThreshold(0.5);
    expect(t.classify(c.transform(4.5))).toBe(true);
    expect(t.classify(c.transform(4.49))).toBe(false);
  });

  it('is stateless and validates its options', () => {
    const c = new CutoffCalibrator({ cutoff: 2 });
    c.update();
    expect(c.isReady).toBe(true);
    const copy = c.clone();
    copy.restore(c.snapshot());
    expect(copy.transform(3)).toBe(c.transform(3));
    expect(errorCode(() => new CutoffCalibrator({ cutoff: 0 }))).toBe('INVALID_OPTION');
    expect(errorCode(() => new CutoffCalibrator({ cutoff: 1, steepness: -1 }))).toBe('INVALID_OPTION');
    expect(errorCode(() => c.restore({ type: 'ecdf', version: 1, state: {} }))).toBe('INVALID_SNAPSHOT');
  });
});

describe('EcdfCalibrator', () => {
  it('is the mid-rank ECDF: ties count half', () => {
    const c = new EcdfCalibrator({ minCount: 4 });
    for (const s of [1, 2, 2]) c.update(s);
    expect(c.isReady).toBe(false);
    c.update(3);
    expect(c.isReady).toBe(true);
    expect(c.transform(2)).toBe(0.5); // (1 + 0.5·2) / 4
    expect(c.transform(0.5)).toBe(0);
    expect(c.transform(3)).toBe(0.875); // (3 + 0.5) / 4
    expect(c.transform(9)).toBe(1);
    expect(c.transform(Number.NaN)).toBeNaN();
  });

  it('keeps the last `size` scores (FIFO) and survives a JSON snapshot', () => {
    const c = new EcdfCalibrator({ size: 3, minCount: 1 });
    for (const s of [1, 2, 2, 3, Number.NaN]) c.update(s); // NaN is not kept; 1 is evicted
    expect(c.transform(1)).toBe(0);
    expect(c.transform(2)).toBeCloseTo(1 / 3, 15); // (0 + 0.5·2) / 3
    const copy = new EcdfCalibrator({ size: 3, minCount: 1 });
    copy.restore(JSON.parse(JSON.stringify(c.snapshot())));
    c.update(5);
    copy.update(5); // evicts the first 2 in both
    for (const s of [1, 2, 3, 4, 5, 6]) expect(copy.transform(s)).toBe(c.transform(s));
    expect(copy.transform(2)).toBeCloseTo(0.5 / 3, 15);
    expect(errorCode(() => copy.restore({ type: 'z-score', version: 1, state: {} }))).toBe('INVALID_SNAPSHOT');
  });

  it('matches a brute-force mid-rank over a long stream of repeated values', () => {
    const c = new EcdfCalibrator({ size: 50, minCount: 1 });
    const all: number[] = [];
    for (let i = 0; i < 500; i++) {
      const s = (i * 7919) % 13; // many ties, in a scrambled order
      c.update(s);
      all.push(s);
      const ref = all.slice(-50);
      const probe = i % 14;
      const below = ref.filter((r) => r < probe).length;
      const equal = ref.filter((r) => r === probe).length;
      expect(c.transform(probe)).toBe((below + 0.5 * equal) / ref.length);
    }
  });
});

describe('ZScoreCalibrator', () => {
  it('is Φ((s - mean) / sd) of the updated scores', () => {
    const c = new ZScoreCalibrator({ minCount: 5 });
    for (const s of [1, 2, 3, 4]) c.update(s);
    expect(c.isReady).toBe(false);
    c.update(5); // mean 3, sample sd sqrt(2.5)
    expect(c.isReady).toBe(true);
    // scipy.stats.norm.cdf(2 / sqrt(2.5)), norm.cdf(-1 / sqrt(2.5))
    expect(c.transform(5)).toBeCloseTo(0.8970483946339658, 14);
    expect(c.transform(2)).toBeCloseTo(0.26354462843276905, 14);
    expect(c.transform(3)).toBe(0.5);
    expect(c.transform(Number.NaN)).toBeNaN();
  });

  it('is a step at the mean when the scores do not vary; EWMA when alpha is given', () => {
    const c = new ZScoreCalibrator({ minCount: 1 });
    c.update(2);
    c.update(2);
    expect([c.transform(1), c.transform(2), c.transform(3)]).toEqual([0, 0.5, 1]);
    const e = new ZScoreCalibrator({ alpha: 0.5, minCount: 1 });
    for (const s of [0, 4]) e.update(s); // n=2: a = max(.5, 1/2): mean 2, var .5·(0 + .5·16) = 4
    expect(e.transform(4)).toBeCloseTo(0.8413447460685429, 14); // Φ(1)
    const copy = e.clone();
    copy.restore(JSON.parse(JSON.stringify(e.snapshot())));
    expect(copy.transform(3)).toBe(e.transform(3));
    expect(errorCode(() => new ZScoreCalibrator({ alpha: 0 }))).toBe('INVALID_OPTION');
  });
});

describe('QuantileThreshold', () => {
  it('flags values above the type-7 q-quantile of the updated values', () => {
    const t = new QuantileThreshold({ q: 0.9, minCount: 100 });
    expect(t.value).toBeNaN();
    expect(t.classify(1)).toBe(false);
    for (let v = 100; v >= 1; v--) t.update(v);
    expect(t.isReady).toBe(true);
    expect(t.value).toBeCloseTo(90.1, 12); // np.percentile(np.arange(1, 101), 90) = 90.1
    expect(t.classify(90.2)).toBe(true);
    expect(t.classify(90)).toBe(false);
  });

  it('keeps `size` values and restores from a snapshot', () => {
    const t = new QuantileThreshold({ q: 0.5, size: 4, minCount: 1 });
    for (const v of [100, 1, 2, 3, 4]) t.update(v);
    expect(t.value).toBe(2.5);
    const copy = t.clone();
    copy.restore(JSON.parse(JSON.stringify(t.snapshot())));
    expect(copy.value).toBe(2.5);
    expect(errorCode(() => new QuantileThreshold({ q: 1 }))).toBe('INVALID_OPTION');
    expect(errorCode(() => new QuantileThreshold({ size: 10, minCount: 20 }))).toBe('INVALID_OPTION');
  });
});

describe('ZThreshold', () => {
  it('flags values above mean + k·sd', () => {
    const t = new ZThreshold({ k: 2, minCount: 5 });
    for (const v of [1, 2, 3, 4, 5]) t.update(v);
    expect(t.isReady).toBe(true);
    expect(t.value).toBeCloseTo(3 + 2 * Math.sqrt(2.5), 14);
    expect(t.classify(6.2)).toBe(true);
    expect(t.classify(6.1)).toBe(false);
    const copy = t.clone();
    copy.restore(JSON.parse(JSON.stringify(t.snapshot())));
    expect(copy.value).toBe(t.value);
    expect(errorCode(() => copy.restore({ type: 'quantile', version: 1, state: {} }))).toBe('INVALID_SNAPSHOT');
    expect(errorCode(() => new ZThreshold({ k: -1 }))).toBe('INVALID_OPTION');
  });
});
