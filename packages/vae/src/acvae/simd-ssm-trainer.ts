// ACVAE's state-space VAE training step written by hand on @awad/tensor's WebAssembly SIMD
// kernels: the loss of SsmVae.negElbo (mean -ELBO over the batch's windows, one sample path,
// optional mask of the log-likelihood terms, Eq. (1)/(3)) plus l2 over the hidden kernels, its
// gradient by backpropagation through time, and tfjs's Adam rule. Under tfjs a step of a
// 30-point window is about 1,500 small ops, most of the fit's time.
//
// Only the posterior q(z_i | x_i, t_i, z_{i-1}) is recurrent: once every z_i is drawn, the prior
// p(z_i | t_i, z_{i-1}) and the emission p(x_i | z_i, t_i) see known inputs, so they run once over
// all B·W rows. The q-net runs W times on B rows, each step keeping its own activations (rows
// i·B .. i·B + B - 1 of each layer's output), and its backward pass runs from the newest step to
// the oldest, carrying d z_{i-1} back from step i's input.
// Reference: METHODS.md sections 2.2-2.4 (seed [003] §III-A/B, Eq. (1)-(3)); SsmVae.negElbo is the
// definition this follows (tested against tf.grads and against tfjs-trained copies).
import { readSimdStack, SimdAdam, SimdArena, SimdTrainDense, writeSimdStack, type NamedWeights } from '@awad/tensor';
import { HALF_LOG_2PI, LOGSIG_MAX, LOGSIG_MIN, type SsmSizes } from './ssm-vae';

const NETS = ['q', 'p', 'x'] as const;
type NetName = (typeof NETS)[number];

export class SimdSsmTrainer {
  readonly sizes: SsmSizes;
  readonly window: number;
  readonly maxBatch: number;
  private readonly arena: SimdArena;
  private readonly nets: Record<NetName, SimdTrainDense[]>;
  private readonly adam: SimdAdam;
  private readonly l2: number;
  /** Offsets (floats), rows ordered step-major (row i·B + b): inputs of the three nets, noise, z. */
  private readonly qIn: number;
  private readonly pIn: number;
  private readonly xIn: number;
  private readonly eps: number;
  private readonly z: number;
  /** Gradients of the three heads' outputs: q one step at a time [B, units4], p and x all rows. */
  private readonly dQ: number;
  private readonly dP: number;
  private readonly dX: number;
  /** d z_i from the emission and from the prior (at row i·B + b) and from q at the next step. */
  private readonly dzX: Float64Array;
  private readonly dzP: Float64Array;
  private readonly dzNext: Float64Array;
  /** The KL term's gradients of q's head (mu, log sigma) per row, before the reparameterised path. */
  private readonly dqKl: Float64Array;

  /** Undefined where the runtime has no WebAssembly SIMD (train with tfjs there). */
  static create(sizes: SsmSizes, weights: NamedWeights, options: { window: number; maxBatch: number; learningRate: number; l2: number }): SimdSsmTrainer | undefined {
    const arena = SimdArena.create();
    return arena ? new SimdSsmTrainer(arena, sizes, weights, options) : undefined;
  }

  private constructor(arena: SimdArena, sizes: SsmSizes, weights: NamedWeights, o: { window: number; maxBatch: number; learningRate: number; l2: number }) {
    this.arena = arena;
    this.sizes = sizes;
    this.window = o.window;
    this.maxBatch = o.maxBatch;
    this.l2 = o.l2;
    const { metrics: m, background: t, latent: z, hidden: h } = sizes;
    const rows = o.maxBatch * o.window;
    const stack = (inputs: number, outputs: number): SimdTrainDense[] => [new SimdTrainDense(arena, inputs, h, 'tanh', rows), new SimdTrainDense(arena, h, h, 'tanh', rows), new SimdTrainDense(arena, h, outputs, 'linear', rows)];
    this.nets = { q: stack(m + t + z, 2 * z), p: stack(t + z, 2 * z), x: stack(z + t, 2 * m) };
    this.qIn = arena.alloc(rows * (m + t + z));
    this.pIn = arena.alloc(rows * (t + z));
    this.xIn = arena.alloc(rows * (z + t));
    this.eps = arena.alloc(rows * z);
    this.z = arena.alloc(rows * z);
    this.dQ = arena.alloc(o.maxBatch * (this.head('q').units4));
    this.dP = arena.alloc(rows * this.head('p').units4);
    this.dX = arena.alloc(rows * this.head('x').units4);
    this.dzX = new Float64Array(rows * z);
    this.dzP = new Float64Array(rows * z);
    this.dzNext = new Float64Array(o.maxBatch * z);
    this.dqKl = new Float64Array(rows * 2 * z);
    this.setWeights(weights);
    this.adam = new SimdAdam(
      arena,
      NETS.flatMap((n) => this.nets[n].flatMap((l) => l.params())),
      { learningRate: o.learningRate },
    );
  }

  private head(net: NetName): SimdTrainDense {
    return this.nets[net][2] as SimdTrainDense;
  }

  /** Sets the three nets from SsmVae's weights (`q/0/kernel`, ...). */
  setWeights(weights: NamedWeights): void {
    for (const n of NETS) writeSimdStack(this.nets[n], n, weights, 'SimdSsmTrainer');
  }

  /** The weights under SsmVae's names, as copies. */
  weights(): NamedWeights {
    return Object.assign({}, ...NETS.map((n) => readSimdStack(this.nets[n], n))) as NamedWeights;
  }

  /**
   * One Adam step on `rows` windows: x [rows, W, M], t [rows, W, T] or null, noise [rows, W, Z],
   * mask [rows, W] or null (as SsmVae.negElbo takes them). Returns the batch loss before the step.
   */
  step(x: Float32Array, t: Float32Array | null, noise: Float32Array, mask: Float32Array | null, rows: number): number {
    const loss = this.pass(x, t, noise, mask, rows, true);
    this.adam.step();
    return loss;
  }

  /** The loss (mean -ELBO + l2 term) of `rows` windows, no update. */
  loss(x: Float32Array, t: Float32Array | null, noise: Float32Array, mask: Float32Array | null, rows: number): number {
    return this.pass(x, t, noise, mask, rows, false);
  }

  /** The gradients of the last `step`/`pass`, under SsmVae's names (for tests). */
  gradients(): NamedWeights {
    return Object.assign({}, ...NETS.map((n) => readSimdStack(this.nets[n], n, true))) as NamedWeights;
  }

  /** Forward pass and, with `train`, the gradients of every parameter (left in the layers). */
  pass(x: Float32Array, t: Float32Array | null, noise: Float32Array, mask: Float32Array | null, b: number, train: boolean): number {
    if (!(Number.isInteger(b) && b >= 1 && b <= this.maxBatch)) throw new RangeError(`SimdSsmTrainer: expected 1 to ${this.maxBatch} windows, got ${b}`);
    const { metrics: m, background: tb, latent: zd } = this.sizes;
    const w = this.window;
    const n = b * w;
    const qw = m + tb + zd;
    const pw = tb + zd;
    const xw = zd + tb;
    const [q0, q1, q2] = this.nets.q as [SimdTrainDense, SimdTrainDense, SimdTrainDense];
    let f = this.arena.f32;
    // Step-major copies of the inputs and the noise.
    for (let i = 0; i < w; i++) {
      for (let k = 0; k < b; k++) {
        const r = i * b + k;
        const src = k * w + i;
        f.set(x.subarray(src * m, src * m + m), this.qIn + r * qw);
        if (tb > 0 && t) {
          const tv = t.subarray(src * tb, src * tb + tb);
          f.set(tv, this.qIn + r * qw + m);
          f.set(tv, this.pIn + r * pw);
          f.set(tv, this.xIn + r * xw + zd);
        }
        f.set(noise.subarray(src * zd, src * zd + zd), this.eps + r * zd);
      }
    }
    // The posterior, one step at a time: z_i = mu_q + exp(log sigma_q) eps_i.
    const q4 = q2.units4;
    for (let i = 0; i < w; i++) {
      const at = i * b;
      for (let k = 0; k < b; k++) {
        const zPrev = this.qIn + (at + k) * qw + m + tb;
        if (i === 0) f.fill(0, zPrev, zPrev + zd);
        else f.copyWithin(zPrev, this.z + (at - b + k) * zd, this.z + (at - b + k) * zd + zd);
      }
      let h = q0.forward(this.qIn + at * qw, b, qw, at);
      h = q1.forward(h, b, q0.units4, at);
      const out = q2.forward(h, b, q1.units4, at);
      f = this.arena.f32;
      for (let k = 0; k < b; k++) {
        const o = out + k * q4;
        const r = at + k;
        for (let j = 0; j < zd; j++) {
          const ls = clip(f[o + zd + j] as number);
          f[this.z + r * zd + j] = (f[o + j] as number) + Math.fround(Math.exp(ls)) * (f[this.eps + r * zd + j] as number);
        }
      }
    }
    // Prior and emission inputs: [t_i, z_{i-1}] and [z_i, t_i], then both nets over all rows.
    for (let r = 0; r < n; r++) {
      const pz = this.pIn + r * pw + tb;
      if (r < b) f.fill(0, pz, pz + zd);
      else f.copyWithin(pz, this.z + (r - b) * zd, this.z + (r - b) * zd + zd);
      f.copyWithin(this.xIn + r * xw, this.z + r * zd, this.z + r * zd + zd);
    }
    const pOut = this.runNet('p', this.pIn, n, pw);
    const xOut = this.runNet('x', this.xIn, n, xw);
    f = this.arena.f32;
    const p4 = this.head('p').units4;
    const x4 = this.head('x').units4;
    const g = 1 / b;
    let total = 0;
    if (train) {
      f.fill(0, this.dP, this.dP + n * p4);
      f.fill(0, this.dX, this.dX + n * x4);
    }
    for (let i = 0; i < w; i++) {
      for (let k = 0; k < b; k++) {
        const r = i * b + k;
        const maskV = mask ? (mask[k * w + i] as number) : 1;
        const qo = q2.y + r * q4;
        const po = pOut + r * p4;
        const xo = xOut + r * x4;
        const xi = this.qIn + r * qw;
        let ll = 0;
        for (let j = 0; j < m; j++) {
          const raw = f[xo + m + j] as number;
          const ls = clip(raw);
          const inv = Math.exp(-ls);
          const diff = (f[xi + j] as number) - (f[xo + j] as number);
          const sq = diff * diff * inv * inv;
          ll += -ls - HALF_LOG_2PI - 0.5 * sq;
          if (train) {
            const dll = -g * maskV;
            f[this.dX + r * x4 + j] = dll * diff * inv * inv;
            f[this.dX + r * x4 + m + j] = raw < LOGSIG_MIN || raw > LOGSIG_MAX ? 0 : dll * (-1 + sq);
          }
        }
        let kl = 0;
        for (let j = 0; j < zd; j++) {
          const muQ = f[qo + j] as number;
          const lsQ = clip(f[qo + zd + j] as number);
          const muP = f[po + j] as number;
          const rawP = f[po + zd + j] as number;
          const lsP = clip(rawP);
          const vq = Math.exp(2 * lsQ);
          const vp = Math.exp(2 * lsP);
          const dmu = muQ - muP;
          kl += lsP - lsQ + (vq + dmu * dmu) / (2 * vp) - 0.5;
          if (train) {
            f[this.dP + r * p4 + j] = -g * (dmu / vp);
            f[this.dP + r * p4 + zd + j] = rawP < LOGSIG_MIN || rawP > LOGSIG_MAX ? 0 : g * (1 - (vq + dmu * dmu) / vp);
            this.dqKl[r * 2 * zd + j] = g * (dmu / vp);
            this.dqKl[r * 2 * zd + zd + j] = g * (-1 + vq / vp);
          }
        }
        total += maskV * ll - kl;
      }
    }
    let reg = 0;
    for (const net of NETS) {
      for (const l of (this.nets[net] as SimdTrainDense[]).slice(0, 2)) {
        for (let i = 0; i < l.inputs * l.units4; i++) reg += (f[l.w + i] as number) ** 2;
      }
    }
    const loss = -total * g + this.l2 * reg;
    if (!train) return loss;

    // Emission and prior backward over all rows; their input gradients give d z_i and d z_{i-1}.
    this.backNet('x', this.xIn, n, xw, this.dX, true);
    this.backNet('p', this.pIn, n, pw, this.dP, true);
    f = this.arena.f32;
    const xd = this.nets.x[0] as SimdTrainDense;
    const pd = this.nets.p[0] as SimdTrainDense;
    for (let r = 0; r < n; r++) {
      for (let j = 0; j < zd; j++) {
        this.dzX[r * zd + j] = f[xd.dx + r * xd.inputs4 + j] as number;
        this.dzP[r * zd + j] = f[pd.dx + r * pd.inputs4 + tb + j] as number;
      }
    }
    // The posterior backward, newest step first.
    this.dzNext.fill(0);
    for (let i = w - 1; i >= 0; i--) {
      const at = i * b;
      f.fill(0, this.dQ, this.dQ + b * q4);
      for (let k = 0; k < b; k++) {
        const r = at + k;
        const o = q2.y + r * q4;
        for (let j = 0; j < zd; j++) {
          let dz = (this.dzX[r * zd + j] as number) + (this.dzNext[k * zd + j] as number);
          if (i + 1 < w) dz += this.dzP[(r + b) * zd + j] as number;
          const raw = f[o + zd + j] as number;
          f[this.dQ + k * q4 + j] = dz + (this.dqKl[r * 2 * zd + j] as number);
          f[this.dQ + k * q4 + zd + j] = raw < LOGSIG_MIN || raw > LOGSIG_MAX ? 0 : dz * Math.exp(raw) * (f[this.eps + r * zd + j] as number) + (this.dqKl[r * 2 * zd + zd + j] as number);
        }
      }
      const acc = i < w - 1;
      q2.backward(q1.y + at * q1.units4, b, q1.units4, this.dQ, true, at, acc);
      q1.backward(q0.y + at * q0.units4, b, q0.units4, q2.dx, true, at, acc);
      q0.backward(this.qIn + at * qw, b, qw, q1.dx, i > 0, at, acc);
      if (i > 0) {
        f = this.arena.f32;
        for (let k = 0; k < b; k++) for (let j = 0; j < zd; j++) this.dzNext[k * zd + j] = f[q0.dx + k * q0.inputs4 + m + tb + j] as number;
      }
    }
    // l2 on the hidden kernels.
    for (const net of NETS) {
      for (const l of (this.nets[net] as SimdTrainDense[]).slice(0, 2)) {
        const end = l.inputs * l.units4;
        for (let i = 0; i < end; i++) f[l.gw + i] = (f[l.gw + i] as number) + 2 * this.l2 * (f[l.w + i] as number);
      }
    }
    return loss;
  }

  private runNet(net: NetName, input: number, rows: number, width: number): number {
    const [a, b, c] = this.nets[net] as [SimdTrainDense, SimdTrainDense, SimdTrainDense];
    const h = a.forward(input, rows, width);
    return c.forward(b.forward(h, rows, a.units4), rows, b.units4);
  }

  private backNet(net: NetName, input: number, rows: number, width: number, dOut: number, wantDx: boolean): void {
    const [a, b, c] = this.nets[net] as [SimdTrainDense, SimdTrainDense, SimdTrainDense];
    c.backward(b.y, rows, b.units4, dOut, true);
    b.backward(a.y, rows, a.units4, c.dx, true);
    a.backward(input, rows, width, b.dx, wantDx);
  }
}

function clip(v: number): number {
  return v < LOGSIG_MIN ? LOGSIG_MIN : v > LOGSIG_MAX ? LOGSIG_MAX : v;
}
