// Student t, the normal CDF and generalized ESD against reference values.
import { describe, expect, it } from 'vitest';
import { erf, erfc, esdCriticalValue, generalizedEsd, normalCdf, studentTCdf, studentTQuantile } from '../src/index';
import { errorCode } from './helpers';

describe('Student t', () => {
  it('quantiles match scipy.stats.t.ppf to 1e-6 relative', () => {
    // python3 -c "from scipy import stats; print(repr(stats.t.ppf(p, df)))" (scipy 1.17.1)
    const cases: [number, number, number][] = [
      [0.975, 1, 12.706204736174694],
      [0.975, 2, 4.302652729749462],
      [0.95, 5, 2.0150483733330233],
      [0.99, 10, 2.7637694581126957],
      [0.999, 3, 10.214531852407383],
      [0.9995, 52, 3.4876907346572263],
      [0.6, 30, 0.2556053649519128],
      [0.999999, 7, 14.241469651921154],
      [0.025, 9, -2.2621571627982053],
      [0.9999, 100, 3.861599790950091],
      [0.75, 1.5, 0.8725946625415716],
    ];
    for (const [p, df, ref] of cases) expect(Math.abs(studentTQuantile(p, df) - ref) / Math.abs(ref)).toBeLessThan(1e-6);
    expect(studentTQuantile(0.5, 4)).toBe(0);
    expect(studentTQuantile(1, 4)).toBeNaN();
    expect(studentTQuantile(0.9, 0)).toBeNaN();
  });

  it('CDF matches scipy.stats.t.cdf', () => {
    // stats.t.cdf(2.0, 3), stats.t.cdf(-1.5, 10), stats.t.cdf(10.0, 2)
    expect(studentTCdf(2, 3)).toBeCloseTo(0.9303370157205785, 12);
    expect(studentTCdf(-1.5, 10)).toBeCloseTo(0.08225366322272007, 12);
    expect(studentTCdf(10, 2)).toBeCloseTo(0.9950737714883372, 12);
  });
});

describe('normal CDF', () => {
  it('Φ matches scipy.stats.norm.cdf to 1e-12 relative, tails included', () => {
    // python3 -c "from scipy import stats; print(repr(stats.norm.cdf(z)))"
    const cases: [number, number][] = [
      [-10, 7.61985302416047e-24],
      [-5, 2.866515718791933e-7],
      [-3, 0.0013498980316300933],
      [-1.5, 0.06680720126885807],
      [-0.5, 0.3085375387259869],
      [0, 0.5],
      [0.3, 0.6179114221889526],
      [1, 0.8413447460685429],
      [2.5, 0.9937903346742238],
      [4, 0.9999683287581669],
      [8, 0.9999999999999993],
    ];
    for (const [z, ref] of cases) expect(Math.abs(normalCdf(z) - ref) / ref).toBeLessThan(1e-12);
  });

  it('erf and erfc match scipy.special', () => {
    // scipy.special.erfc(x), scipy.special.erf(x)
    const cases: [number, number, number][] = [
      [0.1, 0.8875370839817152, 0.1124629160182849],
      [0.5, 0.4795001221869535, 0.5204998778130465],
      [1, 0.15729920705028516, 0.8427007929497148],
      [2, 0.004677734981047266, 0.9953222650189527],
      [3, 2.2090496998585445e-5, 0.9999779095030014],
      [5, 1.5374597944280347e-12, 0.9999999999984626],
      [10, 2.0884875837625446e-45, 1],
    ];
    for (const [x, c, e] of cases) {
      expect(Math.abs(erfc(x) - c) / c).toBeLessThan(1e-12);
      expect(Math.abs(erf(x) - e) / e).toBeLessThan(1e-14);
      expect(erf(-x)).toBe(-erf(x));
    }
  });
});

// Rosner (1983) data, as in the NIST e-Handbook 1.3.5.17.3 generalized ESD example.
const ROSNER = [
  -0.25, 0.68, 0.94, 1.15, 1.2, 1.26, 1.26, 1.34, 1.38, 1.43, 1.49, 1.49, 1.55, 1.56, 1.58, 1.65, 1.69, 1.7, 1.76, 1.77, 1.81, 1.91, 1.94, 1.96, 1.99, 2.06,
  2.09, 2.1, 2.14, 2.15, 2.23, 2.24, 2.26, 2.35, 2.37, 2.4, 2.47, 2.54, 2.62, 2.64, 2.9, 2.92, 2.92, 2.93, 3.21, 3.26, 3.3, 3.59, 3.68, 4.3, 4.64, 5.34, 5.42, 6.01,
];

describe('generalized ESD', () => {
  it('classic (mean/sd) finds the 3 outliers of the NIST example, with its R_i and λ_i', () => {
    const { outliers, statistics, criticalValues } = generalizedEsd(ROSNER, { maxOutliers: 10, method: 'classic' });
    expect(outliers).toEqual([53, 52, 51]); // 6.01, 5.42, 5.34
    // NIST table (3 decimals)
    const R = [3.118, 2.942, 3.179, 2.81, 2.815, 2.848, 2.279, 2.31, 2.101, 2.067];
    const L = [3.158, 3.151, 3.143, 3.136, 3.128, 3.12, 3.111, 3.103, 3.094, 3.085];
    R.forEach((r, i) => expect(Math.abs(statistics[i]! - r)).toBeLessThan(1.5e-3));
    L.forEach((l, i) => expect(Math.abs(criticalValues[i]! - l)).toBeLessThan(1e-3));
  });

  it('hybrid (median/MAD) matches a numpy/scipy reimplementation: 4 outliers', () => {
    // numpy: c = median(R'), s = 1.4826·median(|R' - c|), G = max|R' - c| / s, remove argmax;
    // λ_i with scipy.stats.t.ppf; the same steps on the same data give r = 4.
    const { outliers, statistics, criticalValues } = generalizedEsd(ROSNER, { maxOutliers: 10 });
    expect(outliers).toEqual([53, 52, 51, 50]); // 6.01, 5.42, 5.34, 4.64
    const G = [4.845195088717193, 4.159359683439005, 4.116284728394548, 3.4121297244110105, 3.0999322784025334, 3.021718602455146];
    const L = [3.1587939408874943, 3.1514300233160126, 3.143889685031995, 3.1361649560577938, 3.128247334330998, 3.120127738314815];
    G.forEach((g, i) => expect(statistics[i]).toBeCloseTo(g, 10));
    L.forEach((l, i) => expect(criticalValues[i]).toBeCloseTo(l, 9));
    expect(esdCriticalValue(54, 1, 0.05)).toBeCloseTo(3.1587939408874943, 9);
  });

  it('finds nothing in clean data and validates options', () => {
    expect(generalizedEsd([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]).outliers).toEqual([]);
    expect(generalizedEsd([5, 5, 5, 5, 5, 5, 5, 5, 5, 50], { maxOutliers: 2 }).outliers).toEqual([]); // MAD 0: stops
    expect(errorCode(() => generalizedEsd([1, Number.NaN, 3]))).toBe('INVALID_OPTION');
    expect(errorCode(() => generalizedEsd([1, 2, 3], { method: 'grubbs' as 'classic' }))).toBe('INVALID_OPTION');
  });
});
