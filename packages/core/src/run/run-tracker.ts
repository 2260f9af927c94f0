// RunTracker: follows every workflow run and task run through the event stream and derives
// attempts, retries, durations (RUNNING -> end of attempt) and queue wait (QUEUED -> RUNNING).
// Late or out-of-order events never move a task run backwards.
// Reference: ARCHITECTURE.md section 1 ("run tracker"); METHODS.md 4.3 rules R1-R6.
import { LRUMapWithDelete } from 'mnemonist';
import { ConfigError } from '../errors/config-error';
import { DEFAULT_TRANSITIONS, TERMINAL_STATES, isLegalTransition, stateRank, type TaskState, type TransitionTable } from '../event/task-state';
import type { NormalizedEvent } from '../event/validate-event';
import { WorkflowGraph } from '../graph/workflow-graph';
import type { TaskRun, WorkflowRun } from './task-run';
import { VIOLATION_WEIGHTS, type Violation, type ViolationKind } from './violation';

/** What an event measured about its task run. */
export interface Measurements {
  /** RUNNING -> SUCCEEDED of this attempt, ms. */
  durationMs?: number;
  /** QUEUED (ready, waiting for a worker) -> RUNNING of this attempt, ms. */
  queueWaitMs?: number;
  /** Attempt number, on the event that starts an attempt. */
  attempt?: number;
  /** 1 when the attempt ended in failure, 0 when it succeeded. */
  failed?: number;
  /** On a failed attempt: failed attempts in the whole workflow run so far, this one included. */
  runFailures?: number;
}

/** The tracker's account of one event. */
export interface TrackedEvent {
  readonly run: WorkflowRun;
  readonly task: TaskRun;
  readonly previousState: TaskState | undefined;
  /** True when the event was older than what the tracker knew and changed no state. */
  readonly late: boolean;
  readonly violations: readonly Violation[];
  readonly measurements: Measurements;
}

export interface RunTrackerOptions {
  /** Most workflow runs kept in memory; the least recently active are dropped first. */
  readonly maxRuns?: number;
  readonly transitions?: TransitionTable;
}

export const DEFAULT_RUN_TRACKER_OPTIONS = { maxRuns: 10_000 } as const;

const OK_UPSTREAM: ReadonlySet<TaskState | undefined> = new Set(['SUCCEEDED', 'SKIPPED']);
const isOpen = (state: TaskState | undefined): boolean => state !== undefined && !TERMINAL_STATES.has(state);

export class RunTracker {
  readonly maxRuns: number;
  private readonly transitions: TransitionTable;
  private readonly runs: LRUMapWithDelete<string, WorkflowRun>;

  constructor(options: RunTrackerOptions = {}) {
    const maxRuns = options.maxRuns ?? DEFAULT_RUN_TRACKER_OPTIONS.maxRuns;
    if (!Number.isInteger(maxRuns) || maxRuns < 1) throw new ConfigError('@awad/core/run-tracker', 'maxRuns', 'a positive integer', maxRuns);
    this.maxRuns = maxRuns;
    this.runs = new LRUMapWithDelete<string, WorkflowRun>(maxRuns);
    this.transitions = options.transitions ?? DEFAULT_TRANSITIONS;
  }

  get size(): number {
    return this.runs.size;
  }

  getRun(workflowRunId: string): WorkflowRun | undefined {
    return this.runs.peek(workflowRunId);
  }

  /** Runs in recency order, most recent first. */
  allRuns(): IterableIterator<WorkflowRun> {
    return this.runs.values();
  }

  /** Applies one validated event and reports what it measured and what it violated. */
  apply(normalized: NormalizedEvent): TrackedEvent {
    const { event, time } = normalized;
    const run = this.touchRun(event.workflow.key, event.workflow.runId, time);
    const violations: Violation[] = [];
    const node = run.graph.ensureTask(event.task.key);
    let task = run.tasks.get(event.task.runId);
    if (task === undefined) {
      task = newTaskRun(event.workflow.key, event.workflow.runId, event.task.key, event.task.runId, time);
      run.tasks.set(task.taskRunId, task);
      node.runs += 1;
    }
    if (event.task.maxAttempts !== undefined) task.maxAttempts = event.task.maxAttempts;
    const hostname = event.context?.hostname;
    if (typeof hostname === 'string' && hostname !== '') task.host = hostname;
    if (event.metrics !== undefined) task.metrics = { ...task.metrics, ...event.metrics };
    this.addUpstream(run, event.task.key, normalized, violations);

    const previousState = task.state;
    const attempt = event.task.attempt ?? inferAttempt(task, event.state);
    const measurements: Measurements = {};
    let late = false;

    if (attempt < task.attempt) {
      late = true;
    } else if (attempt > task.attempt || task.state === undefined) {
      if (attempt > task.attempt && task.state !== undefined) {
        if (TERMINAL_STATES.has(task.state) && task.state !== 'FAILED' && task.state !== 'CRASHED') {
          violations.push(violation('illegal-transition', `a new attempt ${attempt} began after the task run ended ${task.state}`));
        }
        task.queuedAt = task.startedAt = task.endedAt = undefined;
        task.terminalEvents = 0;
      }
      task.attempt = Math.max(task.attempt, attempt);
      task.retries = task.attempt - 1;
      if (task.maxAttempts !== undefined && task.attempt > task.maxAttempts) {
        violations.push(violation('attempt-overflow', `attempt ${task.attempt} exceeds maxAttempts ${task.maxAttempts}`));
      }
      this.enter(run, task, event.state, normalized, measurements, violations);
    } else if (time < task.lastEventAt && stateRank(event.state) < stateRank(task.state)) {
      late = true;
    } else if (TERMINAL_STATES.has(task.state) && TERMINAL_STATES.has(event.state)) {
      task.terminalEvents += 1;
      violations.push(violation('duplicate-terminal', `a second terminal state ${event.state} after ${task.state} in attempt ${task.attempt}`));
    } else if (event.state === task.state) {
      // A repeated state (heartbeat): nothing moves.
    } else if (!isLegalTransition(task.state, event.state, this.transitions)) {
      // A forward jump (QUEUED -> SUCCEEDED) is a lost or delayed event, not a violation: apply it.
      // Moving backwards within an attempt (SUCCEEDED -> RUNNING, later in time) is one: ignore it.
      if (stateRank(event.state) > stateRank(task.state)) this.enter(run, task, event.state, normalized, measurements, violations);
      else violations.push(violation('illegal-transition', `${task.state} -> ${event.state} is not a legal transition`));
    } else {
      this.enter(run, task, event.state, normalized, measurements, violations);
    }

    if (late) fillMissingTimes(task, event.state, normalized);
    task.lastEventAt = Math.max(task.lastEventAt, time);
    return { run, task, previousState, late, violations, measurements };
  }

  /** Forgets a workflow run (e.g. after it finished and was reported). */
  deleteRun(workflowRunId: string): boolean {
    return this.runs.delete(workflowRunId);
  }

  private touchRun(workflowKey: string, runId: string, time: number): WorkflowRun {
    let run = this.runs.get(runId); // marks it most recently used
    if (run === undefined) {
      run = { workflowKey, runId, tasks: new Map(), graph: new WorkflowGraph(), firstEventAt: time, lastEventAt: time, openTasks: 0, failures: 0 };
      this.runs.set(runId, run); // evicts the least recently active run when full
    }
    run.lastEventAt = Math.max(run.lastEventAt, time);
    return run;
  }

  private addUpstream(run: WorkflowRun, taskKey: string, normalized: NormalizedEvent, violations: Violation[]): void {
    const upstream = normalized.event.upstream;
    if (upstream === undefined) return;
    for (const ref of upstream) {
      let key = ref.taskKey;
      if (key === undefined && ref.taskRunId !== undefined) {
        key = run.tasks.get(ref.taskRunId)?.taskKey;
        if (key === undefined) {
          violations.push(violation('unknown-upstream', `upstream task run ${ref.taskRunId} was never seen in workflow run ${run.runId}`));
          continue;
        }
      }
      if (key === undefined) continue;
      if (run.graph.addEdge(key, taskKey) === 'cycle') {
        violations.push(violation('cycle', `the upstream edge ${key} -> ${taskKey} closes a cycle`));
      }
    }
  }

  /** Moves a task run into `state` and measures what the move completes. */
  private enter(run: WorkflowRun, task: TaskRun, state: TaskState, normalized: NormalizedEvent, out: Measurements, violations: Violation[]): void {
    const { event, time } = normalized;
    const timing = event.timing;
    const before = task.state;
    task.state = state;
    const node = run.graph.ensureTask(task.taskKey);
    node.state = state;
    if (isOpen(before) !== isOpen(state)) {
      const delta = isOpen(state) ? 1 : -1;
      node.openRuns += delta;
      run.openTasks += delta;
    }

    if (state === 'QUEUED') {
      // The queue clock starts when the task is ready (QUEUED); WAITING (on upstream, a pool
      // slot, a sensor) is not queue wait.
      task.queuedAt ??= normalized.scheduledAt ?? time;
    } else if (state === 'RUNNING') {
      task.startedAt = normalized.startedAt ?? time;
      task.queuedAt ??= normalized.scheduledAt;
      out.attempt = task.attempt;
      const wait = timing?.queueWaitMs ?? (task.queuedAt !== undefined ? task.startedAt - task.queuedAt : undefined);
      if (wait !== undefined) {
        if (wait < 0) violations.push(violation('time-order', `queue wait is negative (${wait} ms)`));
        else out.queueWaitMs = wait;
      }
      for (const parent of run.graph.parents(task.taskKey)) {
        const attrs = run.graph.graph.getNodeAttributes(parent);
        if (attrs.state !== undefined && (attrs.openRuns > 0 || !OK_UPSTREAM.has(attrs.state))) {
          violations.push(violation('precedence', `started while upstream ${parent} was ${attrs.state}`));
        }
      }
    } else if (state === 'SUCCEEDED' || state === 'FAILED' || state === 'CRASHED' || state === 'RETRYING') {
      if (task.endedAt !== undefined) return; // FAILED -> RETRYING: the attempt's end was measured already
      task.endedAt = normalized.endedAt ?? time;
      task.terminalEvents += TERMINAL_STATES.has(state) ? 1 : 0;
      const failed = state !== 'SUCCEEDED';
      out.failed = failed ? 1 : 0;
      if (failed) {
        task.failures += 1;
        run.failures += 1;
        out.runFailures = run.failures;
      }
      const start = normalized.startedAt ?? task.startedAt;
      const duration = timing?.durationMs ?? (start !== undefined ? task.endedAt - start : undefined);
      if (duration !== undefined) {
        if (duration < 0) violations.push(violation('time-order', `the attempt ended ${-duration} ms before it started`));
        else if (!failed) out.durationMs = duration;
      }
    } else if (TERMINAL_STATES.has(state)) {
      task.endedAt ??= normalized.endedAt ?? time;
      task.terminalEvents += 1;
    }
  }

  /** Plain-data copy of the tracker, for `monitor.snapshot()`. */
  snapshot(): RunTrackerSnapshot {
    const runs: RunSnapshot[] = [];
    for (const run of this.runs.values()) runs.push(snapshotOf(run));
    return { runs: runs.reverse() };
  }

  restore(snapshot: RunTrackerSnapshot): void {
    this.runs.clear();
    // Snapshots list the least recent first, so the most recent ends up on top.
    for (const saved of snapshot.runs) this.restoreRun(saved);
  }

  /** Plain-data copy of one workflow run, for stores that keep runs outside the process. */
  snapshotRun(workflowRunId: string): RunSnapshot | undefined {
    const run = this.runs.peek(workflowRunId);
    return run === undefined ? undefined : snapshotOf(run);
  }

  /** Adds a saved workflow run as the most recently active one, replacing a run with its id. */
  restoreRun(saved: RunSnapshot): WorkflowRun {
    const graph = new WorkflowGraph();
    for (const [from, to] of saved.edges) graph.addEdge(from, to);
    const run: WorkflowRun = { workflowKey: saved.workflowKey, runId: saved.runId, tasks: new Map(), graph, firstEventAt: saved.firstEventAt, lastEventAt: saved.lastEventAt, openTasks: 0, failures: saved.failures };
    for (const task of saved.tasks) {
      run.tasks.set(task.taskRunId, { ...task });
      const node = graph.ensureTask(task.taskKey);
      node.runs += 1;
      node.state = task.state;
      if (isOpen(task.state)) {
        node.openRuns += 1;
        run.openTasks += 1;
      }
    }
    this.runs.set(run.runId, run);
    return run;
  }
}

/** One workflow run as plain data. */
export interface RunSnapshot {
  workflowKey: string;
  runId: string;
  firstEventAt: number;
  lastEventAt: number;
  failures: number;
  edges: [string, string][];
  tasks: TaskRun[];
}

function snapshotOf(run: WorkflowRun): RunSnapshot {
  return {
    workflowKey: run.workflowKey,
    runId: run.runId,
    firstEventAt: run.firstEventAt,
    lastEventAt: run.lastEventAt,
    failures: run.failures,
    edges: run.graph.edges(),
    tasks: [...run.tasks.values()].map((task) => ({ ...task })),
  };
}

export interface RunTrackerSnapshot {
  readonly runs: RunSnapshot[];
}

function newTaskRun(workflowKey: string, workflowRunId: string, taskKey: string, taskRunId: string, time: number): TaskRun {
  return {
    taskKey, taskRunId, workflowKey, workflowRunId,
    state: undefined, attempt: 1, maxAttempts: undefined,
    queuedAt: undefined, startedAt: undefined, endedAt: undefined,
    firstEventAt: time, lastEventAt: time,
    failures: 0, retries: 0, terminalEvents: 0, stuckReportedAttempt: 0, stuckLevel: 0,
  };
}

/** Without an explicit attempt number, a start after a failure is the next attempt. */
function inferAttempt(task: TaskRun, state: TaskState): number {
  const restarting = state === 'QUEUED' || state === 'WAITING' || state === 'RUNNING';
  const afterFailure = task.state === 'FAILED' || task.state === 'CRASHED' || task.state === 'RETRYING';
  return restarting && afterFailure ? task.attempt + 1 : task.attempt;
}

/** A late event still tells us times we did not know. */
function fillMissingTimes(task: TaskRun, state: TaskState, normalized: NormalizedEvent): void {
  if (state === 'QUEUED') task.queuedAt ??= normalized.scheduledAt ?? normalized.time;
  else if (state === 'RUNNING') task.startedAt ??= normalized.startedAt ?? normalized.time;
}

function violation(kind: ViolationKind, message: string): Violation {
  return { kind, weight: VIOLATION_WEIGHTS[kind], message };
}
