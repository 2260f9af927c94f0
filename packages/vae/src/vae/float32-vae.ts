// The VAE's Monte Carlo score in plain Float32Array loops, from exported weights: the live path
// runs no tfjs op per event. The decoder's last layer is cut to the scored outputs (the newest
// row of the window by default), so one score costs an encoder pass and L small decoder passes.
// Reference: METHODS.md 2.5 and 2.9 (L = 100 samples; "score with exported weights in plain
// Float32Array code"); the same math as DenseVae.scoreTensor.
import { SnapshotError } from '@awad/core';
import { denseForward, Float32Mlp, type Activation, type NamedWeights } from '@awad/tensor';
import { LOG_2PI, LOGSTD_MAX, LOGSTD_MIN, LOGVAR_MAX, LOGVAR_MIN, type VaeArchitecture } from './architecture';
import type { ScoreSpan } from './dense-vae';

const MODULE = '@awad/vae/float32-vae';

function layerOf(weights: NamedWeights, name: string, activation: Activation) {
  const kernel = weights[`${name}/kernel`];
  const bias = weights[`${name}/bias`];
  if (kernel === undefined || bias === undefined || kernel.shape.length !== 2) throw new SnapshotError(MODULE, `weights ${name}/kernel and ${name}/bias`, 'none');
  const [inputs, units] = kernel.shape as [number, number];
  return { kernel: kernel.values, bias: bias.values, inputs, units, activation };
}

export class Float32Vae {
  readonly arch: VaeArchitecture;
  readonly span: ScoreSpan;
  /** Outputs scored: D - span.from. */
  readonly scored: number;
  private readonly encoder: Float32Mlp;
  private readonly decoderHidden: Float32Mlp;
  /** Last decoder layer restricted to the scored outputs: [H, scored] and [scored]. */
  private readonly outKernel: Float32Array;
  private readonly outBias: Float32Array;
  private readonly hiddenOut: number;
  /** Per scored output: clipped log-std, and exp(-log-std). */
  private readonly logStd: Float64Array;
  private readonly invStd: Float64Array;
  private readonly eps: Float32Array;
  private readonly samples: number;
  // Scratch buffers, reused by every score.
  private readonly encOut: Float32Array;
  private readonly z: Float32Array;
  private readonly hidden: Float32Array;
  private readonly mean: Float32Array;
  private readonly nll: Float64Array;

  constructor(arch: VaeArchitecture, weights: NamedWeights, span: ScoreSpan, eps: Float32Array, samples: number) {
    this.arch = arch;
    this.span = span;
    const d = arch.inputs;
    const z = arch.latent;
    const act = arch.activation;
    const nh = arch.hidden.length;
    this.scored = d - span.from;
    this.encoder = new Float32Mlp(Array.from({ length: nh + 1 }, (_, i) => layerOf(weights, `encoder/${i}`, i < nh ? act : 'linear')));
    this.decoderHidden = new Float32Mlp(Array.from({ length: nh }, (_, i) => layerOf(weights, `decoder/${i}`, act)));
    const last = layerOf(weights, `decoder/${nh}`, 'linear');
    if (last.units !== d || this.encoder.inputs !== d || this.encoder.outputs !== 2 * z) throw new SnapshotError(MODULE, `a VAE with ${d} inputs and latent ${z}`, `encoder ${this.encoder.inputs} -> ${this.encoder.outputs}, decoder -> ${last.units}`);
    this.hiddenOut = last.inputs;
    this.outKernel = new Float32Array(last.inputs * this.scored);
    for (let k = 0; k < last.inputs; k++) for (let j = 0; j < this.scored; j++) this.outKernel[k * this.scored + j] = last.kernel[k * d + span.from + j] as number;
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
    this.encOut = new Float32Array(2 * z);
    this.z = new Float32Array(samples * z);
    this.hidden = new Float32Array(samples * this.hiddenOut);
    this.mean = new Float32Array(samples * this.scored);
    this.nll = new Float64Array(this.scored);
  }

  /**
   * Score of one window x [D]: mean over the L samples of Σ_j -log N(x_j; mean_j, s_j) over the
   * scored outputs. With `perOutput`, also writes each scored output's mean NLL there; with
   * `meanOut`, each scored output's reconstruction averaged over the samples.
   */
  score(x: Float32Array, perOutput?: Float64Array, meanOut?: Float64Array): number {
    const zDim = this.arch.latent;
    const l = this.samples;
    this.encoder.forward(x, 1, this.encOut);
    for (let k = 0; k < zDim; k++) {
      const mu = this.encOut[k] as number;
      let lv = this.encOut[zDim + k] as number;
      lv = lv < LOGVAR_MIN ? LOGVAR_MIN : lv > LOGVAR_MAX ? LOGVAR_MAX : lv;
      const std = Math.fround(Math.exp(Math.fround(lv * 0.5)));
      for (let s = 0; s < l; s++) this.z[s * zDim + k] = mu + std * (this.eps[s * zDim + k] as number);
    }
    this.decoderHidden.forward(this.z, l, this.hidden);
    denseForward(this.hidden, l, this.outKernel, this.outBias, this.hiddenOut, this.scored, 'linear', this.mean);
    const f = this.span.from;
    const nll = this.nll;
    nll.fill(0);
    for (let s = 0; s < l; s++) {
      const o = s * this.scored;
      for (let j = 0; j < this.scored; j++) {
        const r = ((x[f + j] as number) - (this.mean[o + j] as number)) * (this.invStd[j] as number);
        nll[j] = (nll[j] as number) + r * r;
      }
    }
    if (meanOut) {
      meanOut.fill(0);
      for (let s = 0; s < l; s++) for (let j = 0; j < this.scored; j++) meanOut[j] = (meanOut[j] as number) + (this.mean[s * this.scored + j] as number) / l;
    }
    let total = 0;
    for (let j = 0; j < this.scored; j++) {
      const v = (this.logStd[j] as number) + 0.5 * LOG_2PI + (0.5 * (nll[j] as number)) / l;
      if (perOutput) perOutput[j] = v;
      total += v;
    }
    return total;
  }
}
