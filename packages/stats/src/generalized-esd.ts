// Generalized ESD (Rosner 1983) and its "hybrid" median/MAD form used by S-H-ESD.
// Reference: Rosner, Technometrics 25(2), 1983; NIST e-Handbook 1.3.5.17.3; Hochenbaum, Vallis,
// Kejariwal (2017) "Automatic anomaly detection in the cloud via statistical learning".
import { ConfigError } from '@awad/core';
import { sortedMad, sortedQuantile } from './order-statistics';
import { studentTUpperQuantile } from './student-t';
import { checkInteger, checkKnownKeys, checkNumber } from './validate-options';

const MODULE = '@awad/stats/generalized-esd';
/** Consistency constant: 1.4826·MAD estimates σ for normal data. */
export const MAD_SCALE = 1.4826;

/**
 * λ_i, the critical value of the i-th ESD test statistic for n points (i = 1..n-2):
 * λ_i = (n-i)·t / √((n-i-1+t²)(n-i+1)), t the upper α/(2(n-i+1)) quantile of t(n-i-1).
 */
export function esdCriticalValue(n: number, i: number, alpha: number): number {
  const t = studentTUpperQuantile(alpha / (2 * (n - i + 1)), n - i - 1);
  return ((n - i) * t) / Math.sqrt((n - i - 1 + t * t) * (n - i + 1));
}

/** λ_1..λ_count for n points, as a Float64Array (index i-1 holds λ_i; Infinity past n-2). */
export function esdCriticalValues(n: number, count: number, alpha: number): Float64Array {
  const out = new Float64Array(count);
  for (let i = 1; i <= count; i++) out[i - 1] = i <= n - 2 ? esdCriticalValue(n, i, alpha) : Number.POSITIVE_INFINITY;
  return out;
}

/** What the last esdOnSorted run did (module state: nothing is allocated per run). */
let statistics = new Float64Array(64);
let removedHigh = new Uint8Array(64);
let steps = 0;
let keepStart = 0;
let keepCount = 0;

/**
 * @internal Generalized ESD on the SORTED values a[0..n). The most extreme value of a sorted
 * sample is always at one of its ends, so each step removes the lowest or the highest and the
 * median and MAD of what is left come from the sorted range in O(1) and O(n/2). Returns r, the
 * number of outliers; `esdKept()` is then the range of a without them.
 */
export function esdOnSorted(a: Float64Array, n: number, kmax: number, lambdas: Float64Array, hybrid: boolean, order?: ArrayLike<number>): number {
  if (statistics.length < kmax) {
    statistics = new Float64Array(kmax * 2);
    removedHigh = new Uint8Array(kmax * 2);
  }
  let lo = 0;
  let hi = n - 1;
  let r = 0;
  keepStart = 0;
  keepCount = n;
  let i = 0;
  for (; i < kmax && hi - lo + 1 > 2; i++) {
    const m = hi - lo + 1;
    let centre: number;
    let scale: number;
    if (hybrid) {
      centre = sortedQuantile(a, lo, m, 0.5);
      scale = MAD_SCALE * sortedMad(a, lo, m, centre);
    } else {
      let sum = 0;
      for (let j = lo; j <= hi; j++) sum += a[j]!;
      centre = sum / m;
      let ss = 0;
      for (let j = lo; j <= hi; j++) ss += (a[j]! - centre) ** 2;
      scale = Math.sqrt(ss / (m - 1));
    }
    if (!(scale > 0)) break; // a flat remainder has no outliers left to test
    const low = centre - a[lo]!;
    const high = a[hi]! - centre;
    // An exact tie goes to the earlier point when the original order is known, else to the top.
    const takeHigh = high > low || (high === low && (order === undefined || order[hi]! < order[lo]!));
    const g = (takeHigh ? high : low) / scale;
    statistics[i] = g;
    removedHigh[i] = takeHigh ? 1 : 0;
    if (takeHigh) hi--;
    else lo++;
    if (g > lambdas[i]!) {
      r = i + 1;
      keepStart = lo;
      keepCount = hi - lo + 1;
    }
  }
  steps = i;
  return r;
}

/** @internal Start and count of the range kept by the last esdOnSorted (without its r outliers). */
export function esdKeptStart(): number {
  return keepStart;
}

/** @internal See esdKeptStart. */
export function esdKeptCount(): number {
  return keepCount;
}

/** Options of {@link generalizedEsd}. */
export interface EsdOptions {
  /** Significance level of each test (default 0.05). */
  readonly alpha?: number;
  /** Upper bound on the number of outliers, as a fraction of n (default 0.1). */
  readonly maxAnoms?: number;
  /** Upper bound as a count; overrides maxAnoms. */
  readonly maxOutliers?: number;
  /** 'hybrid' (median and 1.4826·MAD, S-H-ESD's default) or 'classic' (mean and sd, Rosner). */
  readonly method?: 'hybrid' | 'classic';
}

/** Defaults of {@link EsdOptions}. */
export const DEFAULT_ESD_OPTIONS = Object.freeze({ alpha: 0.05, maxAnoms: 0.1, method: 'hybrid' as const });

/** What {@link generalizedEsd} found. */
export interface EsdResult {
  /** Indexes of the outliers, most extreme first. */
  readonly outliers: number[];
  /** R_i, the test statistic of each step run. */
  readonly statistics: number[];
  /** λ_i, the critical value of each step run. */
  readonly criticalValues: number[];
}

/**
 * Generalized ESD test for up to k outliers in a batch of values (two-sided). When the lowest
 * and the highest value are exactly as extreme, the earlier one is removed first (numpy's argmax).
 *
 * @example
 * const { outliers } = generalizedEsd(values, { maxOutliers: 10, method: 'classic' });
 */
export function generalizedEsd(values: readonly number[], options: EsdOptions = {}): EsdResult {
  checkKnownKeys(MODULE, options, ['alpha', 'maxAnoms', 'maxOutliers', 'method']);
  const alpha = checkNumber(MODULE, 'alpha', options.alpha ?? DEFAULT_ESD_OPTIONS.alpha, 0, 1, 'both');
  const maxAnoms = checkNumber(MODULE, 'maxAnoms', options.maxAnoms ?? DEFAULT_ESD_OPTIONS.maxAnoms, 0, 0.5, 'lo');
  const method = options.method ?? DEFAULT_ESD_OPTIONS.method;
  if (method !== 'hybrid' && method !== 'classic') throw new ConfigError(MODULE, 'method', '"hybrid" or "classic"', method);
  if (!Array.isArray(values) || !values.every(Number.isFinite)) throw new ConfigError(MODULE, 'values', 'an array of finite numbers', values);
  const n = values.length;
  const bound = options.maxOutliers === undefined ? Math.floor(maxAnoms * n) : checkInteger(MODULE, 'maxOutliers', options.maxOutliers, 0);
  const kmax = Math.min(bound, Math.max(0, n - 2));
  const order = values.map((_, i) => i).sort((a, b) => (values[a] as number) - (values[b] as number) || a - b);
  const sorted = Float64Array.from(order, (i) => values[i] as number);
  const lambdas = esdCriticalValues(n, kmax, alpha);
  const r = esdOnSorted(sorted, n, kmax, lambdas, method === 'hybrid', order);
  const outliers: number[] = [];
  let lo = 0;
  let hi = n - 1;
  for (let i = 0; i < r; i++) outliers.push(removedHigh[i] === 1 ? (order[hi--] as number) : (order[lo++] as number));
  return {
    outliers,
    statistics: Array.from(statistics.subarray(0, steps)),
    criticalValues: Array.from(lambdas.subarray(0, steps)),
  };
}
