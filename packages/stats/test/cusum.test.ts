import { describe, expect, it } from 'vitest';
import { CusumDetector } from '../src/index';
import { errorCode, learnAll, series } from './helpers';

describe('CusumDetector', () => {
  it('accumulates S+ and S- with allowance k (hand-computed sequence)', () => {
    // 30 points of 10 -> reference mean 10, variance 0 -> sd = minStd = 1. freezeAbove 0.1 keeps
    // the reference at 10 for every point below, so z = x - 10 and, with k = 0.5:
    //   x     z    S+ = max(0, S+ + z - k)   S- = max(0, S- - z - k)   score = max(S+, S-)
    //   11    1    0.5                       0                         0.5
    //   12    2    2.0                       0                         2.0
    //   10.5  0.5  2.0                       0                         2.0
    //   9    -1    0.5                       0.5                       0.5
    //   13    3    3.0                       0                         3.0
    const d = new CusumDetector({ transform: 'none', minStd: 1, freezeAbove: 0.1, maxFrozen: 1000 });
    learnAll(d, series('v', new Array(30).fill(10)));
    expect(d.isReady).toBe(true);
    const scores = [11, 12, 10.5, 9, 13].map((v) => {
      const s = d.scoreOne({ v });
      d.learnOne({ v });
      return s;
    });
    expect(scores).toEqual([0.5, 2, 2, 0.5, 3]);
    expect((d.snapshot().state as { data: number[] }).data).toEqual([10, 0, 30, 3, 0, 5]); // mean, var, n, S+, S-, frozen
  });

  it('catches a small sustained shift that a point-wise z would not flag', () => {
    const d = new CusumDetector({ transform: 'none', minStd: 1e-9 });
    const normal = Array.from({ length: 200 }, (_, i) => 100 + (i % 2 === 0 ? 1 : -1)); // sd 1
    learnAll(d, series('v', normal));
    let score = 0;
    for (let i = 0; i < 12; i++) {
      score = d.scoreOne({ v: 101.5 }); // +1.5 sd, never beyond a 3-sigma rule
      d.learnOne({ v: 101.5 });
    }
    expect(score).toBeGreaterThan(5); // the classic h = 5 decision interval
  });

  it('re-anchors after maxFrozen consecutive frozen points, so a lasting shift stops alarming', () => {
    const d = new CusumDetector({ transform: 'none', minStd: 1, maxFrozen: 5 });
    learnAll(d, series('v', new Array(30).fill(10)));
    learnAll(d, series('v', [20, 20, 20, 20])); // frozen (z = 10 > 3), S+ grows
    expect(d.scoreOne({ v: 20 })).toBeGreaterThan(30);
    d.learnOne({ v: 20 }); // the fifth frozen point: the reference moves to 20, S± restart
    expect(d.scoreOne({ v: 20 })).toBe(0);
  });

  it('does not score before warmup and validates options', () => {
    const d = new CusumDetector();
    learnAll(d, series('v', new Array(29).fill(1)));
    expect(d.scoreOne({ v: 1 })).toBeNaN();
    expect(errorCode(() => new CusumDetector({ k: -1 }))).toBe('INVALID_OPTION');
    expect(errorCode(() => new CusumDetector({ alpha: 2 }))).toBe('INVALID_OPTION');
    expect(errorCode(() => new CusumDetector({ maxFrozen: 0 }))).toBe('INVALID_OPTION');
    expect(errorCode(() => d.restore({ type: 'ewma', version: 1, state: {} }))).toBe('INVALID_SNAPSHOT');
  });
});
