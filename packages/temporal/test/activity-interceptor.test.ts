// The interceptor run by Temporal's own activity runtime (MockActivityEnvironment from
// @temporalio/testing runs activities through @temporalio/worker's Activity class, interceptors
// included). A Temporal server cannot be downloaded here, so no workflow drives the attempts:
// each test gives the environment the info a server would (attempt, retry policy, timestamps).
import { createMonitor, type Monitor, type TaskStateChange, type Verdict } from '@awad/core';
import { defaultStages } from '@awad/stats';
import { Context, type Info } from '@temporalio/activity';
import { ActivityCancellationDetails, ApplicationFailure, type RetryPolicy } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { awadActivityInterceptors, awadAttempt, awadVerdict, type ActivityVerdictState } from '../src/index';

const T0 = Date.UTC(2026, 10, 2, 9);
/** The worker logs every failed attempt at WARN; the tests fail attempts on purpose. */
const quiet = new DefaultLogger('ERROR');

interface Harness {
  monitor: Monitor;
  seen: ActivityVerdictState[];
  errors: Error[];
  clock: { now: number };
  /** Runs `fn` as attempt `attempt` of activity `activityId` (a MockActivityEnvironment per attempt, as a worker gets one task per attempt). */
  attempt<R>(fn: () => Promise<R>, opts: { attempt: number; activityId?: string; runId?: string; retryPolicy?: RetryPolicy; scheduleToCloseTimeoutMs?: number; queuedMs?: number; env?: (env: MockActivityEnvironment) => void }): Promise<R>;
}

function harness(monitor: Monitor = createMonitor()): Harness {
  const seen: ActivityVerdictState[] = [];
  const errors: Error[] = [];
  const clock = { now: T0 };
  const factory = awadActivityInterceptors({ monitor, now: () => clock.now, onVerdict: (s) => seen.push(s), onError: ({ error }) => errors.push(error) });
  return {
    monitor, seen, errors, clock,
    async attempt(fn, opts) {
      const queued = opts.queuedMs ?? 100;
      const info: Partial<Info> = {
        activityType: 'loadRows', activityId: opts.activityId ?? '7', attempt: opts.attempt, workflowType: 'nightlyEtl', taskQueue: 'etl',
        workflowExecution: { workflowId: 'etl-2026-11-02', runId: opts.runId ?? 'run-1' },
        scheduledTimestampMs: T0, currentAttemptScheduledTimestampMs: clock.now - queued,
        scheduleToCloseTimeoutMs: opts.scheduleToCloseTimeoutMs ?? 0, startToCloseTimeoutMs: 60_000,
        retryPolicy: opts.retryPolicy,
      };
      const env = new MockActivityEnvironment(info, { interceptors: [factory], logger: quiet });
      opts.env?.(env);
      return env.run(fn);
    },
  };
}

const states = (seen: ActivityVerdictState[]) => seen.map(({ event }) => `${event.state}#${event.task.attempt}`);
/** An activity that takes `ms` on the harness clock, then returns or throws. */
const work = (h: Harness, ms: number, error?: unknown) => async () => {
  h.clock.now += ms;
  if (error !== undefined) throw error;
  return 'done';
};

describe('awadActivityInterceptors under MockActivityEnvironment', () => {
  it('reports RUNNING then SUCCEEDED, with queue wait and duration, and the start verdict inside the activity', async () => {
    const h = harness();
    let inside: { verdict: Verdict | undefined; attempt: number; event: TaskStateChange | undefined } | undefined;
    const result = await h.attempt(async () => {
      inside = { verdict: awadVerdict(), attempt: Context.current().info.attempt, event: awadAttempt()?.event };
      h.clock.now += 1500;
      return 42;
    }, { attempt: 1, queuedMs: 250 });
    expect(result).toBe(42);
    expect(states(h.seen)).toEqual(['RUNNING#1', 'SUCCEEDED#1']);
    const [running, succeeded] = h.seen;
    expect(inside?.verdict).toBe(running?.verdict);
    expect(inside?.event).toBe(running?.event);
    expect(inside?.attempt).toBe(1);
    expect(running?.event).toMatchObject({
      source: { system: 'temporal' }, task: { key: 'loadRows', runId: 'run-1/7', attempt: 1, name: 'loadRows' },
      workflow: { key: 'nightlyEtl', runId: 'run-1' }, context: { taskQueue: 'etl', workflowId: 'etl-2026-11-02' },
      timing: { queueWaitMs: 250 }, occurredAt: new Date(T0).toISOString(),
    });
    expect(running?.verdict.features.queueWaitMs).toBe(250);
    expect(succeeded?.verdict.features.durationMs).toBe(1500);
    expect(h.monitor.tracker.getRun('run-1')?.tasks.get('run-1/7')?.state).toBe('SUCCEEDED');
    expect(awadVerdict()).toBeUndefined();
    expect(h.errors).toEqual([]);
  });

  it('an attempt that throws and will be retried is RETRYING; the last one under maximumAttempts is FAILED', async () => {
    const h = harness();
    const retryPolicy = { maximumAttempts: 3 };
    for (const attempt of [1, 2, 3]) {
      await expect(h.attempt(work(h, 200, new TypeError('upstream API timed out')), { attempt, retryPolicy })).rejects.toThrow('upstream API timed out');
    }
    expect(states(h.seen)).toEqual(['RUNNING#1', 'RETRYING#1', 'RUNNING#2', 'RETRYING#2', 'RUNNING#3', 'FAILED#3']);
    expect(h.seen[1]?.event.error).toEqual({ type: 'TypeError', message: 'upstream API timed out', willRetry: true });
    expect(h.seen[5]?.event.error).toEqual({ type: 'TypeError', message: 'upstream API timed out', willRetry: false });
    expect(h.seen[5]?.outcome?.reason).toBe('attempt 3 of 3');
    expect(h.seen[0]?.event.task.maxAttempts).toBe(3);
    const task = h.monitor.tracker.getRun('run-1')?.tasks.get('run-1/7');
    expect(task).toMatchObject({ state: 'FAILED', attempt: 3, retries: 2, failures: 3 });
    // Every transition was legal for the tracker.
    for (const { verdict } of h.seen) expect(verdict.reasons).toEqual([]);
  });

  it('a retry that then succeeds', async () => {
    const h = harness();
    await expect(h.attempt(work(h, 100, new Error('flaky')), { attempt: 1 })).rejects.toThrow('flaky');
    await h.attempt(work(h, 100), { attempt: 2 });
    expect(states(h.seen)).toEqual(['RUNNING#1', 'RETRYING#1', 'RUNNING#2', 'SUCCEEDED#2']);
    expect(h.seen[1]?.outcome?.reason).toBe('attempt 1, no attempt limit');
    expect(h.monitor.tracker.getRun('run-1')?.tasks.get('run-1/7')).toMatchObject({ state: 'SUCCEEDED', retries: 1, failures: 1 });
  });

  it('non-retryable failures, listed error types and the schedule-to-close timeout end the activity: FAILED', async () => {
    const h = harness();
    await expect(h.attempt(work(h, 10, ApplicationFailure.nonRetryable('bad schema', 'SchemaError')), { attempt: 1, activityId: 'a' })).rejects.toThrow();
    class ValidationFailed extends Error { override name = 'ValidationFailed'; }
    await expect(h.attempt(work(h, 10, new ValidationFailed('no rows')), { attempt: 1, activityId: 'b', retryPolicy: { nonRetryableErrorTypes: ['ValidationFailed'] } })).rejects.toThrow();
    // Scheduled at T0 with 5 s to close; the attempt ends after T0 + 4.5 s and the next would wait 1 s.
    h.clock.now = T0 + 4000;
    await expect(h.attempt(work(h, 500, new Error('slow')), { attempt: 1, activityId: 'c', scheduleToCloseTimeoutMs: 5000 })).rejects.toThrow();
    const ends = h.seen.filter(({ event }) => event.state !== 'RUNNING');
    expect(ends.map(({ event, outcome }) => [event.state, event.error?.type, outcome?.reason])).toEqual([
      ['FAILED', 'SchemaError', 'the error is non-retryable'],
      ['FAILED', 'ValidationFailed', 'ValidationFailed is in nonRetryableErrorTypes'],
      ['FAILED', 'Error', 'the next attempt would start past the schedule-to-close timeout'],
    ]);
  });

  it('a requested cancellation is CANCELLED; a heartbeat timeout is a failed attempt the policy retries', async () => {
    const h = harness();
    const waitForCancel = async () => {
      h.clock.now += 300;
      await Context.current().cancelled;
    };
    await expect(h.attempt(waitForCancel, { attempt: 1, activityId: 'x', env: (env) => setTimeout(() => env.cancel(), 5) })).rejects.toThrow();
    await expect(h.attempt(waitForCancel, { attempt: 1, activityId: 'y', env: (env) => setTimeout(() => env.cancel('TIMED_OUT', new ActivityCancellationDetails({ timedOut: true })), 5) })).rejects.toThrow();
    await expect(h.attempt(waitForCancel, { attempt: 2, activityId: 'y', retryPolicy: { maximumAttempts: 2 }, env: (env) => setTimeout(() => env.cancel('TIMED_OUT', new ActivityCancellationDetails({ timedOut: true })), 5) })).rejects.toThrow();
    const ends = h.seen.filter(({ event }) => event.state !== 'RUNNING').map(({ event }) => `${event.task.runId}:${event.state}#${event.task.attempt}:${event.error?.type}`);
    expect(ends).toEqual(['run-1/x:CANCELLED#1:CancelledFailure', 'run-1/y:RETRYING#1:TimeoutFailure', 'run-1/y:FAILED#2:TimeoutFailure']);
  });

  it('never throws into the activity when the monitor or a callback fails', async () => {
    const errors: Error[] = [];
    const broken = { observe(): Verdict { throw new Error('store down'); } };
    const env = new MockActivityEnvironment({ activityType: 'loadRows' }, { interceptors: [awadActivityInterceptors({ monitor: broken, onError: ({ error }) => errors.push(error) })], logger: quiet });
    const result = await env.run(async () => ({ verdict: awadVerdict(), value: 'ok' }));
    expect(result).toEqual({ verdict: undefined, value: 'ok' });
    expect(errors.map((e) => e.message)).toEqual(['store down', 'store down']);

    const callbackErrors: Error[] = [];
    const env2 = new MockActivityEnvironment({ activityType: 'loadRows' }, {
      interceptors: [awadActivityInterceptors({ monitor: createMonitor(), onVerdict: () => { throw new Error('callback bug'); }, onError: ({ error }) => callbackErrors.push(error) })],
      logger: quiet,
    });
    await expect(env2.run(async () => 'still ok')).resolves.toBe('still ok');
    expect(callbackErrors.map((e) => e.message)).toEqual(['callback bug', 'callback bug']);
  });

  it('refuses bad options with a ConfigError', () => {
    expect(() => awadActivityInterceptors({} as never)).toThrow(expect.objectContaining({ code: 'INVALID_OPTION', option: 'monitor' }));
    expect(() => awadActivityInterceptors({ monitor: createMonitor(), now: 5 as never })).toThrow(expect.objectContaining({ option: 'now' }));
  });

  it('with the default stats stages, flags the attempt that runs far longer than the activity usually does', async () => {
    const h = harness(createMonitor({ stages: defaultStages() }));
    const anomalies: Verdict[] = [];
    h.monitor.on('anomaly', (v) => anomalies.push(v));
    for (let run = 0; run < 40; run++) {
      h.clock.now = T0 + run * 86_400_000; // one run a day
      const ms = run === 39 ? 30_000 : 1000 + 50 * Math.sin(run);
      await h.attempt(work(h, ms), { attempt: 1, runId: `run-${run}` });
    }
    expect(anomalies.map((v) => [v.workflowRunId, v.state, v.reasons[0]?.feature])).toEqual([['run-39', 'SUCCEEDED', 'durationMs']]);
  });
});
