// Adam and one training step that leaves no tensors behind.
// Reference: Kingma & Ba 2015; tf.train.adam.
import { ConfigError } from '@awad/core';
import { tf } from './tf';

export interface AdamOptions {
  readonly learningRate?: number;
  readonly beta1?: number;
  readonly beta2?: number;
  readonly epsilon?: number;
}

export function createAdam(options: AdamOptions = {}): tf.Optimizer {
  const lr = options.learningRate ?? 1e-3;
  if (!(lr > 0) || !Number.isFinite(lr)) throw new ConfigError('@awad/tensor/adam', 'learningRate', 'a positive finite number', lr);
  return tf.train.adam(lr, options.beta1 ?? 0.9, options.beta2 ?? 0.999, options.epsilon ?? 1e-7);
}

/**
 * Minimises `loss` over `variables` for one step and returns the loss value. Every intermediate
 * tensor is released; only the variables and the optimizer's slots remain.
 */
export function trainStep(optimizer: tf.Optimizer, loss: () => tf.Scalar, variables: tf.Variable[]): number {
  const cost = optimizer.minimize(loss, true, variables);
  if (cost === null) return Number.NaN;
  const value = cost.dataSync()[0] as number;
  cost.dispose();
  return value;
}
