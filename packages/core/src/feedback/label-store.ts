// LabelStore: the labels users gave verdicts through `monitor.feedback`, keyed by verdict id,
// bounded (the oldest label is dropped first).
// Reference: ARCHITECTURE.md section 1 (feedback -> label store); METHODS.md 4.6.

/** What a user said about one verdict. */
export type FeedbackKind = 'anomaly' | 'normal';

/** One stored label. */
export interface VerdictLabel {
  readonly verdictId: string;
  readonly label: FeedbackKind;
  readonly note?: string;
  /** The verdict it labels, for consumers that have lost it (event, series, what the monitor said). */
  readonly eventId: string;
  readonly workflowKey: string;
  readonly taskKey: string;
  readonly time: number;
  readonly wasAnomaly: boolean;
  readonly score: number;
  /** True when the label made the series learn the point (a `normal` label on an anomalous event verdict). */
  readonly learned: boolean;
}

export class LabelStore {
  private readonly byId = new Map<string, VerdictLabel>();

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.byId.size;
  }

  get(verdictId: string): VerdictLabel | undefined {
    return this.byId.get(verdictId);
  }

  /** Stores a label; a new label for the same verdict replaces the old one (and becomes the newest). */
  set(label: VerdictLabel): void {
    this.byId.delete(label.verdictId);
    this.byId.set(label.verdictId, label);
    if (this.byId.size > this.capacity) {
      // Map keeps insertion order: the first key is the oldest. Labels are rare (human feedback),
      // so the delete-at-front cost that matters for event ids does not matter here.
      const oldest = this.byId.keys().next().value as string;
      this.byId.delete(oldest);
    }
  }

  /** Labels, oldest first. */
  values(): VerdictLabel[] {
    return [...this.byId.values()];
  }
}
