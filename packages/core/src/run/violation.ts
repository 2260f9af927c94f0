// Logical-consistency violations found while tracking a run, each a verdict reason.
// Reference: METHODS.md 4.3 (1), rules R1-R6 with their weights.

export type ViolationKind =
  | 'illegal-transition' // R1
  | 'precedence' // R2: started before an upstream finished
  | 'time-order' // R3: endedAt < startedAt, negative duration or queue wait
  | 'duplicate-terminal' // R4: a second terminal state for one attempt
  | 'cycle' // R5: an upstream edge that closes a cycle
  | 'unknown-upstream' // R5: an upstream task run never seen
  | 'attempt-overflow' // R6: attempt > maxAttempts
  | 'unknown-task' // against the workflow's definition: a task it does not have (@awad/graph)
  | 'missing-task'; // against the workflow's definition: an expected task never ran (@awad/graph)

export interface Violation {
  readonly kind: ViolationKind;
  /** Certainty weight in [0, 1] (METHODS.md R1-R6). */
  readonly weight: number;
  readonly message: string;
}

/** Default weights: R1 1.0, R2 1.0, R3 0.8, R4 0.6, R5 1.0 (cycle) / 0.4 (unknown upstream), R6 0.6. */
export const VIOLATION_WEIGHTS: Readonly<Record<ViolationKind, number>> = {
  'illegal-transition': 1,
  precedence: 1,
  'time-order': 0.8,
  'duplicate-terminal': 0.6,
  cycle: 1,
  'unknown-upstream': 0.4,
  'attempt-overflow': 0.6,
  'unknown-task': 1,
  'missing-task': 1,
};

/** Noisy-OR of violation weights: c = 1 - prod(1 - w). */
export function violationScore(violations: readonly Violation[]): number {
  let keep = 1;
  for (const v of violations) keep *= 1 - v.weight;
  return 1 - keep;
}
