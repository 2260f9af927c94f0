// Hybrid detection in the control loop: any core Detectors score each step's metrics, and what the
// controller's actions change flows back into their baselines (the recursive feedback loop).
// Reference: METHODS.md 5.6 (hybrid decision), 5.8 (recursive feedback loop [002 §3.3]; OUR CHOICE
// details: points a detector flags are not learned, except after `adaptAfter` flagged steps in a
// row, when the new level is accepted; the `transientSteps` after an action are not learned).
import { ConfigError, type Detector, type Features } from '@awad/core';
import { EwmaDetector } from '@awad/stats';
import { DEFAULT_SLO, type DeploymentMetrics, type Slo } from './metrics';

const MODULE = '@awad/policy/hybrid-detector';

export interface DetectorSlot {
  /** Name of the score in observations and logs. */
  readonly name: string;
  readonly detector: Detector;
  /** The detector's conventional cut-off: above it a step is flagged (default 4). */
  readonly cutoff?: number;
  /** Metrics it reads (default all). */
  readonly metrics?: readonly (keyof DeploymentMetrics)[];
  /**
   * A fresh detector for each cycle (default `detector.clone()`, which forgets what was learned).
   * A pre-trained model, e.g. a fitted `VaeDetector`, needs this: `() => VaeDetector.fromModel(model)`.
   */
  readonly create?: () => Detector;
}

export interface HybridDetectorOptions {
  /** At most 3 slots (the state has room for 3 scores); default: the EWMA pair of `defaultDetectorSlots`. */
  readonly slots?: readonly DetectorSlot[];
  /** Steps after an action that are not learned (default 5). */
  readonly transientSteps?: number;
  /** Flagged steps in a row after which a detector learns again (default 10). */
  readonly adaptAfter?: number;
  readonly slo?: Slo;
}

export const MAX_DETECTOR_SLOTS = 3;

/** EWMA on the service metrics (latency, errors, throughput) and EWMA on the resources and model (memory, CPU, GPU, drift). */
export function defaultDetectorSlots(): DetectorSlot[] {
  return [
    { name: 'ewma-service', detector: new EwmaDetector({ name: 'ewma-service', warmup: 20 }), cutoff: 4, metrics: ['latencyMs', 'errorRate', 'throughput'] },
    { name: 'ewma-resources', detector: new EwmaDetector({ name: 'ewma-resources', warmup: 20 }), cutoff: 4, metrics: ['memory', 'cpu', 'gpu', 'drift'] },
  ];
}

function fresh(slot: DetectorSlot): Detector {
  return slot.create ? slot.create() : slot.detector.clone();
}

interface SlotState {
  readonly slot: DetectorSlot;
  readonly cutoff: number;
  detector: Detector;
  flaggedRun: number;
}

export class HybridDetector {
  readonly names: readonly string[];
  private readonly slots: SlotState[];
  private readonly transientSteps: number;
  private readonly adaptAfter: number;
  private readonly slo: Slo;
  private transient = 0;
  private readonly x: Record<string, number> = {};

  constructor(options: HybridDetectorOptions = {}) {
    const slots = options.slots ?? defaultDetectorSlots();
    if (slots.length < 1 || slots.length > MAX_DETECTOR_SLOTS) throw new ConfigError(MODULE, 'slots', `1 to ${MAX_DETECTOR_SLOTS} detector slots`, slots.length);
    this.slots = slots.map((slot) => {
      if (typeof slot?.detector?.scoreOne !== 'function') throw new ConfigError(MODULE, 'slots[].detector', 'a Detector', slot?.detector);
      if (slot.create !== undefined && typeof slot.create !== 'function') throw new ConfigError(MODULE, 'slots[].create', 'a function returning a Detector', slot.create);
      return { slot, cutoff: slot.cutoff ?? 4, detector: fresh(slot), flaggedRun: 0 };
    });
    this.names = slots.map((s) => s.name);
    this.transientSteps = options.transientSteps ?? 5;
    this.adaptAfter = options.adaptAfter ?? 10;
    this.slo = options.slo ?? DEFAULT_SLO;
  }

  /** Cut-off of each slot, in slot order. */
  get cutoffs(): number[] {
    return this.slots.map((s) => s.cutoff);
  }

  /** Fresh detectors (same hyperparameters, nothing learned). */
  reset(): void {
    for (const s of this.slots) {
      s.detector = fresh(s.slot);
      s.flaggedRun = 0;
    }
    this.transient = 0;
  }

  /** An action was taken: the next steps are transients, not the new normal yet. */
  noteAction(): void {
    this.transient = this.transientSteps;
  }

  /** Scores the step's metrics with every detector, then lets each learn it (feedback loop). */
  observe(metrics: DeploymentMetrics, out: Float64Array = new Float64Array(this.slots.length)): Float64Array {
    const learn = this.transient === 0;
    if (this.transient > 0) this.transient -= 1;
    this.slots.forEach((s, i) => {
      const x = this.features(metrics, s.slot.metrics);
      let score = Number.NaN;
      try {
        score = s.detector.scoreOne(x);
        const flagged = score > s.cutoff;
        s.flaggedRun = flagged ? s.flaggedRun + 1 : 0;
        if (learn && (!flagged || s.flaggedRun >= this.adaptAfter)) s.detector.learnOne(x);
      } catch {
        // A failing detector abstains; the others still score (the controller reports no error per step).
        score = Number.NaN;
      }
      out[i] = score;
    });
    return out;
  }

  /** Metrics scaled by the SLOs, so one detector's minimum spread suits every metric. */
  private features(m: DeploymentMetrics, names: readonly (keyof DeploymentMetrics)[] | undefined): Features {
    const x = this.x;
    for (const k in x) delete x[k];
    const all = names ?? (Object.keys(m) as (keyof DeploymentMetrics)[]);
    for (const k of all) {
      const v = m[k];
      x[k] = k === 'latencyMs' ? v / this.slo.latencyMs : k === 'errorRate' ? v / this.slo.errorRate : k === 'throughput' ? v / this.slo.throughput : v;
    }
    return x;
  }
}
