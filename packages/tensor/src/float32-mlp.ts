// A tfjs-free forward pass over exported weights: plain Float32Array loops for the live path,
// where one small matrix product per event costs less than a tfjs op dispatch.
// W is [inputs, units] row-major (tfjs's layout), so the inner loop runs over contiguous memory.
import { SnapshotError } from '@awad/core';
import { activateScalar, type Activation } from './activation';
import { fastTanhInPlace } from './fast-tanh';
import type { NamedWeights } from './weights';

const MODULE = '@awad/tensor/float32-mlp';

/** out[r, j] = act(b[j] + sum_k x[r, k] W[k, j]) for rows r < rows. */
export function denseForward(x: Float32Array, rows: number, kernel: Float32Array, bias: Float32Array, inputs: number, units: number, activation: Activation, out: Float32Array): void {
  for (let r = 0; r < rows; r++) {
    const xo = r * inputs;
    const oo = r * units;
    for (let j = 0; j < units; j++) out[oo + j] = bias[j] as number;
    for (let k = 0; k < inputs; k++) {
      const xv = x[xo + k] as number;
      if (xv === 0) continue;
      const wo = k * units;
      for (let j = 0; j < units; j++) out[oo + j] = (out[oo + j] as number) + xv * (kernel[wo + j] as number);
    }
    if (activation === 'tanh') fastTanhInPlace(out, oo, oo + units);
    else if (activation !== 'linear') for (let j = 0; j < units; j++) out[oo + j] = activateScalar(out[oo + j] as number, activation);
  }
}

interface Layer {
  readonly kernel: Float32Array;
  readonly bias: Float32Array;
  readonly inputs: number;
  readonly units: number;
  readonly activation: Activation;
}

/** An MLP evaluated in plain JS from the weights an `Mlp` exported (same names, same results). */
export class Float32Mlp {
  readonly layers: readonly Layer[];
  readonly inputs: number;
  readonly outputs: number;
  /** The widest layer: the size of each scratch row. */
  private readonly width: number;
  private scratch: [Float32Array, Float32Array] = [new Float32Array(0), new Float32Array(0)];

  constructor(layers: readonly Layer[]) {
    this.layers = layers;
    this.inputs = layers[0]?.inputs ?? 0;
    this.outputs = layers[layers.length - 1]?.units ?? 0;
    this.width = layers.reduce((w, l) => Math.max(w, l.units), 0);
  }

  /** Reads layers `<name>/0`, `<name>/1`, ... with the activations an Mlp of the same options used. */
  static fromWeights(weights: NamedWeights, name: string, activations: readonly Activation[]): Float32Mlp {
    const layers: Layer[] = activations.map((activation, i) => {
      const kernel = weights[`${name}/${i}/kernel`];
      const bias = weights[`${name}/${i}/bias`];
      if (kernel === undefined || bias === undefined || kernel.shape.length !== 2) throw new SnapshotError(MODULE, `weights ${name}/${i}/kernel and ${name}/${i}/bias`, 'none');
      const [inputs, units] = kernel.shape as [number, number];
      if (bias.values.length !== units) throw new SnapshotError(MODULE, `${units} biases for ${name}/${i}`, String(bias.values.length));
      return { kernel: kernel.values, bias: bias.values, inputs, units, activation };
    });
    for (let i = 1; i < layers.length; i++) {
      if ((layers[i] as Layer).inputs !== (layers[i - 1] as Layer).units) throw new SnapshotError(MODULE, `layer ${i} of ${name} to take ${(layers[i - 1] as Layer).units} inputs`, String((layers[i] as Layer).inputs));
    }
    return new Float32Mlp(layers);
  }

  /** Forward pass of `rows` rows of x; writes into `out` (allocated when absent) and returns it. */
  forward(x: Float32Array, rows = 1, out?: Float32Array): Float32Array {
    const layers = this.layers;
    const n = layers.length;
    if (this.scratch[0].length < rows * this.width) this.scratch = [new Float32Array(rows * this.width), new Float32Array(rows * this.width)];
    // A plain loop, not forEach with a closure: the closure's captured `input` kept V8 from
    // optimising the call and cost 2-3x the arithmetic on a 240 x 100 layer.
    let input = x;
    for (let i = 0; i < n; i++) {
      const layer = layers[i] as Layer;
      const target = i === n - 1 ? (out ?? new Float32Array(rows * layer.units)) : (this.scratch[i % 2] as Float32Array);
      denseForward(input, rows, layer.kernel, layer.bias, layer.inputs, layer.units, layer.activation, target);
      input = target;
    }
    return input;
  }
}
