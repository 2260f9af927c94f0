// Runs deployment cycles under a policy and aggregates uptime, latency, errors, cost and recovery.
// Reference: METHODS.md 5.9 (the same fault schedule, from the cycle seed, for every policy).
import type { CycleSummary } from './cycle-accounting';
import { DeploymentEnv, type DeploymentEnvOptions } from './deployment-env';
import type { DeployPolicy } from './policy';

export interface DeploymentEvaluation {
  readonly policy: string;
  readonly cycles: number;
  /** Mean fraction of steps within the SLO. */
  readonly uptime: number;
  readonly meanLatencyMs: number;
  readonly errorRate: number;
  /** Mean time to recovery per fault, steps (= minutes). */
  readonly timeToRecovery: number;
  readonly faults: number;
  /** Mean outage length, steps (= minutes): per outage, not per fault (CycleSummary.outageSteps). */
  readonly meanOutage: number;
  /** Outages per cycle. */
  readonly outagesPerCycle: number;
  /** Mean workers / max workers. */
  readonly meanCost: number;
  /** Actions other than maintain, per cycle. */
  readonly actionsPerCycle: number;
}

export function evaluateDeployment(policy: DeployPolicy, seeds: readonly number[], env: DeploymentEnvOptions = {}, onCycle?: (seed: number, summary: CycleSummary) => void): DeploymentEvaluation {
  const e = new DeploymentEnv(env);
  let uptime = 0;
  let latency = 0;
  let errors = 0;
  let cost = 0;
  let actions = 0;
  const recovery: number[] = [];
  const outages: number[] = [];
  for (const seed of seeds) {
    policy.reset?.();
    let obs = e.reset(seed);
    for (;;) {
      const r = e.step(policy.decide(obs));
      obs = r.observation;
      if (r.done) break;
    }
    const s = e.summary();
    uptime += s.uptime;
    latency += s.meanLatencyMs;
    errors += s.errorRate;
    cost += s.meanCost;
    actions += s.actions;
    recovery.push(...s.recoverySteps);
    outages.push(...s.outageSteps);
    onCycle?.(seed, s);
  }
  const n = Math.max(1, seeds.length);
  return {
    policy: policy.name,
    cycles: seeds.length,
    uptime: uptime / n,
    meanLatencyMs: latency / n,
    errorRate: errors / n,
    timeToRecovery: mean(recovery),
    faults: recovery.length,
    meanOutage: mean(outages),
    outagesPerCycle: outages.length / n,
    meanCost: cost / n,
    actionsPerCycle: actions / n,
  };
}

function mean(xs: readonly number[]): number {
  return xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length;
}
