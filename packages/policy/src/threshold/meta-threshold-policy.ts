// The meta-RL threshold policy: an MLP from the threshold state to 5 shift logits and 6 check
// logits, meta-trained with first-order MAML across workflows, adapted to a new workflow in a few
// REINFORCE steps from its labelled episodes.
// Reference: METHODS.md 4.5 (Finn et al. 2017, first-order MAML; REINFORCE with a linear baseline;
// network 146 -> 64 -> 64 -> 5 + 6, here 16 -> 64 -> 64 -> 11). OUR CHOICE: gamma 0.9 (rewards
// are immediate verdicts; 0.99 adds variance, no signal), advantages normalised per batch, and
// alpha 0.02 in place of 0.1 (0.1 overshot: adapted F1 fell on held-out workflows), and a smaller
// step on a new workflow, adaptAlpha 0.005: with 3 steps of 0.02 the adapted policy fell apart on
// some validation workflows (hundreds of false alerts); 0.005 x 3 did not (chosen on validation
// workflows 124-129 and 400-409, never the held-out ones).
import { createRandom, type Random } from '@awad/core';
import { createAdam, Float32Mlp, Mlp, readVariables, tf, writeVariables, type NamedWeights } from '@awad/tensor';
import { argmax, sampleIndex, softmax } from '../ppo/categorical';
import { linearBaseline } from './linear-baseline';
import { CHECK_COUNT, type WorkflowStream } from './workflow-stream';
import { emptyConfusion, newEpisodeRecord, runThresholdEpisode, SHIFTS, THRESHOLD_LOGITS, THRESHOLD_STATE_SIZE, type Confusion, type EpisodeRecord, type ThresholdAction } from './threshold-env';

export interface MetaThresholdOptions {
  readonly hidden?: readonly number[];
  readonly seed?: number;
  /** Inner step size of meta-training (default 0.02). */
  readonly alpha?: number;
  /** Step size of adaptation to a new workflow (default 0.005). */
  readonly adaptAlpha?: number;
  readonly gamma?: number;
  /** Episodes per task per gradient (default 10). */
  readonly episodes?: number;
  /** Steps per episode (default 100). */
  readonly horizon?: number;
  /** Outer Adam learning rate (default 1e-3). */
  readonly metaLearningRate?: number;
  /** Episodes per adaptation step on a new workflow (default 40: its labelled runs are replayed, so more episodes cost only time and cut the gradient's noise). */
  readonly adaptEpisodes?: number;
}

export const DEFAULT_META_THRESHOLD_OPTIONS = Object.freeze({ hidden: [64, 64] as readonly number[], seed: 1, alpha: 0.02, adaptAlpha: 0.005, gamma: 0.9, episodes: 10, horizon: 100, metaLearningRate: 1e-3, adaptEpisodes: 40 });

/** A task: rows [from, to) of a workflow stream. */
export interface ThresholdTask {
  readonly stream: WorkflowStream;
  readonly from: number;
  readonly to: number;
}

interface Batch {
  readonly states: Float32Array;
  readonly shifts: Int32Array;
  readonly masks: Float32Array;
  readonly advantages: Float32Array;
  readonly meanReturn: number;
}

export class MetaThresholdLearner {
  readonly options: Required<MetaThresholdOptions>;
  readonly net: Mlp;
  private readonly optimizer: tf.Optimizer;
  private readonly random: Random;

  constructor(options: MetaThresholdOptions = {}) {
    this.options = { ...DEFAULT_META_THRESHOLD_OPTIONS, ...options } as Required<MetaThresholdOptions>;
    const o = this.options;
    this.net = new Mlp({ sizes: [THRESHOLD_STATE_SIZE, ...o.hidden, THRESHOLD_LOGITS], activation: 'tanh', seed: o.seed, name: 'threshold' });
    const head = this.net.layers[this.net.layers.length - 1];
    if (head) tf.tidy(() => head.kernel.assign(tf.mul(head.kernel, 0.1)));
    this.optimizer = createAdam({ learningRate: o.metaLearningRate });
    this.random = createRandom(o.seed * 13 + 5);
  }

  /** The meta-parameters theta. */
  weights(): NamedWeights {
    return readVariables(this.net.namedVariables());
  }

  loadWeights(weights: NamedWeights): void {
    writeVariables(this.net.namedVariables(), weights);
  }

  /** One first-order MAML iteration over `tasks`; returns the mean episode return after adaptation. */
  metaStep(tasks: readonly ThresholdTask[]): number {
    const theta = this.weights();
    const sum = new Map<string, Float32Array>();
    let returns = 0;
    for (const task of tasks) {
      const adapted = sgd(theta, this.gradient(theta, this.collect(theta, task)), this.options.alpha);
      const batch = this.collect(adapted, task);
      returns += batch.meanReturn;
      const g = this.gradient(adapted, batch);
      for (const [k, v] of Object.entries(g)) {
        const acc = sum.get(k) ?? new Float32Array(v.values.length);
        for (let i = 0; i < acc.length; i++) acc[i] = (acc[i] as number) + (v.values[i] as number) / tasks.length;
        sum.set(k, acc);
      }
    }
    this.loadWeights(theta);
    const named = this.net.namedVariables();
    tf.tidy(() => {
      const grads: Record<string, tf.Tensor> = {};
      for (const [name, variable] of named) grads[variable.name] = tf.tensor(sum.get(name) as Float32Array, variable.shape);
      this.optimizer.applyGradients(grads);
    });
    return returns / tasks.length;
  }

  /** Adapts `theta` to a task with `steps` REINFORCE steps (each on fresh episodes of the adapted policy). */
  adapt(theta: NamedWeights, task: ThresholdTask, steps: number): NamedWeights {
    let w = theta;
    for (let s = 0; s < steps; s++) w = sgd(w, this.gradient(w, this.collect(w, task, this.options.adaptEpisodes)), this.options.adaptAlpha);
    return w;
  }

  /** K episodes of H steps from random starts in the task's rows, with advantages. */
  collect(weights: NamedWeights, task: ThresholdTask, K: number = this.options.episodes): Batch {
    const { horizon: H, gamma } = this.options;
    const act = thresholdActor(weights, this.random, false);
    const rows = K * H;
    const states = new Float32Array(rows * THRESHOLD_STATE_SIZE);
    const shifts = new Int32Array(rows);
    const masks = new Float32Array(rows * CHECK_COUNT);
    const returns = new Float32Array(rows);
    let total = 0;
    const record: EpisodeRecord = newEpisodeRecord(H);
    const span = Math.max(1, task.to - task.from - H);
    for (let e = 0; e < K; e++) {
      const start = task.from + Math.floor(this.random.next() * span);
      total += runThresholdEpisode(task.stream, start, Math.min(H, task.to - start), act, emptyConfusion(), record);
      states.set(record.states, e * H * THRESHOLD_STATE_SIZE);
      shifts.set(record.shifts, e * H);
      masks.set(record.masks, e * H * CHECK_COUNT);
      let g = 0;
      for (let t = H - 1; t >= 0; t--) {
        g = (record.rewards[t] as number) + gamma * g;
        returns[e * H + t] = g;
      }
    }
    const base = linearBaseline(states, returns, THRESHOLD_STATE_SIZE, H);
    const advantages = new Float32Array(rows);
    let mean = 0;
    for (let i = 0; i < rows; i++) mean += (advantages[i] = (returns[i] as number) - (base[i] as number));
    mean /= rows;
    let sq = 0;
    for (let i = 0; i < rows; i++) sq += ((advantages[i] as number) - mean) ** 2;
    const std = Math.sqrt(sq / rows) + 1e-8;
    for (let i = 0; i < rows; i++) advantages[i] = ((advantages[i] as number) - mean) / std;
    return { states, shifts, masks, advantages, meanReturn: total / K };
  }

  /** Gradient of L = -(1/K) sum log pi(a|s) A at `weights` (the net's variables are left at `weights`). */
  gradient(weights: NamedWeights, batch: Batch): NamedWeights {
    this.loadWeights(weights);
    const named = this.net.namedVariables();
    const n = batch.shifts.length;
    return tf.tidy(() => {
      const s = tf.tensor2d(batch.states, [n, THRESHOLD_STATE_SIZE]);
      const shiftHot = tf.oneHot(tf.tensor1d(batch.shifts, 'int32'), SHIFTS.length).toFloat();
      const m = tf.tensor2d(batch.masks, [n, CHECK_COUNT]);
      const adv = tf.tensor1d(batch.advantages);
      const { grads } = tf.variableGrads(() => {
        const logits = this.net.apply(s);
        const shiftLogits = tf.slice(logits, [0, 0], [n, SHIFTS.length]);
        const maskLogits = tf.slice(logits, [0, SHIFTS.length], [n, CHECK_COUNT]);
        const lpShift = tf.sum(tf.mul(tf.logSoftmax(shiftLogits), shiftHot), 1);
        const lpMask = tf.neg(tf.sum(tf.add(tf.mul(m, tf.softplus(tf.neg(maskLogits))), tf.mul(tf.sub(1, m), tf.softplus(maskLogits))), 1));
        // METHODS 4.5: L = -(1/K) sum over episodes and steps of log pi(a|s) A.
        return tf.div(tf.neg(tf.sum(tf.mul(tf.add(lpShift, lpMask), adv))), n / this.options.horizon) as tf.Scalar;
      }, named.map(([, v]) => v));
      const out: Record<string, { shape: number[]; values: Float32Array }> = {};
      for (const [name, variable] of named) {
        const g = grads[variable.name] as tf.Tensor;
        out[name] = { shape: [...variable.shape], values: Float32Array.from(g.dataSync()) };
      }
      return out;
    });
  }

  dispose(): void {
    this.net.dispose();
    this.optimizer.dispose();
  }
}

/** theta - alpha * g, by name. */
export function sgd(theta: NamedWeights, grads: NamedWeights, alpha: number): NamedWeights {
  const out: Record<string, { shape: readonly number[]; values: Float32Array }> = {};
  for (const [name, w] of Object.entries(theta)) {
    const g = grads[name];
    const values = Float32Array.from(w.values);
    if (g) for (let i = 0; i < values.length; i++) values[i] = (values[i] as number) - alpha * (g.values[i] as number);
    out[name] = { shape: w.shape, values };
  }
  return out;
}

/** Acting from weights in plain JS: sampled (training) or greedy (deployed). */
export function thresholdActor(weights: NamedWeights, random: Random, greedy: boolean, hidden = 2): (state: Float32Array) => ThresholdAction {
  const mlp = Float32Mlp.fromWeights(weights, 'threshold', [...Array.from({ length: hidden }, () => 'tanh' as const), 'linear']);
  const logits = new Float32Array(THRESHOLD_LOGITS);
  const probs = new Float32Array(SHIFTS.length);
  return (state) => {
    mlp.forward(state, 1, logits);
    softmax(logits, 0, SHIFTS.length, probs);
    const shift = greedy ? argmax(probs, 0, SHIFTS.length) : sampleIndex(probs, SHIFTS.length, random.next());
    let mask = 0;
    for (let k = 0; k < CHECK_COUNT; k++) {
      const p = 1 / (1 + Math.exp(-(logits[SHIFTS.length + k] as number)));
      if (greedy ? p > 0.5 : random.next() < p) mask |= 1 << k;
    }
    return { shift, mask };
  };
}

/**
 * Confusion of the greedy policy over rows [from, to), as consecutive episodes of `horizon` steps
 * (theta restarts at 0.5 each episode, as in training: METHODS 4.5 "episode = one run").
 */
export function evaluateThresholdPolicy(weights: NamedWeights, stream: WorkflowStream, from: number, to: number, horizon: number = DEFAULT_META_THRESHOLD_OPTIONS.horizon): Confusion {
  const c = emptyConfusion();
  const act = thresholdActor(weights, createRandom(0), true);
  for (let start = from; start < to; start += horizon) runThresholdEpisode(stream, start, Math.min(horizon, to - start), act, c);
  return c;
}
