import { describe, expect, it } from 'vitest';
import { bestF1Threshold, thresholdCandidates } from '../src/index.js';
import { mulberry32 } from './rng.js';

describe('thresholdCandidates', () => {
  it('uses every distinct score when there are few', () => {
    expect(thresholdCandidates([0.3, 0.1, 0.3, 0.9])).toEqual([0.1, 0.3, 0.9]);
  });

  it('uses quantiles at levels k/(max+1) when there are too many distinct scores', () => {
    // sorted 1..10, maxCandidates 4 -> levels .2 .4 .6 .8 -> positions .2*9 = 1.8, 3.6, 5.4, 7.2
    // linear interpolation on 0-based positions: 2.8, 4.6, 6.4, 8.2
    const c = thresholdCandidates([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], 4);
    expect(c).toHaveLength(4);
    [2.8, 4.6, 6.4, 8.2].forEach((v, i) => expect(c[i]).toBeCloseTo(v, 12));
    // deduplicated: 3 distinct values > maxCandidates 2 -> levels 1/3, 2/3 -> positions 11/3, 22/3
    // on sorted 1, 2 (x10), 5: both fall between two 2s -> [2, 2] -> [2]
    expect(thresholdCandidates([1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 5], 2)).toEqual([2]);
  });
});

describe('bestF1Threshold (point)', () => {
  it('finds the best threshold on a small example', () => {
    // y = 0 0 1 1, a = .1 .4 .35 .8
    // th .8: TP1 FP0 FN1 -> P 1, R .5, F1 2/3
    // th .4: TP1 FP1 FN1 -> .5, .5, F1 .5
    // th .35: TP2 FP1 FN0 -> 2/3, 1, F1 .8   <- best
    // th .1: TP2 FP2 -> .5, 1, F1 2/3
    const best = bestF1Threshold([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
    expect(best.threshold).toBe(0.35);
    expect(best.f1).toBeCloseTo(0.8, 12);
    expect(best.precision).toBeCloseTo(2 / 3, 12);
    expect(best.recall).toBe(1);
  });

  it('breaks ties toward the largest threshold', () => {
    // y = 1 0 0 1 0, a = .9 .8 .7 .6 .5
    // th .9: TP1 FP0 FN1 -> P 1, R .5, F1 = 2*1*.5/1.5 = 2/3
    // th .8: .5,.5 -> .5;  th .7: 1/3,.5 -> .4
    // th .6: TP2 FP2 -> P .5, R 1, F1 = 2*.5*1/1.5 = 2/3 (tie)
    // th .5: .4, 1 -> 4/7
    const best = bestF1Threshold([1, 0, 0, 1, 0], [0.9, 0.8, 0.7, 0.6, 0.5]);
    expect(best).toMatchObject({ threshold: 0.9, precision: 1, recall: 0.5 });
    expect(best.f1).toBeCloseTo(2 / 3, 12);
  });

  it('pools several series by concatenation', () => {
    // same numbers as the first example split into two files
    const best = bestF1Threshold([
      { labels: [0, 0], scores: [0.1, 0.4] },
      { labels: [1, 1], scores: [0.35, 0.8] },
    ]);
    expect(best.threshold).toBe(0.35);
    expect(best.f1).toBeCloseTo(0.8, 12);
  });

  it('equals brute force over all distinct scores on 50 random seeded vectors', () => {
    const rnd = mulberry32(42);
    for (let trial = 0; trial < 50; trial++) {
      const n = 5 + Math.floor(rnd() * 200);
      const y = Array.from({ length: n }, () => (rnd() < 0.2 ? 1 : 0));
      // rounded scores create ties; positives shifted so the optimum is not trivial
      const a = y.map((v) => Math.round((rnd() + 0.4 * v) * 20) / 20);
      const distinct = [...new Set(a)].sort((p, q) => p - q);
      const want = bruteForce(y, a, distinct);
      const got = bestF1Threshold(y, a);
      expect(got.threshold).toBe(want.threshold);
      expect(got.f1).toBe(want.f1);
    }
  });

  it('equals the O(n * candidates) computation when quantile candidates are used', () => {
    const rnd = mulberry32(99);
    for (let trial = 0; trial < 3; trial++) {
      const n = 3000;
      const y = Array.from({ length: n }, () => (rnd() < 0.1 ? 1 : 0));
      const a = y.map((v) => rnd() + 0.5 * v);
      const candidates = thresholdCandidates(a, 500);
      expect(candidates).toHaveLength(500);
      const want = bruteForce(y, a, candidates);
      const got = bestF1Threshold(y, a, { maxCandidates: 500 });
      expect(got.threshold).toBe(want.threshold);
      expect(got.f1).toBe(want.f1);
    }
  });
});

describe('bestF1Threshold (range)', () => {
  it('maximises range F1 on a small example', () => {
    // y = 0 1 1 0, a = .1 .9 .2 .5; true range [1,3), l 2, delta_r 2, sqrt3
    // th .9: P = [1,2): Prec 1; Rec = .8 + .2 * 2/(2+sqrt3) = r; F1 = 2r/(1+r) ~ .951   <- best
    // th .5: P = [1,2),[3,4): Precision (1*1 + 1*0)/2 = .5; Rec r; F1 ~ .645
    // th .2: P = [1,4): 2/3; Rec 1 (omega 1); F1 .8
    // th .1: P = [0,4): .5; Rec 1; F1 2/3
    const r = 0.8 + (0.2 * 2) / (2 + Math.sqrt(3));
    const best = bestF1Threshold([0, 1, 1, 0], [0.1, 0.9, 0.2, 0.5], { metric: 'range' });
    expect(best.threshold).toBe(0.9);
    expect(best.precision).toBe(1);
    expect(best.recall).toBeCloseTo(r, 12);
    expect(best.f1).toBeCloseTo((2 * r) / (1 + r), 12);
  });

  it('pools series for range F1 (ranges stay inside their series)', () => {
    // A: y = 1 1, a = .9 .1;  B: y = 1 0, a = .9 .1  -> R_A = [0,2), R_B = [0,1)
    // th .9: P_A = [0,1), P_B = [0,1): precision 1
    //   Rec_A = .8 + .2 * 2/(2+sqrt3), Rec_B = 1 -> recall = (Rec_A + 1)/2
    // th .1: P_A = [0,2) Prec 1; P_B = [0,2) Prec 1/2; W = log2 3 each -> precision 3/4; recall 1
    //   F1(.1) = 1.5/1.75 = 6/7 ~ .857;  recall(.9) ~ .9536 -> F1(.9) ~ .976  <- best
    const recall = (0.8 + (0.2 * 2) / (2 + Math.sqrt(3)) + 1) / 2;
    const best = bestF1Threshold(
      [
        { labels: [1, 1], scores: [0.9, 0.1] },
        { labels: [1, 0], scores: [0.9, 0.1] },
      ],
      { metric: 'range' },
    );
    expect(best.threshold).toBe(0.9);
    expect(best.recall).toBeCloseTo(recall, 12);
    expect(best.f1).toBeCloseTo((2 * recall) / (1 + recall), 12);
  });

  it('returns the largest candidate with NaN F1 when there is no true range', () => {
    const best = bestF1Threshold([0, 0, 0], [0.2, 0.5, 0.1], { metric: 'range' });
    expect(best.threshold).toBe(0.5);
    expect(best.f1).toBeNaN();
  });
});

/** Literal O(n * candidates) search: recount at every threshold; ties keep the larger threshold. */
function bruteForce(y: number[], a: number[], candidates: number[]): { threshold: number; f1: number } {
  let best = { threshold: Number.NaN, f1: -1 };
  for (const th of [...candidates].sort((p, q) => q - p)) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    a.forEach((s, i) => {
      const pred = s >= th;
      if (pred && y[i] === 1) tp++;
      else if (pred) fp++;
      else if (y[i] === 1) fn++;
    });
    const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
    const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    if (f1 > best.f1) best = { threshold: th, f1 };
  }
  return best;
}
