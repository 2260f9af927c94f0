// The metrics a model-serving deployment reports each step, and the service-level objectives.
// Reference: METHODS.md 5.9 (SLO 500 ms latency, 2% errors; reference throughput 100 req/min).

export interface DeploymentMetrics {
  /** Mean request latency, ms. */
  readonly latencyMs: number;
  /** Requests served per minute. */
  readonly throughput: number;
  /** Fraction of requests that failed. */
  readonly errorRate: number;
  /** CPU use, 0..1. */
  readonly cpu: number;
  /** Memory use, 0..1 (a leak drives it up). */
  readonly memory: number;
  /** GPU use, 0..1 (larger batches use the GPU better). */
  readonly gpu: number;
  /** Prediction drift: distance of the prediction distribution from the reference, 0..1. */
  readonly drift: number;
}

export const METRIC_NAMES = ['latencyMs', 'throughput', 'errorRate', 'cpu', 'memory', 'gpu', 'drift'] as const satisfies readonly (keyof DeploymentMetrics)[];

export interface Slo {
  readonly latencyMs: number;
  readonly errorRate: number;
  /** Reference throughput (requests per minute) for reward scaling. */
  readonly throughput: number;
}

export const DEFAULT_SLO: Slo = Object.freeze({ latencyMs: 500, errorRate: 0.02, throughput: 100 });

/** A step is "up" when latency and error rate are both within the SLO. */
export function isUp(m: DeploymentMetrics, slo: Slo = DEFAULT_SLO): boolean {
  return m.latencyMs <= slo.latencyMs && m.errorRate <= slo.errorRate;
}
