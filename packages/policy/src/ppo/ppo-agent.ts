// PPO-Clip with GAE, a value loss and an entropy bonus, trained in minibatch epochs on tfjs; acting
// runs on a Float32Array copy of the actor (no tfjs op per step).
// Reference: Schulman et al. 2017 (PPO-Clip); METHODS.md 5.7 (loss = -L_clip + c1 L_V - c2 H,
// advantages normalised per minibatch, global gradient norm clipped, separate actor and critic).
// OUR CHOICE: Glorot init from @awad/tensor in place of orthogonal init; the policy head is scaled
// by 0.01 as in the orthogonal scheme, so the first policy is near uniform.
import { createRandom, type Random } from '@awad/core';
import { createAdam, Float32Mlp, Mlp, readVariables, tf, writeVariables, type NamedWeights } from '@awad/tensor';
import { argmax, sampleIndex, softmax } from './categorical';
import { normalise } from '../normalise';
import { computeGae } from './gae';
import { resolvePpoOptions, type PpoOptions, type ResolvedPpoOptions } from './ppo-options';

/** What one rollout holds, step-major (index t * envs + e). */
export interface Rollout {
  readonly envs: number;
  readonly observations: Float32Array;
  readonly actions: Int32Array;
  readonly rewards: Float32Array;
  readonly dones: Uint8Array;
  readonly logProbs: Float32Array;
  readonly values: Float32Array;
  /** V(s) after the last step of each environment, to bootstrap. */
  readonly lastValues: Float32Array;
}

export interface PpoUpdateStats {
  readonly loss: number;
  readonly approxKl: number;
  readonly clipFraction: number;
  readonly entropy: number;
  readonly explainedVariance: number;
}

export interface ActResult {
  readonly actions: Int32Array;
  readonly logProbs: Float32Array;
  readonly values: Float32Array;
}

export class PpoAgent {
  readonly options: ResolvedPpoOptions;
  readonly actor: Mlp;
  readonly critic: Mlp;
  private readonly optimizer: tf.Optimizer;
  private readonly random: Random;
  private fastActor!: Float32Mlp;
  private fastCritic!: Float32Mlp;

  constructor(options: PpoOptions) {
    this.options = resolvePpoOptions(options);
    const o = this.options;
    this.actor = new Mlp({ sizes: [o.observationSize, ...o.hidden, o.actionCount], activation: 'tanh', seed: o.seed, name: 'actor' });
    this.critic = new Mlp({ sizes: [o.observationSize, ...o.hidden, 1], activation: 'tanh', seed: o.seed + 1, name: 'critic' });
    const head = this.actor.layers[this.actor.layers.length - 1];
    if (head) tf.tidy(() => head.kernel.assign(tf.mul(head.kernel, 0.01)));
    this.optimizer = createAdam({ learningRate: o.learningRate, epsilon: 1e-5 });
    this.random = createRandom(o.seed * 7 + 3);
    this.refresh();
  }

  /** Activations of the actor and critic layers, for Float32Mlp.fromWeights. */
  get activations(): ('tanh' | 'linear')[] {
    return [...this.options.hidden.map(() => 'tanh' as const), 'linear'];
  }

  /** Acts on `rows` states (row-major); samples unless `greedy`. */
  act(states: Float32Array, rows: number, greedy = false): ActResult {
    const n = this.options.actionCount;
    const logits = this.fastActor.forward(states, rows);
    const values = this.fastCritic.forward(states, rows);
    const actions = new Int32Array(rows);
    const logProbs = new Float32Array(rows);
    const probs = new Float32Array(n);
    for (let r = 0; r < rows; r++) {
      softmax(logits, r * n, n, probs);
      const a = greedy ? argmax(probs) : sampleIndex(probs, n, this.random.next());
      actions[r] = a;
      logProbs[r] = Math.log(Math.max(1e-12, probs[a] as number));
    }
    return { actions, logProbs, values: Float32Array.from(values) };
  }

  /** V(s) of `rows` states. */
  value(states: Float32Array, rows: number): Float32Array {
    return Float32Array.from(this.fastCritic.forward(states, rows));
  }

  /** GAE, then `epochs` passes of shuffled minibatches over the rollout. */
  update(rollout: Rollout): PpoUpdateStats {
    const o = this.options;
    const { advantages, returns } = computeGae(rollout.rewards, rollout.values, rollout.dones, rollout.lastValues, rollout.envs, o.gamma, o.lambda);
    const n = rollout.actions.length;
    const d = o.observationSize;
    const order = Int32Array.from({ length: n }, (_, i) => i);
    const vars = [...this.actor.variables(), ...this.critic.variables()];
    let last = { loss: 0, kl: 0, clipped: 0, entropy: 0 };
    const mb = Math.min(o.minibatchSize, n);
    for (let epoch = 0; epoch < o.epochs; epoch++) {
      shuffle(order, this.random);
      for (let start = 0; start + mb <= n; start += mb) {
        const obs = new Float32Array(mb * d);
        const act = new Int32Array(mb);
        const oldLogp = new Float32Array(mb);
        const adv = new Float32Array(mb);
        const ret = new Float32Array(mb);
        for (let k = 0; k < mb; k++) {
          const i = order[start + k] as number;
          obs.set(rollout.observations.subarray(i * d, i * d + d), k * d);
          act[k] = rollout.actions[i] as number;
          oldLogp[k] = rollout.logProbs[i] as number;
          adv[k] = advantages[i] as number;
          ret[k] = returns[i] as number;
        }
        normalise(adv);
        const wantStats = epoch === o.epochs - 1 && start + 2 * mb > n;
        const stats = this.step(obs, act, oldLogp, adv, ret, mb, vars, wantStats);
        if (stats) last = stats;
      }
    }
    this.refresh();
    return { loss: last.loss, approxKl: last.kl, clipFraction: last.clipped, entropy: last.entropy, explainedVariance: explainedVariance(rollout.values, returns) };
  }

  /** The actor's and critic's weights by name ("actor/0/kernel", ...). */
  weights(): NamedWeights {
    return readVariables([...this.actor.namedVariables(), ...this.critic.namedVariables()]);
  }

  /** Loads weights saved from an agent of the same shape (checked before anything changes). */
  loadWeights(weights: NamedWeights): void {
    writeVariables([...this.actor.namedVariables(), ...this.critic.namedVariables()], weights);
    this.refresh();
  }

  dispose(): void {
    this.actor.dispose();
    this.critic.dispose();
    this.optimizer.dispose();
  }

  private step(obsA: Float32Array, actA: Int32Array, oldA: Float32Array, advA: Float32Array, retA: Float32Array, mb: number, vars: tf.Variable[], wantStats: boolean): { loss: number; kl: number; clipped: number; entropy: number } | undefined {
    const o = this.options;
    return tf.tidy(() => {
      const obs = tf.tensor2d(obsA, [mb, o.observationSize]);
      const onehot = tf.oneHot(tf.tensor1d(actA, 'int32'), o.actionCount).toFloat();
      const oldLogp = tf.tensor1d(oldA);
      const adv = tf.tensor1d(advA);
      const ret = tf.tensor1d(retA);
      let aux: tf.Tensor[] = [];
      const lossFn = (): tf.Scalar => {
        const logp = tf.logSoftmax(this.actor.apply(obs));
        const logpa = tf.sum(tf.mul(logp, onehot), 1);
        const logRatio = tf.sub(logpa, oldLogp);
        const ratio = tf.exp(logRatio);
        const surrogate = tf.minimum(tf.mul(ratio, adv), tf.mul(tf.clipByValue(ratio, 1 - o.clip, 1 + o.clip), adv));
        const value = tf.reshape(this.critic.apply(obs), [mb]);
        const valueLoss = tf.mean(tf.square(tf.sub(value, ret)));
        const entropy = tf.neg(tf.mean(tf.sum(tf.mul(tf.exp(logp), logp), 1)));
        // variableGrads frees what its function made: keep the statistics, freed below.
        if (wantStats) aux = [tf.keep(tf.mean(tf.neg(logRatio))), tf.keep(tf.mean(tf.cast(tf.greater(tf.abs(tf.sub(ratio, 1)), o.clip), 'float32'))), tf.keep(tf.clone(entropy))];
        return tf.add(tf.sub(tf.mul(o.valueCoef, valueLoss), tf.mean(surrogate)), tf.mul(-o.entropyCoef, entropy)) as tf.Scalar;
      };
      const { value, grads } = tf.variableGrads(lossFn, vars);
      const names = Object.keys(grads);
      const norm = tf.sqrt(tf.addN(names.map((k) => tf.sum(tf.square(grads[k] as tf.Tensor)))));
      const scale = tf.minimum(1, tf.div(o.maxGradNorm, tf.add(norm, 1e-6)));
      const clipped: Record<string, tf.Tensor> = {};
      for (const k of names) clipped[k] = tf.mul(grads[k] as tf.Tensor, scale);
      this.optimizer.applyGradients(clipped);
      if (!wantStats) return undefined;
      const [kl, frac, ent] = aux.map((t) => t.dataSync()[0] as number);
      for (const t of aux) t.dispose();
      return { loss: value.dataSync()[0] as number, kl: kl as number, clipped: frac as number, entropy: ent as number };
    });
  }

  private refresh(): void {
    const w = this.weights();
    this.fastActor = Float32Mlp.fromWeights(w, 'actor', this.activations);
    this.fastCritic = Float32Mlp.fromWeights(w, 'critic', this.activations);
  }
}

function shuffle(a: Int32Array, random: Random): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    const t = a[i] as number;
    a[i] = a[j] as number;
    a[j] = t;
  }
}

function explainedVariance(pred: Float32Array, target: Float32Array): number {
  let mt = 0;
  for (const v of target) mt += v;
  mt /= target.length;
  let vt = 0;
  let vr = 0;
  for (let i = 0; i < target.length; i++) {
    vt += ((target[i] as number) - mt) ** 2;
    vr += ((target[i] as number) - (pred[i] as number)) ** 2;
  }
  return vt === 0 ? 0 : 1 - vr / vt;
}
