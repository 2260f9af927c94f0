// @awad/stats: statistical detectors, calibrators, thresholds and the default monitor stages.

export { EwmaDetector, DEFAULT_EWMA_OPTIONS, type EwmaOptions } from './ewma-detector';
export { RobustZDetector, DEFAULT_ROBUST_Z_OPTIONS, type RobustZOptions } from './robust-z-detector';
export { SeasonalDetector, DEFAULT_SEASONAL_OPTIONS, type SeasonalOptions, type SeasonalMode } from './seasonal-detector';
export { ShesdDetector, DEFAULT_SHESD_OPTIONS, type ShesdOptions } from './shesd-detector';
export { detectPeriod } from './detect-period';
export { CusumDetector, DEFAULT_CUSUM_OPTIONS, type CusumOptions } from './cusum-detector';
export { IqrDetector, DEFAULT_IQR_OPTIONS, type IqrOptions } from './iqr-detector';
export { NxMedianDetector, DEFAULT_N_X_MEDIAN_OPTIONS, type NxMedianOptions } from './n-x-median-detector';
export { StaticRuleDetector, DEFAULT_STATIC_RULE_OPTIONS, type StaticRuleOptions } from './static-rule-detector';
export { type StaticLimit, type StaticLimits } from './limit-table';
export { DIRECTIONS, type Direction } from './direction';
export { HotellingT2Detector, DEFAULT_HOTELLING_T2_OPTIONS, type HotellingT2Options } from './hotelling-t2-detector';
export { cholesky } from './cholesky';

export { CutoffCalibrator, DEFAULT_CUTOFF_CALIBRATOR_OPTIONS, type CutoffCalibratorOptions } from './cutoff-calibrator';
export { EcdfCalibrator, DEFAULT_ECDF_CALIBRATOR_OPTIONS, type EcdfCalibratorOptions } from './ecdf-calibrator';
export { ZScoreCalibrator, DEFAULT_Z_SCORE_CALIBRATOR_OPTIONS, type ZScoreCalibratorOptions } from './z-score-calibrator';
export { QuantileThreshold, DEFAULT_QUANTILE_THRESHOLD_OPTIONS, type QuantileThresholdOptions } from './quantile-threshold';
export { ZThreshold, DEFAULT_Z_THRESHOLD_OPTIONS, type ZThresholdOptions } from './z-threshold';

export {
  defaultStages,
  extraStages,
  failuresStage,
  failureBurstStage,
  type FailureBurstOptions,
  baselineStages,
  allStatsStages,
  statsStage,
  STATS_STAGE_NAMES,
  TIMING_FEATURES,
  METRIC_FEATURES,
  type BaselineStagesOptions,
  type StatsStageName,
  type StatsStageOptions,
} from './presets';
export { fromConfig, STATS_DETECTOR_TYPES } from './from-config';

export { generalizedEsd, esdCriticalValue, esdCriticalValues, DEFAULT_ESD_OPTIONS, MAD_SCALE, type EsdOptions, type EsdResult } from './generalized-esd';
export { studentTCdf, studentTQuantile, studentTUpperQuantile, studentTPdf, regularizedBeta, logGamma } from './student-t';
export { erf, erfc, normalCdf } from './normal';
export { forward as transformValue, inverse as inverseTransform, VALUE_LIMIT, type Transform } from './transform';
export { checkFeatureOptions, type FeatureOptions } from './feature-options';
