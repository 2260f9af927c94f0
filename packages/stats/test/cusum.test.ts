import { createMonitor, createRandom, StaticThreshold, type Monitor } from '@awad/core';
import { describe, expect, it } from 'vitest';
import { CusumDetector, CutoffCalibrator, fromConfig } from '../src/index';
import { errorCode, learnAll, series, taskRun } from './helpers';

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
    const scores: number[] = [];
    for (let i = 0; i < 12; i++) {
      scores.push(d.scoreOne({ v: 101.5 })); // +1.5 sd, never beyond a 3-sigma rule
      d.learnOne({ v: 101.5 });
    }
    const first = scores.findIndex((s) => s > 5); // the classic h = 5 decision interval
    expect(first).toBeGreaterThan(2);
    expect(first).toBeLessThan(8);
    expect(scores[first + 1]).toBeLessThan(2); // the signal restarted S+
  });

  it('restarts S+ (S-) at 0 once a learned point takes it past the decision interval', () => {
    // Reference fixed at 10, sd 1 (as above): z = x - 10, k = 0.5, h = 5.
    //   x    S+ before   score = S+ + z - k   S+ learned
    //   13   0           2.5                  2.5
    //   13   2.5         5.0                  5.0 (not above h)
    //   13   5.0         7.5                  0   (7.5 > h: signal, restart)
    //   13   0           2.5                  2.5
    const d = new CusumDetector({ transform: 'none', minStd: 1, freezeAbove: 0.1, maxFrozen: 1000 });
    learnAll(d, series('v', new Array(30).fill(10)));
    const ups = [13, 13, 13, 13].map((v) => {
      const s = d.scoreOne({ v });
      d.learnOne({ v });
      return s;
    });
    expect(ups).toEqual([2.5, 5, 7.5, 2.5]);
    expect((d.snapshot().state as { data: number[] }).data.slice(3, 5)).toEqual([2.5, 0]);
    // S- the same way, with h = 3
    const low = new CusumDetector({ transform: 'none', minStd: 1, freezeAbove: 0.1, maxFrozen: 1000, decisionInterval: 3 });
    learnAll(low, series('v', new Array(30).fill(10)));
    const downs = [8, 8, 8].map((v) => {
      const s = low.scoreOne({ v });
      low.learnOne({ v });
      return s;
    });
    expect(downs).toEqual([1.5, 3, 4.5]); // 4.5 > 3: restarted after the third
    expect(low.scoreOne({ v: 8 })).toBe(1.5);
  });

  it('learns anomalies: every instance, clones and rebuilt ones included', () => {
    const d = new CusumDetector({ direction: 'up' });
    expect(d.learnsAnomalies).toBe(true);
    expect(d.clone().learnsAnomalies).toBe(true);
    expect(fromConfig(d.getConfig()).learnsAnomalies).toBe(true);
    expect(d.getConfig().options).toMatchObject({ decisionInterval: 5, direction: 'up' });
  });

  it('re-anchors after maxFrozen consecutive frozen points, so a lasting shift stops alarming', () => {
    const d = new CusumDetector({ transform: 'none', minStd: 1, maxFrozen: 5, decisionInterval: 1000 });
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
    expect(errorCode(() => new CusumDetector({ decisionInterval: 0 }))).toBe('INVALID_OPTION');
    expect(errorCode(() => new CusumDetector({ decisionInterval: Number.POSITIVE_INFINITY }))).toBe('INVALID_OPTION');
    expect(errorCode(() => d.restore({ type: 'ewma', version: 1, state: {} }))).toBe('INVALID_SNAPSHOT');
  });
});

describe('CusumDetector in a protecting monitor', () => {
  /** A monitor with one cusum stage on durationMs, as the presets build it (cut-off 5). */
  function cusumMonitor(): { monitor: Monitor; next: (durationS: number) => boolean } {
    const stage = { detector: new CusumDetector({ features: ['durationMs'] }), calibrator: new CutoffCalibrator({ cutoff: 5 }), threshold: new StaticThreshold(0.5) };
    const monitor = createMonitor({ stages: [stage] });
    let i = 0;
    const next = (durationS: number): boolean => {
      const verdict = taskRun(monitor, { runId: `r${i}`, startS: 600 * i++, durationS }).succeeded;
      return verdict.isAnomaly;
    };
    return { monitor, next };
  }

  it('flags a single 10x outlier, then not the normal points after it (no latch)', () => {
    const rng = createRandom(5);
    const normal = (): number => 10 * Math.exp(0.1 * rng.normal());
    const { next } = cusumMonitor();
    const warm = Array.from({ length: 60 }, () => next(normal()));
    expect(warm.slice(40).filter(Boolean)).toEqual([]);
    expect(next(100)).toBe(true);
    // CUSUM learned the outlier (learnsAnomalies) and its S+ restarted past h: nothing stays flagged.
    const after = Array.from({ length: 40 }, () => next(normal()));
    expect(after.filter(Boolean)).toEqual([]);
  });

  it('flags a sustained +2 sd shift within a few points, and stops once it ends', () => {
    const rng = createRandom(6);
    const { next } = cusumMonitor();
    for (let i = 0; i < 60; i++) next(10 * Math.exp(0.1 * rng.normal()));
    const shifted = Array.from({ length: 12 }, () => next(10 * Math.exp(0.2 + 0.1 * rng.normal())));
    const first = shifted.indexOf(true);
    expect(first).toBeGreaterThanOrEqual(0);
    expect(first).toBeLessThan(6);
    // The flagged point was learned (learnsAnomalies) and restarted S+: the chart signals again
    // a few points later instead of staying flagged.
    expect(shifted[first + 1]).toBe(false);
    expect(shifted.filter(Boolean).length).toBeGreaterThanOrEqual(2);
    const back = Array.from({ length: 40 }, () => next(10 * Math.exp(0.1 * rng.normal())));
    expect(back.slice(5).filter(Boolean)).toEqual([]);
  });
});
