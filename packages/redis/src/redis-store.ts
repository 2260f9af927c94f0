// RedisStore: the monitor's Store with a local LRU cache in front of Redis, written behind
// (on a timer and on flush()). The hot path stays synchronous; Redis keeps the series for
// restarts and hand-overs. Fit for one writer per series: each flush checks the version it
// last read, so a second writer is reported, never silently overwritten.
// Reference: ARCHITECTURE.md section 5; write-behind caching; mnemonist LRUMapWithDelete.
import { ConfigError, restoreSeries, snapshotSeries, SnapshotError, type SeriesSnapshot, type SeriesState, type Store, type StoreSnapshot } from '@awad/core';
import type { Redis } from 'ioredis';
import { LRUMapWithDelete } from 'mnemonist';
import { redisKeys, type RedisKeys } from './redis-keys';
import { commit, defineScripts, parseLoad, queueLoad } from './scripts';
import { StoreError, storeFailure } from './store-error';

const MODULE = '@awad/redis/redis-store';

export interface RedisStoreOptions {
  /** An ioredis client. The store does not close it. */
  readonly redis: Redis;
  /** Prefix of every key (default "awad:"). */
  readonly prefix?: string;
  /** Most series kept in the local cache (default 100,000); an evicted series is written on the next flush. */
  readonly maxSeries?: number;
  /** Flush every this many ms (default 1000; 0: only on `flush()`). */
  readonly flushIntervalMs?: number;
  /** Expire a series this long after its last write (default 0: never). */
  readonly seriesTtlSeconds?: number;
  /** Called with the error of a flush run by the timer (Redis down, another writer changed a series); `flush()` rejects with it instead. */
  readonly onError?: (error: StoreError) => void;
}

export const DEFAULT_REDIS_STORE_OPTIONS = { maxSeries: 100_000, flushIntervalMs: 1000, seriesTtlSeconds: 0 } as const;

interface Pending {
  readonly json: string;
  readonly expected: number;
}

export class RedisStore implements Store {
  /** The key layout under the prefix. */
  readonly layout: RedisKeys;
  readonly maxSeries: number;
  private readonly redis: Redis;
  private readonly ttl: number;
  private readonly onError: ((error: StoreError) => void) | undefined;
  private cache: LRUMapWithDelete<string, SeriesState>;
  /** Version of each series as last read from or written to Redis (0: not there). */
  private readonly versions = new Map<string, number>();
  /** Series changed (or used by the hot path) since the last flush. */
  private dirty = new Set<string>();
  /** Dirty series evicted from the cache, serialised at eviction, waiting for the next flush. */
  private evicted = new Map<string, Pending>();
  private create: (() => SeriesState) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private wipe = false;

  constructor(options: RedisStoreOptions) {
    if (options?.redis === undefined || typeof options.redis.hget !== 'function') throw new ConfigError(MODULE, 'redis', 'an ioredis client', options?.redis);
    const maxSeries = options.maxSeries ?? DEFAULT_REDIS_STORE_OPTIONS.maxSeries;
    if (!Number.isInteger(maxSeries) || maxSeries < 1) throw new ConfigError(MODULE, 'maxSeries', 'a positive integer', maxSeries);
    const interval = options.flushIntervalMs ?? DEFAULT_REDIS_STORE_OPTIONS.flushIntervalMs;
    if (!Number.isFinite(interval) || interval < 0) throw new ConfigError(MODULE, 'flushIntervalMs', 'a non-negative number of ms', interval);
    const ttl = options.seriesTtlSeconds ?? DEFAULT_REDIS_STORE_OPTIONS.seriesTtlSeconds;
    if (!Number.isInteger(ttl) || ttl < 0) throw new ConfigError(MODULE, 'seriesTtlSeconds', 'a non-negative integer', ttl);
    this.redis = options.redis;
    this.layout = redisKeys(options.prefix, MODULE);
    this.maxSeries = maxSeries;
    this.ttl = ttl;
    this.onError = options.onError;
    this.cache = new LRUMapWithDelete<string, SeriesState>(maxSeries);
    defineScripts(this.redis);
    if (interval > 0) {
      this.timer = setInterval(() => void this.flush().catch((error: unknown) => this.report(error)), interval);
      this.timer.unref();
    }
  }

  /** Called by the monitor: how to build an empty series to restore a saved one into. */
  attach(create: () => SeriesState): void {
    this.create = create;
  }

  get size(): number {
    return this.cache.size;
  }

  get(key: string): SeriesState | undefined {
    const state = this.cache.get(key);
    // The monitor changes a series in place after getting it: it has to be written.
    if (state !== undefined) this.dirty.add(key);
    return state;
  }

  peek(key: string): SeriesState | undefined {
    return this.cache.peek(key);
  }

  set(key: string, state: SeriesState): void {
    const popped = this.cache.setpop(key, state);
    this.dirty.add(key);
    this.evicted.delete(key);
    if (popped?.evicted === true && this.dirty.delete(popped.key)) {
      this.evicted.set(popped.key, { json: JSON.stringify(snapshotSeries(popped.value)), expected: this.versions.get(popped.key) ?? 0 });
    }
  }

  delete(key: string): boolean {
    this.dirty.delete(key);
    this.evicted.delete(key);
    return this.cache.delete(key);
  }

  /** Keys in the local cache, most recently used first. */
  keys(): IterableIterator<string> {
    return this.cache.keys();
  }

  /** Empties the cache and, on the next flush, the series in Redis under this prefix. */
  clear(): void {
    this.cache = new LRUMapWithDelete<string, SeriesState>(this.maxSeries);
    this.dirty = new Set();
    this.evicted = new Map();
    this.versions.clear();
    this.wipe = true;
  }

  /** The local cache as JSON. */
  snapshot(): StoreSnapshot {
    const series: [string, SeriesSnapshot][] = [];
    for (const [key, state] of this.cache.entries()) series.push([key, snapshotSeries(state)]);
    return { kind: 'awad-store', version: 1, series };
  }

  /** Replaces the contents (here now, in Redis on the next flush). */
  restore(snapshot: StoreSnapshot, create: () => SeriesState): void {
    if (snapshot?.kind !== 'awad-store' || snapshot.version !== 1 || !Array.isArray(snapshot.series as unknown)) {
      throw new SnapshotError(MODULE, 'a store snapshot of kind "awad-store", version 1', `kind ${String(snapshot?.kind)}, version ${String(snapshot?.version)}`);
    }
    const restored = snapshot.series.map(([key, saved]) => [key, restoreSeries(create(), saved, key)] as const);
    this.clear();
    for (const [key, state] of [...restored].reverse()) this.set(key, state);
  }

  /**
   * Reads series from Redis into the cache: the given keys, or every series under the prefix
   * (at most `maxSeries`). Call it before observing (at start-up, or before a batch of events of
   * known series): the hot path cannot wait for Redis, and a series missing from the cache
   * starts empty. @returns how many series were loaded.
   */
  async load(keys?: readonly string[]): Promise<number> {
    const create = this.create;
    if (create === undefined) throw new StoreError(MODULE, 'not-attached', 'expected the store to be given to createMonitor before load(), got a store no monitor uses');
    const wanted = keys ?? (await this.scanSeries());
    let loaded = 0;
    for (let i = 0; i < wanted.length; i += 256) {
      const batch = wanted.slice(i, i + 256).filter((key) => !this.dirty.has(key));
      if (batch.length === 0) continue;
      let reply: unknown;
      try {
        reply = await queueLoad(this.redis, batch.map((key) => this.layout.series(key)), batch.map(() => undefined));
      } catch (error) {
        throw storeFailure(MODULE, 'load series', error);
      }
      parseLoad(reply, batch.length).forEach((state, j) => {
        const key = batch[j] as string;
        if (state.data === null || this.dirty.has(key)) return;
        this.cache.set(key, restoreSeries(create(), JSON.parse(state.data) as SeriesSnapshot, key));
        this.versions.set(key, state.version);
        loaded += 1;
      });
    }
    return loaded;
  }

  /** Writes every changed series to Redis. Concurrent calls share one flush. */
  async flush(): Promise<void> {
    while (this.flushing !== undefined) await this.flushing;
    this.flushing = this.flushNow().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  /** Stops the timer and flushes what is left. */
  async close(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  private async flushNow(): Promise<void> {
    if (this.wipe) {
      this.wipe = false;
      try {
        for (const key of await this.scanSeries()) await this.redis.del(this.layout.series(key));
      } catch (error) {
        this.wipe = true;
        throw storeFailure(MODULE, 'delete the series of a cleared store', error);
      }
    }
    // Serialise now (synchronously), so events observed during the writes go to the next flush.
    const writes = new Map<string, Pending>(this.evicted);
    for (const key of this.dirty) {
      const state = this.cache.peek(key);
      if (state !== undefined) writes.set(key, { json: JSON.stringify(snapshotSeries(state)), expected: this.versions.get(key) ?? 0 });
    }
    this.dirty = new Set();
    this.evicted = new Map();
    const conflicts: string[] = [];
    const problems: StoreError[] = [];
    await Promise.all(
      [...writes].map(async ([key, pending]) => {
        try {
          const result = await commit(this.redis, { streamKey: this.layout.verdicts, streamMaxLen: 0, openRunsKey: this.layout.openRuns, states: [{ key: this.layout.series(key), expected: pending.expected, data: pending.json, ttlSeconds: this.ttl }] });
          if (result.ok) this.versions.set(key, result.versions[0] as number);
          else conflicts.push(key);
        } catch (error) {
          // Keep it for the next flush unless it changed since.
          if (!this.dirty.has(key)) (this.cache.has(key) ? this.dirty.add(key) : this.evicted.set(key, pending));
          problems.push(storeFailure(MODULE, `write series ${JSON.stringify(key)}`, error, key));
        }
      }),
    );
    for (const key of conflicts) {
      // Another writer changed the series: its version wins; ours is dropped and reloaded.
      this.cache.delete(key);
      this.dirty.delete(key);
      this.versions.delete(key);
      problems.push(new StoreError(MODULE, 'conflict', `expected to be the only writer of series ${JSON.stringify(key)}, but another process changed it in Redis since this one read it; its copy was kept and this one reloaded (use RedisMonitor for many writers per series)`, key));
    }
    if (conflicts.length > 0 && this.create !== undefined) {
      await this.load(conflicts).catch((error: unknown) => problems.push(storeFailure(MODULE, 'reload conflicting series', error)));
    }
    if (problems.length === 1) throw problems[0];
    if (problems.length > 1) throw new StoreError(MODULE, problems[0]?.reason ?? 'redis', `${problems.length} series could not be written; the first: ${problems[0]?.message}`, problems[0]?.key, problems);
  }

  private async scanSeries(): Promise<string[]> {
    const prefix = this.layout.series('');
    const out: string[] = [];
    let cursor = '0';
    do {
      const [next, found] = await this.redis.scan(cursor, 'MATCH', `${escapeGlob(prefix)}*`, 'COUNT', 1000);
      cursor = next;
      for (const key of found) if (out.length < this.maxSeries) out.push(key.slice(prefix.length));
    } while (cursor !== '0');
    return out;
  }

  private report(error: unknown): void {
    this.onError?.(error instanceof StoreError ? error : storeFailure(MODULE, 'flush', error));
  }
}

/** Escapes Redis glob characters in a literal prefix. */
export function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}
