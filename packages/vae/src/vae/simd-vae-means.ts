// The VAE's L Monte Carlo reconstructions of the scored outputs in WebAssembly SIMD (@awad/tensor
// SimdArena): encoder, latent folded into the first decoder layer, the other decoder layers, and
// the output layer cut to the scored outputs, every layer a f32x4 kernel over one arena. Float32Vae
// uses it where the runtime has SIMD and finishes the likelihood in JS.
// Reference: METHODS.md 2.5 and 2.9 (L samples, z = mu + std·eps); the fold
// W·(mu + std·eps) = W·mu + (W·diag(std))·eps is OUR CHOICE, as in the plain-JS path.
import { SimdDense, applySimdActivation, type Activation, type SimdArena } from '@awad/tensor';
import { LOGVAR_MAX, LOGVAR_MIN } from './architecture';

/** A layer's exported weights: kernel [inputs, units] row-major, bias [units]. */
export interface VaeLayerWeights {
  readonly kernel: Float32Array;
  readonly bias: Float32Array;
  readonly inputs: number;
  readonly units: number;
  readonly activation: Activation;
}

export class SimdVaeMeans {
  private readonly arena: SimdArena;
  private readonly latent: number;
  private readonly samples: number;
  private readonly encoder: readonly SimdDense[];
  /** The decoder layers after the first, the cut output layer last. */
  private readonly tail: readonly SimdDense[];
  private readonly outUnits4: number;
  private readonly first: VaeLayerWeights;
  private readonly firstUnits4: number;
  // Arena offsets (floats).
  private readonly x: number;
  private readonly eps: number;
  private readonly c: number;
  private readonly v: number;
  private readonly rows: readonly number[];

  constructor(arena: SimdArena, encoder: readonly VaeLayerWeights[], first: VaeLayerWeights, rest: readonly VaeLayerWeights[], outCut: VaeLayerWeights, eps: Float32Array, samples: number) {
    this.arena = arena;
    this.latent = first.inputs;
    this.samples = samples;
    const pack = (l: VaeLayerWeights) => new SimdDense(arena, l.kernel, l.bias, l.inputs, l.units, l.activation);
    this.encoder = encoder.map(pack);
    this.tail = [...rest.map(pack), pack(outCut)];
    this.outUnits4 = (this.tail.at(-1) as SimdDense).units4;
    this.first = first;
    this.firstUnits4 = (first.units + 3) & ~3;
    this.x = arena.alloc((encoder[0] as VaeLayerWeights).inputs);
    this.eps = arena.store(eps.subarray(0, samples * this.latent));
    this.c = arena.alloc(this.firstUnits4);
    this.v = arena.alloc(this.latent * this.firstUnits4);
    // One output block per encoder layer, then [L, units4] per decoder layer, the cut output last.
    this.rows = [...this.encoder.map((l) => arena.alloc(l.units4)), arena.alloc(samples * this.firstUnits4), ...this.tail.map((l) => arena.alloc(samples * l.units4))];
  }

  /** Output row width of the means (the scored outputs padded to a multiple of 4). */
  get stride(): number {
    return this.outUnits4;
  }

  /** The arena's floats, where `means` leaves its output. */
  get memory(): Float32Array {
    return this.arena.f32;
  }

  /** Runs window x [D]; returns the offset of the means [L, stride] in `arena.f32`. */
  means(x: Float32Array): number {
    const a = this.arena;
    a.f32.set(x, this.x);
    let input = this.x;
    let width = x.length;
    let block = 0;
    for (const layer of this.encoder) {
      const at = this.rows[block++] as number;
      layer.run(input, 1, width, at);
      input = at;
      width = layer.units4;
    }
    this.foldLatent(input);
    const hidden0 = this.rows[block++] as number;
    a.dense(this.eps, this.samples, this.latent, this.latent, this.v, this.firstUnits4, this.c, hidden0, this.firstUnits4);
    applySimdActivation(a, this.first.activation, hidden0, this.samples * this.firstUnits4);
    input = hidden0;
    width = this.firstUnits4;
    for (const layer of this.tail) {
      const at = this.rows[block++] as number;
      layer.run(input, this.samples, width, at);
      input = at;
      width = layer.units4;
    }
    return input;
  }

  /** c = b1 + W1ᵀ mu and v = W1 diag(std) [Z, units4], from the encoder's output (mu, logvar). */
  private foldLatent(encOut: number): void {
    const f = this.arena.f32;
    const z = this.latent;
    const { kernel, bias, units } = this.first;
    const u4 = this.firstUnits4;
    f.set(bias, this.c);
    for (let k = 0; k < z; k++) {
      const mu = f[encOut + k] as number;
      let lv = f[encOut + z + k] as number;
      lv = lv < LOGVAR_MIN ? LOGVAR_MIN : lv > LOGVAR_MAX ? LOGVAR_MAX : lv;
      const std = Math.fround(Math.exp(Math.fround(lv * 0.5)));
      for (let j = 0; j < units; j++) {
        const w = kernel[k * units + j] as number;
        f[this.c + j] = (f[this.c + j] as number) + mu * w;
        f[this.v + k * u4 + j] = std * w;
      }
    }
  }
}
