import { describe, expect, it } from 'vitest';
import {
  ScoringError,
  averagePrecision,
  bestF1Threshold,
  confusionMatrix,
  metricsAtThreshold,
  pointMetrics,
  precisionAtK,
  rangeAuprc,
  rangeMetrics,
  rocAuc,
  skabMetrics,
  thresholdCandidates,
  type ScoringErrorCode,
} from '../src/index.js';

function codeOf(run: () => unknown): ScoringErrorCode | undefined {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(ScoringError);
    return (err as ScoringError).code;
  }
  return undefined;
}

describe('typed errors', () => {
  it('is a named Error with a function-prefixed message', () => {
    try {
      rocAuc([0, 1], [0.5]);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(Error);
      expect((err as ScoringError).name).toBe('ScoringError');
      expect((err as ScoringError).message.startsWith('@awad/scoring/rocAuc:')).toBe(true);
    }
  });

  it('LENGTH_MISMATCH', () => {
    expect(codeOf(() => rocAuc(new Array(10).fill(0), new Array(9).fill(0)))).toBe('LENGTH_MISMATCH');
    expect(codeOf(() => pointMetrics([0, 1], [0]))).toBe('LENGTH_MISMATCH');
    expect(codeOf(() => rangeMetrics([{ labels: [1], predictions: [1] }, { labels: [1, 0], predictions: [1] }]))).toBe(
      'LENGTH_MISMATCH',
    );
    expect(codeOf(() => skabMetrics({ labels: [1, 0, 1], predictions: [1] }))).toBe('LENGTH_MISMATCH');
  });

  it('INVALID_LABEL for labels or predictions other than 0/1', () => {
    expect(codeOf(() => rocAuc([0, 2], [0.1, 0.2]))).toBe('INVALID_LABEL');
    expect(codeOf(() => confusionMatrix([0, 1], [0.5, 1]))).toBe('INVALID_LABEL');
    expect(codeOf(() => averagePrecision([0, Number.NaN], [0.1, 0.2]))).toBe('INVALID_LABEL');
    expect(codeOf(() => rangeMetrics([0, -1], [0, 1]))).toBe('INVALID_LABEL');
  });

  it('INVALID_SCORE for NaN and Infinity', () => {
    expect(codeOf(() => rocAuc([0, 1], [0.1, Number.NaN]))).toBe('INVALID_SCORE');
    expect(codeOf(() => bestF1Threshold([0, 1], [Infinity, 0.2]))).toBe('INVALID_SCORE');
    expect(codeOf(() => metricsAtThreshold([0, 1], [0.1, -Infinity], 0.5))).toBe('INVALID_SCORE');
    expect(codeOf(() => precisionAtK([0, 1], Float64Array.from([0.1, Number.NaN])))).toBe('INVALID_SCORE');
  });

  it('EMPTY_INPUT', () => {
    expect(codeOf(() => rocAuc([], []))).toBe('EMPTY_INPUT');
    expect(codeOf(() => pointMetrics([], []))).toBe('EMPTY_INPUT');
    expect(codeOf(() => skabMetrics([]))).toBe('EMPTY_INPUT');
    expect(codeOf(() => skabMetrics([{ labels: [], predictions: [] }]))).toBe('EMPTY_INPUT');
    expect(codeOf(() => rangeMetrics([], []))).toBe('EMPTY_INPUT');
    expect(codeOf(() => bestF1Threshold([]))).toBe('EMPTY_INPUT');
    expect(codeOf(() => thresholdCandidates([]))).toBe('EMPTY_INPUT');
  });

  it('INVALID_OPTION', () => {
    expect(codeOf(() => rangeMetrics([1], [1], { alpha: 2 }))).toBe('INVALID_OPTION');
    expect(codeOf(() => rangeMetrics([1], [1], { earlyWindow: 0 }))).toBe('INVALID_OPTION');
    expect(codeOf(() => rangeMetrics([1], [1], { cardinalityExponent: -1 }))).toBe('INVALID_OPTION');
    expect(codeOf(() => bestF1Threshold([1], [1], { maxCandidates: 0 }))).toBe('INVALID_OPTION');
    expect(codeOf(() => bestF1Threshold([1], [1], { metric: 'auc' as 'point' }))).toBe('INVALID_OPTION');
    expect(codeOf(() => rangeAuprc([1], [1], { maxCandidates: 1.5 }))).toBe('INVALID_OPTION');
    expect(codeOf(() => precisionAtK([1, 0], [1, 0], 3))).toBe('INVALID_OPTION');
    expect(codeOf(() => precisionAtK([1, 0], [1, 0], 0))).toBe('INVALID_OPTION');
    expect(codeOf(() => metricsAtThreshold([1], [1], Number.NaN))).toBe('INVALID_OPTION');
  });

  it('accepts undefined option fields as defaults', () => {
    // y = 1 1 1 1, yhat = 0 0 1 0 with alpha left at its default 0.8
    const m = rangeMetrics([1, 1, 1, 1], [0, 0, 1, 0], { alpha: undefined });
    expect(m.recall).toBeCloseTo(0.8 + (0.2 * Math.sqrt(12)) / (4 + Math.sqrt(15) + Math.sqrt(12) + Math.sqrt(7)), 12);
  });
});
