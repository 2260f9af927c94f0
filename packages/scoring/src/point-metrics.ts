// Point-wise precision, recall, F1 and false-positive rate, with explicit zero-division conventions.
// Reference: standard point-wise metrics, METHODS.md §6 (P, R, F1 = 2PR/(P+R), FPR).
import { countBinary, type Confusion } from './confusion.js';
import { checkNonEmpty, checkSameLength, fail, readBinary, readScores } from './validate.js';

/** Confusion counts plus the metrics derived from them. */
export interface PointMetrics extends Confusion {
  /** TP / (TP + FP); 0 when nothing is predicted. */
  readonly precision: number;
  /** TP / (TP + FN); 0 when there are no positives. */
  readonly recall: number;
  /** 2PR / (P + R); 0 when P + R = 0. */
  readonly f1: number;
  /** FP / (FP + TN); 0 when there are no negatives. */
  readonly fpr: number;
}

/**
 * Derives precision, recall, F1 and FPR from (possibly pooled) confusion counts.
 * Every ratio with a zero denominator is 0, so an empty class never yields NaN.
 *
 * @example
 * ```ts
 * metricsFromCounts({ tp: 2, fp: 1, fn: 2, tn: 5 }).f1; // P = 2/3, R = 1/2, F1 = 4/7
 * ```
 */
export function metricsFromCounts(counts: Confusion): PointMetrics {
  const { tp, fp, fn, tn } = counts;
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  const fpr = fp + tn === 0 ? 0 : fp / (fp + tn);
  return { tp, fp, fn, tn, precision, recall, f1, fpr };
}

/**
 * Point-wise metrics of 0/1 predictions against 0/1 labels.
 *
 * @throws {@link ScoringError} `LENGTH_MISMATCH`, `INVALID_LABEL`, `EMPTY_INPUT`.
 * @example
 * ```ts
 * pointMetrics([0, 1, 1, 0], [0, 1, 0, 1]); // { tp: 1, fp: 1, fn: 1, tn: 1, precision: 0.5, recall: 0.5, f1: 0.5, fpr: 0.5 }
 * ```
 */
export function pointMetrics(labels: ArrayLike<number>, predictions: ArrayLike<number>): PointMetrics {
  const fn = 'pointMetrics';
  checkSameLength(fn, labels.length, predictions.length, 'labels', 'predictions');
  checkNonEmpty(fn, labels.length);
  return metricsFromCounts(countBinary(readBinary(fn, labels, 'labels'), readBinary(fn, predictions, 'predictions')));
}

/**
 * Point-wise metrics of yhat_i = 1[a_i >= threshold]. The threshold may be ±Infinity
 * (no alert / all alerts) but not NaN.
 *
 * @throws {@link ScoringError} `LENGTH_MISMATCH`, `INVALID_LABEL`, `INVALID_SCORE`, `EMPTY_INPUT`, `INVALID_OPTION` (NaN threshold).
 * @example
 * ```ts
 * metricsAtThreshold([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], 0.35); // tp 2, fp 1: precision 2/3, recall 1
 * ```
 */
export function metricsAtThreshold(labels: ArrayLike<number>, scores: ArrayLike<number>, threshold: number): PointMetrics {
  const fn = 'metricsAtThreshold';
  checkSameLength(fn, labels.length, scores.length, 'labels', 'scores');
  checkNonEmpty(fn, labels.length);
  if (typeof threshold !== 'number' || Number.isNaN(threshold)) {
    fail('INVALID_OPTION', fn, `expected a numeric threshold, got ${String(threshold)}`);
  }
  const y = readBinary(fn, labels, 'labels');
  const a = readScores(fn, scores);
  const yhat = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) yhat[i] = a[i]! >= threshold ? 1 : 0;
  return metricsFromCounts(countBinary(y, yhat));
}
