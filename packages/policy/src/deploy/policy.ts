// What a deployment policy sees and returns: one observation per step, one action index back.
import type { DeploymentConfig } from './actions';
import type { DeploymentMetrics } from './metrics';

export interface ControlObservation {
  readonly metrics: DeploymentMetrics;
  readonly config: DeploymentConfig;
  /** Each detector's score this step (raw, higher = more anomalous; NaN while warming up). */
  readonly scores: Readonly<Record<string, number>>;
  /** The encoded state vector (see StateEncoder). */
  readonly state: Float32Array;
}

/** A policy picks one of DEPLOY_ACTIONS for an observation. */
export interface DeployPolicy {
  readonly name: string;
  decide(obs: ControlObservation): number;
  /** Forgets per-episode memory (counters, histories). */
  reset?(): void;
}
