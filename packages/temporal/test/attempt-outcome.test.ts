// attemptOutcome and backoffMs: the retry-policy reading on its own.
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { attemptOutcome, backoffMs, type AttemptInfo } from '../src/index';

const info = (over: Partial<AttemptInfo> = {}): AttemptInfo => ({ attempt: 1, scheduledTimestampMs: 0, scheduleToCloseTimeoutMs: 0, ...over });
const notCancelled = { aborted: false };

describe('attemptOutcome', () => {
  it('a returned attempt SUCCEEDED; CompleteAsyncError reports no end', () => {
    expect(attemptOutcome(false, undefined, info(), notCancelled, 0)).toEqual({ state: 'SUCCEEDED' });
    class CompleteAsyncError extends Error { override name = 'CompleteAsyncError'; }
    expect(attemptOutcome(true, new CompleteAsyncError(), info(), notCancelled, 0).state).toBeUndefined();
  });

  it('a pause or a reset runs the activity again: RETRYING', () => {
    const cancelled = new CancelledFailure('PAUSED');
    expect(attemptOutcome(true, cancelled, info({ retryPolicy: { maximumAttempts: 1 } }), { aborted: true, details: { paused: true } }, 0)).toMatchObject({ state: 'RETRYING', error: { type: 'ActivityPause', willRetry: true } });
    expect(attemptOutcome(true, cancelled, info(), { aborted: true, details: { reset: true } }, 0)).toMatchObject({ state: 'RETRYING', error: { type: 'ActivityReset' } });
    expect(attemptOutcome(true, cancelled, info(), { aborted: true, details: { notFound: true } }, 0)).toMatchObject({ state: 'CANCELLED', reason: 'the activity no longer exists' });
    // An AbortError from a fetch given the cancellation signal counts as the cancellation too.
    const abort = Object.assign(new Error('aborted'), { name: 'AbortError' });
    expect(attemptOutcome(true, abort, info(), { aborted: true }, 0).state).toBe('CANCELLED');
    // The same error without a cancelled context is an ordinary failure.
    expect(attemptOutcome(true, abort, info(), notCancelled, 0)).toMatchObject({ state: 'RETRYING', error: { type: 'AbortError' } });
  });

  it('an ApplicationFailure\'s nextRetryDelay counts against the schedule-to-close timeout', () => {
    const later = ApplicationFailure.create({ message: 'rate limited', type: 'RateLimited', nextRetryDelay: 60_000 });
    expect(attemptOutcome(true, later, info({ scheduleToCloseTimeoutMs: 30_000 }), notCancelled, 1000).state).toBe('FAILED');
    expect(attemptOutcome(true, later, info({ scheduleToCloseTimeoutMs: 120_000 }), notCancelled, 1000).state).toBe('RETRYING');
  });
});

describe('backoffMs', () => {
  it('grows by the coefficient from the initial interval, up to the maximum', () => {
    expect([1, 2, 3, 4].map((attempt) => backoffMs(undefined, attempt))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffMs(undefined, 20)).toBe(100_000);
    expect([1, 2, 3].map((attempt) => backoffMs({ initialInterval: 500, backoffCoefficient: 3, maximumInterval: 2000 }, attempt))).toEqual([500, 1500, 2000]);
  });
});
