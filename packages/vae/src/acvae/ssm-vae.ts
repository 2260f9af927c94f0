// The ACVAE detection model in tfjs: a conditional state-space VAE with a filtering posterior
// q(z_i | z_{i-1}, x_i, t_i), a learnable prior p(z_i | z_{i-1}, t_i) and p(x_i | z_i, t_i), all
// diagonal Gaussians from MLPs; the (masked) ELBO of Eqs. (1) and (3) and the Monte Carlo
// reconstruction score of Eqs. (4)-(5).
// Reference: METHODS.md sections 2.3-2.5 (seed [003] §III-B, §III-C, Fig. 3).
import { Mlp, readVariables, tf, writeVariables, type NamedWeights } from '@awad/tensor';

export const LOGSIG_MIN = -5;
export const LOGSIG_MAX = 2;
export const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

export interface SsmSizes {
  /** M: metrics per point. */
  readonly metrics: number;
  /** T: background dims per point (0 = none). */
  readonly background: number;
  /** Z: latent dims. */
  readonly latent: number;
  /** Hidden width of each net's two tanh layers. */
  readonly hidden: number;
}

/** Scores of a batch of windows for their LAST point: S (mean log-likelihood) and sigma (mean std). */
export interface WindowScores {
  readonly s: Float64Array;
  readonly sigma: Float64Array;
}

export class SsmVae {
  readonly sizes: SsmSizes;
  readonly q: Mlp;
  readonly p: Mlp;
  readonly x: Mlp;

  constructor(sizes: SsmSizes, seed: number) {
    this.sizes = sizes;
    const { metrics: m, background: t, latent: z, hidden: h } = sizes;
    // Built inside tidy: the tensors the variables were initialised from are freed, the variables kept.
    let nets: Mlp[] = [];
    tf.tidy(() => {
      nets = [new Mlp({ sizes: [m + t + z, h, h, 2 * z], activation: 'tanh', seed: seed * 3 + 1, name: 'q' }), new Mlp({ sizes: [t + z, h, h, 2 * z], activation: 'tanh', seed: seed * 3 + 2, name: 'p' }), new Mlp({ sizes: [z + t, h, h, 2 * m], activation: 'tanh', seed: seed * 3 + 3, name: 'x' })];
      return [];
    });
    [this.q, this.p, this.x] = nets as [Mlp, Mlp, Mlp];
  }

  variables(): tf.Variable[] {
    return [...this.q.variables(), ...this.p.variables(), ...this.x.variables()];
  }

  namedVariables(): [string, tf.Variable][] {
    return [...this.q.namedVariables(), ...this.p.namedVariables(), ...this.x.namedVariables()];
  }

  weights(): NamedWeights {
    return readVariables(this.namedVariables());
  }

  setWeights(weights: NamedWeights): void {
    writeVariables(this.namedVariables(), weights);
  }

  /** L2 over the hidden (non-head) kernels of the three nets. */
  l2(): tf.Scalar {
    return tf.tidy(() => {
      const kernels = [this.q, this.p, this.x].flatMap((mlp) => mlp.layers.slice(0, -1).map((l) => l.kernel));
      return tf.addN(kernels.map((k) => tf.sum(tf.square(k)))) as tf.Scalar;
    });
  }

  /**
   * -ELBO per window, one sample path: x [B, W, M], t [B, W, T] (null when T = 0), noise [B, W, Z],
   * mask [B, W] of y_i (null = Eq. (1); given = Eq. (3), the KL term stays unmasked).
   */
  negElbo(x: tf.Tensor3D, t: tf.Tensor3D | null, noise: tf.Tensor3D, mask: tf.Tensor2D | null): tf.Tensor1D {
    return tf.tidy(() => {
      const [b, w] = x.shape;
      const z = this.sizes.latent;
      const m = this.sizes.metrics;
      const xs = tf.unstack(x, 1) as tf.Tensor2D[];
      const ts = t ? (tf.unstack(t, 1) as tf.Tensor2D[]) : null;
      const es = tf.unstack(noise, 1) as tf.Tensor2D[];
      const ms = mask ? (tf.unstack(mask, 1) as tf.Tensor1D[]) : null;
      let zPrev: tf.Tensor2D = tf.zeros([b, z]);
      let total: tf.Tensor1D = tf.zeros([b]);
      for (let i = 0; i < w; i++) {
        const xi = xs[i] as tf.Tensor2D;
        const ti = ts ? (ts[i] as tf.Tensor2D) : null;
        const qo = this.q.apply(tf.concat(ti ? [xi, ti, zPrev] : [xi, zPrev], 1));
        const muQ = tf.slice(qo, [0, 0], [-1, z]);
        const lsQ = tf.clipByValue(tf.slice(qo, [0, z], [-1, z]), LOGSIG_MIN, LOGSIG_MAX);
        const po = this.p.apply(ti ? tf.concat([ti, zPrev], 1) : zPrev);
        const muP = tf.slice(po, [0, 0], [-1, z]);
        const lsP = tf.clipByValue(tf.slice(po, [0, z], [-1, z]), LOGSIG_MIN, LOGSIG_MAX);
        const zi = tf.add(muQ, tf.mul(tf.exp(lsQ), es[i] as tf.Tensor2D)) as tf.Tensor2D;
        const xo = this.x.apply(ti ? tf.concat([zi, ti], 1) : zi);
        const muX = tf.slice(xo, [0, 0], [-1, m]);
        const lsX = tf.clipByValue(tf.slice(xo, [0, m], [-1, m]), LOGSIG_MIN, LOGSIG_MAX);
        const ll = tf.sum(tf.sub(tf.neg(lsX), tf.add(HALF_LOG_2PI, tf.mul(0.5, tf.square(tf.mul(tf.sub(xi, muX), tf.exp(tf.neg(lsX))))))), 1);
        const kl = tf.sum(tf.sub(tf.add(tf.sub(lsP, lsQ), tf.div(tf.add(tf.exp(tf.mul(2, lsQ)), tf.square(tf.sub(muQ, muP))), tf.mul(2, tf.exp(tf.mul(2, lsP))))), 0.5), 1);
        total = tf.sub(tf.add(total, ms ? tf.mul(ms[i] as tf.Tensor1D, ll) : ll), kl) as tf.Tensor1D;
        zPrev = zi;
      }
      return tf.neg(total) as tf.Tensor1D;
    });
  }

  /**
   * S and sigma of the LAST point of each window, averaged over the L sample paths given by
   * `noise` ([L, W, Z], the same paths for every window). x: [B, W, M] flat; t: [B, W, T] flat or null.
   */
  scoreWindows(x: Float32Array, t: Float32Array | null, count: number, noise: Float32Array, samples: number, window: number): WindowScores {
    const { metrics: m, background: tb, latent: z } = this.sizes;
    const s = new Float64Array(count);
    const sigma = new Float64Array(count);
    const chunk = Math.max(1, Math.floor(8192 / samples));
    const noiseSteps = tf.tidy(() => tf.unstack(tf.tensor3d(noise, [samples, window, z]), 1) as tf.Tensor2D[]);
    try {
      for (let start = 0; start < count; start += chunk) {
        const b = Math.min(chunk, count - start);
        const [ls, sg] = tf.tidy(() => {
          const rows = b * samples;
          const tileRows = (v: tf.Tensor2D, width: number): tf.Tensor2D => tf.reshape(tf.tile(tf.reshape(v, [b, 1, width]), [1, samples, 1]), [rows, width]);
          const xb = tf.tensor3d(x.subarray(start * window * m, (start + b) * window * m), [b, window, m]);
          const tbT = t && tb > 0 ? tf.tensor3d(t.subarray(start * window * tb, (start + b) * window * tb), [b, window, tb]) : null;
          const xs = tf.unstack(xb, 1) as tf.Tensor2D[];
          const ts = tbT ? (tf.unstack(tbT, 1) as tf.Tensor2D[]) : null;
          let zPrev: tf.Tensor2D = tf.zeros([rows, z]);
          let ll: tf.Tensor1D = tf.zeros([rows]);
          let sd: tf.Tensor1D = tf.zeros([rows]);
          for (let i = 0; i < window; i++) {
            const xi = tileRows(xs[i] as tf.Tensor2D, m);
            const ti = ts ? tileRows(ts[i] as tf.Tensor2D, tb) : null;
            const qo = this.q.apply(tf.concat(ti ? [xi, ti, zPrev] : [xi, zPrev], 1));
            const muQ = tf.slice(qo, [0, 0], [-1, z]);
            const lsQ = tf.clipByValue(tf.slice(qo, [0, z], [-1, z]), LOGSIG_MIN, LOGSIG_MAX);
            const e = tf.tile(noiseSteps[i] as tf.Tensor2D, [b, 1]);
            zPrev = tf.add(muQ, tf.mul(tf.exp(lsQ), e)) as tf.Tensor2D;
            if (i === window - 1) {
              const xo = this.x.apply(ti ? tf.concat([zPrev, ti], 1) : zPrev);
              const muX = tf.slice(xo, [0, 0], [-1, m]);
              const lsX = tf.clipByValue(tf.slice(xo, [0, m], [-1, m]), LOGSIG_MIN, LOGSIG_MAX);
              ll = tf.sum(tf.sub(tf.neg(lsX), tf.add(HALF_LOG_2PI, tf.mul(0.5, tf.square(tf.mul(tf.sub(xi, muX), tf.exp(tf.neg(lsX))))))), 1);
              sd = tf.mean(tf.exp(lsX), 1);
            }
          }
          return [tf.mean(tf.reshape(ll, [b, samples]), 1), tf.mean(tf.reshape(sd, [b, samples]), 1)];
        });
        const lv = ls.dataSync();
        const sv = sg.dataSync();
        for (let k = 0; k < b; k++) {
          s[start + k] = lv[k] as number;
          sigma[start + k] = sv[k] as number;
        }
        ls.dispose();
        sg.dispose();
      }
    } finally {
      for (const n of noiseSteps) n.dispose();
    }
    return { s, sigma };
  }

  dispose(): void {
    this.q.dispose();
    this.p.dispose();
    this.x.dispose();
  }
}
