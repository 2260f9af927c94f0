import { describe, expect, it } from 'vitest';
import { createRandom } from '@awad/core';
import { alignLevels, bestF1Threshold, candidateSegments, fitScaler, pickSegments, scaleValue, TIME_DIMS, writeBackground } from '../src/index';

describe('ACVAE parts', () => {
  it('best-F1 threshold picks the cut with the highest F1 and the fewest alerts on ties', () => {
    expect(bestF1Threshold([0.1, 0.9, 0.8, 0.2], [0, 1, 1, 0])).toEqual({ threshold: 0.8, f1: 1 });
    expect(bestF1Threshold([0.1, 0.2], [0, 0]).threshold).toBe(Number.POSITIVE_INFINITY);
    expect(bestF1Threshold([0.5, 0.5, 0.1], [1, 0, 0])).toEqual({ threshold: 0.5, f1: 2 / 3 });
    // margin: halfway into the gap below the lowest alerted score.
    expect(bestF1Threshold([0.1, 0.9, 0.8, 0.2], [0, 1, 1, 0], true)).toEqual({ threshold: 0.5, f1: 1 });
  });

  it('level alignment subtracts the expanding mean of each series\' first R points, then the frozen one', () => {
    // two series of one metric: [1, 3, 5, 7] and [10, 10, 20]; R = 2.
    const raw = Float64Array.from([1, 3, 5, 7, 10, 10, 20]);
    alignLevels(raw, [[0, 4], [4, 7]], 1, 2);
    expect(Array.from(raw)).toEqual([0, 1, 3, 5, 0, 0, 10]);
    const same = Float64Array.from([1, 3]);
    alignLevels(same, [[0, 2]], 1, 0);
    expect(Array.from(same)).toEqual([1, 3]);
  });

  it('scales to [-1, 1] on training data, 0 for constant metrics, clipped at 10', () => {
    const s = fitScaler(Float32Array.from([0, 5, 10, 5]), 2, 2);
    expect(scaleValue(s, 0, 0)).toBe(-1);
    expect(scaleValue(s, 0, 10)).toBe(1);
    expect(scaleValue(s, 1, 7)).toBe(0);
    expect(scaleValue(s, 0, 1e9)).toBe(10);
  });

  it('writes the 91-dim time one-hot and flags', () => {
    const out = new Float32Array(TIME_DIMS + 1);
    writeBackground(out, 0, 'time', Date.UTC(2024, 0, 1, 13, 45), 0, [2]); // a Monday
    expect(out.reduce((a, b) => a + b, 0)).toBe(5);
    expect(out[1]).toBe(1);
    expect(out[7 + 13]).toBe(1);
    expect(out[31 + 45]).toBe(1);
    expect(out[TIME_DIMS]).toBe(2);
  });

  it('candidate segments skip labeled points; greedy picks the top priorities, random does not follow them', () => {
    const labels = new Int8Array(100).fill(-1);
    labels[15] = 0;
    const segs = candidateSegments([[0, 100]], labels, 10);
    expect(segs.map((s) => s.from)).toEqual([0, 20, 30, 40, 50, 60, 70, 80, 90]);
    const priority = Float64Array.from({ length: 100 }, (_, i) => i);
    expect(pickSegments(segs, priority, 2, 0, createRandom(1)).map((s) => s.from)).toEqual([90, 80]);
    const random = pickSegments(segs, priority, 3, 1, createRandom(2)).map((s) => s.from);
    expect(random).toHaveLength(3);
    expect(random).not.toEqual([90, 80, 70]);
  });
});
