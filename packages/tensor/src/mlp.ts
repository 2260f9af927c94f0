// Multi-layer perceptron: a stack of Dense layers, the building block of the VAE encoders and
// decoders, the graph decoders and the policy/value networks.
import { ConfigError } from '@awad/core';
import type { Activation } from './activation';
import { Dense } from './dense';
import { tf } from './tf';

export interface MlpOptions {
  /** Layer widths including the input: [inputs, hidden..., outputs]. */
  readonly sizes: readonly number[];
  /** Activation of the hidden layers (default tanh). */
  readonly activation?: Activation;
  /** Activation of the last layer (default linear). */
  readonly outputActivation?: Activation;
  readonly seed?: number;
  readonly name: string;
}

export class Mlp {
  readonly layers: Dense[];
  readonly name: string;

  constructor(options: MlpOptions) {
    const { sizes } = options;
    if (sizes.length < 2) throw new ConfigError('@awad/tensor/mlp', 'sizes', 'at least two widths (inputs and outputs)', sizes);
    this.name = options.name;
    const seed = options.seed ?? 1;
    this.layers = [];
    for (let i = 0; i + 1 < sizes.length; i++) {
      const last = i + 2 === sizes.length;
      this.layers.push(
        new Dense({
          inputs: sizes[i] as number,
          units: sizes[i + 1] as number,
          activation: last ? (options.outputActivation ?? 'linear') : (options.activation ?? 'tanh'),
          seed: seed * 7919 + i,
          name: `${options.name}/${i}`,
        }),
      );
    }
  }

  apply(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => this.layers.reduce((h, layer) => layer.apply(h), x));
  }

  variables(): tf.Variable[] {
    return this.layers.flatMap((l) => l.variables());
  }

  namedVariables(): [string, tf.Variable][] {
    return this.layers.flatMap((l) => l.namedVariables());
  }

  dispose(): void {
    for (const l of this.layers) l.dispose();
  }
}
