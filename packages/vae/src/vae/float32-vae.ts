// The VAE's Monte Carlo score in plain Float32Array loops, from exported weights: the live path
// runs no tfjs op per event. The decoder's last layer is cut to the scored outputs (the newest
// row of the window by default), so one score costs an encoder pass and L small decoder passes.
// Speed (issue 6: no slower than PyTorch on one window): the latent layer is folded into the first
// decoder layer (W·(mu + std·eps) = W·mu + (W·diag(std))·eps, the W·mu part once per window), the
// cut last layer is stored transposed and run four samples at a time, and tanh comes from a table
// (@awad/tensor fastTanh, |error| < 1e-8): Math.tanh over L x H units was a third of the cost.
// Where the runtime has WebAssembly SIMD, the L reconstructions come from SimdVaeMeans instead
// (f32x4 kernels, about 4x faster again); the likelihood is finished here either way.
// Reference: METHODS.md 2.5 and 2.9 (L = 100 samples; "score with exported weights in plain
// Float32Array code"); the same math as DenseVae.scoreTensor.
import { SnapshotError } from '@awad/core';
import { activateScalar, fastTanh, Float32Mlp, SimdArena, type Activation, type NamedWeights } from '@awad/tensor';
import { LOG_2PI, LOGSTD_MAX, LOGSTD_MIN, LOGVAR_MAX, LOGVAR_MIN, type VaeArchitecture } from './architecture';
import type { ScoreSpan } from './dense-vae';
import { SimdVaeMeans } from './simd-vae-means';

const MODULE = '@awad/vae/float32-vae';

function layerOf(weights: NamedWeights, name: string, activation: Activation) {
  const kernel = weights[`${name}/kernel`];
  const bias = weights[`${name}/bias`];
  if (kernel === undefined || bias === undefined || kernel.shape.length !== 2) throw new SnapshotError(MODULE, `weights ${name}/kernel and ${name}/bias`, 'none');
  const [inputs, units] = kernel.shape as [number, number];
  return { kernel: kernel.values, bias: bias.values, inputs, units, activation };
}

/** One dense layer's weights as exported: kernel [inputs, units] row-major, bias [units]. */
type LayerWeights = ReturnType<typeof layerOf>;

export interface Float32VaeOptions {
  /** Use the WebAssembly SIMD kernels where the runtime has them (default true). */
  readonly simd?: boolean;
}

export class Float32Vae {
  readonly arch: VaeArchitecture;
  readonly span: ScoreSpan;
  /** Outputs scored: D - span.from. */
  readonly scored: number;
  private readonly encoder: Float32Mlp;
  /** The first decoder layer (latent -> hidden[0]); folded with mu and std per window. */
  private readonly first: LayerWeights;
  /** Decoder layers after the first one and before the output (empty for one hidden layer). */
  private readonly decoderRest: Float32Mlp | undefined;
  /** Last decoder layer restricted to the scored outputs, transposed: [scored, H] and [scored]. */
  private readonly outKernelT: Float32Array;
  private readonly outBias: Float32Array;
  private readonly hiddenOut: number;
  /** Per scored output: clipped log-std, and exp(-log-std). */
  private readonly logStd: Float64Array;
  private readonly invStd: Float64Array;
  private readonly eps: Float32Array;
  private readonly samples: number;
  // Scratch buffers, reused by every score.
  private readonly encOut: Float32Array;
  /** W1·mu + b1 [H0] and W1·diag(std) transposed to [H0, Z], per window. */
  private readonly firstBias: Float32Array;
  private readonly firstScaled: Float32Array;
  private readonly hidden0: Float32Array;
  private readonly hidden: Float32Array;
  private readonly mean: Float32Array;
  private readonly nll: Float64Array;
  /** The SIMD path, when the runtime has it and it was not turned off. */
  private readonly simd: SimdVaeMeans | undefined;

  constructor(arch: VaeArchitecture, weights: NamedWeights, span: ScoreSpan, eps: Float32Array, samples: number, options: Float32VaeOptions = {}) {
    this.arch = arch;
    this.span = span;
    const d = arch.inputs;
    const z = arch.latent;
    const act = arch.activation;
    const nh = arch.hidden.length;
    this.scored = d - span.from;
    this.encoder = new Float32Mlp(Array.from({ length: nh + 1 }, (_, i) => layerOf(weights, `encoder/${i}`, i < nh ? act : 'linear')));
    this.first = layerOf(weights, 'decoder/0', act);
    this.decoderRest = nh > 1 ? new Float32Mlp(Array.from({ length: nh - 1 }, (_, i) => layerOf(weights, `decoder/${i + 1}`, act))) : undefined;
    const last = layerOf(weights, `decoder/${nh}`, 'linear');
    if (last.units !== d || this.encoder.inputs !== d || this.encoder.outputs !== 2 * z || this.first.inputs !== z) {
      throw new SnapshotError(MODULE, `a VAE with ${d} inputs and latent ${z}`, `encoder ${this.encoder.inputs} -> ${this.encoder.outputs}, decoder ${this.first.inputs} -> ${last.units}`);
    }
    this.hiddenOut = last.inputs;
    this.outKernelT = new Float32Array(last.inputs * this.scored);
    for (let k = 0; k < last.inputs; k++) for (let j = 0; j < this.scored; j++) this.outKernelT[j * last.inputs + k] = last.kernel[k * d + span.from + j] as number;
    this.outBias = last.bias.slice(span.from);
    this.logStd = new Float64Array(this.scored);
    const learned = weights['decoder/logstd'];
    for (let j = 0; j < this.scored; j++) {
      let s = arch.decoderStd === 'learned' ? (learned?.values[span.from + j] ?? Number.NaN) : Math.log(arch.decoderStd);
      if (Number.isNaN(s)) throw new SnapshotError(MODULE, `weight decoder/logstd of ${d} values`, String(learned?.values.length));
      // Math.fround: the tfjs model holds the clipped log-std in float32.
      s = Math.fround(Math.min(LOGSTD_MAX, Math.max(LOGSTD_MIN, s)));
      this.logStd[j] = s;
    }
    this.invStd = this.logStd.map((s) => Math.exp(-s));
    this.samples = samples;
    this.eps = eps;
    const h0 = this.first.units;
    this.encOut = new Float32Array(2 * z);
    this.firstBias = new Float32Array(h0);
    this.firstScaled = new Float32Array(z * h0);
    this.hidden0 = new Float32Array(samples * h0);
    this.hidden = nh > 1 ? new Float32Array(samples * this.hiddenOut) : this.hidden0;
    this.mean = new Float32Array(samples * this.scored);
    this.nll = new Float64Array(this.scored);
    const arena = options.simd === false ? undefined : SimdArena.create();
    if (arena === undefined) {
      this.simd = undefined;
    } else {
      const cutKernel = new Float32Array(last.inputs * this.scored);
      for (let k = 0; k < last.inputs; k++) for (let j = 0; j < this.scored; j++) cutKernel[k * this.scored + j] = last.kernel[k * d + span.from + j] as number;
      const encoder = this.encoder.layers.map((l) => ({ ...l }));
      const rest = this.decoderRest?.layers ?? [];
      this.simd = new SimdVaeMeans(arena, encoder, this.first, rest, { kernel: cutKernel, bias: this.outBias, inputs: last.inputs, units: this.scored, activation: 'linear' }, eps, samples);
    }
  }

  /** Whether scores run on the WebAssembly SIMD kernels. */
  get usesSimd(): boolean {
    return this.simd !== undefined;
  }

  /**
   * Score of one window x [D]: mean over the L samples of Σ_j -log N(x_j; mean_j, s_j) over the
   * scored outputs. With `perOutput`, also writes each scored output's mean NLL there; with
   * `meanOut`, each scored output's reconstruction averaged over the samples.
   */
  score(x: Float32Array, perOutput?: Float64Array, meanOut?: Float64Array): number {
    const l = this.samples;
    let mean = this.mean;
    let at = 0;
    let stride = this.scored;
    if (this.simd !== undefined) {
      at = this.simd.means(x);
      stride = this.simd.stride;
      mean = this.simd.memory;
    } else {
      this.encoder.forward(x, 1, this.encOut);
      this.decodeFirst(l);
      if (this.decoderRest !== undefined) this.decoderRest.forward(this.hidden0, l, this.hidden);
      this.decodeScored(l);
    }
    const f = this.span.from;
    const m = this.scored;
    const nll = this.nll;
    const inv = this.invStd;
    nll.fill(0);
    for (let s = 0; s < l; s++) {
      const o = at + s * stride;
      for (let j = 0; j < m; j++) {
        const r = ((x[f + j] as number) - (mean[o + j] as number)) * (inv[j] as number);
        nll[j] = (nll[j] as number) + r * r;
      }
    }
    if (meanOut) {
      meanOut.fill(0);
      for (let s = 0; s < l; s++) for (let j = 0; j < m; j++) meanOut[j] = (meanOut[j] as number) + (mean[at + s * stride + j] as number) / l;
    }
    let total = 0;
    for (let j = 0; j < m; j++) {
      const v = (this.logStd[j] as number) + 0.5 * LOG_2PI + (0.5 * (nll[j] as number)) / l;
      if (perOutput) perOutput[j] = v;
      total += v;
    }
    return total;
  }

  /** hidden0[s] = act(b1 + W1ᵀ(mu + std ⊙ eps_s)), as (b1 + W1ᵀmu) + (W1 diag(std))ᵀ eps_s. */
  private decodeFirst(l: number): void {
    const zDim = this.arch.latent;
    const { kernel, bias, units, activation } = this.first;
    const c = this.firstBias;
    // vt[j, k] = std_k W1[k, j]: each unit's Z weights contiguous, so a unit's sum stays in a register.
    const vt = this.firstScaled;
    c.set(bias);
    for (let k = 0; k < zDim; k++) {
      const mu = this.encOut[k] as number;
      let lv = this.encOut[zDim + k] as number;
      lv = lv < LOGVAR_MIN ? LOGVAR_MIN : lv > LOGVAR_MAX ? LOGVAR_MAX : lv;
      const std = Math.fround(Math.exp(Math.fround(lv * 0.5)));
      const o = k * units;
      for (let j = 0; j < units; j++) {
        const w = kernel[o + j] as number;
        c[j] = (c[j] as number) + mu * w;
        vt[j * zDim + k] = std * w;
      }
    }
    const eps = this.eps;
    const out = this.hidden0;
    const tanh = activation === 'tanh';
    for (let s = 0; s < l; s++) {
      const oo = s * units;
      const eo = s * zDim;
      for (let j = 0; j < units; j++) {
        let a = c[j] as number;
        const vo = j * zDim;
        for (let k = 0; k < zDim; k++) a += (eps[eo + k] as number) * (vt[vo + k] as number);
        out[oo + j] = tanh ? fastTanh(a) : activateScalar(a, activation);
      }
    }
  }

  /** mean[s, j] = b_j + hidden[s] · W[:, j] over the scored outputs, four samples per pass over W. */
  private decodeScored(l: number): void {
    const h = this.hiddenOut;
    const m = this.scored;
    const kt = this.outKernelT;
    const b = this.outBias;
    const x = this.hidden;
    const out = this.mean;
    let s = 0;
    for (; s + 4 <= l; s += 4) {
      const i0 = s * h;
      const i1 = i0 + h;
      const i2 = i1 + h;
      const i3 = i2 + h;
      for (let j = 0; j < m; j++) {
        let a0 = 0;
        let a1 = 0;
        let a2 = 0;
        let a3 = 0;
        const ko = j * h;
        for (let k = 0; k < h; k++) {
          const w = kt[ko + k] as number;
          a0 += (x[i0 + k] as number) * w;
          a1 += (x[i1 + k] as number) * w;
          a2 += (x[i2 + k] as number) * w;
          a3 += (x[i3 + k] as number) * w;
        }
        const bj = b[j] as number;
        out[s * m + j] = bj + a0;
        out[(s + 1) * m + j] = bj + a1;
        out[(s + 2) * m + j] = bj + a2;
        out[(s + 3) * m + j] = bj + a3;
      }
    }
    for (; s < l; s++) {
      const io = s * h;
      for (let j = 0; j < m; j++) {
        let a = 0;
        const ko = j * h;
        for (let k = 0; k < h; k++) a += (x[io + k] as number) * (kt[ko + k] as number);
        out[s * m + j] = (b[j] as number) + a;
      }
    }
  }
}
