// The controller's state vector: detector scores, recent service metrics, resources, configuration.
// Reference: METHODS.md 5.7 state (SEED components, OUR CHOICE layout), with memory, GPU and drift
// added for the metrics: 3 x 5 scores + 3 x 5 metrics + 4 resources + 3 config = 37 dims.
import { BATCH_SIZES, MAX_WORKERS, type DeploymentConfig } from './actions';
import { MAX_DETECTOR_SLOTS } from './hybrid-detector';
import { DEFAULT_SLO, type DeploymentMetrics, type Slo } from './metrics';

export const HISTORY = 5;
export const STATE_SIZE = MAX_DETECTOR_SLOTS * HISTORY + 3 * HISTORY + 4 + 3;

/** Calibrated score in [0, 1]: 1 / (1 + (cutoff / s)^3), 0.5 at the cut-off, 0 for NaN. */
export function calibrate(score: number, cutoff: number): number {
  if (!(score > 0)) return 0;
  return 1 / (1 + (cutoff / score) ** 3);
}

const clip = (v: number, hi: number): number => (v > hi ? hi : v < 0 ? 0 : v);

export class StateEncoder {
  private readonly scores = new Float32Array(MAX_DETECTOR_SLOTS * HISTORY);
  private readonly service = new Float32Array(3 * HISTORY);
  constructor(private readonly slo: Slo = DEFAULT_SLO) {}

  reset(): void {
    this.scores.fill(0);
    this.service.fill(0);
  }

  /** Pushes one step and writes the state into `out` (length STATE_SIZE). */
  encode(metrics: DeploymentMetrics, scores: ArrayLike<number>, cutoffs: readonly number[], config: DeploymentConfig, out: Float32Array = new Float32Array(STATE_SIZE)): Float32Array {
    shift(this.scores, MAX_DETECTOR_SLOTS);
    for (let i = 0; i < MAX_DETECTOR_SLOTS; i++) this.scores[i] = i < scores.length ? calibrate(scores[i] as number, cutoffs[i] ?? 4) : 0;
    shift(this.service, 3);
    this.service[0] = clip(metrics.latencyMs / this.slo.latencyMs, 4) / 4;
    this.service[1] = clip(metrics.throughput / this.slo.throughput, 4) / 4;
    this.service[2] = clip(metrics.errorRate / this.slo.errorRate, 5) / 5;
    let o = 0;
    out.set(this.scores, o);
    o += this.scores.length;
    out.set(this.service, o);
    o += this.service.length;
    out[o++] = clip(metrics.cpu, 1);
    out[o++] = clip(metrics.gpu, 1);
    out[o++] = clip(metrics.memory, 1);
    out[o++] = clip(metrics.drift, 1);
    out[o++] = config.batchIndex / (BATCH_SIZES.length - 1);
    out[o++] = config.workers / MAX_WORKERS;
    out[o++] = config.model === 'B' ? 1 : 0;
    return out;
  }
}

/** Moves each group of `width` values one slot back (newest first). */
function shift(buf: Float32Array, width: number): void {
  buf.copyWithin(width, 0, buf.length - width);
}
