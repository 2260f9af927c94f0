// What the threshold policy remembers within an episode: the threshold, the last mask, and over
// the last 50 steps the alerts, false alerts, missed anomalies and, per check, how often it was
// high and how often it was over the threshold on a false alert. Shared by the training episodes
// (threshold-env.ts) and the live policy (adaptive-thresholds.ts), so both see the same state.
// Reference: METHODS.md 4.5 (state, theta_1 = 0.5, alert rate over the last 50 steps); the
// feedback features are OUR CHOICE (threshold-env.ts).
import { INITIAL_THRESHOLD, type ThresholdActionSpace } from './threshold-actions';
import { CHECK_COUNT } from './workflow-stream';

export const THRESHOLD_STATE_SIZE = 4 * CHECK_COUNT + 4;
export const THRESHOLD_MEMORY = 50;

/** The fused score of a step: the max of the checks enabled in `mask` (0 when none is). */
export function fusedScore(checks: ArrayLike<number>, offset: number, mask: number): number {
  let fused = 0;
  for (let k = 0; k < CHECK_COUNT; k++) if ((mask >> k) & 1) fused = Math.max(fused, checks[offset + k] as number);
  return fused;
}

export class ThresholdMemory {
  /** The threshold in force (after the last action). */
  theta = INITIAL_THRESHOLD;
  /** The mask of the last action (every check at first). */
  lastMask = (1 << CHECK_COUNT) - 1;
  private step = 0;
  private readonly alerts = new Uint8Array(THRESHOLD_MEMORY);
  private readonly fps = new Uint8Array(THRESHOLD_MEMORY);
  private readonly fns = new Uint8Array(THRESHOLD_MEMORY);
  private readonly high = new Uint8Array(THRESHOLD_MEMORY * CHECK_COUNT);
  private readonly blamed = new Uint8Array(THRESHOLD_MEMORY * CHECK_COUNT);
  private nAlerts = 0;
  private nFps = 0;
  private nFns = 0;
  private readonly nHigh = new Int32Array(CHECK_COUNT);
  private readonly nBlamed = new Int32Array(CHECK_COUNT);

  constructor(private readonly space: ThresholdActionSpace) {}

  /** Writes the state of a step with `checks[offset .. offset + CHECK_COUNT)` into `out`. */
  state(checks: ArrayLike<number>, offset: number, out: Float32Array): Float32Array {
    const K = CHECK_COUNT;
    for (let k = 0; k < K; k++) {
      out[k] = checks[offset + k] as number;
      out[K + k] = (this.lastMask >> k) & 1;
      out[2 * K + 4 + k] = Math.min(1, (4 * (this.nHigh[k] as number)) / THRESHOLD_MEMORY);
      out[3 * K + 4 + k] = Math.min(1, (4 * (this.nBlamed[k] as number)) / Math.max(1, this.nAlerts));
    }
    out[2 * K] = this.theta;
    out[2 * K + 1] = this.nAlerts / THRESHOLD_MEMORY;
    out[2 * K + 2] = this.nFps / Math.max(1, this.nAlerts);
    out[2 * K + 3] = Math.min(1, this.nFns / 5);
    return out;
  }

  /** Applies a choice and mask to the step's checks: sets the threshold and returns the verdict. */
  decide(checks: ArrayLike<number>, offset: number, choice: number, mask: number): boolean {
    this.theta = this.space.next(this.theta, choice);
    return fusedScore(checks, offset, mask) >= this.theta;
  }

  /**
   * Folds the decided step into the memory: its checks, its verdict, its mask and whether it was an
   * anomaly (undefined: not known, counted as neither a false alert nor a missed anomaly).
   */
  learn(checks: ArrayLike<number>, offset: number, alert: boolean, mask: number, anomaly: boolean | undefined): void {
    const K = CHECK_COUNT;
    const slot = this.step % THRESHOLD_MEMORY;
    const fp = alert && anomaly === false ? 1 : 0;
    const fn = !alert && anomaly === true ? 1 : 0;
    this.nAlerts += (alert ? 1 : 0) - (this.alerts[slot] as number);
    this.nFps += fp - (this.fps[slot] as number);
    this.nFns += fn - (this.fns[slot] as number);
    this.alerts[slot] = alert ? 1 : 0;
    this.fps[slot] = fp;
    this.fns[slot] = fn;
    for (let k = 0; k < K; k++) {
      const c = checks[offset + k] as number;
      const h = c >= 0.5 ? 1 : 0;
      const b = fp === 1 && c >= this.theta ? 1 : 0;
      this.nHigh[k] = (this.nHigh[k] as number) + h - (this.high[slot * K + k] as number);
      this.nBlamed[k] = (this.nBlamed[k] as number) + b - (this.blamed[slot * K + k] as number);
      this.high[slot * K + k] = h;
      this.blamed[slot * K + k] = b;
    }
    this.lastMask = mask;
    this.step += 1;
  }
}
