import { describe, expect, it } from 'vitest';
import { skabMetrics } from '../src/index.js';

// file A: y = 0 0 0 0 1 1, yhat = 0 0 0 0 1 1 -> TP 2, FP 0, FN 0, TN 4
const fileA = { labels: [0, 0, 0, 0, 1, 1], predictions: [0, 0, 0, 0, 1, 1] };
// file B: y = 0 0 0 0 0 0 1 1 1 1, yhat = 1 0 0 0 0 0 1 0 0 0 -> TP 1, FP 1, FN 3, TN 5
const fileB = { labels: [0, 0, 0, 0, 0, 0, 1, 1, 1, 1], predictions: [1, 0, 0, 0, 0, 0, 1, 0, 0, 0] };

describe('skabMetrics', () => {
  it('computes F1, FAR, MAR of one file', () => {
    // B alone: F1 = 1 / (1 + (1 + 3)/2) = 1/3, FAR = 1/6, MAR = 3/4
    const m = skabMetrics(fileB);
    expect(m).toMatchObject({ tp: 1, fp: 1, fn: 3, tn: 5 });
    expect(m.f1).toBeCloseTo(1 / 3, 12);
    expect(m.far).toBeCloseTo(1 / 6, 12);
    expect(m.mar).toBeCloseTo(0.75, 12);
  });

  it('pools by summing counts before dividing, not by averaging per file', () => {
    // pooled: TP 3, FP 1, FN 3, TN 9
    // F1 = 3 / (3 + (1 + 3)/2) = 0.6   (mean of per-file F1 would be (1 + 1/3)/2 = 2/3)
    // FAR = 1 / (1 + 9) = 0.1           (per-file mean (0 + 1/6)/2 = 1/12)
    // MAR = 3 / (3 + 3) = 0.5           (per-file mean (0 + 3/4)/2 = 0.375)
    const m = skabMetrics([fileA, fileB]);
    expect(m).toMatchObject({ tp: 3, fp: 1, fn: 3, tn: 9 });
    expect(m.f1).toBeCloseTo(0.6, 12);
    expect(m.far).toBeCloseTo(0.1, 12);
    expect(m.mar).toBeCloseTo(0.5, 12);
    expect(m.f1).not.toBeCloseTo((skabMetrics(fileA).f1 + skabMetrics(fileB).f1) / 2, 6);
  });

  it('returns 0 for empty denominators', () => {
    // y = 0 0, yhat = 0 0: TP = FP = FN = 0 -> F1 0, FAR 0/2 = 0, MAR 0 (no positives)
    expect(skabMetrics({ labels: [0, 0], predictions: [0, 0] })).toMatchObject({ f1: 0, far: 0, mar: 0 });
    // y = 1, yhat = 1: no negatives -> FAR 0; F1 = 1/(1+0) = 1
    expect(skabMetrics({ labels: [1], predictions: [1] })).toMatchObject({ f1: 1, far: 0, mar: 0 });
  });
});
