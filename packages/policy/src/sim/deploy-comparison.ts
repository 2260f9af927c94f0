// The deployment comparison behind `awad sim deploy` and bench/policy-results.ts: the static-
// threshold baseline and the hybrid detector + PPO controller on the same cycles (same seeds, same
// fault schedules), with relative changes.
// Reference: METHODS.md 5.9; seed [002] §5's table (uptime, latency, error rate, time to recovery).
import type { DeploymentEnvOptions } from '../deploy/deployment-env';
import { evaluateDeployment, type DeploymentEvaluation } from '../deploy/evaluate-deployment';
import { StaticThresholdController } from '../deploy/static-threshold-controller';
import type { DeployPolicy } from '../deploy/policy';

export interface DeployComparison {
  readonly seed: number;
  readonly cycles: number;
  readonly baseline: DeploymentEvaluation;
  readonly hybrid: DeploymentEvaluation;
  /** Hybrid minus baseline: uptime in points, the rest relative (negative = lower). */
  readonly change: { readonly uptimePoints: number; readonly latency: number; readonly errorRate: number; readonly timeToRecovery: number; readonly outage: number; readonly cost: number };
}

/** Cycle seeds of an evaluation seed: N * 1 000 000 + i, never the training seeds 10000..~20000. */
export function cycleSeeds(seed: number, cycles: number): number[] {
  return Array.from({ length: cycles }, (_, i) => seed * 1_000_000 + i);
}

/** `env`: the detectors (and reward) the policy was trained with; the baseline reads only the metrics. */
export function compareDeployment(policy: DeployPolicy, seed: number, cycles: number, env: DeploymentEnvOptions = {}): DeployComparison {
  const seeds = cycleSeeds(seed, cycles);
  const baseline = evaluateDeployment(new StaticThresholdController(), seeds, env);
  const hybrid = evaluateDeployment(policy, seeds, env);
  const rel = (a: number, b: number): number => (b === 0 ? 0 : (a - b) / b);
  return {
    seed,
    cycles,
    baseline,
    hybrid,
    change: {
      uptimePoints: 100 * (hybrid.uptime - baseline.uptime),
      latency: rel(hybrid.meanLatencyMs, baseline.meanLatencyMs),
      errorRate: rel(hybrid.errorRate, baseline.errorRate),
      timeToRecovery: rel(hybrid.timeToRecovery, baseline.timeToRecovery),
      outage: rel(hybrid.meanOutage, baseline.meanOutage),
      cost: rel(hybrid.meanCost, baseline.meanCost),
    },
  };
}
