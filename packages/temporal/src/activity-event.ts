// activityEvent: one activity attempt's state change as an AWAD TaskStateChange.
// Reference: @temporalio/activity `Info` (https://typescript.temporal.io/api/interfaces/activity.Info):
// the workflow run is `workflowExecution.runId`, the workflow key `workflowType`, the task key
// `activityType`, the task run the activity (`activityId`, unique in its workflow run), the
// attempt `attempt`; `currentAttemptScheduledTimestampMs` starts this attempt's queue wait.
import type { TaskState, TaskStateChange } from '@awad/core';
import type { Info } from '@temporalio/activity';

/** Keys of an activity's series, given its info. */
export interface ActivityKeys {
  readonly workflowKey: string;
  readonly workflowRunId: string;
  readonly taskKey: string;
  readonly taskRunId: string;
}

/** Default keys: workflow type and run, activity type, and `<workflow run>/<activity id>`. */
export function activityKeys(info: Info): ActivityKeys {
  const workflowRunId = info.workflowExecution?.runId ?? info.activityRunId ?? info.activityId;
  return {
    workflowKey: info.workflowType ?? `activity:${info.activityType}`,
    workflowRunId,
    taskKey: info.activityType,
    taskRunId: `${workflowRunId}/${info.activityId}`,
  };
}

export interface ActivityEventInput {
  readonly info: Info;
  readonly keys: ActivityKeys;
  readonly state: TaskState;
  /** Epoch ms of the change, on the worker's clock. */
  readonly at: number;
  readonly timing?: TaskStateChange['timing'];
  readonly error?: TaskStateChange['error'];
}

export function activityEvent({ info, keys, state, at, timing, error }: ActivityEventInput): TaskStateChange {
  const maxAttempts = info.retryPolicy?.maximumAttempts;
  const context: Record<string, string> = { taskQueue: info.taskQueue };
  if (info.workflowExecution?.workflowId) context.workflowId = info.workflowExecution.workflowId;
  if (info.isLocal) context.local = 'true';
  return {
    specVersion: '1',
    eventId: `temporal:${keys.taskRunId}:${info.attempt}:${state}`,
    source: { system: 'temporal' },
    occurredAt: new Date(at).toISOString(),
    state,
    task: { key: keys.taskKey, runId: keys.taskRunId, attempt: info.attempt, ...(maxAttempts !== undefined && maxAttempts > 0 ? { maxAttempts } : {}), name: info.activityType },
    workflow: { key: keys.workflowKey, runId: keys.workflowRunId },
    ...(timing ? { timing } : {}),
    ...(error ? { error } : {}),
    context,
  };
}
