// AwadActivityInterceptor: an activity inbound interceptor that reports each attempt to an AWAD
// monitor: RUNNING when it starts, then SUCCEEDED, RETRYING, FAILED or CANCELLED when it ends.
// Reference: @temporalio/worker ActivityInboundCallsInterceptor and ActivityInterceptorsFactory
// (https://typescript.temporal.io/api/interfaces/worker.ActivityInboundCallsInterceptor), as
// contrib/interceptors-opentelemetry wraps `execute`.
import { ConfigError, type TaskStateChange, type Verdict } from '@awad/core';
import type { Context, Info } from '@temporalio/activity';
import type { ActivityExecuteInput, ActivityInboundCallsInterceptor, ActivityInterceptors, Next } from '@temporalio/worker';
import { activityEvent, activityKeys, type ActivityKeys } from './activity-event';
import { attemptOutcome, type AttemptOutcome, type CancellationInfo } from './attempt-outcome';
import { attemptStorage } from './awad-verdict';

const MODULE = '@awad/temporal/activity-interceptor';

/** Anything that judges a TaskStateChange: an `@awad/core` Monitor. */
export interface EventObserver {
  observe(event: TaskStateChange): Verdict;
}

/** What `onVerdict` receives. */
export interface ActivityVerdictState {
  readonly verdict: Verdict;
  readonly event: TaskStateChange;
  readonly info: Info;
  /** How the attempt ended (absent on the RUNNING verdict). */
  readonly outcome?: AttemptOutcome;
}

export interface AwadActivityInterceptorOptions {
  readonly monitor: EventObserver;
  /** Called with every verdict; a throw goes to onError, never into the activity. */
  readonly onVerdict?: (state: ActivityVerdictState) => void;
  /** Called when the monitor or onVerdict fails; never thrown into the activity. Default: console.warn. */
  readonly onError?: (state: { readonly error: Error; readonly event?: TaskStateChange }) => void;
  /** Series keys from the activity info. Default: workflow type / activity type. */
  readonly keys?: (info: Info) => ActivityKeys;
  /** The clock, epoch ms. Default Date.now. */
  readonly now?: () => number;
}

export class AwadActivityInterceptor implements ActivityInboundCallsInterceptor {
  constructor(
    private readonly ctx: Context,
    private readonly options: AwadActivityInterceptorOptions,
  ) {}

  async execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    const { ctx, options } = this;
    const now = options.now ?? Date.now;
    const info = ctx.info;
    const keys = (options.keys ?? activityKeys)(info);
    const startedAt = now();
    const scheduledAt = info.currentAttemptScheduledTimestampMs;
    const timing = scheduledAt > 0 ? { scheduledAt: new Date(scheduledAt).toISOString(), queueWaitMs: Math.max(0, startedAt - scheduledAt) } : undefined;
    const running = activityEvent({ info, keys, state: 'RUNNING', at: startedAt, ...(timing ? { timing } : {}) });
    const verdict = this.observe(running, info);

    let result: unknown;
    try {
      result = await attemptStorage.run({ event: running, verdict }, () => next(input));
    } catch (error) {
      const endedAt = now();
      const outcome = attemptOutcome(true, error, info, { aborted: ctx.cancellationSignal.aborted, details: cancellationDetailsOf(ctx) }, endedAt);
      if (outcome.state !== undefined) {
        this.observe(activityEvent({ info, keys, state: outcome.state, at: endedAt, timing: { durationMs: Math.max(0, endedAt - startedAt) }, ...(outcome.error ? { error: outcome.error } : {}) }), info, outcome);
      }
      throw error;
    }
    const endedAt = now();
    this.observe(activityEvent({ info, keys, state: 'SUCCEEDED', at: endedAt, timing: { durationMs: Math.max(0, endedAt - startedAt) } }), info, { state: 'SUCCEEDED' });
    return result;
  }

  /** Observes an event; a failure goes to onError, never into the activity. */
  private observe(event: TaskStateChange, info: Info, outcome?: AttemptOutcome): Verdict | undefined {
    let verdict: Verdict;
    try {
      verdict = this.options.monitor.observe(event);
    } catch (error) {
      this.report(error, event);
      return undefined;
    }
    if (this.options.onVerdict) {
      try {
        this.options.onVerdict({ verdict, event, info, ...(outcome ? { outcome } : {}) });
      } catch (error) {
        this.report(error, event);
      }
    }
    return verdict;
  }

  private report(error: unknown, event: TaskStateChange): void {
    const onError = this.options.onError ?? ((state: { error: Error }) => console.warn(`${MODULE}: ${state.error.message}`));
    try {
      onError({ error: error instanceof Error ? error : new Error(String(error)), event });
    } catch {
      // An error callback that throws has nowhere left to report to.
    }
  }
}

/** Why the context was cancelled: `Context.cancellationDetails` (ActivityCancellationDetails), on SDKs that have it. */
function cancellationDetailsOf(ctx: Context): CancellationInfo['details'] {
  return (ctx as { cancellationDetails?: CancellationInfo['details'] }).cancellationDetails;
}

/**
 * The activity interceptors factory to give a Temporal worker.
 *
 * @example
 * import { Worker } from '@temporalio/worker';
 * import { createMonitor } from '@awad/core';
 * import { defaultStages } from '@awad/stats';
 * import { awadActivityInterceptors } from '@awad/temporal';
 * const monitor = createMonitor({ stages: defaultStages() });
 * const worker = await Worker.create({ taskQueue: 'etl', activities,
 *   interceptors: { activity: [awadActivityInterceptors({ monitor })] } });
 */
export function awadActivityInterceptors(options: AwadActivityInterceptorOptions): (ctx: Context) => ActivityInterceptors {
  if (typeof options !== 'object' || options === null) throw new ConfigError(MODULE, 'options', 'an object', options);
  if (typeof options.monitor?.observe !== 'function') throw new ConfigError(MODULE, 'monitor', 'a monitor (an object with observe(event))', options.monitor);
  for (const name of ['onVerdict', 'onError', 'keys', 'now'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'function') throw new ConfigError(MODULE, name, 'a function', options[name]);
  }
  return (ctx) => ({ inbound: new AwadActivityInterceptor(ctx, options) });
}
