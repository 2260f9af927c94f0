// The dense VAE on tfjs (through @awad/tensor): encoder MLP -> (mean, log-variance) of a diagonal
// Gaussian q(z|x); decoder MLP -> Gaussian mean of p(x|z), with a learned (or fixed) std per
// output. Loss = negative ELBO with one reparameterised sample; score = negative Monte Carlo
// reconstruction log-probability.
// Reference: Kingma & Welling 2014 (reparameterisation, Gaussian KL); METHODS.md 5.5 (HASH [002]
// VAE, the sign of the likelihood fixed), 2.5 (MC score of the newest point, L samples).
import { Mlp, readVariables, tf, type NamedWeights } from '@awad/tensor';
import { checkArchitecture, LOG_2PI, LOGSTD_MAX, LOGSTD_MIN, LOGVAR_MAX, LOGVAR_MIN, type VaeArchitecture } from './architecture';

/** Which outputs the score reads: the newest row of the window (its last `width` values) or all of it. */
export interface ScoreSpan {
  /** First output column scored (D - k for the newest row, 0 for the whole window). */
  readonly from: number;
}

export class DenseVae {
  readonly arch: VaeArchitecture;
  readonly encoder: Mlp;
  readonly decoder: Mlp;
  /** Learned log-std of p(x|z) per output (absent with a fixed std). */
  readonly logStd: tf.Variable | undefined;

  constructor(arch: VaeArchitecture, seed = 1) {
    this.arch = checkArchitecture(arch);
    const { inputs, hidden, latent, activation } = arch;
    this.encoder = new Mlp({ sizes: [inputs, ...hidden, 2 * latent], activation, seed, name: 'encoder' });
    this.decoder = new Mlp({ sizes: [latent, ...[...hidden].reverse(), inputs], activation, seed: seed + 1, name: 'decoder' });
    this.logStd = arch.decoderStd === 'learned' ? tf.variable(tf.zeros([inputs]), true) : undefined;
  }

  variables(): tf.Variable[] {
    return [...this.encoder.variables(), ...this.decoder.variables(), ...(this.logStd ? [this.logStd] : [])];
  }

  /** Variables under their weight-file names (encoder/i/kernel, decoder/i/bias, decoder/logstd). */
  namedVariables(): [string, tf.Variable][] {
    return [...this.encoder.namedVariables(), ...this.decoder.namedVariables(), ...(this.logStd ? [['decoder/logstd', this.logStd] as [string, tf.Variable]] : [])];
  }

  weights(): NamedWeights {
    return readVariables(this.namedVariables());
  }

  /** (mean, log-variance) of q(z|x) for x [B, D]. */
  encode(x: tf.Tensor2D): { mu: tf.Tensor2D; logvar: tf.Tensor2D } {
    return tf.tidy(() => {
      const out = this.encoder.apply(x);
      const z = this.arch.latent;
      const mu = out.slice([0, 0], [-1, z]) as tf.Tensor2D;
      const logvar = tf.clipByValue(out.slice([0, z], [-1, z]), LOGVAR_MIN, LOGVAR_MAX) as tf.Tensor2D;
      return { mu, logvar };
    });
  }

  /** Log-std of p(x|z) per output: [D] (learned) or a scalar (fixed). */
  decoderLogStd(): tf.Tensor {
    if (this.logStd) return tf.clipByValue(this.logStd, LOGSTD_MIN, LOGSTD_MAX);
    return tf.scalar(Math.log(this.arch.decoderStd as number));
  }

  /**
   * Negative ELBO averaged over the batch: KL(q(z|x) || N(0, I)) - log N(x; mu(z), s), one sample
   * z = mu + exp(logvar / 2) · eps with the given standard normals eps [B, Z].
   */
  loss(x: tf.Tensor2D, eps: tf.Tensor2D): tf.Scalar {
    return tf.tidy(() => {
      const { mu, logvar } = this.encode(x);
      const z = tf.add(mu, tf.mul(tf.exp(tf.mul(logvar, 0.5)), eps)) as tf.Tensor2D;
      const mean = this.decoder.apply(z);
      const logStd = this.decoderLogStd();
      const nll = tf.sum(tf.add(tf.add(logStd, 0.5 * LOG_2PI), tf.mul(0.5, tf.square(tf.mul(tf.sub(x, mean), tf.exp(tf.neg(logStd)))))), 1);
      const kl = tf.mul(0.5, tf.sum(tf.sub(tf.add(tf.square(mu), tf.exp(logvar)), tf.add(logvar, 1)), 1));
      return tf.mean(tf.add(nll, kl)) as tf.Scalar;
    });
  }

  /**
   * Scores windows x [B, D]: -(1/L) Σ_l log N(x[from:]; mu(z_l)[from:], s[from:]) with
   * z_l = mu_z + exp(logvar / 2) · eps_l, eps [L, Z] shared by every window. Returns B scores.
   */
  scoreTensor(x: tf.Tensor2D, eps: tf.Tensor2D, span: ScoreSpan): tf.Tensor1D {
    return tf.tidy(() => {
      const [b] = x.shape;
      const [l, zDim] = eps.shape;
      const d = this.arch.inputs;
      const { mu, logvar } = this.encode(x);
      const std = tf.exp(tf.mul(logvar, 0.5));
      const z = tf.add(mu.reshape([b, 1, zDim]), tf.mul(std.reshape([b, 1, zDim]), eps.reshape([1, l, zDim]))).reshape([b * l, zDim]) as tf.Tensor2D;
      const mean = this.decoder.apply(z).slice([0, span.from], [-1, d - span.from]);
      const logStd = this.logStd ? this.decoderLogStd().slice([span.from], [d - span.from]) : this.decoderLogStd();
      const xs = tf.tile(x.slice([0, span.from], [-1, d - span.from]).reshape([b, 1, d - span.from]), [1, l, 1]).reshape([b * l, d - span.from]);
      const nll = tf.sum(tf.add(tf.add(logStd, 0.5 * LOG_2PI), tf.mul(0.5, tf.square(tf.mul(tf.sub(xs, mean), tf.exp(tf.neg(logStd)))))), 1);
      return tf.mean(nll.reshape([b, l]), 1) as tf.Tensor1D;
    });
  }

  /** Scores `rows` windows held in a Float32Array (row-major [rows, D]). */
  score(windows: Float32Array, rows: number, eps: Float32Array, samples: number, span: ScoreSpan): Float32Array {
    return tf.tidy(() => {
      const x = tf.tensor2d(windows.subarray(0, rows * this.arch.inputs), [rows, this.arch.inputs]);
      const e = tf.tensor2d(eps.subarray(0, samples * this.arch.latent), [samples, this.arch.latent]);
      return this.scoreTensor(x, e, span).dataSync() as Float32Array;
    });
  }

  dispose(): void {
    this.encoder.dispose();
    this.decoder.dispose();
    this.logStd?.dispose();
  }
}
