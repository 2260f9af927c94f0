// A dense layer packed into a SimdArena: kernel [inputs, units] padded with zero columns to
// [inputs, pad4(units)], bias the same, so each output row is pad4(units) floats. The padding is
// never read as input: the next layer takes `inputs` = units, with a row stride of units4.
import { activateScalar, type Activation } from '../activation';
import { pad4, type SimdArena } from './simd-arena';

export class SimdDense {
  readonly inputs: number;
  readonly units: number;
  /** Output row width in the arena. */
  readonly units4: number;
  readonly activation: Activation;
  private readonly arena: SimdArena;
  private readonly w: number;
  private readonly b: number;

  constructor(arena: SimdArena, kernel: ArrayLike<number>, bias: ArrayLike<number>, inputs: number, units: number, activation: Activation) {
    this.arena = arena;
    this.inputs = inputs;
    this.units = units;
    this.units4 = pad4(units);
    this.activation = activation;
    this.w = arena.alloc(inputs * this.units4);
    this.b = arena.alloc(this.units4);
    const f = arena.f32;
    for (let k = 0; k < inputs; k++) for (let j = 0; j < units; j++) f[this.w + k * this.units4 + j] = kernel[k * units + j] as number;
    for (let j = 0; j < units; j++) f[this.b + j] = bias[j] as number;
  }

  /**
   * out[r] = act(b + W x[r]) for `rows` rows of x (xStride floats apart); out rows are units4 wide.
   * `bias` (an arena offset of units4 floats) replaces the layer's own bias for this call.
   */
  run(x: number, rows: number, xStride: number, out: number, bias = this.b): void {
    this.arena.dense(x, rows, this.inputs, xStride, this.w, this.units4, bias, out, this.units4);
    applySimdActivation(this.arena, this.activation, out, rows * this.units4);
  }
}

/** act over n floats at offset p of the arena, in place (tanh in SIMD, the others in JS). */
export function applySimdActivation(arena: SimdArena, activation: Activation, p: number, n: number): void {
  if (activation === 'linear') return;
  if (activation === 'tanh') {
    arena.tanh(p, n);
    return;
  }
  const f = arena.f32;
  for (let i = p; i < p + n; i++) f[i] = activateScalar(f[i] as number, activation);
}
