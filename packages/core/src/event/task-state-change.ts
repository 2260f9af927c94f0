// TaskStateChange: the canonical event, one per task state change, from any orchestrator.
// Reference: ARCHITECTURE.md section 3.
import type { TaskState } from './task-state';

/** A reference to an upstream task of the same workflow run (a DAG edge upstream -> this task). */
export interface UpstreamRef {
  readonly taskRunId?: string | undefined;
  readonly taskKey?: string | undefined;
}

/** Timing the engine reports, on its own clock (ISO-8601 with a zone). */
export interface TaskTiming {
  readonly scheduledAt?: string | undefined;
  readonly startedAt?: string | undefined;
  readonly endedAt?: string | undefined;
  readonly durationMs?: number | undefined;
  readonly queueWaitMs?: number | undefined;
}

/**
 * One task state change. `eventId` is the idempotency key; `occurredAt` is the engine's clock.
 *
 * @example
 * const event: TaskStateChange = {
 *   specVersion: '1', eventId: 'e-42', source: { system: 'bullmq' },
 *   occurredAt: '2026-11-22T10:00:00.000Z', state: 'SUCCEEDED', previousState: 'RUNNING',
 *   task: { key: 'extract', runId: 'job-17', attempt: 1 },
 *   workflow: { key: 'nightly-etl', runId: 'flow-9' },
 *   timing: { durationMs: 5310 }, metrics: { rows: 120000 },
 * };
 */
export interface TaskStateChange {
  readonly specVersion: '1';
  readonly eventId: string;
  readonly source: { readonly system: string; readonly version?: string | undefined };
  readonly occurredAt: string;
  readonly state: TaskState;
  readonly previousState?: TaskState | undefined;
  /** The engine's own name for the state, kept for display. */
  readonly rawState?: string | undefined;
  readonly task: {
    /** The task's identity in the workflow definition (same across runs). */
    readonly key: string;
    /** This task run's id (same across the attempts of one run). */
    readonly runId: string;
    readonly attempt?: number | undefined;
    readonly maxAttempts?: number | undefined;
    readonly name?: string | undefined;
  };
  readonly workflow: { readonly key: string; readonly runId: string; readonly parentRunId?: string | undefined };
  readonly upstream?: readonly UpstreamRef[] | undefined;
  readonly timing?: TaskTiming | undefined;
  readonly error?: { readonly type?: string | undefined; readonly message: string; readonly willRetry?: boolean | undefined } | undefined;
  /** Numeric measurements of this task run: cpu, memory, rows, bytes, latency... */
  readonly metrics?: Readonly<Record<string, number>> | undefined;
  /** Background information: deploy flag, promotion, ... */
  readonly context?: Readonly<Record<string, number | string>> | undefined;
  readonly tags?: readonly string[] | undefined;
}
