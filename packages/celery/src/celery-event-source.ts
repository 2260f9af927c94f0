// createCeleryEventSource: subscribes to a Celery app's events on its Redis broker and feeds
// every task state change to an AWAD monitor.
// Reference: Celery events over Redis (kombu fanout = PUBLISH, see event-channel.ts); ioredis
// PSUBSCRIBE (https://github.com/redis/ioredis#pubsub). Workers must send events (`-E` or
// `worker_send_task_events = True`); `task_send_sent_event = True` adds task-sent (queue time).
import { ConfigError, type TaskStateChange, type Verdict } from '@awad/core';
import { Redis, type RedisOptions } from 'ioredis';
import type { CeleryEvent } from './celery-event';
import { CeleryEventMapper, type CeleryEventMapperOptions, type SkipReason } from './celery-event-mapper';
import { eventChannelPatterns, type EventChannelOptions } from './event-channel';
import { decodeKombuMessage } from './kombu-envelope';
import { ParentWait } from './parent-wait';

const MODULE = '@awad/celery/celery-event-source';

/** What `onVerdict` receives: the monitor's verdict, the event it judged and the Celery event behind it. */
export interface CeleryVerdictState {
  readonly verdict: Verdict;
  readonly event: TaskStateChange;
  readonly celeryEvent: CeleryEvent;
}

/** What `onError` receives: a message that could not be read, an event the monitor refused, or a Redis error. */
export interface CeleryErrorState {
  readonly error: Error;
  /** The Celery event being handled, when the error concerns one. */
  readonly celeryEvent?: CeleryEvent;
}

/** Anything that judges a TaskStateChange: an `@awad/core` Monitor. */
export interface EventObserver {
  observe(event: TaskStateChange): Verdict;
}

export interface CeleryEventSourceOptions extends CeleryEventMapperOptions, EventChannelOptions {
  /** The monitor that judges every mapped event. */
  readonly monitor: EventObserver;
  /** The Celery broker's Redis, e.g. `redis://127.0.0.1:6379/0`. Default `redis://127.0.0.1:6379/0`. `db` defaults to this URL's db. */
  readonly redisUrl?: string;
  /** More ioredis options for the subscriber connection. */
  readonly redisOptions?: RedisOptions;
  /** Called with each verdict (the monitor also emits `verdict` / `anomaly`). */
  readonly onVerdict?: (state: CeleryVerdictState) => void;
  /** Called on every error; never thrown. Default: `console.warn`. */
  readonly onError?: (state: CeleryErrorState) => void;
  /**
   * How long the events of a task whose parent was not seen yet are held back, waiting for the
   * parent's (publishers race: a worker's task-sent for a chain's next task can beat the
   * client's for the task before). Default 2000 ms.
   */
  readonly parentWaitMs?: number;
}

export const DEFAULT_CELERY_EVENT_SOURCE_OPTIONS = { redisUrl: 'redis://127.0.0.1:6379/0', parentWaitMs: 2000, maxParked: 10_000 } as const;

/** Counters for health checks. */
export interface CeleryEventSourceStats {
  /** Messages received on the event channel. */
  readonly messages: number;
  /** Celery events in them. */
  readonly events: number;
  /** Events given to the monitor. */
  readonly observed: number;
  readonly skipped: Readonly<Record<SkipReason, number>>;
  readonly errors: number;
  /** Tasks whose events are held back now, waiting for their parent's. */
  readonly waiting: number;
}

export interface CeleryEventSource {
  /** The PSUBSCRIBE patterns, e.g. `['/0.celeryev', '/0.celeryev/*']`. */
  readonly patterns: readonly string[];
  readonly mapper: CeleryEventMapper;
  /** Connects and subscribes; resolves once subscribed. @throws the connection error (and stops retrying). */
  start(): Promise<void>;
  /** Unsubscribes and closes the connection. */
  stop(): Promise<void>;
  /** Handles one kombu message as if it came from the channel (for replays and tests). */
  ingest(message: string | Buffer): void;
  /** Maps every held-back event now, parent or not. */
  flush(): void;
  stats(): CeleryEventSourceStats;
}

/**
 * Creates a source that feeds a Celery app's task events to `monitor`.
 *
 * @example
 * import { createMonitor } from '@awad/core';
 * import { defaultStages } from '@awad/stats';
 * import { createCeleryEventSource } from '@awad/celery';
 * const monitor = createMonitor({ stages: defaultStages() });
 * const source = createCeleryEventSource({ redisUrl: 'redis://127.0.0.1:6379/0', monitor,
 *   onVerdict: ({ verdict }) => verdict.isAnomaly && console.warn(verdict.taskKey, verdict.reasons[0]?.message) });
 * await source.start();
 */
export function createCeleryEventSource(options: CeleryEventSourceOptions): CeleryEventSource {
  if (typeof options !== 'object' || options === null) throw new ConfigError(MODULE, 'options', 'an object', options);
  const { monitor } = options;
  if (typeof monitor?.observe !== 'function') throw new ConfigError(MODULE, 'monitor', 'a monitor (an object with observe(event))', monitor);
  const d = DEFAULT_CELERY_EVENT_SOURCE_OPTIONS;
  const redisUrl = options.redisUrl ?? d.redisUrl;
  const parentWaitMs = options.parentWaitMs ?? d.parentWaitMs;
  if (typeof parentWaitMs !== 'number' || !(parentWaitMs >= 0) || !Number.isFinite(parentWaitMs)) throw new ConfigError(MODULE, 'parentWaitMs', 'a non-negative number of milliseconds', parentWaitMs);
  const patterns = eventChannelPatterns({ ...options, db: options.db ?? dbOf(redisUrl) });
  const mapper = new CeleryEventMapper(options);
  const parentWait = new ParentWait((uuid) => mapper.getTask(uuid) !== undefined, parentWaitMs, d.maxParked);
  const onError = options.onError ?? ((state: CeleryErrorState) => console.warn(`${MODULE}: ${state.error.message}`));
  const counts = { messages: 0, events: 0, observed: 0, errors: 0 };
  const skipped: Record<SkipReason, number> = { 'not-a-task-event': 0, 'unknown-task': 0, 'known-task-sent': 0 };
  let redis: Redis | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;

  const report = (error: unknown, celeryEvent?: CeleryEvent): void => {
    counts.errors += 1;
    try {
      onError({ error: error instanceof Error ? error : new Error(String(error)), ...(celeryEvent ? { celeryEvent } : {}) });
    } catch {
      // An error callback that throws has nowhere left to report to.
    }
  };

  const handle = (celeryEvent: CeleryEvent): void => {
    let event: TaskStateChange;
    let verdict: Verdict;
    try {
      const mapped = mapper.map(celeryEvent);
      if (mapped.kind === 'skipped') {
        skipped[mapped.reason] += 1;
        return;
      }
      event = mapped.event;
      verdict = monitor.observe(event);
      counts.observed += 1;
    } catch (error) {
      report(error, celeryEvent);
      return;
    }
    if (options.onVerdict) {
      try {
        options.onVerdict({ verdict, event, celeryEvent });
      } catch (error) {
        report(error, celeryEvent);
      }
    }
  };

  /** Maps events in order; a task that becomes known lets the tasks that waited for it go next. */
  const run = (ready: CeleryEvent[]): void => {
    for (let i = 0; i < ready.length; i++) {
      const celeryEvent = ready[i] as CeleryEvent;
      handle(celeryEvent);
      if (typeof celeryEvent.uuid === 'string' && mapper.getTask(celeryEvent.uuid) !== undefined) {
        for (const released of parentWait.release(celeryEvent.uuid)) ready.push(released);
      }
    }
  };

  const ingest = (message: string | Buffer): void => {
    counts.messages += 1;
    let events: CeleryEvent[];
    try {
      events = decodeKombuMessage(message);
    } catch (error) {
      report(error);
      return;
    }
    const now = Date.now();
    if (parentWait.size > 0) run(parentWait.expire(now));
    for (const celeryEvent of events) {
      counts.events += 1;
      run(parentWait.push(celeryEvent, now));
    }
  };
  const flush = (): void => run(parentWait.drain());

  return {
    patterns,
    mapper,
    ingest,
    flush,
    async start() {
      if (redis !== undefined) return;
      const client = new Redis(redisUrl, { lazyConnect: true, ...options.redisOptions });
      client.on('error', (error: Error) => report(error));
      client.on('pmessageBuffer', (_pattern: Buffer, _channel: Buffer, message: Buffer) => ingest(message));
      redis = client;
      try {
        await client.connect();
        await client.psubscribe(...patterns);
      } catch (error) {
        redis = undefined;
        client.disconnect();
        throw error;
      }
      timer = setInterval(() => parentWait.size > 0 && run(parentWait.expire(Date.now())), Math.max(10, parentWaitMs / 2));
      timer.unref();
    },
    async stop() {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
      const client = redis;
      redis = undefined;
      flush();
      if (client === undefined) return;
      try {
        await client.quit();
      } catch {
        client.disconnect();
      }
    },
    stats() {
      return { ...counts, skipped: { ...skipped }, waiting: parentWait.size };
    },
  };
}

/** The db number of a redis:// URL (its path), 0 when it has none. */
function dbOf(redisUrl: string): number {
  let url: URL;
  try {
    url = new URL(redisUrl);
  } catch {
    throw new ConfigError(MODULE, 'redisUrl', 'a redis:// or rediss:// URL', redisUrl);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') throw new ConfigError(MODULE, 'redisUrl', 'a redis:// or rediss:// URL', redisUrl);
  const path = url.pathname.replace(/^\//, '');
  if (path === '') return 0;
  const db = Number(path);
  if (!Number.isInteger(db) || db < 0) throw new ConfigError(MODULE, 'redisUrl', 'a URL whose path is a db number', redisUrl);
  return db;
}

