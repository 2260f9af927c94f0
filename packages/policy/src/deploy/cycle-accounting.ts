// Per-cycle accounting of a deployment: uptime, latency, error rate, cost and time to recovery.
// Reference: METHODS.md 5.9 (uptime = fraction of up steps; time to recovery per fault, steps from
// onset to the first of 3 consecutive up steps). OUR CHOICE: a fault that never took the service
// down recovers in 0 steps, and the count starts at its first down step when that comes later
// than the onset (a leak degrades slowly), censored at the cycle end. Also per outage (the SRE's
// mean time to recovery, OUR CHOICE beside METHODS' per-fault figure): an outage runs from a down
// step to the first of 3 consecutive up steps. Per fault counts, for a fault that took nothing
// down, the next outage within 60 steps from the fault's onset: where faults overlap (the stormy
// regime), that is often another fault's outage, and the per-outage figure is the one that says
// how fast the service comes back.
import type { Fault } from './deployment-simulator';
import { DEFAULT_SLO, isUp, type DeploymentMetrics, type Slo } from './metrics';

export interface CycleSummary {
  readonly steps: number;
  /** Fraction of steps within the SLO. */
  readonly uptime: number;
  readonly meanLatencyMs: number;
  readonly errorRate: number;
  /** Mean workers / max workers. */
  readonly meanCost: number;
  readonly meanUtilisation: number;
  /** Time to recovery of each fault, in steps (minutes). */
  readonly recoverySteps: readonly number[];
  /** Length of each outage, in steps: from a down step to the first of 3 consecutive up steps (censored at the cycle end). */
  readonly outageSteps: readonly number[];
  /** Actions other than maintain. */
  readonly actions: number;
}

export class CycleAccounting {
  private readonly up: boolean[] = [];
  private latency = 0;
  private errors = 0;
  private cost = 0;
  private utilisation = 0;
  private actionCount = 0;

  constructor(private readonly slo: Slo = DEFAULT_SLO) {}

  record(metrics: DeploymentMetrics, cost: number, utilisation: number): void {
    this.up.push(isUp(metrics, this.slo));
    this.latency += metrics.latencyMs;
    this.errors += metrics.errorRate;
    this.cost += cost;
    this.utilisation += Math.min(utilisation, 2);
  }

  countAction(): void {
    this.actionCount += 1;
  }

  summary(faults: readonly Fault[]): CycleSummary {
    const n = this.up.length;
    const upSteps = this.up.filter(Boolean).length;
    return {
      steps: n,
      uptime: n === 0 ? 1 : upSteps / n,
      meanLatencyMs: this.latency / Math.max(1, n),
      errorRate: this.errors / Math.max(1, n),
      meanCost: this.cost / Math.max(1, n),
      meanUtilisation: this.utilisation / Math.max(1, n),
      recoverySteps: faults.filter((f) => f.onset < n).map((f) => recoverySteps(this.up, f.onset)),
      outageSteps: outageSteps(this.up),
      actions: this.actionCount,
    };
  }
}

/** Steps from a fault's onset to the first of 3 consecutive up steps after its first down step. */
export function recoverySteps(up: readonly boolean[], onset: number, window = 60): number {
  let firstDown = -1;
  for (let t = onset; t < Math.min(up.length, onset + window); t++) {
    if (!up[t]) {
      firstDown = t;
      break;
    }
  }
  if (firstDown < 0) return 0;
  for (let t = firstDown; t + 2 < up.length; t++) if (up[t] && up[t + 1] && up[t + 2]) return t - onset;
  return up.length - onset;
}

/** Length of each outage: from a down step to the first of 3 consecutive up steps (or the end). */
export function outageSteps(up: readonly boolean[]): number[] {
  const out: number[] = [];
  let t = 0;
  while (t < up.length) {
    if (up[t]) {
      t += 1;
      continue;
    }
    const start = t;
    while (t < up.length && !(up[t] && up[t + 1] && up[t + 2])) t += 1;
    out.push(t - start);
  }
  return out;
}
