import { describe, expect, it } from 'vitest';
import { createRandom } from '@awad/core';
import { ACVAE_SCALE_CLIP, acvaeThreshold, alignLevels, calibrationMask, candidateSegments, MinMaxScaler, pickSegments, TIME_DIMS, uncertaintyPriority, writeBackground } from '../src/index';

describe('ACVAE parts', () => {
  it('threshold: best F1 on the labeled points (fewest alerts on ties), margin, normal-quantile cap, unsupervised quantile', () => {
    const rule = (cut: 'lowest' | 'margin' | 'normal-quantile', normalQuantile = 0.5) => ({ cut, normalQuantile, unsupervisedQuantile: 1 });
    const cut = (scores: number[], labels: number[], r = rule('lowest'), fitPoints = labels.length) => acvaeThreshold(Float64Array.from(scores), Int8Array.from(labels), fitPoints, r);
    expect(cut([0.1, 0.9, 0.8, 0.2], [0, 1, 1, 0])).toEqual({ threshold: 0.8, f1: 1 });
    expect(cut([0.5, 0.5, 0.1], [1, 0, 0])).toEqual({ threshold: 0.5, f1: 2 / 3 });
    // Unlabeled (-1) and non-finite points are skipped.
    expect(cut([0.1, 0.9, 0.95, Number.NaN], [0, 1, -1, 1])).toEqual({ threshold: 0.9, f1: 1 });
    // margin: halfway into the gap below the lowest alerted score.
    expect(cut([0.1, 0.9, 0.8, 0.2], [0, 1, 1, 0], rule('margin'))).toEqual({ threshold: 0.5, f1: 1 });
    // normal-quantile: capped by the median of the fit series' labeled-normal scores (0.15, not 0.6 of the extra recording).
    expect(cut([0.1, 0.9, 0.8, 0.2, 0.6], [0, 1, 1, 0, 0], rule('normal-quantile'), 4).threshold).toBeCloseTo(0.15, 12);
    // No labeled anomaly: the normal quantile alone, else the unsupervised quantile of all scores.
    expect(cut([0.1, 0.3, 0.7], [0, 0, -1], rule('normal-quantile')).threshold).toBeCloseTo(0.2, 12);
    expect(cut([0.1, 0.3, 0.7], [0, 0, -1]).threshold).toBe(0.7);
    // calibration: the normal quantile reads only the marked (held-out) normal points.
    const scores = Float64Array.from([0.1, 0.2, 0.6, 0.4, 0.9]);
    const labels = Int8Array.from([0, 0, 0, 0, 1]);
    expect(acvaeThreshold(scores, labels, 5, rule('normal-quantile')).threshold).toBeCloseTo(0.3, 12);
    expect(acvaeThreshold(scores, labels, 5, rule('normal-quantile'), Uint8Array.from([0, 0, 1, 1, 0])).threshold).toBeCloseTo(0.5, 12);
    // A mask that marks no labeled-normal point (a series shorter than its reference rows) falls back to all of them.
    expect(acvaeThreshold(scores, labels, 5, rule('normal-quantile'), Uint8Array.from([0, 0, 0, 0, 1])).threshold).toBeCloseTo(0.3, 12);
  });

  it('calibration mask: the last rows of each series\' reference rows', () => {
    expect(Array.from(calibrationMask([[0, 6], [6, 9]], 9, 4, 2))).toEqual([0, 0, 1, 1, 0, 0, 0, 0, 1]);
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

  it('scales to [-1, 1] on training data (non-finite values skipped), 0 for constant metrics, clipped at 10', () => {
    const s = MinMaxScaler.fit(Float64Array.from([0, 5, Number.NaN, 5, 10, 5]), 3, 2, ACVAE_SCALE_CLIP, 'symmetric');
    expect(s.scaleValue(0, 0)).toBe(-1);
    expect(s.scaleValue(10, 0)).toBe(1);
    expect(s.scaleValue(7, 1)).toBe(0);
    expect(s.scaleValue(1e9, 0)).toBe(10);
    expect(s.inverseValue(0, 0)).toBe(5);
    expect(MinMaxScaler.fromJSON(JSON.parse(JSON.stringify(s))).scaleValue(2.5, 0)).toBe(-0.5);
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

  it('uncertainty priority ranks first the segments whose scores come closest to the threshold', () => {
    const labels = new Int8Array(40).fill(-1);
    const segs = candidateSegments([[0, 40]], labels, 10);
    // Far below (0), crossing the threshold 5 (4.9..5.8), far above (20), NaN.
    const scores = Float64Array.from({ length: 40 }, (_, i) => (i < 10 ? 0 : i < 20 ? 4.9 + (i - 10) / 10 : i < 30 ? 20 : Number.NaN));
    const priority = uncertaintyPriority(scores, 5);
    expect(priority[10]).toBeCloseTo(-0.1, 12);
    expect(Number.isNaN(priority[35] as number)).toBe(true);
    expect(pickSegments(segs, priority, 2, 0, createRandom(1)).map((s) => s.from)).toEqual([10, 0]);
    // Greedy on the raw scores picks the far-above segment instead.
    expect(pickSegments(segs, scores, 1, 0, createRandom(1)).map((s) => s.from)).toEqual([20]);
  });
});
