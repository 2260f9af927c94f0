import { describe, expect, it } from 'vitest';
import { findRanges, rangeMetrics } from '../src/index.js';
import { mulberry32 } from './rng.js';

const { sqrt } = Math;

describe('findRanges', () => {
  it('returns maximal runs of 1s as half-open ranges', () => {
    expect(findRanges([0, 1, 1, 0, 1])).toEqual([
      { start: 1, end: 3 },
      { start: 4, end: 5 },
    ]);
    expect(findRanges([1, 1, 1])).toEqual([{ start: 0, end: 3 }]);
    expect(findRanges([0, 0])).toEqual([]);
  });
});

describe('rangeMetrics (Tatbul, ACVAE configuration)', () => {
  it('true range of length 4 hit only at its 3rd point', () => {
    // delta_r(idx, 4) = sqrt(16 - (idx-1)^2): 4, sqrt15, sqrt12, sqrt7
    // ER = 1 (3rd point is within the first min(10, 4) = 4), k = 1 -> CF = 1
    // omega = sqrt12 / (4 + sqrt15 + sqrt12 + sqrt7); Rec = 0.8 + 0.2 omega = 0.849548
    // precision: one predicted range of length 1, fully inside -> 1
    const m = rangeMetrics([0, 1, 1, 1, 1, 0], [0, 0, 0, 1, 0, 0]);
    const omega = sqrt(12) / (4 + sqrt(15) + sqrt(12) + sqrt(7));
    const recall = 0.8 + 0.2 * omega;
    expect(recall).toBeCloseTo(0.849548, 6);
    expect(m.recall).toBeCloseTo(recall, 12);
    expect(m.precision).toBe(1);
    expect(m.f1).toBeCloseTo((2 * recall) / (1 + recall), 12);
    expect(m).toMatchObject({ trueRanges: 1, predictedRanges: 1, detectedRanges: 1, meanDetectionDelay: 2 });
  });

  it('gives no early reward when the first hit comes after the first 10 points', () => {
    // l = 12, delta_r(idx, 12) = sqrt(144 - (idx-1)^2), idx = 1..12:
    // sqrt144, sqrt143, sqrt140, sqrt135, sqrt128, sqrt119, sqrt108, sqrt95, sqrt80, sqrt63, sqrt44, sqrt23
    const D = [144, 143, 140, 135, 128, 119, 108, 95, 80, 63, 44, 23].reduce((s, v) => s + sqrt(v), 0);
    const y = new Array<number>(12).fill(1);
    // hit at idx 11 (0-based 10): outside the first min(10, 12) = 10 points -> ER = 0
    // Rec = 0.8 * 0 + 0.2 * sqrt44 / D
    const late = new Array<number>(12).fill(0);
    late[10] = 1;
    const m = rangeMetrics(y, late);
    expect(m.recall).toBeCloseTo((0.2 * sqrt(44)) / D, 12);
    expect(m.meanDetectionDelay).toBe(10);
    // hit at idx 10 (0-based 9): still inside -> ER = 1, Rec = 0.8 + 0.2 * sqrt63 / D
    const early = new Array<number>(12).fill(0);
    early[9] = 1;
    expect(rangeMetrics(y, early).recall).toBeCloseTo(0.8 + (0.2 * sqrt(63)) / D, 12);
    // earlyWindow = 11 moves the window: idx 11 now counts -> 0.8 + 0.2 sqrt44 / D
    expect(rangeMetrics(y, late, { earlyWindow: 11 }).recall).toBeCloseTo(0.8 + (0.2 * sqrt(44)) / D, 12);
  });

  it('applies CF = 1/2^0.2 when two predicted ranges fall in one true range', () => {
    // y = 1 1 1 1 1 (l = 5), yhat = 1 0 0 1 0: P_1 = {idx 1}, P_2 = {idx 4}, k = 2
    // delta_r(idx, 5) = sqrt(25 - (idx-1)^2): 5, sqrt24, sqrt21, 4, 3 -> D = 12 + sqrt24 + sqrt21
    // sum_j omega = (5 + 4) / D; ER = 1 (idx 1 hit)
    // Rec = 0.8 + 0.2 * 2^-0.2 * 9 / D
    // precision: each P_j has length 1, fully inside one true range (k' = 1) -> 1, 1 -> 1
    const m = rangeMetrics([1, 1, 1, 1, 1], [1, 0, 0, 1, 0]);
    const D = 12 + sqrt(24) + sqrt(21);
    expect(m.recall).toBeCloseTo(0.8 + (0.2 * (1 / 2 ** 0.2) * 9) / D, 12);
    expect(m.precision).toBe(1);
    expect(m.predictedRanges).toBe(2);
    expect(m.meanDetectionDelay).toBe(0);
  });

  it('weights precision by log2(l(P_j) + 1)', () => {
    // y    = 1 1 1 0 0 0 0 0  -> R = [0, 3)
    // yhat = 0 0 1 1 1 0 0 1  -> P_1 = [2, 5) (l 3, overlap 1), P_2 = [7, 8) (l 1, overlap 0)
    // Prec_1 = 1/3, W_1 = log2 4 = 2; Prec_2 = 0, W_2 = log2 2 = 1
    // Precision_T = (2 * 1/3 + 1 * 0) / (2 + 1) = 2/9
    // Recall: l = 3, hit at idx 3: delta 3, sqrt8, sqrt5; ER = 1; Rec = 0.8 + 0.2 sqrt5 / (3 + sqrt8 + sqrt5)
    const m = rangeMetrics([1, 1, 1, 0, 0, 0, 0, 0], [0, 0, 1, 1, 1, 0, 0, 1]);
    expect(m.precision).toBeCloseTo(2 / 9, 12);
    const recall = 0.8 + (0.2 * sqrt(5)) / (3 + sqrt(8) + sqrt(5));
    expect(m.recall).toBeCloseTo(recall, 12);
    expect(m.f1).toBeCloseTo((2 * (2 / 9) * recall) / (2 / 9 + recall), 12);
  });

  it('applies CF\' when one predicted range spans two true ranges', () => {
    // y    = 1 1 0 1 1 -> R_1 = [0, 2), R_2 = [3, 5)
    // yhat = 0 1 1 1 0 -> P = [1, 4), l 3, overlaps R_1 at 1 point and R_2 at 1 point: k' = 2
    // Precision_T = 2^-0.2 * (1 + 1) / 3
    // R_1 (l 2, delta 2, sqrt3): hit at idx 2 -> Rec_1 = 0.8 + 0.2 sqrt3 / (2 + sqrt3)
    // R_2: hit at idx 1 -> Rec_2 = 0.8 + 0.2 * 2 / (2 + sqrt3)
    // Recall_T = (Rec_1 + Rec_2) / 2 = 0.8 + 0.1 * (2 + sqrt3) / (2 + sqrt3) = 0.9
    // delays 1 and 0 -> mean 0.5
    const m = rangeMetrics([1, 1, 0, 1, 1], [0, 1, 1, 1, 0]);
    expect(m.precision).toBeCloseTo((2 ** -0.2 * 2) / 3, 12);
    expect(m.recall).toBeCloseTo(0.9, 12);
    expect(m).toMatchObject({ trueRanges: 2, predictedRanges: 1, detectedRanges: 2, meanDetectionDelay: 0.5 });
  });

  it('pools several series without letting a range cross the boundary', () => {
    // A: y = 0 0 1 1, yhat = 0 0 0 1 -> R = [2,4) hit at idx 2: Rec = 0.8 + 0.2 sqrt3/(2+sqrt3); P = [3,4) Prec 1
    // B: y = 1 1 0 0, yhat = 1 0 0 0 -> R = [0,2) hit at idx 1: Rec = 0.8 + 0.2 * 2/(2+sqrt3);  P = [0,1) Prec 1
    // pooled: N_R = 2, Recall_T = 0.8 + 0.1 (sqrt3 + 2)/(2 + sqrt3) = 0.9; N_P = 2, Precision_T = 1
    const a = { labels: [0, 0, 1, 1], predictions: [0, 0, 0, 1] };
    const b = { labels: [1, 1, 0, 0], predictions: [1, 0, 0, 0] };
    const pooled = rangeMetrics([a, b]);
    expect(pooled.recall).toBeCloseTo(0.9, 12);
    expect(pooled.precision).toBe(1);
    expect(pooled).toMatchObject({ trueRanges: 2, predictedRanges: 2, detectedRanges: 2, meanDetectionDelay: 0.5 });
    // concatenated, the two would merge into one true range [2,6) of length 4 and one predicted
    // range [3,5): Rec = 0.8 + 0.2 (sqrt15 + sqrt12) / (4 + sqrt15 + sqrt12 + sqrt7)
    const merged = rangeMetrics([...a.labels, ...b.labels], [...a.predictions, ...b.predictions]);
    expect(merged).toMatchObject({ trueRanges: 1, predictedRanges: 1 });
    expect(merged.recall).toBeCloseTo(0.8 + (0.2 * (sqrt(15) + sqrt(12))) / (4 + sqrt(15) + sqrt(12) + sqrt(7)), 12);
  });

  it('reports NaN recall without true ranges and 0 precision without predictions', () => {
    // no true range: Recall_T undefined -> NaN, F1 NaN; predicted range has no overlap -> precision 0
    const none = rangeMetrics([0, 0, 0], [0, 1, 0]);
    expect(none.recall).toBeNaN();
    expect(none.f1).toBeNaN();
    expect(none.precision).toBe(0);
    // no prediction: Rec = 0 (ER 0, no overlap), Precision_T = 0 (N_P = 0), F1 = 0; no hit -> delay NaN
    const silent = rangeMetrics([0, 1, 1], [0, 0, 0]);
    expect(silent).toMatchObject({ precision: 0, recall: 0, f1: 0, detectedRanges: 0 });
    expect(silent.meanDetectionDelay).toBeNaN();
  });

  it('honours alpha and the cardinality exponent', () => {
    // alpha = 0: Rec = CF * omega; l = 4 hit at idx 3 -> sqrt12 / (4 + sqrt15 + sqrt12 + sqrt7)
    const m = rangeMetrics([1, 1, 1, 1], [0, 0, 1, 0], { alpha: 0 });
    expect(m.recall).toBeCloseTo(sqrt(12) / (4 + sqrt(15) + sqrt(12) + sqrt(7)), 12);
    // exponent 1, alpha = 0.5: y = 1 1 1, yhat = 1 0 1, k = 2 -> CF = 1/2
    // delta_r(., 3) = 3, sqrt8, sqrt5; Rec = 0.5 + 0.5 * 0.5 * (3 + sqrt5) / (3 + sqrt8 + sqrt5)
    const c = rangeMetrics([1, 1, 1], [1, 0, 1], { alpha: 0.5, cardinalityExponent: 1 });
    expect(c.recall).toBeCloseTo(0.5 + (0.25 * (3 + sqrt(5))) / (3 + sqrt(8) + sqrt(5)), 12);
  });

  it('matches a literal transcription of the definitions on random series', () => {
    const rnd = mulberry32(2024);
    for (let trial = 0; trial < 40; trial++) {
      const n = 5 + Math.floor(rnd() * 80);
      const y = Array.from({ length: n }, () => (rnd() < 0.35 ? 1 : 0));
      const p = Array.from({ length: n }, () => (rnd() < 0.4 ? 1 : 0));
      const got = rangeMetrics(y, p);
      const want = naiveRange(y, p);
      if (Number.isNaN(want.recall)) expect(got.recall).toBeNaN();
      else expect(got.recall).toBeCloseTo(want.recall, 10);
      expect(got.precision).toBeCloseTo(want.precision, 10);
    }
  });

  it('counts every range of a long series (2000 true ranges in 200k points)', () => {
    const rnd = mulberry32(7);
    const n = 200_000;
    const y = new Float64Array(n);
    const p = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      y[i] = i % 100 < 20 ? 1 : 0;
      p[i] = rnd() < 0.3 ? 1 : 0;
    }
    const m = rangeMetrics(y, p);
    expect(m.trueRanges).toBe(2000);
  });
});

/** The formulas of METHODS.md §6.2 read literally: nested loops over ranges and points. */
function naiveRange(y: number[], p: number[]): { recall: number; precision: number } {
  const runs = (v: number[]): number[][] => {
    const out: number[][] = [];
    v.forEach((x, i) => {
      if (x !== 1) return;
      const last = out[out.length - 1];
      if (last && last[last.length - 1] === i - 1) last.push(i);
      else out.push([i]);
    });
    return out;
  };
  const R = runs(y);
  const P = runs(p);
  const inter = (A: number[], B: number[]): number[] => A.filter((i) => B.includes(i));
  const deltaR = (idx: number, l: number): number => sqrt(l * l - (idx - 1) * (idx - 1));
  let recallSum = 0;
  for (const Ri of R) {
    const l = Ri.length;
    const k = P.filter((Pj) => inter(Ri, Pj).length > 0).length;
    const er = Ri.slice(0, Math.min(10, l)).some((i) => p[i] === 1) ? 1 : 0;
    const cf = k <= 1 ? 1 : 1 / k ** 0.2;
    let den = 0;
    for (let idx = 1; idx <= l; idx++) den += deltaR(idx, l);
    let omegaSum = 0;
    for (const Pj of P) {
      for (const i of inter(Ri, Pj)) omegaSum += deltaR(Ri.indexOf(i) + 1, l) / den;
    }
    recallSum += 0.8 * er + 0.2 * cf * omegaSum;
  }
  let num = 0;
  let wSum = 0;
  for (const Pj of P) {
    const k = R.filter((Ri) => inter(Pj, Ri).length > 0).length;
    const cf = k <= 1 ? 1 : 1 / k ** 0.2;
    const overlap = R.reduce((s, Ri) => s + inter(Pj, Ri).length, 0);
    const w = Math.log2(Pj.length + 1);
    num += w * cf * (overlap / Pj.length);
    wSum += w;
  }
  return { recall: R.length ? recallSum / R.length : Number.NaN, precision: P.length ? num / wSum : 0 };
}
