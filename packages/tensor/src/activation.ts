// Activations shared by the tfjs layers and the Float32Array forward pass, so both compute the same function.
import { fastTanh } from './fast-tanh';
import { tf } from './tf';

export const ACTIVATIONS = ['linear', 'relu', 'tanh', 'sigmoid', 'elu', 'softplus', 'leakyrelu'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

const LEAKY_ALPHA = 0.2;

export function applyActivation(x: tf.Tensor, activation: Activation): tf.Tensor {
  switch (activation) {
    case 'linear':
      return x;
    case 'relu':
      return tf.relu(x);
    case 'tanh':
      return tf.tanh(x);
    case 'sigmoid':
      return tf.sigmoid(x);
    case 'elu':
      return tf.elu(x);
    case 'softplus':
      return tf.softplus(x);
    case 'leakyrelu':
      return tf.leakyRelu(x, LEAKY_ALPHA);
  }
}

/** The same activation on one number (for the tfjs-free scorers; tanh to within 1e-8, see fast-tanh). */
export function activateScalar(v: number, activation: Activation): number {
  switch (activation) {
    case 'linear':
      return v;
    case 'relu':
      return v > 0 ? v : 0;
    case 'tanh':
      return fastTanh(v);
    case 'sigmoid':
      return 1 / (1 + Math.exp(-v));
    case 'elu':
      return v > 0 ? v : Math.expm1(v);
    case 'softplus':
      return v > 20 ? v : Math.log1p(Math.exp(v));
    case 'leakyrelu':
      return v > 0 ? v : LEAKY_ALPHA * v;
  }
}

/**
 * d act(x) / dx written in terms of the output y = act(x) (every activation here allows it), for
 * the hand-written backward passes. At 0, relu and leakyrelu take the left slope, as tfjs does.
 */
export function activationGradFromOutput(y: number, activation: Activation): number {
  switch (activation) {
    case 'linear':
      return 1;
    case 'relu':
      return y > 0 ? 1 : 0;
    case 'tanh':
      return 1 - y * y;
    case 'sigmoid':
      return y * (1 - y);
    case 'elu':
      return y > 0 ? 1 : y + 1;
    case 'softplus':
      return -Math.expm1(-y);
    case 'leakyrelu':
      return y > 0 ? 1 : LEAKY_ALPHA;
  }
}

/** Activations tfjs can fuse into matMul (one kernel instead of three). */
export const FUSABLE: ReadonlySet<Activation> = new Set(['linear', 'relu', 'elu', 'sigmoid', 'leakyrelu']);
