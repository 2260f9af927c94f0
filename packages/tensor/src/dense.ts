// Dense (fully connected) layer on tfjs variables: y = act(x W + b), W of shape [inputs, units].
// Weights start from a seeded Glorot-uniform draw, so a model built with the same seed is the same
// on every backend.
import { ConfigError, createRandom } from '@awad/core';
import { applyActivation, ACTIVATIONS, FUSABLE, type Activation } from './activation';
import { glorotUniform } from './seeded-init';
import { tf } from './tf';

const MODULE = '@awad/tensor/dense';

export interface DenseOptions {
  readonly inputs: number;
  readonly units: number;
  readonly activation?: Activation;
  /** Seed of the weight draw (default 1). */
  readonly seed?: number;
  /** Prefix of the variable names, e.g. "encoder/0" gives "encoder/0/kernel" and "encoder/0/bias". */
  readonly name: string;
}

export class Dense {
  readonly inputs: number;
  readonly units: number;
  readonly activation: Activation;
  readonly name: string;
  readonly kernel: tf.Variable;
  readonly bias: tf.Variable;

  constructor(options: DenseOptions) {
    const { inputs, units, name } = options;
    if (!Number.isInteger(inputs) || inputs < 1) throw new ConfigError(MODULE, 'inputs', 'a positive integer', inputs);
    if (!Number.isInteger(units) || units < 1) throw new ConfigError(MODULE, 'units', 'a positive integer', units);
    const activation = options.activation ?? 'linear';
    if (!(ACTIVATIONS as readonly string[]).includes(activation)) throw new ConfigError(MODULE, 'activation', `one of ${ACTIVATIONS.join(', ')}`, activation);
    this.inputs = inputs;
    this.units = units;
    this.activation = activation;
    this.name = name;
    const random = createRandom(options.seed ?? 1);
    // tfjs variable names are global to the engine: keep ours (for weight files) on the layer.
    // tf.variable copies its initial value: build it in tidy so the initial tensors are released.
    [this.kernel, this.bias] = tf.tidy(() => [tf.variable(tf.tensor2d(glorotUniform(inputs, units, random), [inputs, units]), true), tf.variable(tf.zeros([units]), true)]);
  }

  /** x: [batch, inputs] -> [batch, units]. */
  apply(x: tf.Tensor2D): tf.Tensor2D {
    if (FUSABLE.has(this.activation)) {
      const activation = this.activation as 'linear' | 'relu' | 'elu' | 'sigmoid' | 'leakyrelu';
      return tf.fused.matMul({ a: x, b: this.kernel as tf.Tensor2D, bias: this.bias, activation, leakyreluAlpha: 0.2 }) as tf.Tensor2D;
    }
    return tf.tidy(() => applyActivation(tf.add(tf.matMul(x, this.kernel as tf.Tensor2D), this.bias), this.activation) as tf.Tensor2D);
  }

  variables(): tf.Variable[] {
    return [this.kernel, this.bias];
  }

  /** Variables under their weight-file names: `<name>/kernel`, `<name>/bias`. */
  namedVariables(): [string, tf.Variable][] {
    return [
      [`${this.name}/kernel`, this.kernel],
      [`${this.name}/bias`, this.bias],
    ];
  }

  dispose(): void {
    this.kernel.dispose();
    this.bias.dispose();
  }
}
