// Online ACVAE scores with a carried filter state: the L Monte Carlo sample paths of
// q(z_i | z_{i-1}, x_i, t_i) are kept from point to point, so the newest point costs one q-net
// step and one x-net pass per path instead of re-running the whole window from z_0 = 0. Used by
// the live detector, by scoreSeries and by the pool scores of training when `scoring` is 'filter'.
// The paths start at z_0 = 0 at the series' first point (as a window does); the noise of step j is
// row (j mod P) of a seeded [L, P, Z] table, P = FILTER_PERIOD, so batch and live scores agree.
// Reference: METHODS.md section 2.5 / 2.9 (Algorithm 2 of seed [003]); carrying the filtered
// state across windows is OUR CHOICE (packages/vae/README.md "Online scores").
import { SnapshotError } from '@awad/core';
import { fastTanh, SimdArena, type NamedWeights } from '@awad/tensor';
import { addGaussianSample, dense, denseRows, sampleLatent, ssmLayers, type Float32Score, type LikelihoodSums, type SsmLayers } from './float32-ssm';
import { SimdFilterLayers } from './simd-filter-layers';
import type { SsmSizes } from './ssm-vae';

const MODULE = '@awad/vae/float32-filter';

/** Steps before the noise table repeats. */
export const FILTER_PERIOD = 1009;

/** The carried state of one model: the L paths' latest z and the number of steps taken. */
export interface FilterState {
  readonly z: Float32Array;
  steps: number;
}

export class Float32SsmFilter {
  readonly sizes: SsmSizes;
  readonly samples: number;
  private readonly net: SsmLayers;
  private readonly noise: Float32Array;
  private readonly period: number;
  private readonly pre: Float32Array;
  private readonly h0: Float32Array;
  private readonly h1: Float32Array;
  private readonly head: Float32Array;
  private readonly xin: Float32Array;
  /** Per-path buffers [L, width] for the batched layers. */
  private readonly bh0: Float32Array;
  private readonly bh1: Float32Array;
  private readonly bhead: Float32Array;
  private readonly bxin: Float32Array;
  private readonly bxout: Float32Array;
  /** The batched layers on WebAssembly SIMD, where the runtime has it and `simd` is not false. */
  private readonly simd: SimdFilterLayers | undefined;

  /** noise: [L, P, Z] standard normals (scoreNoise(seed, L, FILTER_PERIOD, Z)). */
  constructor(weights: NamedWeights, sizes: SsmSizes, noise: Float32Array, samples: number, options: { readonly simd?: boolean } = {}) {
    const { metrics: m, background: t, latent: z, hidden: h } = sizes;
    if (noise.length % (samples * z) !== 0 || noise.length === 0) throw new SnapshotError(MODULE, `a multiple of ${samples * z} noise values`, String(noise.length));
    this.sizes = sizes;
    this.samples = samples;
    this.noise = noise;
    this.period = noise.length / (samples * z);
    this.net = ssmLayers(weights, sizes);
    this.pre = new Float32Array(h);
    this.h0 = new Float32Array(h);
    this.h1 = new Float32Array(h);
    this.head = new Float32Array(2 * z);
    this.xin = new Float32Array(z + t);
    this.bh0 = new Float32Array(samples * h);
    this.bh1 = new Float32Array(samples * h);
    this.bhead = new Float32Array(samples * 2 * z);
    this.bxin = new Float32Array(samples * (z + t));
    this.bxout = new Float32Array(samples * 2 * m);
    const arena = options.simd === false ? undefined : SimdArena.create();
    this.simd = arena === undefined ? undefined : new SimdFilterLayers(arena, this.net, sizes, samples);
  }

  /** Whether the per-path layers run on the WebAssembly SIMD kernels. */
  get usesSimd(): boolean {
    return this.simd !== undefined;
  }

  newState(): FilterState {
    return { z: new Float32Array(this.samples * this.sizes.latent), steps: 0 };
  }

  copyState(from: FilterState, to: FilterState): void {
    to.z.set(from.z);
    to.steps = from.steps;
  }

  /** One q-net step of every path on the row x (offset xo, M values) and t (offset to, T values). */
  advance(state: FilterState, x: Float32Array, xo: number, t: Float32Array | null, to: number): void {
    const { metrics: m, background: tb, latent: zd, hidden: h } = this.sizes;
    const { q0, q1, q2 } = this.net;
    const { pre, h0, h1, head, noise } = this;
    const L = this.samples;
    const inputs = q0.inputs;
    for (let j = 0; j < h; j++) {
      let acc = q0.bias[j] as number;
      const ko = j * inputs;
      for (let k = 0; k < m; k++) acc += (x[xo + k] as number) * (q0.kt[ko + k] as number);
      for (let k = 0; k < tb; k++) acc += (t ? (t[to + k] as number) : 0) * (q0.kt[ko + m + k] as number);
      pre[j] = acc;
    }
    const row = state.steps % this.period;
    const z = state.z;
    if (state.steps === 0) {
      // z_0 = 0 for every path: one q-net row serves them all.
      for (let j = 0; j < h; j++) h0[j] = fastTanh(pre[j] as number);
      dense(q1, h0, 0, h1, 0, true);
      dense(q2, h1, 0, head, 0, false);
      for (let l = 0; l < L; l++) {
        const eo = (l * this.period + row) * zd;
        sampleLatent(z, l * zd, head, 0, zd, noise, eo);
      }
    } else if (this.simd !== undefined) {
      const { at, stride } = this.simd.qHeads(z, pre);
      const heads = this.simd.memory;
      for (let l = 0; l < L; l++) {
        const eo = (l * this.period + row) * zd;
        sampleLatent(z, l * zd, heads, at + l * stride, zd, noise, eo);
      }
    } else {
      const zPart = m + tb;
      const { bh0, bh1, bhead } = this;
      // First layer: the shared x/t part plus each path's z_{i-1} part.
      for (let l = 0; l < L; l++) {
        const zo = l * zd;
        const ho = l * h;
        for (let j = 0; j < h; j++) {
          let acc = pre[j] as number;
          const ko = j * inputs + zPart;
          for (let k = 0; k < zd; k++) acc += (z[zo + k] as number) * (q0.kt[ko + k] as number);
          bh0[ho + j] = fastTanh(acc);
        }
      }
      denseRows(q1, bh0, h, L, bh1, true);
      denseRows(q2, bh1, h, L, bhead, false);
      for (let l = 0; l < L; l++) {
        const eo = (l * this.period + row) * zd;
        sampleLatent(z, l * zd, bhead, l * 2 * zd, zd, noise, eo);
      }
    }
    state.steps++;
  }

  /** S and sigma of the point the state last stepped on (x-net per path); detail gets mu_x, s_x. */
  emit(state: FilterState, x: Float32Array, xo: number, t: Float32Array | null, to: number, detail?: { mu: Float64Array; sd: Float64Array }): Float32Score {
    const { metrics: m, background: tb, latent: zd } = this.sizes;
    const L = this.samples;
    const { xin } = this;
    for (let k = 0; k < tb; k++) xin[zd + k] = t ? (t[to + k] as number) : 0;
    if (detail) {
      detail.mu.fill(0);
      detail.sd.fill(0);
    }
    const sums: LikelihoodSums = { ll: 0, sd: 0 };
    if (this.simd !== undefined) {
      const { at, stride } = this.simd.xOutputs(state.z, t, to);
      const out = this.simd.memory;
      for (let l = 0; l < L; l++) addGaussianSample(sums, out, at + l * stride, x, xo, m, L, detail);
      return { s: sums.ll / L, sigma: sums.sd / (L * m) };
    }
    const { bxin, bh0, bh1, bxout } = this;
    const h = this.sizes.hidden;
    const xw = zd + tb;
    for (let l = 0; l < L; l++) {
      for (let k = 0; k < zd; k++) bxin[l * xw + k] = state.z[l * zd + k] as number;
      for (let k = 0; k < tb; k++) bxin[l * xw + zd + k] = xin[zd + k] as number;
    }
    denseRows(this.net.x0, bxin, xw, L, bh0, true);
    denseRows(this.net.x1, bh0, h, L, bh1, true);
    denseRows(this.net.x2, bh1, h, L, bxout, false);
    for (let l = 0; l < L; l++) addGaussianSample(sums, bxout, l * 2 * m, x, xo, m, L, detail);
    return { s: sums.ll / L, sigma: sums.sd / (L * m) };
  }
}

/** Filter scores of every point of every series in data (NaN for each series' first W - 1 points). */
export function filterSeriesScores(data: { readonly x: Float32Array; readonly t: Float32Array | null; readonly m: number; readonly tdim: number; readonly n: number; readonly bounds: readonly (readonly [number, number])[] }, filter: Float32SsmFilter, window: number): { s: Float64Array; sigma: Float64Array } {
  const s = new Float64Array(data.n).fill(Number.NaN);
  const sigma = new Float64Array(data.n).fill(Number.NaN);
  for (const [from, to] of data.bounds) {
    const state = filter.newState();
    for (let i = from; i < to; i++) {
      filter.advance(state, data.x, i * data.m, data.t, i * data.tdim);
      if (i - from < window - 1) continue;
      const r = filter.emit(state, data.x, i * data.m, data.t, i * data.tdim);
      s[i] = r.s;
      sigma[i] = r.sigma;
    }
  }
  return { s, sigma };
}
