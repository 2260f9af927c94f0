// attemptOutcome: how an activity attempt ended, as a task state: SUCCEEDED, FAILED (no attempt
// follows), RETRYING (this attempt failed and the retry policy gives another), CANCELLED.
// Reference: Temporal retry policies (https://docs.temporal.io/encyclopedia/retry-policies):
// an ApplicationFailure with nonRetryable, a type listed in nonRetryableErrorTypes, the last of
// maximumAttempts, or a retry that would start past the schedule-to-close timeout ends the
// activity; @temporalio/worker lib/activity.js for how cancellation (requested, paused, reset,
// timed out, worker shutdown) is reported.
import { ApplicationFailure, CancelledFailure, type RetryPolicy } from '@temporalio/common';
import type { TaskState } from '@awad/core';

/** What of the activity info the outcome depends on. */
export interface AttemptInfo {
  readonly attempt: number;
  readonly retryPolicy?: RetryPolicy | undefined;
  readonly scheduledTimestampMs: number;
  readonly scheduleToCloseTimeoutMs: number;
}

/** Why the attempt's context was cancelled (ActivityCancellationDetails), when it was. */
export interface CancellationInfo {
  readonly aborted: boolean;
  readonly details?: { readonly cancelRequested?: boolean; readonly notFound?: boolean; readonly paused?: boolean; readonly reset?: boolean; readonly timedOut?: boolean; readonly workerShutdown?: boolean } | undefined;
}

export interface AttemptOutcome {
  /** The task state; `undefined` when the activity will complete asynchronously (CompleteAsyncError). */
  readonly state: Extract<TaskState, 'SUCCEEDED' | 'FAILED' | 'RETRYING' | 'CANCELLED'> | undefined;
  readonly error?: { readonly type: string; readonly message: string; readonly willRetry: boolean };
  /** Why it is FAILED rather than RETRYING, or why it was cancelled. */
  readonly reason?: string;
}

/** Temporal's retry policy defaults (server side). */
export const DEFAULT_RETRY_POLICY = { initialIntervalMs: 1000, backoffCoefficient: 2, maximumIntervalFactor: 100 } as const;

/**
 * The outcome of an attempt that returned (`threw: false`) or threw `error`, at time `now` (epoch ms).
 *
 * @example
 * attemptOutcome(true, new Error('timeout'), { attempt: 3, retryPolicy: { maximumAttempts: 3 }, scheduledTimestampMs: 0, scheduleToCloseTimeoutMs: 0 }, { aborted: false }, Date.now());
 * // { state: 'FAILED', error: { type: 'Error', message: 'timeout', willRetry: false }, reason: 'attempt 3 of 3' }
 */
export function attemptOutcome(threw: boolean, error: unknown, info: AttemptInfo, cancellation: CancellationInfo, now: number): AttemptOutcome {
  if (!threw) return { state: 'SUCCEEDED' };
  const name = error instanceof Error ? error.name : undefined;
  if (name === 'CompleteAsyncError') return { state: undefined, reason: 'the activity completes asynchronously' };
  const message = error instanceof Error ? error.message : String(error);
  if (cancellation.aborted && (error instanceof CancelledFailure || name === 'AbortError' || name === 'CancelledFailure')) {
    const d = cancellation.details;
    // A paused or reset activity runs again; a heartbeat timeout or a worker shutdown is a failed
    // attempt the retry policy judges; a requested cancellation (or a vanished activity) ends it.
    if (d?.paused) return retrying('ActivityPause', message, 'the activity was paused');
    if (d?.reset) return retrying('ActivityReset', message, 'the activity was reset');
    if (d?.timedOut || d?.workerShutdown) return byPolicy(d.timedOut ? 'TimeoutFailure' : 'WorkerShutdown', message, false, undefined, info, now);
    return { state: 'CANCELLED', error: { type: 'CancelledFailure', message, willRetry: false }, reason: d?.notFound ? 'the activity no longer exists' : 'cancellation was requested' };
  }
  if (error instanceof ApplicationFailure) {
    return byPolicy(error.type ?? 'Error', message, error.nonRetryable === true, typeof error.nextRetryDelay === 'number' ? error.nextRetryDelay : undefined, info, now);
  }
  return byPolicy(name ?? 'Error', message, false, undefined, info, now);
}

function retrying(type: string, message: string, reason: string): AttemptOutcome {
  return { state: 'RETRYING', error: { type, message, willRetry: true }, reason };
}

function failed(type: string, message: string, reason: string): AttemptOutcome {
  return { state: 'FAILED', error: { type, message, willRetry: false }, reason };
}

function byPolicy(type: string, message: string, nonRetryable: boolean, nextRetryDelayMs: number | undefined, info: AttemptInfo, now: number): AttemptOutcome {
  if (nonRetryable) return failed(type, message, 'the error is non-retryable');
  const policy = info.retryPolicy;
  if (policy?.nonRetryableErrorTypes?.includes(type)) return failed(type, message, `${type} is in nonRetryableErrorTypes`);
  const max = policy?.maximumAttempts ?? 0;
  if (max > 0 && info.attempt >= max) return failed(type, message, `attempt ${info.attempt} of ${max}`);
  if (info.scheduleToCloseTimeoutMs > 0) {
    const delay = nextRetryDelayMs ?? backoffMs(policy, info.attempt);
    if (now + delay >= info.scheduledTimestampMs + info.scheduleToCloseTimeoutMs) return failed(type, message, 'the next attempt would start past the schedule-to-close timeout');
  }
  return retrying(type, message, max > 0 ? `attempt ${info.attempt} of ${max}` : `attempt ${info.attempt}, no attempt limit`);
}

/** Delay before the attempt after `attempt`: initial × coefficient^(attempt-1), capped at the maximum interval. */
export function backoffMs(policy: RetryPolicy | undefined, attempt: number): number {
  const d = DEFAULT_RETRY_POLICY;
  const initial = typeof policy?.initialInterval === 'number' ? policy.initialInterval : d.initialIntervalMs;
  const coefficient = policy?.backoffCoefficient ?? d.backoffCoefficient;
  const maximum = typeof policy?.maximumInterval === 'number' ? policy.maximumInterval : initial * d.maximumIntervalFactor;
  return Math.min(initial * coefficient ** Math.max(0, attempt - 1), maximum);
}
