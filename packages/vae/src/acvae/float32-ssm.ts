// The ACVAE score without tfjs: the q-net chain over the window and the x-net at its last step in
// plain Float32Array loops, on weights exported from an SsmVae and the same Monte Carlo noise
// table, so it gives the tfjs model's scores (up to float rounding). Used for every live point.
// Reference: METHODS.md section 2.9 (Algorithm 2 of seed [003]; the Float32Array hot path is OUR CHOICE).
import { SnapshotError } from '@awad/core';
import { fastTanh, type NamedWeights } from '@awad/tensor';
import { HALF_LOG_2PI, LOGSIG_MAX, LOGSIG_MIN, type SsmSizes } from './ssm-vae';

const MODULE = '@awad/vae/float32-ssm';

/** A dense layer with its kernel transposed to [units, inputs], so each unit's dot product is contiguous. */
export interface Layer {
  readonly kt: Float32Array;
  readonly bias: Float32Array;
  readonly inputs: number;
  readonly units: number;
}

export function layer(weights: NamedWeights, name: string, inputs: number, units: number): Layer {
  const k = weights[`${name}/kernel`];
  const b = weights[`${name}/bias`];
  if (!k || !b || k.shape[0] !== inputs || k.shape[1] !== units || b.values.length !== units) {
    throw new SnapshotError(MODULE, `${name} of shape [${inputs}, ${units}]`, k ? `shape [${k.shape.join(', ')}]` : 'no such weight');
  }
  const kt = new Float32Array(inputs * units);
  for (let i = 0; i < inputs; i++) for (let j = 0; j < units; j++) kt[j * inputs + i] = k.values[i * units + j] as number;
  return { kt, bias: b.values, inputs, units };
}

/** out[j] = act(bias[j] + in[inOff..inOff+inputs) . kt[j]) for one row. */
export function dense(l: Layer, input: Float32Array, inOff: number, out: Float32Array, outOff: number, tanh: boolean): void {
  const { kt, bias, inputs, units } = l;
  for (let j = 0; j < units; j++) {
    let acc = bias[j] as number;
    const ko = j * inputs;
    for (let k = 0; k < inputs; k++) acc += (input[inOff + k] as number) * (kt[ko + k] as number);
    out[outOff + j] = tanh ? fastTanh(acc) : acc;
  }
}

/**
 * out[r, j] = act(bias[j] + input[r, :] . kt[j]) for `rows` rows of `stride`-wide input (the layer's
 * inputs start at column 0), four rows at a time so each kernel row is loaded once per block.
 */
export function denseRows(l: Layer, input: Float32Array, stride: number, rows: number, out: Float32Array, tanh: boolean): void {
  const { kt, bias, inputs, units } = l;
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const i0 = r * stride;
    const i1 = i0 + stride;
    const i2 = i1 + stride;
    const i3 = i2 + stride;
    for (let j = 0; j < units; j++) {
      const b = bias[j] as number;
      let a0 = b;
      let a1 = b;
      let a2 = b;
      let a3 = b;
      const ko = j * inputs;
      for (let k = 0; k < inputs; k++) {
        const w = kt[ko + k] as number;
        a0 += (input[i0 + k] as number) * w;
        a1 += (input[i1 + k] as number) * w;
        a2 += (input[i2 + k] as number) * w;
        a3 += (input[i3 + k] as number) * w;
      }
      const o = r * units + j;
      if (tanh) {
        out[o] = fastTanh(a0);
        out[o + units] = fastTanh(a1);
        out[o + 2 * units] = fastTanh(a2);
        out[o + 3 * units] = fastTanh(a3);
      } else {
        out[o] = a0;
        out[o + units] = a1;
        out[o + 2 * units] = a2;
        out[o + 3 * units] = a3;
      }
    }
  }
  for (; r < rows; r++) {
    for (let j = 0; j < units; j++) {
      let acc = bias[j] as number;
      const ko = j * inputs;
      const io = r * stride;
      for (let k = 0; k < inputs; k++) acc += (input[io + k] as number) * (kt[ko + k] as number);
      out[r * units + j] = tanh ? fastTanh(acc) : acc;
    }
  }
}

export function clip(v: number): number {
  return v < LOGSIG_MIN ? LOGSIG_MIN : v > LOGSIG_MAX ? LOGSIG_MAX : v;
}

/** The six layers of an SsmVae: q-net (posterior of z_i) and x-net (likelihood of x_i). */
export interface SsmLayers {
  readonly q0: Layer;
  readonly q1: Layer;
  readonly q2: Layer;
  readonly x0: Layer;
  readonly x1: Layer;
  readonly x2: Layer;
}

export function ssmLayers(weights: NamedWeights, sizes: SsmSizes): SsmLayers {
  const { metrics: m, background: t, latent: z, hidden: h } = sizes;
  return {
    q0: layer(weights, 'q/0', m + t + z, h),
    q1: layer(weights, 'q/1', h, h),
    q2: layer(weights, 'q/2', h, 2 * z),
    x0: layer(weights, 'x/0', z + t, h),
    x1: layer(weights, 'x/1', h, h),
    x2: layer(weights, 'x/2', h, 2 * m),
  };
}

/** Reparameterised draw z[zo + k] = mu_k + exp(clip(log sigma_k)) * eps_k from a [mu, log sigma] head. */
export function sampleLatent(z: Float32Array, zo: number, head: Float32Array, ho: number, zd: number, noise: Float32Array, eo: number): void {
  for (let k = 0; k < zd; k++) z[zo + k] = (head[ho + k] as number) + Math.exp(clip(head[ho + zd + k] as number)) * (noise[eo + k] as number);
}

/** Sums of one Monte Carlo sample's terms: log-likelihood and the x-net's std over metrics. */
export interface LikelihoodSums {
  ll: number;
  sd: number;
}

/**
 * Adds log N(x[xo + k] | mu_k, s_k) and s_k over the M metrics of one sample's x-net output
 * (out[oo..oo+M) means, out[oo+M..oo+2M) log stds, clipped); detail gets mu/L and s/L per metric.
 */
export function addGaussianSample(sums: LikelihoodSums, out: Float32Array, oo: number, x: Float32Array, xo: number, m: number, L: number, detail?: { mu: Float64Array; sd: Float64Array }): void {
  for (let k = 0; k < m; k++) {
    const mu = out[oo + k] as number;
    const ls = clip(out[oo + m + k] as number);
    const s = Math.exp(ls);
    const d = ((x[xo + k] as number) - mu) / s;
    sums.ll += -ls - HALF_LOG_2PI - 0.5 * d * d;
    sums.sd += s;
    if (detail) {
      detail.mu[k] = (detail.mu[k] as number) + mu / L;
      detail.sd[k] = (detail.sd[k] as number) + s / L;
    }
  }
}

export interface Float32Score {
  s: number;
  sigma: number;
}

export class Float32SsmScorer {
  readonly sizes: SsmSizes;
  readonly samples: number;
  readonly window: number;
  private readonly net: SsmLayers;
  private readonly noise: Float32Array;
  private readonly inRow: Float32Array;
  private readonly pre: Float32Array;
  private readonly h0: Float32Array;
  private readonly h1: Float32Array;
  private readonly head: Float32Array;
  private z: Float32Array;
  private zNext: Float32Array;
  private readonly xin: Float32Array;
  private readonly xh0: Float32Array;
  private readonly xh1: Float32Array;
  private readonly xout: Float32Array;

  /** weights: an SsmVae's named weights; noise: [L, W, Z] standard normals (the score's sample paths). */
  constructor(weights: NamedWeights, sizes: SsmSizes, noise: Float32Array, samples: number, window: number) {
    const { metrics: m, background: t, latent: z, hidden: h } = sizes;
    if (noise.length !== samples * window * z) throw new SnapshotError(MODULE, `${samples * window * z} noise values`, String(noise.length));
    this.sizes = sizes;
    this.samples = samples;
    this.window = window;
    this.noise = noise;
    this.net = ssmLayers(weights, sizes);
    this.inRow = new Float32Array(m + t + z);
    this.pre = new Float32Array(h);
    this.h0 = new Float32Array(h);
    this.h1 = new Float32Array(h);
    this.head = new Float32Array(2 * z);
    this.z = new Float32Array(samples * z);
    this.zNext = new Float32Array(samples * z);
    this.xin = new Float32Array(z + t);
    this.xh0 = new Float32Array(h);
    this.xh1 = new Float32Array(h);
    this.xout = new Float32Array(2 * m);
  }

  /**
   * Scores the last point of one window. x: [W, M] scaled rows; t: [W, T] or null. When `detail`
   * is given, it receives the mean reconstruction mu_x and std s_x per metric at the last step.
   */
  score(x: Float32Array, t: Float32Array | null, detail?: { mu: Float64Array; sd: Float64Array }): Float32Score {
    const { metrics: m, background: tb, latent: zd, hidden: h } = this.sizes;
    const L = this.samples;
    const W = this.window;
    const { q0, q1, q2 } = this.net;
    const { inRow, h0, h1, head, noise } = this;
    const pre = this.pre;
    for (let i = 0; i < W; i++) {
      // x_i and t_i part of the first layer, shared by all L rows.
      for (let k = 0; k < m; k++) inRow[k] = x[i * m + k] as number;
      for (let k = 0; k < tb; k++) inRow[m + k] = t ? (t[i * tb + k] as number) : 0;
      for (let k = 0; k < zd; k++) inRow[m + tb + k] = 0;
      // Pre-activation of q's first layer without the z_{i-1} part (the same for every sample).
      for (let j = 0; j < h; j++) {
        let acc = q0.bias[j] as number;
        const ko = j * q0.inputs;
        for (let k = 0; k < m + tb; k++) acc += (inRow[k] as number) * (q0.kt[ko + k] as number);
        pre[j] = acc;
      }
      if (i === 0) {
        // z_0 = 0 for every sample: one row of the q-net serves them all.
        for (let j = 0; j < h; j++) h0[j] = fastTanh(pre[j] as number);
        dense(q1, h0, 0, h1, 0, true);
        dense(q2, h1, 0, head, 0, false);
        for (let l = 0; l < L; l++) {
          const eo = (l * W + i) * zd;
          sampleLatent(this.zNext, l * zd, head, 0, zd, noise, eo);
        }
      } else {
        const zPart = m + tb;
        for (let l = 0; l < L; l++) {
          const zo = l * zd;
          for (let j = 0; j < h; j++) {
            let acc = pre[j] as number;
            const ko = j * q0.inputs + zPart;
            for (let k = 0; k < zd; k++) acc += (this.z[zo + k] as number) * (q0.kt[ko + k] as number);
            h0[j] = fastTanh(acc);
          }
          dense(q1, h0, 0, h1, 0, true);
          dense(q2, h1, 0, head, 0, false);
          const eo = (l * W + i) * zd;
          sampleLatent(this.zNext, zo, head, 0, zd, noise, eo);
        }
      }
      const swap = this.z;
      this.z = this.zNext;
      this.zNext = swap;
    }
    // x-net at the last step, per sample.
    const last = (W - 1) * m;
    const sums: LikelihoodSums = { ll: 0, sd: 0 };
    if (detail) {
      detail.mu.fill(0);
      detail.sd.fill(0);
    }
    const { xin, xh0, xh1, xout } = this;
    for (let k = 0; k < tb; k++) xin[zd + k] = t ? (t[(W - 1) * tb + k] as number) : 0;
    for (let l = 0; l < L; l++) {
      for (let k = 0; k < zd; k++) xin[k] = this.z[l * zd + k] as number;
      dense(this.net.x0, xin, 0, xh0, 0, true);
      dense(this.net.x1, xh0, 0, xh1, 0, true);
      dense(this.net.x2, xh1, 0, xout, 0, false);
      addGaussianSample(sums, xout, 0, x, last, m, L, detail);
    }
    return { s: sums.ll / L, sigma: sums.sd / (L * m) };
  }
}
