// The label query model Q: an MLP from the query features V_i = (S_full, S_diff, sig_full, sig_ano)
// to the probability that point i is worth labeling, trained on the queried points with
// BCE(y) + beta * BCE(pred XOR y), warm-started across rounds.
// Reference: METHODS.md section 2.6 (seed [003] §III-D, Eqs. (9)-(11)).
import { createAdam, Mlp, readVariables, tf, trainStep, writeVariables, type NamedWeights } from '@awad/tensor';

export const QUERY_FEATURES = 4;

export interface QueryModelOptions {
  readonly hidden?: number;
  readonly beta?: number;
  readonly epochs?: number;
  readonly learningRate?: number;
  readonly seed?: number;
}

export class QueryModel {
  readonly mlp: Mlp;
  readonly beta: number;
  readonly epochs: number;
  private readonly optimizer: tf.Optimizer;
  /** z-score of V over the current pool. */
  mean = new Float64Array(QUERY_FEATURES);
  std = new Float64Array(QUERY_FEATURES).fill(1);
  trained = false;

  constructor(options: QueryModelOptions = {}) {
    const h = options.hidden ?? 100;
    this.beta = options.beta ?? 0.25;
    this.epochs = options.epochs ?? 100;
    let mlp: Mlp | undefined;
    // Inside tidy: the initial-value tensors are freed, the variables kept.
    tf.tidy(() => {
      mlp = new Mlp({ sizes: [QUERY_FEATURES, h, h, 1], activation: 'tanh', outputActivation: 'sigmoid', seed: options.seed ?? 1, name: 'query' });
      return [];
    });
    this.mlp = mlp as Mlp;
    this.optimizer = createAdam({ learningRate: options.learningRate ?? 1e-3 });
  }

  /** Sets the z-score from V of the whole pool ([n, 4] flat, rows with NaN skipped). */
  normalise(v: Float64Array): void {
    const n = v.length / QUERY_FEATURES;
    for (let k = 0; k < QUERY_FEATURES; k++) {
      let s = 0;
      let s2 = 0;
      let c = 0;
      for (let i = 0; i < n; i++) {
        const x = v[i * QUERY_FEATURES + k] as number;
        if (!Number.isFinite(x)) continue;
        s += x;
        s2 += x * x;
        c++;
      }
      const mean = c > 0 ? s / c : 0;
      this.mean[k] = mean;
      this.std[k] = c > 1 ? Math.sqrt(Math.max(s2 / c - mean * mean, 0)) || 1 : 1;
    }
  }

  private input(v: Float64Array, rows: readonly number[]): Float32Array {
    const out = new Float32Array(rows.length * QUERY_FEATURES);
    rows.forEach((r, i) => {
      for (let k = 0; k < QUERY_FEATURES; k++) {
        const x = v[r * QUERY_FEATURES + k] as number;
        out[i * QUERY_FEATURES + k] = Number.isFinite(x) ? (x - (this.mean[k] as number)) / (this.std[k] as number) : 0;
      }
    });
    return out;
  }

  /** L_query = BCE(y, prob) + beta * BCE(fpfn, prob), full batch, `epochs` Adam steps. */
  train(v: Float64Array, rows: readonly number[], y: readonly number[], fpfn: readonly number[]): number {
    if (rows.length === 0) return Number.NaN;
    const x = tf.tensor2d(this.input(v, rows), [rows.length, QUERY_FEATURES]);
    const yt = tf.tensor1d(Float32Array.from(y));
    const ft = tf.tensor1d(Float32Array.from(fpfn));
    let loss = Number.NaN;
    try {
      const bce = (target: tf.Tensor1D, p: tf.Tensor1D): tf.Scalar => tf.neg(tf.mean(tf.add(tf.mul(target, tf.log(p)), tf.mul(tf.sub(1, target), tf.log(tf.sub(1, p)))))) as tf.Scalar;
      for (let e = 0; e < this.epochs; e++) {
        loss = trainStep(
          this.optimizer,
          () =>
            tf.tidy(() => {
              const p = tf.clipByValue(tf.reshape(this.mlp.apply(x), [-1]), 1e-7, 1 - 1e-7) as tf.Tensor1D;
              return tf.add(bce(yt, p), tf.mul(this.beta, bce(ft, p))) as tf.Scalar;
            }),
          this.mlp.variables(),
        );
      }
    } finally {
      x.dispose();
      yt.dispose();
      ft.dispose();
    }
    this.trained = true;
    return loss;
  }

  /** prob_i for the given rows of V. */
  predict(v: Float64Array, rows: readonly number[]): Float64Array {
    if (rows.length === 0) return new Float64Array(0);
    const out = tf.tidy(() => this.mlp.apply(tf.tensor2d(this.input(v, rows), [rows.length, QUERY_FEATURES])));
    const values = Float64Array.from(out.dataSync());
    out.dispose();
    return values;
  }

  weights(): NamedWeights {
    return readVariables(this.mlp.namedVariables());
  }

  setWeights(w: NamedWeights): void {
    writeVariables(this.mlp.namedVariables(), w);
  }

  dispose(): void {
    this.mlp.dispose();
    this.optimizer.dispose();
  }
}
