// @awad/tensor: tfjs backend selection and the neural-network helpers every model package shares.
export { tf } from './tf';
export type { Tensor, Tensor1D, Tensor2D, Tensor3D, Variable, Scalar, Rank, NamedTensorMap } from './tf';
export { BACKEND_NAMES, BACKEND_ENV, isBackendName, type BackendName } from './backend-names';
export { selectBackend, ensureBackend, backendReport, type BackendReport, type BackendAttempt, type SelectBackendOptions } from './backend-selection';
export { registerUnsortedSegmentSum, unsortedSegmentSumValues } from './unsorted-segment-sum';
export { ACTIVATIONS, applyActivation, activateScalar, activationGradFromOutput, type Activation } from './activation';
export { Dense, type DenseOptions } from './dense';
export { Mlp, type MlpOptions } from './mlp';
export { createAdam, trainStep, type AdamOptions } from './adam';
export { readVariables, writeVariables, encodeWeights, decodeWeights, saveWeights, loadWeights, type NamedWeights, type WeightTensor, type WeightsJson } from './weights';
export { denseForward, Float32Mlp } from './float32-mlp';
export { fastTanh, fastTanhInPlace } from './fast-tanh';
export { SimdArena, simdAvailable, pad4 } from './wasm/simd-arena';
export { SimdDense, applySimdActivation } from './wasm/simd-dense';
export { SimdTrainDense, readSimdStack, writeSimdStack, type SimdParam } from './wasm/simd-train-dense';
export { SimdAdam } from './wasm/simd-adam';
export { glorotUniform, normalArray } from './seeded-init';
export { tensorCount, tensorLeak } from './memory';
