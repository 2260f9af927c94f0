// The Detector contract: river-style online learning and scoring of one series.
// Reference: river (learn_one / score_one), ARCHITECTURE.md section 3.
import type { SeriesHistory } from '../history/series-history';
import type { WorkflowRun } from '../run/task-run';

/** A feature vector: feature name -> value. Missing or NaN values are skipped, never thrown on. */
export type Features = Readonly<Record<string, number>>;

/** What the caller knows about the moment of an observation. */
export interface ObservationContext {
  /** Event time in epoch ms (engine clock), used by seasonal detectors. */
  readonly time?: number;
  /** Minutes east of UTC for time-of-week features (default 0). */
  readonly utcOffsetMinutes?: number;
  /** The workflow key of the series, when the point comes from a monitor. */
  readonly workflowKey?: string;
  /** The task key of the series, when the point comes from a monitor. */
  readonly taskKey?: string;
  /**
   * The series' shared history of learned values, when the point comes from a monitor (or a
   * SeriesScorer). History-aware detectors read their windows from it instead of keeping their
   * own; the caller has pushed the point into it before calling `learnOne`.
   */
  readonly history?: SeriesHistory;
  /**
   * The workflow run the point belongs to (its task runs and live DAG), when the point comes from a
   * monitor: graph-aware detectors (`@awad/graph`) read the partial run graph here. Read-only.
   */
  readonly run?: WorkflowRun;
}

/** Why a score is what it is: the feature that drove it and the baseline it was compared to. */
export interface ScoreExplanation {
  readonly feature: string;
  readonly value: number;
  /** The value the detector expected (its baseline centre), when it has one. */
  readonly expected?: number;
  /** One line for a human: "durationMs 42.1s is 6.3 robust sd above its median 9.8s". */
  readonly message: string;
}

/** JSON-safe learned state of a detector, tagged with its type and a format version. */
export interface DetectorSnapshot {
  readonly type: string;
  readonly version: number;
  readonly state: unknown;
}

/** Hyperparameters of a detector: enough to rebuild it with `fromConfig`. */
export interface DetectorConfig {
  readonly type: string;
  readonly options: Readonly<Record<string, unknown>>;
}

/**
 * A detector learns one series online and scores points; higher = more anomalous.
 * It never holds a threshold: calibrators and thresholds wrap it.
 *
 * Contract (checked by `@awad/testkit`): `scoreOne` does not change state; missing, new or NaN
 * features never throw; `clone()` gives a detector with the same hyperparameters and no learned
 * state (a stateless detector may return itself);
 * `restore(snapshot())` on a clone reproduces the scores exactly; memory stays bounded.
 */
export interface Detector {
  /** Short stable name, used in verdict reasons (e.g. "ewma"). */
  readonly name: string;
  /** False while warming up: its scores are not yet meaningful. */
  readonly isReady: boolean;
  /**
   * True for sequential tests whose statistic must see every point, flagged ones included
   * (CUSUM): a monitor that protects its baselines still lets this detector learn each point.
   */
  readonly learnsAnomalies?: boolean;
  learnOne(x: Features, context?: ObservationContext): void;
  scoreOne(x: Features, context?: ObservationContext): number;
  /** Explains a score, called only for points judged anomalous (it may cost more than scoring). */
  explainOne?(x: Features, context?: ObservationContext): ScoreExplanation | undefined;
  clone(): Detector;
  getConfig(): DetectorConfig;
  snapshot(): DetectorSnapshot;
  restore(snapshot: DetectorSnapshot): void;
}

/**
 * A detector whose state is mostly a window of recent values per feature (robust z, IQR,
 * N×median, S-H-ESD). Given `context.history`, it reads its windows there and keeps only small
 * caches; without it, it keeps a SeriesHistory of its own. Both give the same scores.
 */
export interface HistoryAwareDetector extends Detector {
  /** Values per feature it reads (the window length). */
  readonly historySize: number;
  /** Whether it reads this feature, so the series history must keep a window of it. */
  readsFeature(feature: string): boolean;
}

/** Whether a detector reads the shared series history. */
export function isHistoryAware(detector: Detector): detector is HistoryAwareDetector {
  return typeof (detector as Partial<HistoryAwareDetector>).historySize === 'number' && typeof (detector as Partial<HistoryAwareDetector>).readsFeature === 'function';
}

/** A detector that can also fit and score a batch (PyOD-style). */
export interface BatchDetector extends Detector {
  fit(xs: readonly Features[], labels?: readonly (0 | 1 | null)[]): Promise<void>;
  scoreMany(xs: readonly Features[]): Float64Array;
}
