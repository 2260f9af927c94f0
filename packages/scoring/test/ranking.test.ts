import { describe, expect, it } from 'vitest';
import { averagePrecision, prCurve, precisionAtK, recallAtK, rocAuc, rocCurve } from '../src/index.js';

describe('rocAuc', () => {
  it('equals the Mann-Whitney count on the reference example', () => {
    // y = 0 0 1 1, a = .1 .4 .35 .8; ascending ranks: .1->1, .35->2, .4->3, .8->4
    // positives' ranks 2 + 4 = 6; (6 - 2*3/2) / (2*2) = 3/4
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBeCloseTo(0.75, 12);
  });

  it('gives tied scores their average rank (ties count 1/2)', () => {
    // y = 0 1 0 1 1 0, a = .2 .5 .5 .9 .2 .1
    // pairs (pos, neg): pos .5 vs negs .2,.5,.1 -> 1 + 1/2 + 1 = 2.5
    //                   pos .9 -> 3;  pos .2 vs .2,.5,.1 -> 1/2 + 0 + 1 = 1.5;  U = 7
    // ranks: .1->1, .2,.2->2.5, .5,.5->4.5, .9->6; positives 4.5 + 6 + 2.5 = 13; (13 - 6)/9 = 7/9
    expect(rocAuc(Float64Array.from([0, 1, 0, 1, 1, 0]), [0.2, 0.5, 0.5, 0.9, 0.2, 0.1])).toBeCloseTo(7 / 9, 12);
    // all scores equal: every pair ties -> 1/2
    expect(rocAuc([0, 1, 1], [3, 3, 3])).toBeCloseTo(0.5, 12);
  });

  it('is NaN without positives or without negatives', () => {
    expect(rocAuc([0, 0], [0.1, 0.2])).toBeNaN();
    expect(rocAuc([1, 1], [0.1, 0.2])).toBeNaN();
  });

  it('rocCurve lists (fpr, tpr) from +Infinity down every distinct score', () => {
    // thresholds Inf, .8, .4, .35, .1 -> alerts {}, {.8}, {.8,.4}, {.8,.4,.35}, all
    const c = rocCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
    expect(c.thresholds).toEqual([Infinity, 0.8, 0.4, 0.35, 0.1]);
    expect(c.tpr).toEqual([0, 0.5, 0.5, 1, 1]);
    expect(c.fpr).toEqual([0, 0, 0.5, 0.5, 1]);
  });
});

describe('averagePrecision', () => {
  it('matches sklearn on the reference example', () => {
    // decreasing: .8(1): R .5 P 1 -> .5;  .4(0): R .5 -> +0;  .35(1): R 1 P 2/3 -> +.5*2/3;  .1(0): +0
    // AP = .5 + 1/3 = 0.8333...
    expect(averagePrecision([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBeCloseTo(5 / 6, 12);
  });

  it('treats a tied block as one threshold', () => {
    // y = 1 0 0 1 0, a = .8 .8 .6 .3 .3
    // th .8: TP 1 FP 1 -> R .5, P .5 -> .25;  th .6: R .5 -> +0;  th .3: TP 2 FP 3 -> R 1, P .4 -> +.5*.4
    // AP = .25 + .2 = .45
    expect(averagePrecision([1, 0, 0, 1, 0], [0.8, 0.8, 0.6, 0.3, 0.3])).toBeCloseTo(0.45, 12);
  });

  it('is NaN without positives', () => {
    expect(averagePrecision([0, 0], [0.3, 0.1])).toBeNaN();
  });

  it('prCurve lists precision and recall at each distinct score', () => {
    const c = prCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
    expect(c.thresholds).toEqual([0.8, 0.4, 0.35, 0.1]);
    expect(c.recall).toEqual([0.5, 0.5, 1, 1]);
    expect(c.precision[0]).toBe(1);
    expect(c.precision[1]).toBe(0.5);
    expect(c.precision[2]).toBeCloseTo(2 / 3, 12);
    expect(c.precision[3]).toBe(0.5);
  });
});

describe('precisionAtK / recallAtK', () => {
  // y = 1 0 1 0 1 0, a = .9 .7 .7 .7 .2 .1  (3 positives)
  const y = [1, 0, 1, 0, 1, 0];
  const a = [0.9, 0.7, 0.7, 0.7, 0.2, 0.1];

  it('counts the tied block at the k-th score fractionally', () => {
    // k = 3 (default = #pos): a_(3) = .7; above: {.9} -> 1 point, 1 positive
    // tied block {.7 x3} holds 1 positive -> mean 1/3; P@3 = (1 + (3 - 1) * 1/3) / 3 = 5/9
    expect(precisionAtK(y, a)).toBeCloseTo(5 / 9, 12);
    // R@3 = (5/3) / 3 = 5/9
    expect(recallAtK(y, a)).toBeCloseTo(5 / 9, 12);
    // k = 4: a_(4) = .7 -> (1 + 3 * 1/3) / 4 = 1/2
    expect(precisionAtK(y, a, 4)).toBeCloseTo(0.5, 12);
    // k = 1: a_(1) = .9 alone -> 1
    expect(precisionAtK(y, a, 1)).toBe(1);
    // k = 5: a_(5) = .2, above = 4 points with 2 positives, block {.2} positive -> (2 + 1)/5; R@5 = 3/3
    expect(precisionAtK(y, a, 5)).toBeCloseTo(0.6, 12);
    expect(recallAtK(y, a, 5)).toBe(1);
  });

  it('is NaN without positives when k defaults to #pos', () => {
    expect(precisionAtK([0, 0], [0.1, 0.2])).toBeNaN();
    expect(recallAtK([0, 0], [0.1, 0.2], 1)).toBeNaN();
    // an explicit k still works for P@k: no positives -> 0
    expect(precisionAtK([0, 0], [0.1, 0.2], 1)).toBe(0);
  });
});
