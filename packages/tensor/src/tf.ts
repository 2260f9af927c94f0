// The one place AWAD imports tfjs: every other package reaches tfjs through @awad/tensor.
// Importing the wasm and cpu backends registers their factories; `selectBackend` picks one.
// tfjs-core's Node build registers no gradients (they ship only as extensionless ESM that Node
// cannot load); the @tensorflow/tfjs bundle registers all of them, in a registry global to the
// process, so training works with tfjs-core's API.
// Reference: ARCHITECTURE.md section 2 ("Only @awad/tensor imports @tensorflow/*").
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';

export { tf };
export type { Tensor, Tensor1D, Tensor2D, Tensor3D, Variable, Scalar, Rank, NamedTensorMap } from '@tensorflow/tfjs-core';
