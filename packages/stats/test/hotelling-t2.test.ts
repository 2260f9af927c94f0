import { describe, expect, it } from 'vitest';
import { cholesky, HotellingT2Detector } from '../src/index';
import { errorCode, learnAll } from './helpers';

// 16 points of a correlated 2-D process and a probe off the correlation line.
const X = [
  [10.0, 5.0], [11.0, 5.6], [9.5, 4.7], [10.4, 5.1], [12.0, 6.2], [8.8, 4.1], [10.1, 5.3], [9.9, 4.8],
  [10.7, 5.5], [11.3, 5.4], [9.2, 4.6], [10.5, 5.0], [10.0, 5.2], [11.8, 5.9], [9.0, 4.4], [10.3, 5.0],
].map(([a, b]) => ({ a: a!, b: b! }));

describe('HotellingT2Detector', () => {
  it('matches numpy: (x-mu)ᵀ S⁻¹ (x-mu) / d with S = (1-λ)C + λ diag(C) + ridge', () => {
    // numpy: mu = X.mean(0); C = np.cov(X.T, ddof=1); ridge = 1e-9·trace(C)/2 + 1e-12
    //        S = (1-λ)·C + λ·diag(C) + ridge·I; r = x - mu; r @ solve(S, r) / 2
    //        λ = 0.1 -> 6.366555808079224, λ = 0 -> 19.263447222286725
    const shrunk = new HotellingT2Detector({ features: ['a', 'b'] });
    const plain = new HotellingT2Detector({ features: ['a', 'b'], shrinkage: 0 });
    learnAll(shrunk, X);
    learnAll(plain, X);
    expect(shrunk.scoreOne({ a: 11, b: 4.5 })).toBeCloseTo(6.366555808079224, 9);
    expect(plain.scoreOne({ a: 11, b: 4.5 })).toBeCloseTo(19.263447222286725, 8);
    // marginal on the present feature: (11 - mu_a)² / S_aa = 0.595878189632363 (divided by 1)
    expect(shrunk.scoreOne({ a: 11 })).toBeCloseTo(0.595878189632363, 9);
    expect(shrunk.scoreOne({ c: 1 })).toBeNaN();
    const why = shrunk.explainOne({ a: 11, b: 4.5 });
    expect(why?.feature).toBe('b');
    expect(why?.expected).toBeCloseTo(5.1125, 12);
  });

  it('warms up for 2d + 10 points and fixes the feature set from the first point', () => {
    const d = new HotellingT2Detector();
    learnAll(d, X.slice(0, 13));
    expect(d.isReady).toBe(false);
    d.learnOne({ a: 10, b: 5, c: 1 }); // c is not in the set fixed by the first point
    expect(d.isReady).toBe(true);
    expect((d.snapshot().state as { names: string[] }).names).toEqual(['a', 'b']);
    d.learnOne({ a: 10 }); // incomplete points are not learned
    expect((d.snapshot().state as { data: number[] }).data[0]).toBe(14);
  });

  it('forgets exponentially with alpha', () => {
    const d = new HotellingT2Detector({ features: ['a'], alpha: 0.5, warmup: 2 });
    learnAll(d, [{ a: 0 }, { a: 2 }, { a: 2 }]);
    // n=1: mean 0; n=2: a = max(.5, 1/2): mean 1, C = .5·(0 + .5·4) = 1; n=3: mean 1.5, C = .5·(1 + .5·1) = .75
    expect((d.snapshot().state as { data: number[] }).data).toEqual([3, 1.5, 0.75]);
  });

  it('cholesky factors a symmetric positive definite matrix', () => {
    const m = Float64Array.from([4, 2, 2, 3]);
    cholesky(m, 2);
    expect(m[0]).toBe(2);
    expect(m[2]).toBe(1);
    expect(m[3]).toBeCloseTo(Math.SQRT2, 15);
  });

  it('validates options', () => {
    expect(errorCode(() => new HotellingT2Detector({ shrinkage: 2 }))).toBe('INVALID_OPTION');
    expect(errorCode(() => new HotellingT2Detector({ alpha: 1 }))).toBe('INVALID_OPTION');
    expect(errorCode(() => new HotellingT2Detector({ warmup: 1 }))).toBe('INVALID_OPTION');
    expect(errorCode(() => new HotellingT2Detector().restore({ type: 'static', version: 1, state: {} }))).toBe('INVALID_SNAPSHOT');
  });
});
