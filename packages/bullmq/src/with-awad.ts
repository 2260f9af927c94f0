// withAwad: wraps a BullMQ processor so every attempt is judged in-process: RUNNING before the
// processor, then SUCCEEDED, or RETRYING when BullMQ will try again, or FAILED on the last
// failure. The job's code reads the verdict of its own run with `awadVerdictFor(job)`.
// Reference: BullMQ workers and retries (https://docs.bullmq.io/guide/workers,
// https://docs.bullmq.io/guide/retrying-failing-jobs); Job.shouldRetryJob in bullmq 5.
import type { Verdict } from '@awad/core';
import type { Job, Processor } from 'bullmq';
import { AdapterContext } from './adapter-context';
import { AdapterError } from './adapter-error';
import type { AwadBullmqOptions, VerdictSink } from './adapter-options';
import { flowChildren } from './flow-edges';
import { jobEvent, maxAttemptsOf, parentIdentity, taskKeyOf, taskRunIdOf } from './job-event';
import type { HashReader, JobIdentity } from './job-identity';

/** The verdicts of a job's current attempt, as far as it got. */
export interface JobVerdicts {
  /** Its start: queue wait, attempt number, rule checks (e.g. started before an upstream finished). */
  running?: Verdict;
  /** Its end (duration, metrics, failure), once the processor returned or threw. */
  finished?: Verdict;
}

const records = new WeakMap<Job, JobVerdicts>();

/**
 * The verdicts of the attempt a job is in, when its processor was wrapped by `withAwad` in this
 * process: inside the processor `running` is there; in the worker's `completed` / `failed`
 * listeners `finished` is too.
 *
 * @example
 * const worker = new Worker('transform', withAwad(async (job) => {
 *   if (awadVerdictFor(job)?.running?.isAnomaly) job.log('queued for longer than usual');
 *   return transform(job.data);
 * }, monitor), { connection });
 * worker.on('completed', (job) => console.log(awadVerdictFor(job)?.finished?.score));
 */
export function awadVerdictFor(job: Job): JobVerdicts | undefined {
  return records.get(job);
}

/** @internal Whether `withAwad` handled this job object in this process. */
export function handledByWrapper(job: Job): boolean {
  return records.has(job);
}

/** Errors a processor throws to move its job (to delayed, waiting-children...), not failures. */
const CONTROL_FLOW = new Set(['DelayedError', 'WaitingChildrenError', 'WaitingError', 'RateLimitError']);

/** BullMQ's rule (Job.shouldRetryJob): attempts left, not discarded, not unrecoverable. */
export function willRetry(job: Job, error: unknown): boolean {
  const name = error instanceof Error ? error.name : '';
  const discarded = (job as unknown as { discarded?: boolean }).discarded === true;
  return job.attemptsMade + 1 < Math.max(1, job.opts.attempts ?? 1) && !discarded && name !== 'UnrecoverableError';
}

/** The attempt a job is in while its processor runs. */
export function currentAttempt(job: Job): number {
  return job.attemptsStarted > 0 ? job.attemptsStarted : job.attemptsMade + 1;
}

/** The Redis client of the queue (or worker) a job came from. */
export function clientOf(job: Job): Promise<HashReader> {
  return (job as unknown as { queue: { client: Promise<HashReader> } }).queue.client;
}

/**
 * Wraps a processor. The wrapper never changes what the processor returns or throws; a
 * monitor or Redis failure is reported (onError, or the monitor's `error` event) and the job
 * runs anyway.
 *
 * @example
 * const monitor = createMonitor({ stages: defaultStages() });
 * new Worker('extract', withAwad(extract, monitor, { metrics: (_job, out) => ({ rows: out.rows }) }), { connection });
 */
export function withAwad<T = unknown, R = unknown, N extends string = string>(processor: Processor<T, R, N>, monitor: VerdictSink, options: AwadBullmqOptions = {}): Processor<T, R, N> {
  const ctx = new AdapterContext(monitor, options);
  return async function awadProcessor(job: Job<T, R, N>, token?: string, signal?: AbortSignal): Promise<R> {
    const record: JobVerdicts = {};
    records.set(job as Job, record);
    const attempt = currentAttempt(job as Job);
    const identity = await begin(ctx, job as Job, attempt, record);
    // The duration is the processor's own time (the lookups above are not the job's work).
    const startedAt = Date.now();
    let result: R;
    try {
      result = await processor(job, token, signal);
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      if (identity && !CONTROL_FLOW.has(name)) {
        const retry = willRetry(job as Job, error);
        record.finished = await ctx.observe(
          jobEvent(identity, {
            state: retry ? 'RETRYING' : 'FAILED', attempt, maxAttempts: maxAttemptsOf(job), at: Date.now(), rawState: retry ? 'failed (will retry)' : 'failed',
            timing: { startedAt: new Date(startedAt).toISOString() },
            error: { ...(name ? { type: name } : {}), message: error instanceof Error ? error.message : String(error), willRetry: retry },
          }, options),
          job as Job,
        );
      }
      throw error;
    }
    if (identity) {
      let metrics: Record<string, number> | undefined;
      try {
        metrics = options.metrics?.(job as Job, result);
      } catch (error) {
        ctx.report(new AdapterError('read the metrics of a completed job', error, job.queueName, job.id));
      }
      record.finished = await ctx.observe(
        jobEvent(identity, { state: 'SUCCEEDED', attempt, maxAttempts: maxAttemptsOf(job), at: Date.now(), rawState: 'completed', timing: { startedAt: new Date(startedAt).toISOString() }, ...(metrics ? { metrics } : {}) }, options),
        job as Job,
      );
    }
    return result;
  };
}

/** Resolves the job's place in its flow and reports its start. Undefined when it could not. */
async function begin(ctx: AdapterContext, job: Job, attempt: number, record: JobVerdicts): Promise<JobIdentity | undefined> {
  const options = ctx.options;
  let identity: JobIdentity;
  try {
    identity = await ctx.resolver.identify(job, () => clientOf(job));
  } catch (error) {
    ctx.report(new AdapterError('look up the flow of a job', error, job.queueName, job.id));
    return undefined;
  }
  const at = job.processedOn ?? Date.now();
  let upstream;
  let readyAt: number | undefined;
  if (ctx.edges) {
    try {
      ({ upstream, readyAt } = await flowChildren(job, identity.prefix, await clientOf(job), options));
      // Tell the monitor about the edge child -> parent now, before the parent runs.
      const parent = parentIdentity(identity);
      if (parent) {
        const self = { taskRunId: taskRunIdOf(identity), taskKey: taskKeyOf(identity, options.taskKey) };
        await ctx.observe(jobEvent(parent, { state: 'WAITING', at, rawState: 'waiting-children', upstream: [self], idSuffix: `:${self.taskRunId}` }, options), undefined);
      }
    } catch (error) {
      ctx.report(new AdapterError('read the flow around a job', error, job.queueName, job.id));
    }
  }
  // The queue clock of a first attempt starts when the job became ready: added (plus its
  // delay), or for a flow parent when its last child finished. A retry's is not known here.
  const ready = attempt === 1 ? Math.min(at, readyAt ?? job.timestamp + (job.opts.delay ?? 0)) : undefined;
  record.running = await ctx.observe(
    jobEvent(identity, { state: 'RUNNING', attempt, maxAttempts: maxAttemptsOf(job), at, rawState: 'active', ...(upstream ? { upstream } : {}), ...(ready !== undefined ? { timing: { scheduledAt: new Date(ready).toISOString(), startedAt: new Date(at).toISOString() } } : {}) }, options),
    job,
  );
  return identity;
}
