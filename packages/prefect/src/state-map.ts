// Prefect state types (and the few state names that matter) -> AWAD task states.
// Reference: Prefect docs, "Task run events" (state variants: name -> type), "States".
import type { TaskState } from '@awad/core';

export const PREFECT_STATE_TYPES = ['SCHEDULED', 'PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED', 'CRASHED', 'PAUSED', 'CANCELLING'] as const;
export type PrefectStateType = (typeof PREFECT_STATE_TYPES)[number];

/**
 * SCHEDULED (Scheduled, Late, AwaitingConcurrencySlot) -> WAITING, but AwaitingRetry (the attempt
 * failed, a retry follows) -> RETRYING; PENDING -> QUEUED; RUNNING (Running, Retrying) -> RUNNING;
 * COMPLETED (Completed, Cached) -> SUCCEEDED; FAILED, CRASHED, CANCELLED as themselves.
 * CANCELLING (not final yet) and PAUSED (a task cannot go back to waiting mid-attempt in AWAD's
 * model) -> null: the event is ignored.
 */
export function taskStateOf(stateType: PrefectStateType, stateName: string | undefined): TaskState | null {
  switch (stateType) {
    case 'SCHEDULED':
      return stateName === 'AwaitingRetry' ? 'RETRYING' : 'WAITING';
    case 'PENDING':
      return 'QUEUED';
    case 'RUNNING':
      return 'RUNNING';
    case 'COMPLETED':
      return 'SUCCEEDED';
    case 'FAILED':
      return 'FAILED';
    case 'CRASHED':
      return 'CRASHED';
    case 'CANCELLED':
      return 'CANCELLED';
    case 'PAUSED':
    case 'CANCELLING':
      return null;
  }
}
