// The meta-RL threshold policy: an MLP from the threshold state to one logit per threshold choice
// (a level, or METHODS' shifts: threshold-actions.ts) and 6 check logits, meta-trained with
// first-order MAML across workflows, adapted to a new workflow in a few policy-gradient steps on
// its labelled runs.
// Reference: METHODS.md 4.5 (Finn et al. 2017, first-order MAML; REINFORCE with a linear baseline;
// network 146 -> 64 -> 64 -> 5 + 6, here 28 -> 64 -> 64 -> 18 + 6). OUR CHOICE, each chosen on
// validation workflows 124-129 and 400-409, never the held-out ones (packages/policy/README.md):
// - the 'expected' estimator (reward-table.ts) in place of REINFORCE: a verdict's reward is
//   immediate and known for every action, so the gradient of each visited step's expected reward
//   needs no sampled actions; with REINFORCE (gamma 0.9, alpha 0.02) the greedy policy raised the
//   threshold every step and sat at 0.95;
// - the soft-F1 objective ('f1', session 5) in place of the per-step reward: the batch's F1 from
//   the expected verdicts, the metric itself; with re-adaptation on the feedback so far
//   (compare-thresholds.ts) it matched or beat the reward objective's F1 with fewer false alerts on both validation families;
// - inner step alpha 0.5 and adaptation step adaptAlpha 1 on the reward table scaled to unit spread
//   (0.02 / 0.005 left the adapted policy where it started: the meta-policy saturates and small
//   steps do not move it); with REINFORCE, gamma 0.9 and advantages normalised per batch.
import { ConfigError, createRandom, type Random } from '@awad/core';
import { createAdam, Float32Mlp, Mlp, readVariables, tf, writeVariables, type NamedWeights } from '@awad/tensor';
import { argmax, sampleIndex, softmax } from '../ppo/categorical';
import { normalise, scaleToUnitSpread } from '../normalise';
import { linearBaseline } from './linear-baseline';
import { CHECK_COUNT, type WorkflowStream } from './workflow-stream';
import { alertTable, MASK_COUNT, rewardTable } from './reward-table';
import { thresholdActionSpace, type ThresholdActionSpace, type ThresholdActionSpaceName } from './threshold-actions';
import { DEFAULT_THRESHOLD_REWARD, emptyConfusion, newEpisodeRecord, runThresholdEpisode, thresholdLogits, THRESHOLD_STATE_SIZE, type Confusion, type EpisodeRecord, type ThresholdAction, type ThresholdReward } from './threshold-env';

export interface MetaThresholdOptions {
  readonly hidden?: readonly number[];
  readonly seed?: number;
  /** Inner step size of meta-training (default 0.5, for 'expected'; METHODS 4.5: 0.1; with 'reinforce' 0.02 was chosen). */
  readonly alpha?: number;
  /** Step size of adaptation to a new workflow (default 1, for 'expected'; with 'reinforce' 0.005 was chosen). */
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
  /** How the policy sets the threshold: a level each step (default) or METHODS 4.5's shifts. */
  readonly actionSpace?: ThresholdActionSpaceName;
  /**
   * The policy-gradient estimator: 'expected' (default), the exact gradient of each visited step's
   * expected reward over all actions (reward-table.ts); 'reinforce', METHODS 4.5's sampled
   * returns with the linear baseline (discounted by gamma).
   */
  readonly estimator?: ThresholdEstimator;
  /** Weight of the policy's entropy (threshold choice plus each check's bit) added to the objective (default 0). */
  readonly entropy?: number;
  /** Rewards of the four verdicts (default DEFAULT_THRESHOLD_REWARD). */
  readonly reward?: ThresholdReward;
  /**
   * What the 'expected' estimator maximises: 'f1' (default), the batch's soft F1 from the expected
   * verdicts (expected TP, FP, FN); 'reward', the sum of each visited step's expected reward (the
   * only one, and the default, with 'reinforce').
   */
  readonly objective?: ThresholdObjective;
}

export type ThresholdObjective = 'reward' | 'f1';
export const THRESHOLD_OBJECTIVES: readonly ThresholdObjective[] = ['reward', 'f1'];

export type ThresholdEstimator = 'expected' | 'reinforce';
export const THRESHOLD_ESTIMATORS: readonly ThresholdEstimator[] = ['expected', 'reinforce'];

export const DEFAULT_META_THRESHOLD_OPTIONS = Object.freeze({ hidden: [64, 64] as readonly number[], seed: 1, alpha: 0.5, adaptAlpha: 1, gamma: 0.9, episodes: 10, horizon: 100, metaLearningRate: 1e-3, adaptEpisodes: 40, actionSpace: 'level' as ThresholdActionSpaceName, estimator: 'expected' as ThresholdEstimator, entropy: 0, reward: DEFAULT_THRESHOLD_REWARD, objective: 'f1' as ThresholdObjective });

/** A task: rows [from, to) of a workflow stream. */
export interface ThresholdTask {
  readonly stream: WorkflowStream;
  readonly from: number;
  readonly to: number;
}

interface Batch {
  readonly states: Float32Array;
  readonly choices: Int32Array;
  readonly masks: Float32Array;
  readonly advantages: Float32Array;
  /** For the 'expected' estimator: rewardTable of the rows, scaled to unit spread ('reward'), or alertTable ('f1'). */
  readonly table?: Float32Array;
  /** For the 'f1' objective: the rows' labels. */
  readonly labels?: Float32Array;
  readonly meanReturn: number;
}

export class MetaThresholdLearner {
  readonly options: Required<MetaThresholdOptions>;
  readonly net: Mlp;
  readonly space: ThresholdActionSpace;
  private readonly optimizer: tf.Optimizer;
  private random: Random;

  constructor(options: MetaThresholdOptions = {}) {
    // An option given as undefined keeps its default.
    const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
    // REINFORCE learns from sampled returns: with it the objective defaults to the reward.
    const objective = options.objective ?? (options.estimator === 'reinforce' ? 'reward' : DEFAULT_META_THRESHOLD_OPTIONS.objective);
    this.options = { ...DEFAULT_META_THRESHOLD_OPTIONS, ...given, objective } as Required<MetaThresholdOptions>;
    const o = this.options;
    this.space = thresholdActionSpace(o.actionSpace);
    if (!THRESHOLD_ESTIMATORS.includes(o.estimator)) throw new ConfigError('@awad/policy', 'estimator', `one of ${THRESHOLD_ESTIMATORS.join(', ')}`, o.estimator);
    if (!THRESHOLD_OBJECTIVES.includes(o.objective)) throw new ConfigError('@awad/policy', 'objective', `one of ${THRESHOLD_OBJECTIVES.join(', ')}`, o.objective);
    if (o.objective === 'f1' && o.estimator !== 'expected') throw new ConfigError('@awad/policy', 'objective', "'reward' with the 'reinforce' estimator ('f1' needs the 'expected' one)", o.objective);
    this.net = new Mlp({ sizes: [THRESHOLD_STATE_SIZE, ...o.hidden, thresholdLogits(this.space)], activation: 'tanh', seed: o.seed, name: 'threshold' });
    const head = this.net.layers[this.net.layers.length - 1];
    if (head) tf.tidy(() => head.kernel.assign(tf.mul(head.kernel, 0.1)));
    this.optimizer = createAdam({ learningRate: o.metaLearningRate });
    this.random = createRandom(o.seed * 13 + 5);
  }

  /** The state of the episode draws, to continue them in another learner (an adaptation worker). */
  randomState(): number {
    return this.random.state();
  }

  /** Continues the episode draws from another learner's `randomState()`. */
  continueRandom(state: number): void {
    this.random = createRandom(state);
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

  /** Adapts `theta` to a task with `steps` policy-gradient steps (each on fresh episodes of the adapted policy). */
  adapt(theta: NamedWeights, task: ThresholdTask, steps: number): NamedWeights {
    let w = theta;
    for (let s = 0; s < steps; s++) w = sgd(w, this.gradient(w, this.collect(w, task, this.options.adaptEpisodes)), this.options.adaptAlpha);
    return w;
  }

  /** K episodes of H steps from random starts in the task's rows, with advantages. */
  collect(weights: NamedWeights, task: ThresholdTask, K: number = this.options.episodes): Batch {
    const { horizon: H, gamma } = this.options;
    const act = thresholdActor(weights, this.random, false, { hidden: this.options.hidden.length, space: this.space });
    const rows = K * H;
    const states = new Float32Array(rows * THRESHOLD_STATE_SIZE);
    const choices = new Int32Array(rows);
    const masks = new Float32Array(rows * CHECK_COUNT);
    const reinforce = this.options.estimator === 'reinforce';
    const returns = new Float32Array(reinforce ? rows : 0);
    const labels = new Uint8Array(rows);
    let total = 0;
    const record: EpisodeRecord = newEpisodeRecord(H);
    const span = Math.max(1, task.to - task.from - H);
    for (let e = 0; e < K; e++) {
      const start = task.from + Math.floor(this.random.next() * span);
      total += runThresholdEpisode(task.stream, start, Math.min(H, task.to - start), act, emptyConfusion(), { record, space: this.space, reward: this.options.reward });
      states.set(record.states, e * H * THRESHOLD_STATE_SIZE);
      choices.set(record.choices, e * H);
      masks.set(record.masks, e * H * CHECK_COUNT);
      labels.set(task.stream.labels.subarray(start, start + H), e * H);
      if (!reinforce) continue;
      let g = 0;
      for (let t = H - 1; t >= 0; t--) {
        g = (record.rewards[t] as number) + gamma * g;
        returns[e * H + t] = g;
      }
    }
    if (!reinforce && this.options.objective === 'f1') return { states, choices, masks, advantages: new Float32Array(0), table: Float32Array.from(alertTable(states, rows, this.space)), labels: Float32Array.from(labels), meanReturn: total / K };
    if (!reinforce) return { states, choices, masks, advantages: new Float32Array(0), table: scaleToUnitSpread(rewardTable(states, labels, this.space, this.options.reward)), meanReturn: total / K };
    const base = linearBaseline(states, returns, THRESHOLD_STATE_SIZE, H);
    const advantages = Float32Array.from(returns, (r, i) => r - (base[i] as number));
    return { states, choices, masks, advantages: normalise(advantages), meanReturn: total / K };
  }

  /**
   * Gradient at `weights` of the batch's loss (the net's variables are left at `weights`):
   * 'reinforce', L = -(1/K) sum log pi(a|s) A; 'expected', L = -(1/K) sum over visited steps of
   * sum over choices c and masks m of pi(c|s) pi(m|s) R(s, c, m).
   */
  gradient(weights: NamedWeights, batch: Batch): NamedWeights {
    this.loadWeights(weights);
    const named = this.net.namedVariables();
    const n = batch.choices.length;
    const C = this.space.choices;
    return tf.tidy(() => {
      const s = tf.tensor2d(batch.states, [n, THRESHOLD_STATE_SIZE]);
      const table = batch.table ? tf.tensor3d(batch.table, [n, C, MASK_COUNT]) : undefined;
      const loss = table === undefined ? this.reinforceLoss(s, n, batch) : batch.labels ? this.expectedF1Loss(s, n, table, batch.labels) : this.expectedLoss(s, n, table);
      const { grads } = tf.variableGrads(loss, named.map(([, v]) => v));
      const out: Record<string, { shape: number[]; values: Float32Array }> = {};
      for (const [name, variable] of named) {
        const g = grads[variable.name] as tf.Tensor;
        out[name] = { shape: [...variable.shape], values: Float32Array.from(g.dataSync()) };
      }
      return out;
    });
  }

  private reinforceLoss(s: tf.Tensor2D, n: number, batch: Batch): () => tf.Scalar {
    const C = this.space.choices;
    const choiceHot = tf.oneHot(tf.tensor1d(batch.choices, 'int32'), C).toFloat();
    const m = tf.tensor2d(batch.masks, [n, CHECK_COUNT]);
    const adv = tf.tensor1d(batch.advantages);
    return () => {
      const logits = this.net.apply(s);
      const choiceLogits = tf.slice(logits, [0, 0], [n, C]);
      const maskLogits = tf.slice(logits, [0, C], [n, CHECK_COUNT]);
      const lpChoice = tf.sum(tf.mul(tf.logSoftmax(choiceLogits), choiceHot), 1);
      const lpMask = tf.neg(tf.sum(tf.add(tf.mul(m, tf.softplus(tf.neg(maskLogits))), tf.mul(tf.sub(1, m), tf.softplus(maskLogits))), 1));
      // METHODS 4.5: L = -(1/K) sum over episodes and steps of log pi(a|s) A.
      return tf.div(tf.neg(tf.add(tf.sum(tf.mul(tf.add(lpChoice, lpMask), adv)), this.entropyTerm(logits, n))), n / this.options.horizon) as tf.Scalar;
    };
  }

  /** entropy x (sum over rows of H(choice) + sum_k H(bit k)). */
  private entropyTerm(logits: tf.Tensor, n: number): tf.Scalar {
    const beta = this.options.entropy;
    if (beta === 0) return tf.scalar(0);
    const C = this.space.choices;
    const choiceLogits = tf.slice(logits, [0, 0], [n, C]);
    const logP = tf.logSoftmax(choiceLogits);
    const hChoice = tf.neg(tf.sum(tf.mul(tf.exp(logP), logP)));
    const l = tf.slice(logits, [0, C], [n, CHECK_COUNT]);
    const p = tf.sigmoid(l);
    // H(bit) = softplus(l) - p l.
    const hMask = tf.sum(tf.sub(tf.softplus(l), tf.mul(p, l)));
    return tf.mul(beta, tf.add(hChoice, hMask)) as tf.Scalar;
  }

  private expectedLoss(s: tf.Tensor2D, n: number, table: tf.Tensor3D): () => tf.Scalar {
    return () => {
      const logits = this.net.apply(s);
      const expected = tf.sum(this.expectedPerRow(logits, n, table));
      return tf.div(tf.neg(tf.add(expected, this.entropyTerm(logits, n))), n / this.options.horizon) as tf.Scalar;
    };
  }

  /**
   * The 'f1' objective: with p_i the policy's probability that step i alerts (alertTable under
   * pi), TP = sum p_i y_i, FP = sum p_i (1 - y_i), P = sum y_i, soft F1 = (2 TP + 1) / (TP + FP +
   * P + 1) (the +1 gives a batch without anomalies a gradient against false alerts). The loss is
   * -H x soft F1 (H steps per episode), which puts the gradient within a few times the size of
   * the unit-spread reward's (at initialisation, on validation workflows 124-126), so the same
   * step sizes apply.
   */
  private expectedF1Loss(s: tf.Tensor2D, n: number, table: tf.Tensor3D, labels: Float32Array): () => tf.Scalar {
    const y = tf.tensor1d(labels);
    const positives = labels.reduce((a, v) => a + v, 0);
    const scale = this.options.horizon;
    return () => {
      const logits = this.net.apply(s);
      const p = this.expectedPerRow(logits, n, table);
      const tp = tf.sum(tf.mul(p, y));
      const fp = tf.sub(tf.sum(p), tp);
      const f1 = tf.div(tf.add(tf.mul(2, tp), 1), tf.add(tf.add(tp, fp), positives + 1));
      return tf.neg(tf.add(tf.mul(scale, f1), tf.div(this.entropyTerm(logits, n), n / this.options.horizon))) as tf.Scalar;
    };
  }

  /** Per row, sum over choices c and masks m of pi(c|s) pi(m|s) table(i, c, m): [n]. */
  private expectedPerRow(logits: tf.Tensor, n: number, table: tf.Tensor3D): tf.Tensor1D {
    const C = this.space.choices;
    // bits[k][m] = 1 when check k is enabled in mask m.
    const bits = tf.tensor2d(Float32Array.from({ length: CHECK_COUNT * MASK_COUNT }, (_, i) => ((i % MASK_COUNT) >> Math.floor(i / MASK_COUNT)) & 1), [CHECK_COUNT, MASK_COUNT]);
    const off = tf.sub(1, bits);
    const pChoice = tf.softmax(tf.slice(logits, [0, 0], [n, C]));
    const maskLogits = tf.slice(logits, [0, C], [n, CHECK_COUNT]);
    // log pi(m|s) = sum_k m_k log sigma(l_k) + (1 - m_k) log sigma(-l_k), for all 2^K masks.
    const logPm = tf.add(tf.matMul(tf.neg(tf.softplus(tf.neg(maskLogits))), bits), tf.matMul(tf.neg(tf.softplus(maskLogits)), off));
    const perChoice = tf.matMul(table, tf.reshape(tf.exp(logPm), [n, MASK_COUNT, 1])); // [n, C, 1]
    return tf.sum(tf.mul(tf.reshape(perChoice, [n, C]), pChoice), 1) as tf.Tensor1D;
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

export interface ActorOptions {
  /** Hidden layers of the net (default 2). */
  readonly hidden?: number;
  /** The action space the weights were trained for (default 'level'). */
  readonly space?: ThresholdActionSpace;
}

/** Acting from weights in plain JS: sampled (training) or greedy (deployed). */
export function thresholdActor(weights: NamedWeights, random: Random, greedy: boolean, options: ActorOptions = {}): (state: Float32Array) => ThresholdAction {
  const { hidden = 2, space = thresholdActionSpace() } = options;
  const C = space.choices;
  const mlp = Float32Mlp.fromWeights(weights, 'threshold', [...Array.from({ length: hidden }, () => 'tanh' as const), 'linear']);
  const logits = new Float32Array(thresholdLogits(space));
  const probs = new Float32Array(C);
  return (state) => {
    mlp.forward(state, 1, logits);
    softmax(logits, 0, C, probs);
    const choice = greedy ? argmax(probs, 0, C) : sampleIndex(probs, C, random.next());
    let mask = 0;
    for (let k = 0; k < CHECK_COUNT; k++) {
      const p = 1 / (1 + Math.exp(-(logits[C + k] as number)));
      if (greedy ? p > 0.5 : random.next() < p) mask |= 1 << k;
    }
    return { choice, mask };
  };
}

/**
 * Confusion of the greedy policy over rows [from, to), as consecutive episodes of `horizon` steps
 * (theta restarts at 0.5 each episode, as in training: METHODS 4.5 "episode = one run").
 */
export function evaluateThresholdPolicy(weights: NamedWeights, stream: WorkflowStream, from: number, to: number, options: ActorOptions & { readonly horizon?: number } = {}): Confusion {
  const { horizon = DEFAULT_META_THRESHOLD_OPTIONS.horizon, space = thresholdActionSpace() } = options;
  const c = emptyConfusion();
  const act = thresholdActor(weights, createRandom(0), true, options);
  for (let start = from; start < to; start += horizon) runThresholdEpisode(stream, start, Math.min(horizon, to - start), act, c, { space });
  return c;
}
