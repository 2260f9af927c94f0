// Verdict: what the monitor answers for one event (or one tick), and how severe it is.
// Reference: ARCHITECTURE.md section 3.

export type Severity = 'none' | 'low' | 'medium' | 'high';

/** Why a verdict is what it is: one entry per stage or rule that judged the point anomalous. */
export interface Reason {
  /** Stage (detector) or rule name, e.g. "ewma", "consistency", "stuck". */
  readonly detector: string;
  /** Calibrated score of that stage in [0, 1] (1 for certain rule violations). */
  readonly score: number;
  /** The raw score of the detector before calibration. */
  readonly rawScore?: number;
  readonly feature?: string;
  /** A stable machine-readable kind, e.g. "slow", "precedence", "stuck", "illegal-transition". */
  readonly kind?: string;
  readonly message: string;
}

/** One downstream task at risk from an anomalous task. */
export interface ImpactEntry {
  readonly taskKey: string;
  readonly risk: number;
}

export interface Verdict {
  /** Unique id of this verdict, for feedback. */
  readonly id: string;
  /** The event it answers; for tick verdicts, a synthetic id `tick:<taskRunId>:<attempt>`. */
  readonly eventId: string;
  readonly workflowKey: string;
  readonly workflowRunId: string;
  readonly taskKey: string;
  readonly taskRunId: string;
  readonly state: string;
  /** Event time (epoch ms) the verdict is about. */
  readonly time: number;
  readonly isAnomaly: boolean;
  /** False while the stages that could judge this point are still warming up. */
  readonly ready: boolean;
  /** Fused anomaly score in [0, 1]. */
  readonly score: number;
  readonly severity: Severity;
  readonly reasons: readonly Reason[];
  /** The features that were scored (empty when the event carried nothing to score). */
  readonly features: Readonly<Record<string, number>>;
  /** Share of the fused score per stage, when the fusion provides one. */
  readonly attribution?: Readonly<Record<string, number>>;
  /** Downstream tasks at risk, highest risk first. */
  readonly impact?: readonly ImpactEntry[];
  /** True when this event id had been seen before: the verdict is not a new judgement. */
  readonly duplicate?: boolean;
  /** True when the event arrived late (it did not move the task backwards). */
  readonly late?: boolean;
  /** "event" for verdicts on an observed event, "tick" for verdicts from `monitor.tick`. */
  readonly origin: 'event' | 'tick';
}

/** Severity bands on the fused score (defaults; the monitor can be given others). */
export interface SeverityBands {
  readonly low: number;
  readonly medium: number;
  readonly high: number;
}

export const DEFAULT_SEVERITY_BANDS: SeverityBands = { low: 0.5, medium: 0.75, high: 0.9 };

export function severityOf(score: number, isAnomaly: boolean, bands: SeverityBands = DEFAULT_SEVERITY_BANDS): Severity {
  if (!isAnomaly) return 'none';
  if (score >= bands.high) return 'high';
  if (score >= bands.medium) return 'medium';
  return 'low';
}
