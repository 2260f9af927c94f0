// SKAB outlier-detection metrics (F1, FAR, MAR) pooled over files by summing counts first.
// Reference: Katser & Kozitsin 2020, "Skoltech Anomaly Benchmark (SKAB)", Kaggle / github.com/waico/SKAB; METHODS.md §6.
import { ConfusionCounts, countBinary } from './confusion.js';
import { readPredictionSeries, type LabeledPredictions } from './series.js';

/** SKAB metrics; `far` and `mar` are fractions in [0, 1] (SKAB's tables print them as percentages). */
export interface SkabMetrics {
  /** TP / (TP + (FP + FN) / 2) over pooled counts; 0 when the denominator is 0. */
  readonly f1: number;
  /** False alarm rate FP / (FP + TN); 0 when there are no negatives. Multiply by 100 for SKAB's table. */
  readonly far: number;
  /** Missed alarm rate FN / (FN + TP); 0 when there are no positives. Multiply by 100 for SKAB's table. */
  readonly mar: number;
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  readonly tn: number;
}

/**
 * SKAB outlier metrics. Several files are pooled the SKAB way: TP, FP, FN and TN are
 * summed over all files first and the ratios are taken once (not averaged per file).
 *
 * @throws {@link ScoringError} `LENGTH_MISMATCH`, `INVALID_LABEL`, `EMPTY_INPUT` (no file, or only empty files).
 * @example
 * ```ts
 * const m = skabMetrics([
 *   { labels: [0, 1, 1], predictions: [0, 1, 0] },
 *   { labels: [0, 0, 1], predictions: [1, 0, 1] },
 * ]);
 * // pooled tp 2, fp 1, fn 1, tn 2: f1 = 2 / (2 + 1) = 0.667, far = 1/3, mar = 1/3
 * ```
 */
export function skabMetrics(files: LabeledPredictions | readonly LabeledPredictions[]): SkabMetrics {
  const pooled = new ConfusionCounts();
  for (const s of readPredictionSeries('skabMetrics', files)) pooled.add(countBinary(s.labels, s.predictions));
  const { tp, fp, fn, tn } = pooled;
  const f1Den = tp + (fp + fn) / 2;
  return {
    f1: f1Den === 0 ? 0 : tp / f1Den,
    far: fp + tn === 0 ? 0 : fp / (fp + tn),
    mar: fn + tp === 0 ? 0 : fn / (fn + tp),
    tp,
    fp,
    fn,
    tn,
  };
}
