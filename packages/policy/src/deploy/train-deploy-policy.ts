// Trains the deployment controller: PPO over batches of simulated cycles, acting on a Float32Array
// copy of the actor and updating on tfjs in minibatch epochs.
// Reference: METHODS.md 5.7-5.9 (PPO trains on cycles with seeds >= 10000; evaluation uses other seeds).
import { DEPLOY_ACTIONS } from './actions';
import { DeploymentEnv, type DeploymentEnvOptions } from './deployment-env';
import { STATE_SIZE } from './state-encoder';
import { PpoAgent, type PpoUpdateStats, type Rollout } from '../ppo/ppo-agent';
import type { PpoOptions } from '../ppo/ppo-options';
import type { DecodedPolicyFile } from '../ppo/policy-file';
import type { NamedWeights } from '@awad/tensor';

export interface TrainDeployOptions {
  /** PPO updates (default DEFAULT_TRAIN_DEPLOY_OPTIONS.updates). */
  readonly updates?: number;
  /** Parallel environments (default 16). */
  readonly envs?: number;
  /** Steps per environment per update (default 128: 2048 steps per rollout with 16 envs). */
  readonly stepsPerEnv?: number;
  /** First training cycle seed (default 10000); cycles take consecutive seeds. */
  readonly seedBase?: number;
  readonly ppo?: Partial<PpoOptions>;
  /** The environments' options; a list is spread over the parallel environments in turn (env e gets item e mod length), to train on a mix of regimes. */
  readonly env?: DeploymentEnvOptions | readonly DeploymentEnvOptions[];
  /** Actor and critic weights to start from (a policy file's `weights`), e.g. to fine-tune a trained policy on another regime. */
  readonly initialWeights?: NamedWeights;
  /** Called after each update; returning false stops training there. */
  readonly onUpdate?: (info: { update: number; steps: number; meanEpisodeReturn: number; stats: PpoUpdateStats; agent: PpoAgent }) => void | boolean;
}

/**
 * The shipped policy's training settings: PPO's standard values (DEFAULT_PPO_OPTIONS) except the
 * minibatch (256, 8 per 2048-step rollout) and a learning rate of 1e-3 to go with it (4x faster
 * updates than minibatch 64), and 100 updates. All chosen on validation cycles (seed 9), never on
 * the evaluation seeds: checked every 25 updates up to 150, the margins were best at 75-100; at
 * 125-150 the policy used fewer workers but its time-to-recovery margin fell to -19%.
 */
export const DEFAULT_TRAIN_DEPLOY_OPTIONS = Object.freeze({ updates: 100, envs: 16, stepsPerEnv: 128, seedBase: 10_000, ppo: Object.freeze({ minibatchSize: 256, learningRate: 1e-3 }) });

export interface TrainDeployResult {
  readonly agent: PpoAgent;
  readonly steps: number;
  readonly episodes: number;
  readonly returns: readonly number[];
}

export function trainDeployPolicy(options: TrainDeployOptions = {}): TrainDeployResult {
  const d = DEFAULT_TRAIN_DEPLOY_OPTIONS;
  const updates = options.updates ?? d.updates;
  const E = options.envs ?? d.envs;
  const T = options.stepsPerEnv ?? d.stepsPerEnv;
  let nextSeed = options.seedBase ?? d.seedBase;
  const agent = new PpoAgent({ observationSize: STATE_SIZE, actionCount: DEPLOY_ACTIONS.length, ...d.ppo, ...options.ppo });
  if (options.initialWeights !== undefined) agent.loadWeights(options.initialWeights);
  const envOptions: readonly (DeploymentEnvOptions | undefined)[] = Array.isArray(options.env) ? options.env : [options.env as DeploymentEnvOptions | undefined];
  const envs = Array.from({ length: E }, (_, e) => new DeploymentEnv(envOptions[e % envOptions.length]));
  const states = new Float32Array(E * STATE_SIZE);
  const epReturn = new Float64Array(E);
  envs.forEach((env, e) => states.set(env.reset(nextSeed++).state, e * STATE_SIZE));
  const returns: number[] = [];
  let steps = 0;
  for (let u = 0; u < updates; u++) {
    const n = E * T;
    const rollout = {
      envs: E,
      observations: new Float32Array(n * STATE_SIZE),
      actions: new Int32Array(n),
      rewards: new Float32Array(n),
      dones: new Uint8Array(n),
      logProbs: new Float32Array(n),
      values: new Float32Array(n),
      lastValues: new Float32Array(E),
    };
    const finished: number[] = [];
    for (let t = 0; t < T; t++) {
      const { actions, logProbs, values } = agent.act(states, E);
      rollout.observations.set(states, t * E * STATE_SIZE);
      for (let e = 0; e < E; e++) {
        const i = t * E + e;
        const env = envs[e] as DeploymentEnv;
        const r = env.step(actions[e] as number);
        rollout.actions[i] = actions[e] as number;
        rollout.logProbs[i] = logProbs[e] as number;
        rollout.values[i] = values[e] as number;
        rollout.rewards[i] = r.reward;
        rollout.dones[i] = r.done ? 1 : 0;
        epReturn[e] = (epReturn[e] as number) + r.reward;
        const next = r.done ? env.reset(nextSeed++).state : r.observation.state;
        if (r.done) {
          finished.push(epReturn[e] as number);
          epReturn[e] = 0;
        }
        states.set(next, e * STATE_SIZE);
      }
    }
    rollout.lastValues.set(agent.value(states, E));
    steps += n;
    const stats = agent.update(rollout as Rollout);
    const mean = finished.length > 0 ? finished.reduce((a, b) => a + b, 0) / finished.length : Number.NaN;
    returns.push(...finished);
    if (options.onUpdate?.({ update: u + 1, steps, meanEpisodeReturn: mean, stats, agent }) === false) break;
  }
  return { agent, steps, episodes: returns.length, returns };
}

/** The policy file of a trained agent. */
export function deployPolicyFile(agent: PpoAgent, detectors: readonly string[], training: Record<string, unknown>): DecodedPolicyFile {
  return { kind: 'awad-ppo-policy', version: 1, observationSize: agent.options.observationSize, actions: [...DEPLOY_ACTIONS], hidden: [...agent.options.hidden], detectors: [...detectors], training, weights: agent.weights() };
}
