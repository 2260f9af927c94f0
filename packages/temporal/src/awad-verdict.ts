// awadVerdict: the monitor's verdict on the current activity attempt's start, readable from the
// activity's own code (an AsyncLocalStorage the interceptor sets around the activity call).
// Reference: Node AsyncLocalStorage (https://nodejs.org/api/async_context.html), as Temporal's
// own `Context.current()` works.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { TaskStateChange, Verdict } from '@awad/core';

/** What the interceptor keeps for the attempt running now. */
export interface AwadAttempt {
  /** The RUNNING event of this attempt. */
  readonly event: TaskStateChange;
  /** The monitor's verdict on it; undefined when the monitor failed (the error went to onError). */
  readonly verdict: Verdict | undefined;
}

/** @internal */
export const attemptStorage = new AsyncLocalStorage<AwadAttempt>();

/**
 * The verdict on the current attempt's start (e.g. "queued 10x longer than usual", a retry storm),
 * inside an activity run by a worker with the AWAD interceptor; undefined elsewhere.
 *
 * @example
 * export async function load(rows: Row[]) {
 *   const verdict = awadVerdict();
 *   if (verdict?.isAnomaly) log.warn('AWAD', { reasons: verdict.reasons.map((r) => r.message) });
 * }
 */
export function awadVerdict(): Verdict | undefined {
  return attemptStorage.getStore()?.verdict;
}

/** The current attempt's RUNNING event and verdict, or undefined outside an intercepted activity. */
export function awadAttempt(): AwadAttempt | undefined {
  return attemptStorage.getStore();
}
