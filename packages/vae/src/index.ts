// @awad/vae: VAE detectors. ACVAE (contrast VAE pair, conditional on background, active learning).

export { AcvaeDetector, type AcvaeFitOptions, type AcvaeSeriesScores, type AcvaeModelFile } from './acvae/acvae-detector';
export { DEFAULT_ACVAE_OPTIONS, QUERY_STRATEGIES, resolveAcvaeOptions, type AcvaeOptions, type ResolvedAcvaeOptions, type QueryStrategy, type BackgroundKind } from './acvae/acvae-options';
export { type AcvaeModel, type AcvaeModelJson, type AcvaeFitStats, type ScoreMode, scoreNoise } from './acvae/acvae-model';
export { trainAcvae, trainAcvaeUnsupervised, scorePool, exportScores, type PoolScores, type TrainAcvaeInput } from './acvae/acvae-trainer';
export { SsmVae, LOGSIG_MIN, LOGSIG_MAX, type SsmSizes, type WindowScores } from './acvae/ssm-vae';
export { Float32SsmScorer, type Float32Score } from './acvae/float32-ssm';
export { trainFull, fineTuneAno, meanNegElbo, type TrainProgress, type FullTrainingOptions } from './acvae/ssm-training';
export { prepareSeries, inferFeatures, type AcvaeSeries } from './acvae/prepare';
export { windowStarts, gatherWindows, type SeriesData } from './acvae/series-data';
export { fitScaler, scaleValue, unscaleValue, SCALE_CLIP, type MinMaxScaler } from './acvae/scaler';
export { TIME_DIMS, backgroundWidth, writeBackground } from './acvae/background';
export { bestF1Threshold, quantileOf } from './acvae/threshold';
export { runAcvaeTrainWorker } from './acvae/train-worker';
export { createGroundTruthOracle, LabelBudgetError, type LabelOracle, type GroundTruthOracle, type GroundTruthOracleOptions } from './oracle/label-oracle';
export { QueryModel, QUERY_FEATURES, type QueryModelOptions } from './query/query-model';
export { candidateSegments, pickSegments, segmentPriority, type Segment } from './query/segments';
