// Options of RedisMonitor (the shared mode), with their defaults.
import type { MonitorOptions } from '@awad/core';
import type { Redis } from 'ioredis';

export interface RedisMonitorOptions
  extends Pick<MonitorOptions, 'stages' | 'fusion' | 'protect' | 'adaptAfter' | 'rules' | 'transitions' | 'utcOffsetMinutes' | 'severity' | 'impact' | 'hooks'> {
  /** An ioredis client. The monitor does not close it. */
  readonly redis: Redis;
  /** Prefix of every key (default "awad:"). Workers that share state use the same prefix and the same stages. */
  readonly prefix?: string;
  /** Prefix of verdict ids (default: random per instance, so ids from different workers never collide). */
  readonly idPrefix?: string;
  /** Series kept in this process between events, re-read only when another worker changed them (default 10,000). */
  readonly cacheSeries?: number;
  /** Workflow runs kept in this process between events (default 1,000). */
  readonly cacheRuns?: number;
  /** A workflow run's state expires this long after its last event (default 7 days). */
  readonly runTtlSeconds?: number;
  /** A series expires this long after its last write (default 0: never). */
  readonly seriesTtlSeconds?: number;
  /** How long an event id is remembered, with its verdict, for idempotency (default 1 day). */
  readonly eventTtlSeconds?: number;
  /** Approximate length cap of the verdict stream (XADD MAXLEN ~; default 100,000; 0: no stream). */
  readonly verdictStreamMaxLen?: number;
  /** Tries of one event against concurrent writers before it is given up with a StoreError (default 100). */
  readonly maxAttempts?: number;
}

export const DEFAULT_REDIS_MONITOR_OPTIONS = {
  cacheSeries: 10_000,
  cacheRuns: 1_000,
  runTtlSeconds: 7 * 24 * 3600,
  seriesTtlSeconds: 0,
  eventTtlSeconds: 24 * 3600,
  verdictStreamMaxLen: 100_000,
  maxAttempts: 100,
} as const;
