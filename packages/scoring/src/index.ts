// @awad/scoring public API: anomaly-detection metrics (point, SKAB, range-based, ranking, threshold search).
// Reference: METHODS.md §6 (evaluation metrics); each module names its own source.
export { ScoringError, type ScoringErrorCode } from './scoring-error.js';
export { type LabeledPredictions, type LabeledScores } from './series.js';
export { confusionMatrix, ConfusionCounts, type Confusion } from './confusion.js';
export { pointMetrics, metricsFromCounts, metricsAtThreshold, type PointMetrics } from './point-metrics.js';
export { skabMetrics, type SkabMetrics } from './skab-metrics.js';
export { findRanges, type Range } from './ranges.js';
export { type RangeMetrics, type RangeMetricsOptions } from './range-evaluator.js';
export { rangeMetrics, DEFAULT_RANGE_METRICS_OPTIONS } from './range-metrics.js';
export { thresholdCandidates, DEFAULT_MAX_CANDIDATES } from './candidates.js';
export {
  bestF1Threshold,
  DEFAULT_BEST_F1_OPTIONS,
  type BestF1,
  type BestF1Options,
  type ThresholdMetric,
} from './best-f1.js';
export {
  rangeAuprc,
  rangePrCurve,
  DEFAULT_RANGE_AUPRC_OPTIONS,
  type RangeAuprcOptions,
  type RangePrCurve,
} from './range-auprc.js';
export { rocAuc, rocCurve, type RocCurve } from './roc-auc.js';
export { averagePrecision, prCurve, type PrCurve } from './average-precision.js';
export { precisionAtK, recallAtK } from './precision-at-k.js';
