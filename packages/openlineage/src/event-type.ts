// OpenLineage run event types and the task states they map to.
// Reference: OpenLineage spec, RunEvent.eventType (https://openlineage.io/docs/spec/run-cycle).
import type { TaskState } from '@awad/core';

export const OPENLINEAGE_EVENT_TYPES = ['START', 'RUNNING', 'COMPLETE', 'ABORT', 'FAIL', 'OTHER'] as const;
export type OpenLineageEventType = (typeof OPENLINEAGE_EVENT_TYPES)[number];

/**
 * START and RUNNING (a run still in progress; a repeat is a heartbeat) -> RUNNING, COMPLETE ->
 * SUCCEEDED, FAIL -> FAILED, ABORT -> CANCELLED. OTHER carries metadata, not a state change
 * (it may even come before START): null, the event is ignored.
 */
export const OPENLINEAGE_STATES: Readonly<Record<OpenLineageEventType, TaskState | null>> = Object.freeze({
  START: 'RUNNING',
  RUNNING: 'RUNNING',
  COMPLETE: 'SUCCEEDED',
  FAIL: 'FAILED',
  ABORT: 'CANCELLED',
  OTHER: null,
});

/**
 * The event id of an OpenLineage run event: the same for a retried delivery of the same event
 * (the HTTP transport retries), so the monitor counts it once.
 */
export function openLineageEventId(runId: string, eventType: string, eventTime: string): string {
  return `openlineage:${runId}:${eventType}:${eventTime}`;
}
