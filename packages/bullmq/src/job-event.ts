// Builds the TaskStateChange of one BullMQ job transition. Event ids are semantic
// (queue, job id, attempt, state), so the processor wrapper and the QueueEvents observer give
// the same id for the same transition and a monitor counts it once.
// Reference: docs/events.md (the TaskStateChange contract); BullMQ job lifecycle
// (https://docs.bullmq.io/guide/architecture).
import type { TaskState, TaskStateChange, TaskTiming, UpstreamRef } from '@awad/core';
import type { AwadBullmqOptions } from './adapter-options';
import type { JobIdentity, JobRef } from './job-identity';

export interface JobTransition {
  readonly state: TaskState;
  /** Attempt number (1-based); left out where the tracker should take the current one. */
  readonly attempt?: number;
  readonly maxAttempts?: number;
  /** When it happened, epoch ms. */
  readonly at: number;
  /** BullMQ's name for the state (active, completed, delayed...). */
  readonly rawState?: string;
  readonly timing?: TaskTiming;
  readonly error?: { readonly type?: string; readonly message: string; readonly willRetry?: boolean };
  readonly metrics?: Record<string, number>;
  readonly upstream?: readonly UpstreamRef[];
  /** Appended to the event id when one attempt reports the same state more than once (edges). */
  readonly idSuffix?: string;
}

export function taskRunIdOf(ref: Pick<JobRef, 'queue' | 'id'>): string {
  return `${ref.queue}:${ref.id}`;
}

export function workflowKeyOf(identity: JobIdentity, option: AwadBullmqOptions['workflowKey']): string {
  if (typeof option === 'function') return option(identity);
  return option === 'root-queue' ? identity.root.queue : identity.root.name;
}

export function taskKeyOf(identity: JobRef & Partial<JobIdentity>, option: AwadBullmqOptions['taskKey']): string {
  if (typeof option === 'function') return option(identity as JobIdentity);
  return option === 'queue' ? identity.queue : identity.name;
}

export function jobEvent(identity: JobIdentity, t: JobTransition, options: AwadBullmqOptions): TaskStateChange {
  const taskRunId = taskRunIdOf(identity);
  return {
    specVersion: '1',
    eventId: `bullmq:${taskRunId}:${t.attempt ?? 'current'}:${t.state}${t.idSuffix ?? ''}`,
    source: { system: 'bullmq' },
    occurredAt: new Date(t.at).toISOString(),
    state: t.state,
    ...(t.rawState ? { rawState: t.rawState } : {}),
    task: { key: taskKeyOf(identity, options.taskKey), runId: taskRunId, name: identity.name, ...(t.attempt !== undefined ? { attempt: t.attempt } : {}), ...(t.maxAttempts !== undefined ? { maxAttempts: t.maxAttempts } : {}) },
    workflow: { key: workflowKeyOf(identity, options.workflowKey), runId: taskRunIdOf(identity.root) },
    ...(t.upstream && t.upstream.length > 0 ? { upstream: [...t.upstream] } : {}),
    ...(t.timing ? { timing: t.timing } : {}),
    ...(t.error ? { error: t.error } : {}),
    ...(t.metrics ? { metrics: t.metrics } : {}),
  };
}

/** The identity of a job's parent, for events about the parent sent on a child's behalf. */
export function parentIdentity(identity: JobIdentity): JobIdentity | undefined {
  return identity.parent ? { ...identity.parent, prefix: identity.prefix, root: identity.root } : undefined;
}

/**
 * Attempts BullMQ allows a job: `opts.attempts` (a flow sets 0 for 1), plus one per stall, since
 * a stalled attempt is restarted without counting against `attempts`.
 */
export function maxAttemptsOf(job: { readonly opts: { readonly attempts?: number }; readonly stalledCounter?: number }): number {
  return Math.max(1, job.opts.attempts ?? 1) + (job.stalledCounter ?? 0);
}
