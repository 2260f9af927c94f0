// observeQueueEvents: observer mode. Reads BullMQ's event stream (QueueEvents) of one or more
// queues, looks each job up (Job.fromId) for its timings, and reports every transition,
// retries and stalls included, without touching the workers' code. Events of all the queues go
// through one ordered pipeline: held for `reorderMs`, then taken in stream-id (Redis time)
// order, so a parent's start is not seen before the completion of a child from another queue.
// Reference: BullMQ QueueEvents (https://docs.bullmq.io/guide/events); the transitions it emits
// were checked against bullmq 5.81 (README "What BullMQ emits").
import type { TaskState, Verdict } from '@awad/core';
import { Job, Queue, type QueueEvents } from 'bullmq';
import { LRUMap } from 'mnemonist';
import { AdapterContext } from './adapter-context';
import { AdapterError } from './adapter-error';
import type { AwadBullmqOptions, VerdictSink } from './adapter-options';
import { flowChildren } from './flow-edges';
import { jobEvent, maxAttemptsOf, type JobTransition } from './job-event';
import type { JobIdentity } from './job-identity';
import { stalledAttempt } from './watch-worker';

export interface QueueEventsObserverOptions extends AwadBullmqOptions {
  /** How long an event waits for earlier ones from other queues (default 50 ms). */
  readonly reorderMs?: number;
  /**
   * Queues to look jobs up with, by name (default: one per QueueEvents, made from its connection
   * options and closed by `close()`). A QueueEvents' own connection is blocked reading the stream.
   */
  readonly queues?: readonly Queue[];
}

export interface QueueEventsObserver {
  /** Resolves when every event received so far has been judged. */
  idle(): Promise<void>;
  /** Stops listening, then judges the events already received and closes the queues it made. */
  close(): Promise<void>;
}

const WATCHED = ['waiting-children', 'waiting', 'delayed', 'active', 'completed', 'failed', 'stalled'] as const;
type Watched = (typeof WATCHED)[number];

interface Pending {
  readonly type: Watched;
  readonly source: QueueEvents;
  /** A non-blocking handle on the same queue, for lookups. */
  readonly lookup: Queue;
  readonly jobId: string;
  readonly args: Record<string, unknown>;
  /** Stream entry id `<ms>-<seq>`: Redis time of the event. */
  readonly streamId: string;
  readonly arrived: number;
}

/** What the observer remembers of a job between its events. */
interface JobMemory {
  identity: JobIdentity;
  /** The attempt last reported. */
  attempt: number;
  /** Whether that attempt is running (between RUNNING and its end). */
  running: boolean;
  /** Time of the last event reported (events of a job never go back in time). */
  lastAt: number;
}

const streamTime = (id: string): number => Number(id.slice(0, id.indexOf('-')));
const compareIds = (a: string, b: string): number => {
  const d = streamTime(a) - streamTime(b);
  return d !== 0 ? d : Number(a.slice(a.indexOf('-') + 1)) - Number(b.slice(b.indexOf('-') + 1));
};

export function observeQueueEvents(queueEvents: QueueEvents | readonly QueueEvents[], monitor: VerdictSink, options: QueueEventsObserverOptions = {}): QueueEventsObserver {
  const sources = Array.isArray(queueEvents) ? [...(queueEvents as readonly QueueEvents[])] : [queueEvents as QueueEvents];
  const ctx = new AdapterContext(monitor, options);
  const reorderMs = options.reorderMs ?? 50;
  const memory = new LRUMap<string, JobMemory>(10_000);
  const buffer: Pending[] = [];
  const queue: Pending[] = [];
  let timer: NodeJS.Timeout | undefined;
  let chain: Promise<void> = Promise.resolve();
  let draining = false;

  const release = (): void => {
    timer = undefined;
    buffer.sort((a, b) => compareIds(a.streamId, b.streamId));
    const now = Date.now();
    let last = -1;
    buffer.forEach((p, i) => {
      if (now - p.arrived >= reorderMs) last = i;
    });
    queue.push(...buffer.splice(0, last + 1));
    if (buffer.length > 0) timer = setTimeout(release, reorderMs);
    if (!draining && queue.length > 0) {
      draining = true;
      chain = chain.then(drain);
    }
  };

  const drain = async (): Promise<void> => {
    while (queue.length > 0) {
      const next = queue.shift() as Pending;
      try {
        await handle(next);
      } catch (error) {
        ctx.report(new AdapterError(`judge the ${next.type} event`, error, next.source.name, next.jobId));
      }
    }
    draining = false;
  };

  const handle = async (p: Pending): Promise<void> => {
    const at = streamTime(p.streamId);
    const job = await Job.fromId(p.lookup, p.jobId);
    const key = `${p.source.name}:${p.jobId}`;
    let known = memory.get(key);
    if (!job && !known) return; // removed before we looked, and never seen: nothing to name it by
    const identity = known?.identity ?? (await ctx.resolver.identify(job as Job, () => p.lookup.client));
    // BullMQ's timings (processedOn, finishedOn) come from the workers' clocks, the stream's from
    // Redis: a job's events are kept in order by never letting one go before the previous.
    let lastAt = known?.lastAt ?? Number.NEGATIVE_INFINITY;
    const remember = (attempt: number, running: boolean): void => {
      known = { identity, attempt, running, lastAt };
      memory.set(key, known);
    };
    const report = (t: JobTransition): Promise<Verdict | undefined> => {
      lastAt = Math.max(lastAt, t.at);
      return ctx.observe(jobEvent(identity, { maxAttempts: job ? maxAttemptsOf(job) : 1, ...t, at: lastAt }, options), job);
    };
    // The attempt about to start: the one after the last reported end. A job seen for the first
    // time is new (waiting, delayed or waiting for children: attempt 1), unless it is already
    // running; its counters may be ahead of the event by the time it is looked up.
    const nextAttempt = (): number => {
      if (known) return known.running ? known.attempt : known.attempt + 1;
      return p.type === 'active' && job ? Math.max(1, job.attemptsStarted) : 1;
    };
    // Ends the running attempt: failed and retried (BullMQ counted it as made), or stalled.
    const endAttempt = async (stalled: boolean): Promise<number> => {
      const attempt = known?.running ? known.attempt : job ? stalledAttempt(job) : 1;
      if (stalled) {
        await report({ state: 'CRASHED', attempt, at, rawState: 'stalled', error: { type: 'Stalled', message: `the job's lock expired while attempt ${attempt} ran (its worker died, froze or was closed)`, willRetry: true } });
      } else if (job && job.attemptsMade >= attempt) {
        await report({ state: 'RETRYING', attempt, at, rawState: 'failed (will retry)', error: { message: job.failedReason || 'failed', willRetry: true } });
      }
      remember(attempt, false);
      return attempt;
    };
    const stallPending = (): boolean => queue.some((q) => q.type === 'stalled' && q.jobId === p.jobId && q.source === p.source) || buffer.some((q) => q.type === 'stalled' && q.jobId === p.jobId && q.source === p.source);
    const startedAt = (attempt: number): number | undefined => (job && job.attemptsStarted === attempt ? job.processedOn : undefined);

    switch (p.type) {
      case 'waiting-children': {
        const attempt = nextAttempt();
        const children = job && ctx.edges ? await flowChildren(job, identity.prefix, await p.lookup.client, options) : undefined;
        await report({ state: 'WAITING', attempt, at, rawState: 'waiting-children', ...(children ? { upstream: children.upstream } : {}) });
        remember(attempt - 1, false);
        break;
      }
      case 'waiting':
      case 'delayed': {
        // After `active`, the attempt ended without completing: a failure to retry, a stall,
        // or the job moving itself (rate limit, DelayedError), which ends nothing.
        if (p.args.prev === 'active' || (p.type === 'delayed' && known?.running)) await endAttempt(p.type === 'waiting' && stallPending());
        const attempt = nextAttempt();
        const state: TaskState = p.type === 'waiting' ? 'QUEUED' : 'WAITING';
        await report({ state, attempt, at, rawState: p.type });
        remember(attempt - 1, false);
        break;
      }
      case 'active': {
        const attempt = nextAttempt();
        await report({ state: 'RUNNING', attempt, at: startedAt(attempt) ?? at, rawState: 'active' });
        remember(attempt, true);
        break;
      }
      case 'completed': {
        const attempt = known?.attempt ?? job?.attemptsStarted ?? 1;
        let metrics: Record<string, number> | undefined;
        try {
          metrics = job ? options.metrics?.(job, p.args.returnvalue) : undefined;
        } catch (error) {
          ctx.report(new AdapterError('read the metrics of a completed job', error, p.source.name, p.jobId));
        }
        await report({ state: 'SUCCEEDED', attempt, at: job?.finishedOn ?? at, rawState: 'completed', ...(metrics ? { metrics } : {}) });
        remember(attempt, false);
        break;
      }
      case 'failed': {
        const attempt = known?.attempt ?? job?.attemptsStarted ?? 1;
        // QueueEvents reports `failed` for the last failure only (a retried one shows as delayed
        // or waiting); a job still unfinished here is retried nonetheless.
        const retry = job !== undefined && job.finishedOn === undefined;
        await report({ state: retry ? 'RETRYING' : 'FAILED', attempt, at: job?.finishedOn ?? at, rawState: 'failed', error: { message: String(p.args.failedReason ?? job?.failedReason ?? 'failed'), willRetry: retry } });
        remember(attempt, false);
        break;
      }
      case 'stalled': {
        if (known && !known.running) break; // its `waiting` already ended the attempt as CRASHED
        await endAttempt(true);
        break;
      }
    }
  };

  const made: Queue[] = [];
  const listeners = sources.map((source) => {
    let lookup = options.queues?.find((q) => q.name === source.name);
    if (lookup === undefined) {
      lookup = new Queue(source.name, { connection: source.opts.connection, ...(source.opts.prefix ? { prefix: source.opts.prefix } : {}) });
      made.push(lookup);
    }
    const handle = lookup;
    const of = (type: Watched) => (args: Record<string, unknown>, streamId: string): void => {
      if (typeof args?.jobId !== 'string') return;
      buffer.push({ type, source, lookup: handle, jobId: args.jobId, args, streamId, arrived: Date.now() });
      timer ??= setTimeout(release, reorderMs);
    };
    const bound = WATCHED.map((type) => [type, of(type)] as const);
    for (const [type, listener] of bound) (source as unknown as { on(e: string, l: unknown): void }).on(type, listener);
    return { source, bound };
  });

  return {
    async idle() {
      while (buffer.length > 0 || queue.length > 0 || draining) {
        await new Promise((resolve) => setTimeout(resolve, reorderMs));
        await chain;
      }
    },
    async close() {
      for (const { source, bound } of listeners) for (const [type, listener] of bound) (source as unknown as { off(e: string, l: unknown): void }).off(type, listener);
      await this.idle();
      await Promise.all(made.map((q) => q.close()));
    },
  };
}
