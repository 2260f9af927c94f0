// The dense VAE's training step written by hand on @awad/tensor's WebAssembly SIMD kernels: the
// same network, loss (negative ELBO, one reparameterised sample), clips and Adam as DenseVae.loss
// under tf.train.adam, without tfjs's per-op cost (a step of the 240 -> 100 -> 5 -> 100 -> 240
// model at batch 128 is about 250 tfjs ops, most of its time). Initial weights come from
// DenseVae(arch, seed), so both engines start from the same point and follow the same path to
// float rounding (tested against tfjs's gradients and a tfjs-trained copy).
// Reference: Kingma & Welling 2014 (ELBO, reparameterisation, Gaussian KL); METHODS.md 5.5.
import { readSimdStack, SimdAdam, SimdArena, SimdTrainDense, writeSimdStack, type NamedWeights, type SimdParam } from '@awad/tensor';
import { LOG_2PI, LOGSTD_MAX, LOGSTD_MIN, LOGVAR_MAX, LOGVAR_MIN, type VaeArchitecture } from '../vae/architecture';
import { DenseVae } from '../vae/dense-vae';

const clip = (v: number, lo: number, hi: number): number => (v < lo ? lo : v > hi ? hi : v);

export class SimdVaeTrainer {
  readonly arch: VaeArchitecture;
  readonly maxRows: number;
  private readonly arena: SimdArena;
  private readonly encoder: SimdTrainDense[];
  private readonly decoder: SimdTrainDense[];
  private readonly adam: SimdAdam;
  /** Offsets: input batch [maxRows, D], noise [maxRows, Z], z [maxRows, Z], d mean [maxRows, D4], d encoder output [maxRows, 2Z4]. */
  private readonly x: number;
  private readonly eps: number;
  private readonly z: number;
  private readonly dMean: number;
  private readonly dEnc: number;
  /** Learned log-std [D] and its gradient (absent with a fixed std). */
  private readonly logStd: SimdParam | undefined;

  /** Undefined where the runtime has no WebAssembly SIMD (train with tfjs there). */
  static create(arch: VaeArchitecture, seed: number, learningRate: number, maxRows: number): SimdVaeTrainer | undefined {
    const arena = SimdArena.create();
    return arena ? new SimdVaeTrainer(arena, arch, seed, learningRate, maxRows) : undefined;
  }

  private constructor(arena: SimdArena, arch: VaeArchitecture, seed: number, learningRate: number, maxRows: number) {
    this.arena = arena;
    this.arch = arch;
    this.maxRows = maxRows;
    const { inputs: d, hidden, latent: zDim, activation } = arch;
    const encSizes = [d, ...hidden, 2 * zDim];
    const decSizes = [zDim, ...[...hidden].reverse(), d];
    const stack = (sizes: number[]): SimdTrainDense[] =>
      sizes.slice(1).map((units, i) => new SimdTrainDense(arena, sizes[i] as number, units, i + 2 === sizes.length ? 'linear' : activation, maxRows));
    this.encoder = stack(encSizes);
    this.decoder = stack(decSizes);
    this.x = arena.alloc(maxRows * d);
    this.eps = arena.alloc(maxRows * zDim);
    this.z = arena.alloc(maxRows * zDim);
    this.dMean = arena.alloc(maxRows * (this.decoder.at(-1) as SimdTrainDense).units4);
    this.dEnc = arena.alloc(maxRows * (this.encoder.at(-1) as SimdTrainDense).units4);
    if (arch.decoderStd === 'learned') this.logStd = { value: arena.alloc(d), grad: arena.alloc(d), n: d };
    const init = new DenseVae(arch, seed);
    try {
      this.setWeights(init.weights());
    } finally {
      init.dispose();
    }
    const params = [...this.encoder, ...this.decoder].flatMap((l) => l.params());
    this.adam = new SimdAdam(arena, this.logStd ? [...params, this.logStd] : params, { learningRate });
  }

  setWeights(weights: NamedWeights): void {
    writeSimdStack(this.encoder, 'encoder', weights, 'SimdVaeTrainer');
    writeSimdStack(this.decoder, 'decoder', weights, 'SimdVaeTrainer');
    if (this.logStd) {
      const s = weights['decoder/logstd'];
      if (!s) throw new Error('SimdVaeTrainer: weights lack decoder/logstd');
      this.arena.f32.set(s.values, this.logStd.value);
    }
  }

  /** The weights under DenseVae's names, as copies. */
  weights(): NamedWeights {
    const out = { ...readSimdStack(this.encoder, 'encoder'), ...readSimdStack(this.decoder, 'decoder') };
    if (this.logStd) out['decoder/logstd'] = { shape: [this.arch.inputs], values: this.arena.f32.slice(this.logStd.value, this.logStd.value + this.arch.inputs) };
    return out;
  }

  /** One Adam step on `rows` windows xb [rows, D] with noise eb [rows, Z]; returns the batch's mean loss before the step. */
  step(xb: Float32Array, eb: Float32Array, rows: number): number {
    const loss = this.pass(xb, eb, rows, true);
    this.adam.step();
    return loss;
  }

  /** Mean loss of `rows` windows with the given noise (no gradients, no update). */
  loss(xb: Float32Array, eb: Float32Array, rows: number): number {
    return this.pass(xb, eb, rows, false);
  }

  /** Forward pass and, with `train`, the gradients of every parameter. */
  private pass(xb: Float32Array, eb: Float32Array, rows: number, train: boolean): number {
    const { inputs: d, latent: zDim } = this.arch;
    const f0 = this.arena.f32;
    f0.set(xb.subarray(0, rows * d), this.x);
    f0.set(eb.subarray(0, rows * zDim), this.eps);
    // Encoder -> (mu, raw log-variance) in the last layer's output rows.
    let h = this.x;
    let stride = d;
    for (const l of this.encoder) {
      h = l.forward(h, rows, stride);
      stride = l.units4;
    }
    const enc = this.encoder.at(-1) as SimdTrainDense;
    const f = this.arena.f32;
    let kl = 0;
    for (let r = 0; r < rows; r++) {
      const o = enc.y + r * enc.units4;
      for (let j = 0; j < zDim; j++) {
        const mu = f[o + j] as number;
        const lv = clip(f[o + zDim + j] as number, LOGVAR_MIN, LOGVAR_MAX);
        const std = Math.fround(Math.exp(0.5 * lv));
        f[this.z + r * zDim + j] = mu + std * (f[this.eps + r * zDim + j] as number);
        kl += 0.5 * (mu * mu + Math.exp(lv) - lv - 1);
      }
    }
    h = this.z;
    stride = zDim;
    for (const l of this.decoder) {
      h = l.forward(h, rows, stride);
      stride = l.units4;
    }
    const dec = this.decoder.at(-1) as SimdTrainDense;
    const d4 = dec.units4;
    const fixedLogStd = this.logStd ? 0 : Math.log(this.arch.decoderStd as number);
    let nll = 0;
    const inv = 1 / rows;
    if (this.logStd) f.fill(0, this.logStd.grad, this.logStd.grad + d);
    for (let r = 0; r < rows; r++) {
      const m = dec.y + r * d4;
      const xr = this.x + r * d;
      const g = this.dMean + r * d4;
      for (let j = 0; j < d; j++) {
        const ls = this.logStd ? clip(f[this.logStd.value + j] as number, LOGSTD_MIN, LOGSTD_MAX) : fixedLogStd;
        const prec = Math.exp(-2 * ls);
        const diff = (f[xr + j] as number) - (f[m + j] as number);
        const sq = diff * diff * prec;
        nll += ls + 0.5 * LOG_2PI + 0.5 * sq;
        if (train) {
          f[g + j] = -diff * prec * inv;
          if (this.logStd) f[this.logStd.grad + j] = (f[this.logStd.grad + j] as number) + (1 - sq) * inv;
        }
      }
    }
    const loss = (nll + kl) * inv;
    if (!train) return loss;
    if (this.logStd) {
      for (let j = 0; j < d; j++) {
        const s = f[this.logStd.value + j] as number;
        if (s < LOGSTD_MIN || s > LOGSTD_MAX) f[this.logStd.grad + j] = 0;
      }
    }
    // Decoder backward, newest layer first; its first layer gives d z.
    for (let i = this.decoder.length - 1; i >= 0; i--) {
      const l = this.decoder[i] as SimdTrainDense;
      const below = i === 0 ? this.z : (this.decoder[i - 1] as SimdTrainDense).y;
      const belowStride = i === 0 ? zDim : (this.decoder[i - 1] as SimdTrainDense).units4;
      const dy = i === this.decoder.length - 1 ? this.dMean : (this.decoder[i + 1] as SimdTrainDense).dx;
      l.backward(below, rows, belowStride, dy, true);
    }
    const dz = (this.decoder[0] as SimdTrainDense).dx;
    const dz4 = (this.decoder[0] as SimdTrainDense).inputs4;
    const e4 = enc.units4;
    for (let r = 0; r < rows; r++) {
      const o = enc.y + r * e4;
      const g = this.dEnc + r * e4;
      for (let j = 0; j < zDim; j++) {
        const mu = f[o + j] as number;
        const raw = f[o + zDim + j] as number;
        const lv = clip(raw, LOGVAR_MIN, LOGVAR_MAX);
        const std = Math.exp(0.5 * lv);
        const dzj = f[dz + r * dz4 + j] as number;
        f[g + j] = dzj + mu * inv;
        f[g + zDim + j] = raw < LOGVAR_MIN || raw > LOGVAR_MAX ? 0 : dzj * (f[this.eps + r * zDim + j] as number) * 0.5 * std + 0.5 * (Math.exp(lv) - 1) * inv;
      }
    }
    for (let i = this.encoder.length - 1; i >= 0; i--) {
      const l = this.encoder[i] as SimdTrainDense;
      const below = i === 0 ? this.x : (this.encoder[i - 1] as SimdTrainDense).y;
      const belowStride = i === 0 ? d : (this.encoder[i - 1] as SimdTrainDense).units4;
      const dy = i === this.encoder.length - 1 ? this.dEnc : (this.encoder[i + 1] as SimdTrainDense).dx;
      l.backward(below, rows, belowStride, dy, i > 0);
    }
    return loss;
  }
}
