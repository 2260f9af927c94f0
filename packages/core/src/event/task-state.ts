// Task states of the canonical event, which of them end an attempt, and the legal transitions.
// Reference: METHODS.md 4.3 rule R1 (allowed transitions); ARCHITECTURE.md section 3.

/** Every state a task can report, whatever the orchestrator calls it. */
export const TASK_STATES = [
  'QUEUED',
  'WAITING',
  'RUNNING',
  'RETRYING',
  'SUCCEEDED',
  'FAILED',
  'CANCELLED',
  'CRASHED',
  'SKIPPED',
] as const;

export type TaskState = (typeof TASK_STATES)[number];

const STATE_SET: ReadonlySet<string> = new Set(TASK_STATES);

export function isTaskState(value: unknown): value is TaskState {
  return typeof value === 'string' && STATE_SET.has(value);
}

/** States after which the attempt is over (RETRYING ends an attempt that will be retried). */
export const ATTEMPT_END_STATES: ReadonlySet<TaskState> = new Set(['SUCCEEDED', 'FAILED', 'CRASHED', 'CANCELLED', 'SKIPPED', 'RETRYING']);

/** States after which the task run is over unless a retry follows a failure. */
export const TERMINAL_STATES: ReadonlySet<TaskState> = new Set(['SUCCEEDED', 'FAILED', 'CRASHED', 'CANCELLED', 'SKIPPED']);

/** Failed outcomes of an attempt. */
export const FAILURE_STATES: ReadonlySet<TaskState> = new Set(['FAILED', 'CRASHED', 'RETRYING']);

/** A transition table: for each state, the states that may follow it within one attempt. */
export type TransitionTable = Readonly<Record<TaskState, readonly TaskState[]>>;

/**
 * The default table (METHODS.md R1). FAILED/CRASHED may go to RETRYING (or straight to a new
 * attempt); terminal states are otherwise final. Adapters may pass their own table.
 */
export const DEFAULT_TRANSITIONS: TransitionTable = {
  QUEUED: ['WAITING', 'RUNNING', 'CANCELLED', 'SKIPPED', 'FAILED', 'CRASHED'],
  WAITING: ['QUEUED', 'RUNNING', 'CANCELLED', 'SKIPPED', 'FAILED', 'CRASHED'],
  RUNNING: ['SUCCEEDED', 'FAILED', 'CRASHED', 'CANCELLED', 'RETRYING'],
  RETRYING: ['QUEUED', 'WAITING', 'RUNNING', 'CANCELLED', 'FAILED'],
  FAILED: ['RETRYING'],
  CRASHED: ['RETRYING'],
  SUCCEEDED: [],
  CANCELLED: [],
  SKIPPED: [],
};

/** Rank of a state inside one attempt, used to tell a late event from progress. */
export function stateRank(state: TaskState): number {
  switch (state) {
    case 'QUEUED':
    case 'WAITING':
      return 1;
    case 'RUNNING':
      return 2;
    default:
      return 3;
  }
}

/** Whether `to` may follow `from` (a repeated state is not a transition and is allowed). */
export function isLegalTransition(from: TaskState, to: TaskState, table: TransitionTable = DEFAULT_TRANSITIONS): boolean {
  return from === to || table[from].includes(to);
}
