// Which code takes the training steps of the VAEs: the hand-written WebAssembly SIMD steps
// (SimdVaeTrainer, SimdSsmTrainer) or tfjs, and the one rule both training loops pick by.
import { ConfigError } from '@awad/core';

/**
 * What runs the training steps: 'simd', the hand-written step on WebAssembly SIMD kernels;
 * 'tfjs', the model's loss under tf.train.adam on the selected tfjs backend; 'auto', simd where
 * the runtime has WebAssembly SIMD, else tfjs.
 */
export type VaeTrainEngine = 'auto' | 'simd' | 'tfjs';
export const VAE_TRAIN_ENGINES: readonly VaeTrainEngine[] = ['auto', 'simd', 'tfjs'];

/**
 * The SIMD trainer `create` gives for 'auto' or 'simd', or undefined: train with tfjs ('tfjs', or
 * 'auto' where the runtime has no WebAssembly SIMD). 'simd' without SIMD is a ConfigError.
 */
export function simdTrainerFor<T>(want: VaeTrainEngine, module: string, create: () => T | undefined): T | undefined {
  if (!VAE_TRAIN_ENGINES.includes(want)) throw new ConfigError(module, 'trainEngine', `one of ${VAE_TRAIN_ENGINES.join(', ')}`, want);
  if (want === 'tfjs') return undefined;
  const trainer = create();
  if (!trainer && want === 'simd') throw new ConfigError(module, 'trainEngine', "'auto' or 'tfjs' (this runtime has no WebAssembly SIMD)", want);
  return trainer;
}
