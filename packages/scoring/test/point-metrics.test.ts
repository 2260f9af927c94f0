import { describe, expect, it } from 'vitest';
import { ConfusionCounts, confusionMatrix, metricsAtThreshold, metricsFromCounts, pointMetrics } from '../src/index.js';

describe('confusionMatrix / pointMetrics', () => {
  it('counts and derives metrics on a small vector', () => {
    // y    = 1 1 0 0 1 0 1 0
    // yhat = 1 0 1 0 1 0 0 0
    // TP at 0,4 -> 2; FP at 2 -> 1; FN at 1,6 -> 2; TN at 3,5,7 -> 3
    // P = 2/3, R = 2/4, F1 = 2 (2/3)(1/2) / (2/3 + 1/2) = (2/3) / (7/6) = 4/7, FPR = 1/4
    const y = [1, 1, 0, 0, 1, 0, 1, 0];
    const p = [1, 0, 1, 0, 1, 0, 0, 0];
    expect(confusionMatrix(y, p)).toEqual({ tp: 2, fp: 1, fn: 2, tn: 3 });
    const m = pointMetrics(Float64Array.from(y), p);
    expect(m.tp).toBe(2);
    expect(m.precision).toBeCloseTo(2 / 3, 12);
    expect(m.recall).toBeCloseTo(0.5, 12);
    expect(m.f1).toBeCloseTo(4 / 7, 12);
    expect(m.fpr).toBeCloseTo(0.25, 12);
  });

  it('uses 0 for every zero division', () => {
    // nothing predicted: TP+FP = 0 -> P = 0; R = 0/1 = 0; P+R = 0 -> F1 = 0; FPR = 0/1 = 0
    expect(pointMetrics([1, 0], [0, 0])).toMatchObject({ precision: 0, recall: 0, f1: 0, fpr: 0 });
    // no positives and no predictions: P = 0 (0/0), R = 0 (no positives), F1 = 0
    expect(pointMetrics([0, 0], [0, 0])).toMatchObject({ precision: 0, recall: 0, f1: 0, fpr: 0 });
    // no negatives: FPR = 0 (FP+TN = 0); P = R = F1 = 1
    expect(pointMetrics([1, 1], [1, 1])).toMatchObject({ precision: 1, recall: 1, f1: 1, fpr: 0 });
    // only false alarms: P = 0/2, R = 0 (no positives), FPR = 2/2
    expect(pointMetrics([0, 0], [1, 1])).toMatchObject({ precision: 0, recall: 0, f1: 0, fpr: 1 });
    expect(metricsFromCounts({ tp: 0, fp: 0, fn: 0, tn: 0 })).toMatchObject({ precision: 0, recall: 0, f1: 0, fpr: 0 });
  });
});

describe('metricsAtThreshold', () => {
  it('predicts a >= threshold', () => {
    // y = 0 0 1 1, a = .1 .4 .35 .8, th = .35 -> yhat = 0 1 1 1: TP 2, FP 1, FN 0, TN 1
    const m = metricsAtThreshold([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], 0.35);
    expect(m).toMatchObject({ tp: 2, fp: 1, fn: 0, tn: 1, recall: 1, fpr: 0.5 });
    expect(m.precision).toBeCloseTo(2 / 3, 12);
    // F1 = 2 (2/3)(1) / (5/3) = 0.8
    expect(m.f1).toBeCloseTo(0.8, 12);
    // th = +Infinity: no alerts -> TP 0, FN 2, TN 2
    expect(metricsAtThreshold([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], Infinity)).toMatchObject({ tp: 0, fp: 0, fn: 2, tn: 2 });
  });
});

describe('ConfusionCounts', () => {
  it('pools counts over files by adding them', () => {
    // file 1: y = 1 0 1, yhat = 1 1 0 -> TP 1, FP 1, FN 1, TN 0
    // file 2: y = 0 0 1, yhat = 0 0 1 -> TP 1, FP 0, FN 0, TN 2
    // pooled TP 2, FP 1, FN 1, TN 2 -> P = 2/3, R = 2/3, F1 = 2/3
    const pooled = new ConfusionCounts().addSeries([1, 0, 1], [1, 1, 0]).addSeries([0, 0, 1], [0, 0, 1]);
    expect(pooled.toJSON()).toEqual({ tp: 2, fp: 1, fn: 1, tn: 2 });
    expect(pooled.total).toBe(6);
    expect(metricsFromCounts(pooled).f1).toBeCloseTo(2 / 3, 12);
    // adding precomputed counts and an empty file
    pooled.add({ tp: 1, fp: 0, fn: 0, tn: 0 }).addSeries([], []);
    expect(pooled.toJSON()).toEqual({ tp: 3, fp: 1, fn: 1, tn: 2 });
    expect(new ConfusionCounts({ tp: 1, fp: 2, fn: 3, tn: 4 }).total).toBe(10);
  });
});
