// One controlled deployment cycle as an RL environment: the simulator, the hybrid detectors in the
// loop, the state encoder, the reward and the cycle's accounting.
// Reference: METHODS.md 5.7-5.9; the reset/step shape of Gymnasium's Env.
import { MAINTAIN } from './actions';
import { CycleAccounting, type CycleSummary } from './cycle-accounting';
import { DeploymentSimulator, type DeploymentSimulatorOptions } from './deployment-simulator';
import { HybridDetector, type HybridDetectorOptions } from './hybrid-detector';
import { DEFAULT_SLO, type DeploymentMetrics } from './metrics';
import type { ControlObservation } from './policy';
import { DEFAULT_REWARD_WEIGHTS, deploymentReward, type RewardWeights } from './reward';
import { STATE_SIZE, StateEncoder } from './state-encoder';

export interface DeploymentEnvOptions {
  readonly detectors?: HybridDetectorOptions;
  readonly reward?: RewardWeights;
  readonly simulator?: Omit<DeploymentSimulatorOptions, 'seed'>;
}

export interface EnvStep {
  readonly observation: ControlObservation;
  readonly reward: number;
  readonly done: boolean;
}

export class DeploymentEnv {
  readonly detector: HybridDetector;
  private readonly encoder = new StateEncoder(DEFAULT_SLO);
  private readonly weights: RewardWeights;
  private sim!: DeploymentSimulator;
  private accounting!: CycleAccounting;
  private previous!: DeploymentMetrics;
  private readonly scores: Float64Array;

  constructor(private readonly options: DeploymentEnvOptions = {}) {
    this.detector = new HybridDetector(options.detectors);
    this.weights = options.reward ?? DEFAULT_REWARD_WEIGHTS;
    this.scores = new Float64Array(this.detector.names.length);
  }

  get simulator(): DeploymentSimulator {
    return this.sim;
  }

  /** Starts the cycle of `seed`: fresh detectors warmed on the preroll, first observation. */
  reset(seed: number): ControlObservation {
    this.sim = new DeploymentSimulator({ ...this.options.simulator, seed });
    this.accounting = new CycleAccounting(DEFAULT_SLO);
    this.detector.reset();
    this.encoder.reset();
    let obs: ControlObservation | undefined;
    while (this.sim.time < 0) obs = this.observe(false);
    return obs ?? this.observe(true);
  }

  /** Applies the action, runs one step, and returns the next observation and the step's reward. */
  step(action: number): EnvStep {
    if (action !== MAINTAIN) {
      this.detector.noteAction();
      this.accounting.countAction();
    }
    this.sim.act(action);
    const before = this.previous;
    const observation = this.observe(true);
    const reward = deploymentReward(before, observation.metrics, this.sim.cost(), action !== MAINTAIN, this.weights, DEFAULT_SLO);
    return { observation, reward, done: this.sim.done };
  }

  summary(): CycleSummary {
    return this.accounting.summary(this.sim.faults);
  }

  private observe(count: boolean): ControlObservation {
    const r = this.sim.step();
    if (count) this.accounting.record(r.metrics, this.sim.cost(), r.utilisation);
    this.detector.observe(r.metrics, this.scores);
    const state = this.encoder.encode(r.metrics, this.scores, this.detector.cutoffs, r.config, new Float32Array(STATE_SIZE));
    const scores: Record<string, number> = {};
    this.detector.names.forEach((n, i) => (scores[n] = this.scores[i] as number));
    this.previous = r.metrics;
    return { metrics: r.metrics, config: r.config, scores, state };
  }
}
