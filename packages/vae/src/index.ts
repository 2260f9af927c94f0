// @awad/vae: VAE anomaly detection on sliding windows of multivariate series (HASH's VAE and its
// EWMA hybrid), with a Float32Array scorer for the live path and training in a worker thread.
export { VaeDetector, DEFAULT_VAE_DETECTOR_OPTIONS, type VaeDetectorOptions, type ResolvedVaeDetectorOptions, type VaeFitOptions } from './vae/vae-detector';
export { HybridVaeDetector, type HybridVaeOptions } from './vae/hybrid-vae-detector';
export { VaeModel, type VaeModelJson, type VaeTrainingSummary, type WindowExplanation } from './vae/vae-model';
export { DEFAULT_VAE_MODEL_OPTIONS, resolveVaeModelOptions, type VaeModelOptions, type ResolvedVaeModelOptions } from './vae/vae-options';
export { DenseVae, type ScoreSpan } from './vae/dense-vae';
export { Float32Vae } from './vae/float32-vae';
export { checkArchitecture, LOGSTD_MAX, LOGSTD_MIN, LOGVAR_MAX, LOGVAR_MIN, type VaeArchitecture } from './vae/architecture';
export { fillNormal, normalNoise } from './vae/normal-noise';
export { TailEcdf, surpriseOf } from './vae/tail-ecdf';
export { MinMaxScaler, type MinMaxScalerJson, type ScaleRange } from './window/min-max-scaler';
export { Pca, jacobiEigen, type PcaJson, type PcaOptions } from './window/pca';
export { RowBuffer, slidingWindows } from './window/row-buffer';
export { trainDenseVae, splitWindows, evaluateLoss, type TrainOptions, type TrainProgress, type TrainResult } from './train/train-dense-vae';
export { VAE_TRAIN_ENGINES, type VaeTrainEngine } from './train/train-engine';
export { SimdVaeTrainer } from './train/simd-vae-trainer';
export { trainInWorker, type WorkerTrainJob } from './train/train-in-worker';
// ACVAE (seed 003): a contrast pair of conditional state-space VAEs with an active-learning query model.
export { AcvaeDetector, type AcvaeFitOptions, type AcvaeSeriesScores, type AcvaeModelFile } from './acvae/acvae-detector';
export { DEFAULT_ACVAE_OPTIONS, QUERY_STRATEGIES, resolveAcvaeOptions, type AcvaeOptions, type ResolvedAcvaeOptions, type QueryStrategy, type BackgroundKind, type ScoringMode } from './acvae/acvae-options';
export { ACVAE_PRESETS, ACVAE_PRESET_NAMES, type AcvaePresetName } from './acvae/acvae-presets';
export { type AcvaeModel, type AcvaeModelJson, type AcvaeFitStats, type ScoreMode, scoreNoise } from './acvae/acvae-model';
export { trainAcvae, trainAcvaeUnsupervised, scorePool, exportScores, type PoolScores, type TrainAcvaeInput } from './acvae/acvae-trainer';
export { SsmVae, LOGSIG_MIN, LOGSIG_MAX, type SsmSizes, type WindowScores } from './acvae/ssm-vae';
export { SimdSsmTrainer } from './acvae/simd-ssm-trainer';
export { Float32SsmScorer, type Float32Score } from './acvae/float32-ssm';
export { trainFull, fineTuneAno, meanNegElbo, type TrainProgress as AcvaeTrainProgress, type FullTrainingOptions } from './acvae/ssm-training';
export { prepareSeries, alignLevels, inferFeatures, ACVAE_SCALE_CLIP, type AcvaeSeries } from './acvae/prepare';
export { newLevelState, levelOf, commitLevel, type LevelState } from './acvae/level';
export { Float32SsmFilter, filterSeriesScores, FILTER_PERIOD, type FilterState } from './acvae/float32-filter';
export { windowStarts, gatherWindows, type SeriesData } from './acvae/series-data';
export { TIME_DIMS, backgroundWidth, writeBackground } from './acvae/background';
export { postSeriesScores, ScorePost, medianWith, type ScorePostOptions } from './acvae/score-post';
export { acvaeThreshold, quantileOf, type ThresholdCut, type ThresholdRule } from './acvae/threshold';
export { runAcvaeTrainWorker } from './acvae/train-worker';
export { createGroundTruthOracle, LabelBudgetError, type LabelOracle, type GroundTruthOracle, type GroundTruthOracleOptions } from './oracle/label-oracle';
export { QueryModel, QUERY_FEATURES, type QueryModelOptions } from './query/query-model';
export { candidateSegments, pickSegments, segmentPriority, type Segment } from './query/segments';
