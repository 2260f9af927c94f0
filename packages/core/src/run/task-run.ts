// TaskRun and WorkflowRun: what the tracker remembers about runs in flight.
import type { TaskState } from '../event/task-state';
import type { WorkflowGraph } from '../graph/workflow-graph';

/** The tracked state of one task run (all its attempts). Times are epoch ms. */
export interface TaskRun {
  readonly taskKey: string;
  readonly taskRunId: string;
  readonly workflowKey: string;
  readonly workflowRunId: string;
  state: TaskState | undefined;
  attempt: number;
  maxAttempts: number | undefined;
  /** Queue entry of the current attempt. */
  queuedAt: number | undefined;
  startedAt: number | undefined;
  endedAt: number | undefined;
  firstEventAt: number;
  lastEventAt: number;
  /** Failed attempts so far (FAILED, CRASHED or RETRYING). */
  failures: number;
  /** Attempts after the first. */
  retries: number;
  /** Terminal events seen in the current attempt (a second one is a violation). */
  terminalEvents: number;
  /** The attempt for which a stuck verdict was already emitted (0 = none). */
  stuckReportedAttempt: number;
  /** Last tick level reported for this attempt, so a stuck task is not re-reported every tick. */
  stuckLevel: number;
  /** The machine it ran on, from the event's `context.hostname` (graph detectors pool peers by host). */
  host?: string | undefined;
  /** The latest value of each numeric metric the task run's events carried (replaced, never mutated). */
  metrics?: Readonly<Record<string, number>> | undefined;
}

/** One workflow run in flight: its task runs and its live DAG. */
export interface WorkflowRun {
  readonly workflowKey: string;
  readonly runId: string;
  readonly tasks: Map<string, TaskRun>;
  readonly graph: WorkflowGraph;
  firstEventAt: number;
  lastEventAt: number;
  /** Task runs not in a terminal state. */
  openTasks: number;
  /** Failed attempts across the run, so far. */
  failures: number;
}
