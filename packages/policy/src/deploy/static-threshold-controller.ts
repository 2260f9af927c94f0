// The baseline: the static-threshold alerting users run today, wired to the same actions.
// Reference: METHODS.md 5.9 ("traditional threshold-based alerting" [002 §4]; its responses are
// OUR CHOICE): latency over the SLO for 3 steps -> scale up; errors over the SLO for 3 steps ->
// shift to model B; CPU under 30% for 10 steps -> scale down.
import { MAINTAIN, MAX_WORKERS } from './actions';
import { DEFAULT_SLO, type Slo } from './metrics';
import type { ControlObservation, DeployPolicy } from './policy';

export interface StaticThresholdOptions {
  readonly slo?: Slo;
  /** Consecutive steps over the SLO before acting (default 3). */
  readonly patience?: number;
  /** CPU below which the deployment is over-provisioned (default 0.3), for `idleSteps` steps (default 10). */
  readonly idleCpu?: number;
  readonly idleSteps?: number;
}

export class StaticThresholdController implements DeployPolicy {
  readonly name = 'static-threshold';
  private readonly slo: Slo;
  private readonly patience: number;
  private readonly idleCpu: number;
  private readonly idleSteps: number;
  private slow = 0;
  private failing = 0;
  private idle = 0;

  constructor(options: StaticThresholdOptions = {}) {
    this.slo = options.slo ?? DEFAULT_SLO;
    this.patience = options.patience ?? 3;
    this.idleCpu = options.idleCpu ?? 0.3;
    this.idleSteps = options.idleSteps ?? 10;
  }

  reset(): void {
    this.slow = 0;
    this.failing = 0;
    this.idle = 0;
  }

  decide(obs: ControlObservation): number {
    const m = obs.metrics;
    this.slow = m.latencyMs > this.slo.latencyMs ? this.slow + 1 : 0;
    this.failing = m.errorRate > this.slo.errorRate ? this.failing + 1 : 0;
    this.idle = m.cpu < this.idleCpu ? this.idle + 1 : 0;
    if (this.failing >= this.patience && obs.config.model === 'A') {
      this.failing = 0;
      return 4;
    }
    if (this.slow >= this.patience && obs.config.workers < MAX_WORKERS) {
      this.slow = 0;
      return 2;
    }
    if (this.idle >= this.idleSteps && obs.config.workers > 1) {
      this.idle = 0;
      return 3;
    }
    return MAINTAIN;
  }
}
