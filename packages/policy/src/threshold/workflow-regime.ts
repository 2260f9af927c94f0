// How a simulated workflow behaves beyond its DAG: duration noise, normal flakiness, seasonality,
// anomaly rate, which anomaly kinds occur, late event delivery. The default regime is the one the
// first threshold experiments used (one shared behaviour: a single tuned threshold fits them all);
// `heterogeneousRegime` draws a different behaviour per workflow seed.
// Reference: METHODS.md 4.5 (tasks = (workflow type, anomaly regime), a regime being a subset of the
// injected anomaly kinds). OUR CHOICE: the parameters and ranges below. The anomaly magnitudes are
// @awad/testkit's (slow task x3-6, memory spike x4-8); what varies is their size against the noise.
import { createRandom } from '@awad/core';
import { ANOMALY_KINDS, type AnomalyKind } from '@awad/testkit';

export interface WorkflowRegime {
  /** Multiplier of every task's log-normal duration spread (1 = the simulator's 0.12-0.30). */
  readonly noise: number;
  /** Added to every task's probability that an attempt fails and is retried (normal flakiness). */
  readonly flakiness: number;
  /** Business-hours peak of durations (undefined: drawn in 1.0-1.8 from the workflow seed). */
  readonly peak?: number;
  /** Probability that a run gets an injected anomaly. */
  readonly anomalyRate: number;
  /** Anomaly kinds that are scored; runs with another kind are left out of the stream. */
  readonly kinds: readonly AnomalyKind[];
  /** Probability that a RUNNING event arrives after the task's terminal event. */
  readonly lateDeliveryRate: number;
}

export const DEFAULT_WORKFLOW_REGIME: WorkflowRegime = Object.freeze({ noise: 1, flakiness: 0, anomalyRate: 0.3, kinds: ANOMALY_KINDS, lateDeliveryRate: 0.005 });

/**
 * A regime drawn from the seed (fixed before any result was looked at):
 * noise 1-3, flakiness one of 0 / 0.02 / 0.08 / 0.15, peak 1-2.5, anomaly rate 0.1-0.5,
 * 2-4 of the 6 anomaly kinds, late delivery 0.5%-3%.
 */
export function heterogeneousRegime(seed: number): WorkflowRegime {
  const r = createRandom(seed * 97 + 11);
  const noise = 1 + 2 * r.next();
  const flakiness = r.pick([0, 0.02, 0.08, 0.15]);
  const peak = 1 + 1.5 * r.next();
  const anomalyRate = 0.1 + 0.4 * r.next();
  const pool = [...ANOMALY_KINDS];
  const kinds: AnomalyKind[] = [];
  for (let n = r.int(2, 4); kinds.length < n; ) kinds.push(pool.splice(r.int(0, pool.length - 1), 1)[0] as AnomalyKind);
  const lateDeliveryRate = 0.005 + 0.025 * r.next();
  return { noise, flakiness, peak, anomalyRate, kinds, lateDeliveryRate };
}
