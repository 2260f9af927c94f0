// The self-supervised graph anomaly model of seed 001: a graph encoder (GraphSAGE or GAT), a Normal
// or Gumbel (binary-concrete) latent per node, an MLP decoder reconstructing the numeric block, and
// the loss eta * (reconstruction + beta KL) + (1 - eta) * margin over augmented views. Node score:
// the latent normality distance d(v) (or the reconstruction error); run score: max over nodes.
// Reference: METHODS.md 3.3-3.9; seed 001 Mechanisms 1-3.
import { createRandom } from '@awad/core';
import { Dense, Mlp, createAdam, readVariables, tf, trainStep, type NamedWeights } from '@awad/tensor';
import { augment, cutRun } from './augment';
import { batchTensors, featureTensor, type BatchTensors } from './batch-tensors';
import { GatEncoder } from './gat-encoder';
import { packGraphs, type GraphBatch } from './graph-batch';
import { GraphSageEncoder } from './graphsage-encoder';
import { FEATURE_DIMS, NUMERIC_DIMS, fitFeatureScaler, runFeatures, type FeatureScaler } from './node-features';
import type { RunGraph } from './run-graph';
import { resolveSslOptions, type GraphSslOptions, type ResolvedSslOptions } from './ssl-options';

/** Everything needed to rebuild the model's forward pass (tfjs or Float32Array). */
export interface GraphSslExport {
  readonly kind: 'awad-graph-ssl';
  readonly version: 1;
  readonly options: ResolvedSslOptions;
  readonly scaler: FeatureScaler;
  readonly weights: NamedWeights;
}

export interface EpochReport {
  readonly epoch: number;
  readonly loss: number;
}

const LOGSIG_MIN = -5;
const LOGSIG_MAX = 2;
const PI0 = 0.9;

export class GraphSslModel {
  readonly options: ResolvedSslOptions;
  readonly scaler: FeatureScaler;
  readonly encoder: GraphSageEncoder | GatEncoder;
  readonly head: Dense;
  readonly logSigma: Dense | undefined;
  readonly decoder: Mlp;
  private epochsDone = 0;

  constructor(scaler: FeatureScaler, options: GraphSslOptions = {}) {
    this.options = resolveSslOptions(options);
    this.scaler = scaler;
    const o = this.options;
    this.encoder = o.encoder === 'gat' ? new GatEncoder({ inputs: FEATURE_DIMS, seed: o.seed, heads: 4, headDims: (o.hidden[0] ?? 64) / 4, outputs: o.hidden[o.hidden.length - 1] ?? 64 }) : new GraphSageEncoder({ inputs: FEATURE_DIMS, hidden: o.hidden, seed: o.seed });
    this.head = new Dense({ inputs: this.encoder.outputs, units: o.latentDims, seed: o.seed * 31 + 1, name: 'latent/mu' });
    this.logSigma = o.latent === 'normal' ? new Dense({ inputs: this.encoder.outputs, units: o.latentDims, seed: o.seed * 31 + 2, name: 'latent/logsig' }) : undefined;
    this.decoder = new Mlp({ sizes: [o.latentDims, 64, NUMERIC_DIMS], activation: 'relu', seed: o.seed * 31 + 3, name: 'decoder' });
  }

  /** Fits the feature scaler on `runs` and trains a model on them (labels are never read). */
  static train(runs: readonly RunGraph[], options: GraphSslOptions = {}, onEpoch?: (report: EpochReport) => void): GraphSslModel {
    const model = new GraphSslModel(fitFeatureScaler(runs), options);
    model.fit(runs, model.options.epochs, onEpoch);
    return model;
  }

  /** Runs `epochs` more epochs of training on `runs`. Returns the last epoch's mean loss. */
  fit(runs: readonly RunGraph[], epochs: number, onEpoch?: (report: EpochReport) => void): number {
    const o = this.options;
    const random = createRandom(o.seed * 7 + this.epochsDone);
    const optimizer = createAdam({ learningRate: o.learningRate });
    const features = runs.map((run) => runFeatures(run, this.scaler));
    let last = Number.NaN;
    try {
      for (let e = 0; e < epochs; e++) {
        const order = runs.map((_, i) => i);
        for (let i = order.length - 1; i > 0; i--) {
          const j = Math.floor(random.next() * (i + 1));
          [order[i], order[j]] = [order[j] as number, order[i] as number];
        }
        let total = 0;
        let batches = 0;
        for (let b = 0; b < order.length; b += o.batchSize) {
          const ids = order.slice(b, b + o.batchSize);
          total += this.step(ids.map((i) => runs[i] as RunGraph), ids.map((i) => features[i] as Float32Array), optimizer, random);
          batches++;
        }
        this.epochsDone++;
        last = total / Math.max(1, batches);
        onEpoch?.({ epoch: this.epochsDone, loss: last });
      }
    } finally {
      optimizer.dispose();
    }
    return last;
  }

  /** Gumbel temperature: linear 1.0 -> 0.5 over the first 50 epochs. */
  private tau(): number {
    return Math.max(0.5, 1 - (0.5 * this.epochsDone) / 50);
  }

  private step(runs: RunGraph[], xs: Float32Array[], optimizer: tf.Optimizer, random: ReturnType<typeof createRandom>): number {
    const o = this.options;
    const clean: Float32Array[] = [];
    const pos: Float32Array[] = [];
    const neg: Float32Array[] = [];
    const selected: number[] = [];
    let offset = 0;
    runs.forEach((run, g) => {
      const x = random.next() < o.cutProbability ? cutRun(run, xs[g] as Float32Array, random) : (xs[g] as Float32Array);
      const views = augment(run, x, this.scaler, random, { rate: o.rate, maskProbability: 0.2 });
      clean.push(x);
      pos.push(views.positive);
      neg.push(views.negative);
      for (const v of views.selected) selected.push(offset + v);
      offset += run.tasks.length;
    });
    const batch = packGraphs(runs, clean);
    const n = batch.n;
    const tensors = batchTensors(batch);
    const concat = (parts: Float32Array[]): Float32Array => {
      const out = new Float32Array(n * FEATURE_DIMS);
      let at = 0;
      for (const p of parts) {
        out.set(p, at);
        at += p.length;
      }
      return out;
    };
    const noise = new Float32Array(n * o.latentDims);
    for (let i = 0; i < noise.length; i++) noise[i] = o.latent === 'normal' ? random.normal() : Math.min(1 - 1e-6, Math.max(1e-6, random.next()));
    const known = new Float32Array(n * NUMERIC_DIMS);
    for (let i = 0; i < n; i++) for (let k = 0; k < NUMERIC_DIMS; k++) known[i * NUMERIC_DIMS + k] = 1 - (batch.x[i * FEATURE_DIMS + NUMERIC_DIMS + k] as number);
    const tx = featureTensor(batch.x, n);
    const tpos = featureTensor(concat(pos), n);
    const tneg = featureTensor(concat(neg), n);
    const tsel = tf.tensor1d(Int32Array.from(selected), 'int32');
    const tnoise = tf.tensor2d(noise, [n, o.latentDims]);
    const tknown = tf.tensor2d(known, [n, NUMERIC_DIMS]);
    const tau = this.tau();
    try {
      return trainStep(
        optimizer,
        () => {
          const h = this.encoder.encode(tx, tensors);
          const mu = this.head.apply(h);
          let z: tf.Tensor2D;
          let kl: tf.Tensor;
          if (this.logSigma) {
            const logsig = tf.clipByValue(this.logSigma.apply(h), LOGSIG_MIN, LOGSIG_MAX);
            z = tf.add(mu, tf.mul(tf.exp(logsig), tnoise)) as tf.Tensor2D;
            kl = tf.mul(0.5, tf.sum(tf.sub(tf.sub(tf.add(tf.square(mu), tf.exp(tf.mul(2, logsig))), tf.mul(2, logsig)), 1), 1));
          } else {
            const logistic = tf.sub(tf.log(tnoise), tf.log(tf.sub(1, tnoise)));
            z = tf.sigmoid(tf.div(tf.add(mu, logistic), tau)) as tf.Tensor2D;
            const p = tf.clipByValue(tf.sigmoid(mu), 1e-6, 1 - 1e-6);
            kl = tf.sum(tf.add(tf.mul(p, tf.log(tf.div(p, PI0))), tf.mul(tf.sub(1, p), tf.log(tf.div(tf.sub(1, p), 1 - PI0)))), 1);
          }
          const xhat = this.decoder.apply(z);
          const target = tx.slice([0, 0], [n, NUMERIC_DIMS]);
          const recon = tf.mean(tf.sum(tf.mul(tf.square(tf.sub(target, xhat)), tknown), 1));
          const gen = tf.add(recon, tf.mul(o.betaKl, tf.mean(kl)));
          const dPos = tf.gather(this.distance(this.head.apply(this.encoder.encode(tpos, tensors))), tsel);
          const dNeg = tf.gather(this.distance(this.head.apply(this.encoder.encode(tneg, tensors))), tsel);
          const margin = tf.mean(tf.relu(tf.add(tf.sub(dPos, dNeg), o.margin)));
          return tf.add(tf.mul(o.eta, gen), tf.mul(1 - o.eta, margin)) as tf.Scalar;
        },
        this.variables(),
      );
    } finally {
      tf.dispose([tx, tpos, tneg, tsel, tnoise, tknown]);
      tensors.dispose();
    }
  }

  /** Normality distance d(v) from the latent head's output (mu or logits). */
  private distance(head: tf.Tensor2D): tf.Tensor1D {
    return tf.tidy(() =>
      this.options.latent === 'normal' ? (tf.div(tf.norm(head, 'euclidean', 1), Math.sqrt(this.options.latentDims)) as tf.Tensor1D) : (tf.sub(1, tf.mean(tf.sigmoid(head), 1)) as tf.Tensor1D),
    );
  }

  /** Node scores of each run (higher = more anomalous), in task order. */
  scoreRuns(runs: readonly RunGraph[]): Float32Array[] {
    const out: Float32Array[] = [];
    const size = this.options.batchSize;
    for (let b = 0; b < runs.length; b += size) {
      const part = runs.slice(b, b + size);
      const batch = packGraphs(part, part.map((r) => runFeatures(r, this.scaler)));
      const scores = this.withBatch(batch, (x, t) => this.nodeScores(x, t, batch));
      part.forEach((run, g) => {
        const o = batch.offsets[g] as number;
        out.push(scores.slice(o, o + run.tasks.length));
      });
    }
    return out;
  }

  /**
   * Per task, the signed reconstruction residual of each numeric feature (x - xhat, in the scaler's
   * z units; NaN where the value is unknown) followed by the latent normality distance d(v):
   * N * (NUMERIC_DIMS + 1) values, row-major. Input of the per-template residual scorer.
   */
  residuals(runs: readonly RunGraph[]): Float32Array[] {
    const out: Float32Array[] = [];
    const k = NUMERIC_DIMS + 1;
    for (let b = 0; b < runs.length; b += this.options.batchSize) {
      const part = runs.slice(b, b + this.options.batchSize);
      const batch = packGraphs(part, part.map((r) => runFeatures(r, this.scaler)));
      const values = this.withBatch(batch, (x, t) => {
        const result = tf.tidy(() => {
          const head = this.head.apply(this.encoder.encode(x, t));
          const z = this.options.latent === 'normal' ? head : tf.sigmoid(head);
          const err = tf.sub(x.slice([0, 0], [batch.n, NUMERIC_DIMS]), this.decoder.apply(z as tf.Tensor2D));
          return tf.concat([err, tf.reshape(this.distance(head), [batch.n, 1])], 1);
        });
        const v = Float32Array.from(result.dataSync() as Float32Array);
        result.dispose();
        return v;
      });
      for (let i = 0; i < batch.n; i++) for (let d = 0; d < NUMERIC_DIMS; d++) if ((batch.x[i * FEATURE_DIMS + NUMERIC_DIMS + d] as number) === 1) values[i * k + d] = Number.NaN;
      part.forEach((run, g) => {
        const o = batch.offsets[g] as number;
        out.push(values.slice(o * k, (o + run.tasks.length) * k));
      });
    }
    return out;
  }

  /** Graph embedding g = (mean_v h_v ; max_v h_v) of each run (METHODS 4.2 readout). */
  embedRuns(runs: readonly RunGraph[]): Float32Array[] {
    const batch = packGraphs(runs, runs.map((r) => runFeatures(r, this.scaler)));
    const h = this.withBatch(batch, (x, t) => {
      const encoded = this.encoder.encode(x, t);
      const values = Float32Array.from(encoded.dataSync());
      encoded.dispose();
      return values;
    });
    return readout(h, this.encoder.outputs, batch);
  }

  private withBatch<T>(batch: GraphBatch, fn: (x: tf.Tensor2D, t: BatchTensors) => T): T {
    const tensors = batchTensors(batch);
    const x = featureTensor(batch.x, batch.n);
    try {
      return fn(x, tensors);
    } finally {
      x.dispose();
      tensors.dispose();
    }
  }

  private nodeScores(x: tf.Tensor2D, tensors: BatchTensors, batch: GraphBatch): Float32Array {
    const o = this.options;
    const result = tf.tidy(() => {
      const head = this.head.apply(this.encoder.encode(x, tensors));
      const latent = this.distance(head);
      if (o.score === 'latent') return latent;
      const z = o.latent === 'normal' ? head : tf.sigmoid(head);
      const known = tf.sub(1, x.slice([0, NUMERIC_DIMS], [batch.n, NUMERIC_DIMS]));
      const err = tf.sum(tf.mul(tf.square(tf.sub(x.slice([0, 0], [batch.n, NUMERIC_DIMS]), this.decoder.apply(z as tf.Tensor2D))), known), 1);
      return o.score === 'reconstruction' ? err : tf.add(err, latent);
    });
    const values = result.dataSync() as Float32Array;
    result.dispose();
    return Float32Array.from(values);
  }

  variables(): tf.Variable[] {
    return [...this.encoder.variables(), ...this.head.variables(), ...(this.logSigma?.variables() ?? []), ...this.decoder.variables()];
  }

  namedVariables(): [string, tf.Variable][] {
    return [...this.encoder.namedVariables(), ...this.head.namedVariables(), ...(this.logSigma?.namedVariables() ?? []), ...this.decoder.namedVariables()];
  }

  /** Weights, scaler and options as plain data (JSON-safe through `encodeWeights`). */
  export(): GraphSslExport {
    return { kind: 'awad-graph-ssl', version: 1, options: this.options, scaler: this.scaler, weights: readVariables(this.namedVariables()) };
  }

  dispose(): void {
    this.encoder.dispose();
    this.head.dispose();
    this.logSigma?.dispose();
    this.decoder.dispose();
  }
}

/** (mean ; max) over each graph's node rows of h [n, d]. */
export function readout(h: Float32Array, d: number, batch: GraphBatch): Float32Array[] {
  return Array.from(batch.offsets, (from, g) => readoutRows(h, d, from, g + 1 < batch.offsets.length ? (batch.offsets[g + 1] as number) : batch.n));
}

/** (mean ; max) over the node rows [from, to) of h [n, d]; zeros for no rows. */
export function readoutRows(h: Float32Array, d: number, from: number, to: number): Float32Array {
  const e = new Float32Array(2 * d);
  e.fill(Number.NEGATIVE_INFINITY, d);
  for (let i = from; i < to; i++) {
    for (let k = 0; k < d; k++) {
      const v = h[i * d + k] as number;
      e[k] = (e[k] as number) + v / Math.max(1, to - from);
      if (v > (e[d + k] as number)) e[d + k] = v;
    }
  }
  if (to === from) e.fill(0, d);
  return e;
}
