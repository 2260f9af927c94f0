// watchWorker: what a processor wrapper cannot see. A job whose worker died or froze (its lock
// expired) is found by another worker's stalled-job check, which emits `stalled`: the attempt
// that was running is CRASHED. A job that fails without running its processor here (e.g. stalled
// more than maxStalledCount times) is FAILED.
// Reference: BullMQ stalled jobs (https://docs.bullmq.io/guide/workers/stalled-jobs).
import { Job, type Worker } from 'bullmq';
import { AdapterContext } from './adapter-context';
import { AdapterError } from './adapter-error';
import type { AwadBullmqOptions, VerdictSink } from './adapter-options';
import { jobEvent, maxAttemptsOf } from './job-event';
import { handledByWrapper } from './with-awad';

export interface WorkerWatch {
  /** Stops listening. */
  close(): void;
  /** Resolves when every report started so far is done. */
  idle(): Promise<void>;
}

/**
 * The attempt a stall ended. BullMQ counts starts (attemptsStarted), finishes (attemptsMade:
 * completions and failures) and stalls (stalledCounter) in one job hash, so starts - finishes -
 * stalls is 1 while an attempt runs: the job restarted after the stall (or finished since),
 * and the stalled attempt is the one before.
 */
export function stalledAttempt(job: Pick<Job, 'attemptsStarted' | 'attemptsMade' | 'stalledCounter' | 'finishedOn'>): number {
  const started = Math.max(job.attemptsStarted, 1);
  const restarted = job.attemptsStarted - job.attemptsMade - job.stalledCounter > 0 || job.finishedOn !== undefined;
  return restarted && started > 1 ? started - 1 : started;
}

export function watchWorker(worker: Worker, monitor: VerdictSink, options: AwadBullmqOptions = {}): WorkerWatch {
  const ctx = new AdapterContext(monitor, options);
  const inFlight = new Set<Promise<void>>();
  const track = (work: Promise<void>): void => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };

  const onStalled = (jobId: string): void => {
    const seenAt = Date.now();
    track((async () => {
      try {
        const job = await Job.fromId(worker, jobId);
        if (!job) return; // removed meanwhile: nothing to attribute the stall to
        const identity = await ctx.resolver.identify(job, () => worker.client);
        const attempt = stalledAttempt(job);
        await ctx.observe(jobEvent(identity, { state: 'CRASHED', attempt, maxAttempts: maxAttemptsOf(job), at: seenAt, rawState: 'stalled', error: { type: 'Stalled', message: `the job's lock expired while attempt ${attempt} ran (its worker died, froze or was closed)`, willRetry: job.finishedOn === undefined } }, options), job);
      } catch (error) {
        ctx.report(new AdapterError('report a stalled job', error, worker.name, jobId));
      }
    })());
  };

  const onFailed = (job: Job | undefined, error: Error): void => {
    if (!job || handledByWrapper(job)) return;
    track((async () => {
      try {
        const identity = await ctx.resolver.identify(job, () => worker.client);
        const attempt = Math.max(job.attemptsStarted, 1);
        await ctx.observe(jobEvent(identity, { state: 'FAILED', attempt, maxAttempts: maxAttemptsOf(job), at: job.finishedOn ?? Date.now(), rawState: 'failed', error: { type: error.name, message: error.message, willRetry: false } }, options), job);
      } catch (failure) {
        ctx.report(new AdapterError('report a failed job', failure, worker.name, job.id));
      }
    })());
  };

  worker.on('stalled', onStalled);
  worker.on('failed', onFailed);
  return {
    close() {
      worker.off('stalled', onStalled);
      worker.off('failed', onFailed);
    },
    async idle() {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
  };
}
