// A trainable dense layer in a SimdArena: forward y = act(x W + b) for a batch, and the backward
// pass (dW = xᵀ·dpre, db = Σ_rows dpre, dx = dpre·Wᵀ) on the same dense kernel, with the
// transposes done in JS. Every buffer is allocated once, for at most `maxRows` rows, so a training
// step allocates nothing. Padding columns (units -> units4) hold zero weights and zero gradients.
// A recurrent model applies one layer at several time steps: `forward(..., at)` writes its output
// rows from row `at` of y (each step keeps its own rows), and `backward(..., at, accumulate)` reads
// them there and adds this step's weight gradients to the ones already held.
// Reference: the chain rule for y = act(xW + b); the activation derivative from the output
// (activationGradFromOutput), as tfjs computes each one.
import { activationGradFromOutput, type Activation } from '../activation';
import type { NamedWeights, WeightTensor } from '../weights';
import { pad4, type SimdArena } from './simd-arena';
import { applySimdActivation } from './simd-dense';

/** A parameter block and its gradient, as offsets into the arena (n floats each). */
export interface SimdParam {
  readonly value: number;
  readonly grad: number;
  readonly n: number;
}

export class SimdTrainDense {
  readonly inputs: number;
  readonly units: number;
  /** Row width of the weights, the output and the output gradient. */
  readonly units4: number;
  /** Row width of the input gradient `dx`. */
  readonly inputs4: number;
  readonly activation: Activation;
  readonly maxRows: number;
  /** Offsets (floats): W [inputs, units4], b [units4], their gradients, y [maxRows, units4], dx [maxRows, inputs4]. */
  readonly w: number;
  readonly b: number;
  readonly gw: number;
  readonly gb: number;
  readonly y: number;
  readonly dx: number;
  private readonly arena: SimdArena;
  private readonly wt: number;
  private readonly xt: number;
  private readonly zeroUnits: number;
  private readonly zeroInputs: number;
  private readonly gwStep: number;

  constructor(arena: SimdArena, inputs: number, units: number, activation: Activation, maxRows: number) {
    this.arena = arena;
    this.inputs = inputs;
    this.units = units;
    this.units4 = pad4(units);
    this.inputs4 = pad4(inputs);
    this.activation = activation;
    this.maxRows = maxRows;
    this.w = arena.alloc(inputs * this.units4);
    this.b = arena.alloc(this.units4);
    this.gw = arena.alloc(inputs * this.units4);
    this.gb = arena.alloc(this.units4);
    this.y = arena.alloc(maxRows * this.units4);
    this.dx = arena.alloc(maxRows * this.inputs4);
    this.wt = arena.alloc(units * this.inputs4);
    this.xt = arena.alloc(inputs * maxRows);
    this.zeroUnits = arena.alloc(this.units4);
    this.zeroInputs = arena.alloc(this.inputs4);
    this.gwStep = arena.alloc(inputs * this.units4);
  }

  /** The weight and bias blocks with their gradients, for an optimizer. */
  params(): SimdParam[] {
    return [
      { value: this.w, grad: this.gw, n: this.inputs * this.units4 },
      { value: this.b, grad: this.gb, n: this.units4 },
    ];
  }

  /** Sets W from a row-major [inputs, units] kernel and b from [units]. */
  setWeights(kernel: ArrayLike<number>, bias: ArrayLike<number>): void {
    const f = this.arena.f32;
    const { inputs, units, units4 } = this;
    f.fill(0, this.w, this.w + inputs * units4);
    f.fill(0, this.b, this.b + units4);
    for (let k = 0; k < inputs; k++) for (let j = 0; j < units; j++) f[this.w + k * units4 + j] = kernel[k * units + j] as number;
    for (let j = 0; j < units; j++) f[this.b + j] = bias[j] as number;
  }

  /** W as a row-major [inputs, units] copy. */
  kernel(): Float32Array {
    return this.unpadded(this.w);
  }

  /** The kernel gradient of the last backward pass(es), as a row-major [inputs, units] copy. */
  kernelGradient(): Float32Array {
    return this.unpadded(this.gw);
  }

  bias(): Float32Array {
    return this.arena.f32.slice(this.b, this.b + this.units);
  }

  /** The bias gradient of the last backward pass(es), as a copy. */
  biasGradient(): Float32Array {
    return this.arena.f32.slice(this.gb, this.gb + this.units);
  }

  /**
   * y = act(x W + b) for `rows` rows of x (xStride floats apart), written from row `at` of y;
   * returns the offset of those output rows (units4 wide).
   */
  forward(x: number, rows: number, xStride: number, at = 0): number {
    this.checkRows(rows, at);
    const y = this.y + at * this.units4;
    this.arena.dense(x, rows, this.inputs, xStride, this.w, this.units4, this.b, y, this.units4);
    applySimdActivation(this.arena, this.activation, y, rows * this.units4);
    return y;
  }

  /**
   * Backward pass after `forward(x, rows, xStride, at)`: dy (offset, [rows, units4], zero in the
   * padding) becomes d pre-activation in place; gw and gb receive this batch's gradients
   * (overwritten, or added to what they hold with `accumulate`); with `wantDx`, dx [rows, inputs4]
   * receives the gradient of the input (always overwritten).
   */
  backward(x: number, rows: number, xStride: number, dy: number, wantDx: boolean, at = 0, accumulate = false): void {
    this.checkRows(rows, at);
    const f = this.arena.f32;
    const { inputs, units, units4, activation } = this;
    const n = rows * units4;
    const y = this.y + at * units4;
    // The activation's derivative from the output, over the real columns (padding stays zero).
    if (activation === 'tanh') {
      for (let r = 0; r < rows; r++) {
        const o = r * units4;
        for (let j = o; j < o + units; j++) {
          const v = f[y + j] as number;
          f[dy + j] = (f[dy + j] as number) * (1 - v * v);
        }
      }
    } else if (activation !== 'linear') for (let i = 0; i < n; i++) f[dy + i] = (f[dy + i] as number) * activationGradFromOutput(f[y + i] as number, activation);
    if (!accumulate) f.fill(0, this.gb, this.gb + units4);
    for (let r = 0; r < rows; r++) {
      const row = dy + r * units4;
      for (let j = 0; j < units; j++) f[this.gb + j] = (f[this.gb + j] as number) + (f[row + j] as number);
    }
    // gw [inputs, units4] = xᵀ [inputs, rows] · dpre [rows, units4].
    // Sequential writes: a row of xᵀ reads one column of x (xStride apart, a short stride).
    for (let k = 0; k < inputs; k++) {
      const out = this.xt + k * rows;
      for (let r = 0, src = x + k; r < rows; r++, src += xStride) f[out + r] = f[src] as number;
    }
    const target = accumulate ? this.gwStep : this.gw;
    this.arena.dense(this.xt, inputs, rows, rows, dy, units4, this.zeroUnits, target, units4);
    if (accumulate) {
      const end = inputs * units4;
      for (let i = 0; i < end; i++) f[this.gw + i] = (f[this.gw + i] as number) + (f[this.gwStep + i] as number);
    }
    if (!wantDx) return;
    // dx [rows, inputs4] = dpre [rows, units] · Wᵀ [units, inputs4].
    const inputs4 = this.inputs4;
    for (let k = 0; k < inputs; k++) {
      const wk = this.w + k * units4;
      for (let j = 0; j < units; j++) f[this.wt + j * inputs4 + k] = f[wk + j] as number;
    }
    this.arena.dense(dy, rows, units, units4, this.wt, inputs4, this.zeroInputs, this.dx, inputs4);
  }

  /** An [inputs, units4] block at `at` without its padding columns. */
  private unpadded(at: number): Float32Array {
    const f = this.arena.f32;
    const out = new Float32Array(this.inputs * this.units);
    for (let k = 0; k < this.inputs; k++) out.set(f.subarray(at + k * this.units4, at + k * this.units4 + this.units), k * this.units);
    return out;
  }

  private checkRows(rows: number, at: number): void {
    if (!(Number.isInteger(rows) && rows >= 1 && rows <= this.maxRows)) throw new RangeError(`SimdTrainDense: expected 1 to ${this.maxRows} rows, got ${rows}`);
    if (!(Number.isInteger(at) && at >= 0 && at + rows <= this.maxRows)) throw new RangeError(`SimdTrainDense: expected rows from ${at} to fit in ${this.maxRows}, got ${rows} from ${at}`);
  }
}

/**
 * The weights of a stack of layers under Mlp's names (`<name>/<i>/kernel`, `<name>/<i>/bias`), as
 * copies; with `gradients`, their gradients under the same names.
 */
export function readSimdStack(layers: readonly SimdTrainDense[], name: string, gradients = false): Record<string, WeightTensor> {
  const out: Record<string, WeightTensor> = {};
  layers.forEach((l, i) => {
    out[`${name}/${i}/kernel`] = { shape: [l.inputs, l.units], values: gradients ? l.kernelGradient() : l.kernel() };
    out[`${name}/${i}/bias`] = { shape: [l.units], values: gradients ? l.biasGradient() : l.bias() };
  });
  return out;
}

/** Sets a stack of layers from weights under Mlp's names; `who` names the caller in errors. */
export function writeSimdStack(layers: readonly SimdTrainDense[], name: string, weights: NamedWeights, who: string): void {
  layers.forEach((l, i) => {
    const k = weights[`${name}/${i}/kernel`];
    const b = weights[`${name}/${i}/bias`];
    if (!k || !b) throw new Error(`${who}: weights lack ${name}/${i}`);
    if (k.values.length !== l.inputs * l.units) throw new Error(`${who}: ${name}/${i}/kernel has ${k.values.length} values, expected ${l.inputs * l.units}`);
    l.setWeights(k.values, b.values);
  });
}
