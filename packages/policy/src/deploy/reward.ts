// The controller's reward: the seed's delta form plus level terms, so time spent down, and time
// spent slow, costs.
// Reference: METHODS.md 5.7 (R = w1(-dLat) + w2 dThr + w3(-dErr) + w4(-Cost) [002 §3.2];
// OUR CHOICE: normalisation by the SLOs; the w5 down-time level term, since a delta-only reward
// telescopes; a latency level term w6 on latency above a fraction f of the SLO, since the deltas
// telescope for latency too and the down term only sees latency past the SLO; a small cost per
// action against churn).
import { DEFAULT_SLO, isUp, type DeploymentMetrics, type Slo } from './metrics';

export interface RewardWeights {
  readonly latency: number;
  readonly throughput: number;
  readonly errors: number;
  readonly cost: number;
  readonly down: number;
  /** Per action other than maintain (OUR CHOICE: churn costs; every change is a risk in production). */
  readonly action: number;
  /** w6: weight of the latency level term -max(0, lat / lat_SLO - latencyFloor) (absent: 0, off). */
  readonly latencyLevel?: number;
  /** f: fraction of the latency SLO under which latency costs nothing in the level term (absent: 0). */
  readonly latencyFloor?: number;
}

/**
 * The weights the shipped policy was trained with: METHODS' (w1..w5) = (1, 0.5, 1, 0.1, 1), the
 * action cost, and w6 = 0.05 on latency / SLO (f = 0), chosen on validation cycles (seed 9) over
 * (w6, f, w4) = (0.05, 0, 0.1), (0.2, 0, 0.1), (0.5, 0.4, 0.1), (0.5, 0.4, 0.4), (1, 0.5, 0.5), (0, 0, 0.1):
 * the others either bought latency with the most workers or did not settle in 60 updates.
 */
export const DEFAULT_REWARD_WEIGHTS: RewardWeights = Object.freeze({ latency: 1, throughput: 0.5, errors: 1, cost: 0.1, down: 1, action: 0.05, latencyLevel: 0.05, latencyFloor: 0 });

/** R_t for the step from `previous` to `current`; `cost` = workers / max workers. */
export function deploymentReward(previous: DeploymentMetrics, current: DeploymentMetrics, cost: number, acted: boolean, weights: RewardWeights = DEFAULT_REWARD_WEIGHTS, slo: Slo = DEFAULT_SLO): number {
  const dLat = (current.latencyMs - previous.latencyMs) / slo.latencyMs;
  const dThr = (current.throughput - previous.throughput) / slo.throughput;
  const dErr = (current.errorRate - previous.errorRate) / slo.errorRate;
  const slow = Math.max(0, current.latencyMs / slo.latencyMs - (weights.latencyFloor ?? 0));
  return -weights.latency * dLat + weights.throughput * dThr - weights.errors * dErr - weights.cost * cost - weights.down * (isUp(current, slo) ? 0 : 1) - (acted ? weights.action : 0) - (weights.latencyLevel ?? 0) * slow;
}
