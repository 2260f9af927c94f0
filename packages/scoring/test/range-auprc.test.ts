import { describe, expect, it } from 'vitest';
import { rangeAuprc, rangePrCurve } from '../src/index.js';

describe('rangeAuprc', () => {
  it('integrates the range PR pairs with the right-step rule', () => {
    // y = 0 1 1 0, a = .1 .9 .2 .5; one true range [1,3), l 2, delta_r = 2, sqrt3
    // th .9: P = [1,2) -> Precision 1,   Recall r = .8 + .2 * 2/(2+sqrt3) ~ .9072
    // th .5: P = [1,2),[3,4) (W 1 each) -> Precision (1 + 0)/2 = .5, Recall r
    // th .2: P = [1,4) l 3, overlap 2 -> 2/3, Recall 1 (ER 1, omega 1)
    // th .1: P = [0,4) l 4, overlap 2 -> .5,  Recall 1
    // sorted by recall asc, precision desc: (r,1), (r,.5), (1,2/3), (1,.5)
    // AUPRC = r*1 + 0*.5 + (1-r)*(2/3) + 0*.5 ~ .96906
    const r = 0.8 + (0.2 * 2) / (2 + Math.sqrt(3));
    expect(rangeAuprc([0, 1, 1, 0], [0.1, 0.9, 0.2, 0.5])).toBeCloseTo(r + ((1 - r) * 2) / 3, 12);
    const curve = rangePrCurve([0, 1, 1, 0], [0.1, 0.9, 0.2, 0.5]);
    expect(curve.thresholds).toEqual([0.9, 0.5, 0.2, 0.1]);
    expect(curve.precision[1]).toBe(0.5);
    expect(curve.recall[2]).toBeCloseTo(1, 12);
  });

  it('is 1 for a perfect detector and honours alpha', () => {
    // y = 0 1 1 0, a = 0 1 1 0: th 1 -> P = R = [1,3): Precision 1, Recall 1 -> area 1 * 1
    // th 0 -> everything: (1, .5) adds (1 - 1) * .5 = 0
    expect(rangeAuprc([0, 1, 1, 0], [0, 1, 1, 0])).toBeCloseTo(1, 12);
    // alpha = 0 on y = 1 1, a = .9 .1:
    // th .9: Recall = omega = 2/(2+sqrt3), Precision 1; th .1: Recall 1, Precision 1
    // AUPRC = 2/(2+sqrt3) * 1 + (1 - 2/(2+sqrt3)) * 1 = 1
    expect(rangeAuprc([1, 1], [0.9, 0.1], { alpha: 0 })).toBeCloseTo(1, 12);
  });

  it('is NaN without true ranges', () => {
    expect(rangeAuprc([0, 0, 0], [0.1, 0.2, 0.3])).toBeNaN();
  });
});
