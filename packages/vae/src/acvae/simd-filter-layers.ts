// The batched layers of Float32SsmFilter on WebAssembly SIMD (@awad/tensor SimdArena): per point,
// the q-net over the L paths (the z_{i-1} part of its first layer, whose x/t part is shared and
// comes in as a bias) and the x-net over the L paths. The filter keeps its state and sampling in
// JS and reads the heads from the arena.
// Reference: METHODS.md 2.9 (Algorithm 2, L Monte Carlo paths); OUR CHOICE of SIMD kernels: the
// 2 x 6 small layers over 100 paths were the whole per-point cost (p99 over 2 ms at width 32).
import { SimdDense, type SimdArena } from '@awad/tensor';
import type { Layer, SsmLayers } from './float32-ssm';
import type { SsmSizes } from './ssm-vae';

/** Row-major [count, units] kernel of the layer's inputs from..from+count (it stores [units, inputs]). */
function kernelRows(l: Layer, from: number, count: number): Float32Array {
  const out = new Float32Array(count * l.units);
  for (let k = 0; k < count; k++) for (let j = 0; j < l.units; j++) out[k * l.units + j] = l.kt[j * l.inputs + from + k] as number;
  return out;
}

/** Where a batch of rows lies in the arena: offset and row width, in floats. */
export interface ArenaRows {
  readonly at: number;
  readonly stride: number;
}

export class SimdFilterLayers {
  private readonly arena: SimdArena;
  private readonly samples: number;
  private readonly sizes: SsmSizes;
  private readonly q0z: SimdDense;
  private readonly q1: SimdDense;
  private readonly q2: SimdDense;
  private readonly x0: SimdDense;
  private readonly x1: SimdDense;
  private readonly x2: SimdDense;
  // Arena offsets.
  private readonly z: number;
  private readonly pre: number;
  private readonly xin: number;
  private readonly h0: number;
  private readonly h1: number;
  private readonly head: number;
  private readonly xout: number;

  constructor(arena: SimdArena, net: SsmLayers, sizes: SsmSizes, samples: number) {
    const { metrics: m, background: t, latent: zd, hidden: h } = sizes;
    this.arena = arena;
    this.samples = samples;
    this.sizes = sizes;
    const pack = (l: Layer, from = 0, count = l.inputs) => new SimdDense(arena, kernelRows(l, from, count), l.bias, count, l.units, 'tanh');
    // q0's bias is replaced per point by `pre` (bias + the shared x/t part), so its own is unused.
    this.q0z = pack(net.q0, m + t, zd);
    this.q1 = pack(net.q1);
    this.q2 = new SimdDense(arena, kernelRows(net.q2, 0, h), net.q2.bias, h, net.q2.units, 'linear');
    this.x0 = pack(net.x0);
    this.x1 = pack(net.x1);
    this.x2 = new SimdDense(arena, kernelRows(net.x2, 0, h), net.x2.bias, h, net.x2.units, 'linear');
    const h4 = this.q1.units4;
    this.z = arena.alloc(samples * zd);
    this.pre = arena.alloc(h4);
    this.xin = arena.alloc(samples * (zd + t));
    this.h0 = arena.alloc(samples * h4);
    this.h1 = arena.alloc(samples * h4);
    this.head = arena.alloc(samples * this.q2.units4);
    this.xout = arena.alloc(samples * this.x2.units4);
  }

  /** The arena's floats, where the heads are left. */
  get memory(): Float32Array {
    return this.arena.f32;
  }

  /** q-net heads [L, 2Z] of the paths z [L, Z], given the shared pre-activation pre [H]. */
  qHeads(z: Float32Array, pre: Float32Array): ArenaRows {
    const a = this.arena;
    const L = this.samples;
    const zd = this.sizes.latent;
    const f = a.f32;
    f.set(z.subarray(0, L * zd), this.z);
    f.set(pre, this.pre);
    const h4 = this.q1.units4;
    this.q0z.run(this.z, L, zd, this.h0, this.pre);
    this.q1.run(this.h0, L, h4, this.h1);
    this.q2.run(this.h1, L, h4, this.head);
    return { at: this.head, stride: this.q2.units4 };
  }

  /** x-net outputs [L, 2M] of the paths z [L, Z] with background t (T values, or zeros). */
  xOutputs(z: Float32Array, t: Float32Array | null, to: number): ArenaRows {
    const L = this.samples;
    const { latent: zd, background: tb } = this.sizes;
    const xw = zd + tb;
    const f = this.arena.f32;
    for (let l = 0; l < L; l++) {
      const o = this.xin + l * xw;
      for (let k = 0; k < zd; k++) f[o + k] = z[l * zd + k] as number;
      for (let k = 0; k < tb; k++) f[o + zd + k] = t ? (t[to + k] as number) : 0;
    }
    this.x0.run(this.xin, L, xw, this.h0);
    this.x1.run(this.h0, L, this.x0.units4, this.h1);
    this.x2.run(this.h1, L, this.x1.units4, this.xout);
    return { at: this.xout, stride: this.x2.units4 };
  }
}
