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
export { MinMaxScaler, type MinMaxScalerJson } from './window/min-max-scaler';
export { Pca, jacobiEigen, type PcaJson, type PcaOptions } from './window/pca';
export { RowBuffer, slidingWindows } from './window/row-buffer';
export { trainDenseVae, splitWindows, evaluateLoss, type TrainOptions, type TrainProgress, type TrainResult } from './train/train-dense-vae';
export { trainInWorker, type WorkerTrainJob } from './train/train-in-worker';
