// RedisStore (write-behind) against the real Redis: a restarted monitor that loads the flushed
// series judges like the one that never stopped; evicted series are not lost; a second writer
// of a series is reported, not silently overwritten.
import { ConfigError, createMonitor, seriesKey, type TaskStateChange } from '@awad/core';
import { defaultStages } from '@awad/stats';
import { describe, expect, it } from 'vitest';
import { RedisStore, StoreError } from '../src/index';
import { essence, redisClient, redisForTests, simulatedEvents } from './helpers';

const { redis, prefix } = redisForTests();

const events = simulatedEvents(7).slice(0, 1200);

function storeOf(p: string, extra: Partial<ConstructorParameters<typeof RedisStore>[0]> = {}): RedisStore {
  return new RedisStore({ redis, prefix: p, flushIntervalMs: 0, ...extra });
}

describe('RedisStore', () => {
  it('a monitor restarted on the flushed series judges like the one that kept running', async () => {
    const p = prefix('restart');
    const [first, rest] = [events.slice(0, 900), events.slice(900)];
    const running = createMonitor({ stages: defaultStages(), store: storeOf(p) });
    for (const e of first) running.observe(e);
    await running.store.flush?.();
    const tracker = running.tracker.snapshot();

    const restartedStore = storeOf(p);
    const restarted = createMonitor({ stages: defaultStages(), store: restartedStore });
    expect(await restartedStore.load()).toBe(running.store.size);
    restarted.tracker.restore(tracker); // runs in flight are the process's own (see README)
    const a = rest.map((e) => essence(running.observe(e)));
    const b = rest.map((e) => essence(restarted.observe(e)));
    expect(b).toEqual(a);
    expect(a.some((v) => (v as { isAnomaly: boolean }).isAnomaly)).toBe(true);
  });

  it('writes series evicted from the local cache on the next flush', async () => {
    const p = prefix('evict');
    const store = storeOf(p, { maxSeries: 2 });
    const monitor = createMonitor({ stages: defaultStages(), store });
    for (const e of events.slice(0, 300)) monitor.observe(e);
    const keys = new Set(events.slice(0, 300).map((e: TaskStateChange) => seriesKey(e.workflow.key, e.task.key)));
    expect(keys.size).toBeGreaterThan(2);
    await store.flush();
    const inRedis = await redis.keys(`${p}series:*`);
    expect(inRedis.length).toBe(keys.size);
  });

  it('reports a second writer of a series and keeps its copy', async () => {
    const p = prefix('conflict');
    const a = storeOf(p);
    const b = storeOf(p);
    const ma = createMonitor({ stages: defaultStages(), store: a });
    const mb = createMonitor({ stages: defaultStages(), store: b });
    for (const e of events.slice(0, 60)) ma.observe(e);
    await a.flush();
    for (const e of events.slice(0, 30)) mb.observe(e); // b never loaded: it starts the same series again
    const error = await b.flush().then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).reason).toBe('conflict');
    // b now holds a's version of the conflicting series.
    const key = [...a.keys()].find((k) => b.peek(k) !== undefined) as string;
    expect(b.peek(key)?.count).toBe(a.peek(key)?.count);
  });

  it('reports background flush failures on onError, and checks its options', async () => {
    const p = prefix('errors');
    const broken = redisClient();
    broken.disconnect();
    const errors: StoreError[] = [];
    const store = new RedisStore({ redis: broken, prefix: p, flushIntervalMs: 10, onError: (e) => errors.push(e) });
    const monitor = createMonitor({ stages: defaultStages(), store });
    for (const e of events.slice(0, 30)) monitor.observe(e);
    await new Promise((resolve) => setTimeout(resolve, 60));
    await store.close().catch(() => undefined);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toBeInstanceOf(StoreError);
    expect(() => new RedisStore({ redis, maxSeries: 0 })).toThrow(ConfigError);
    await expect(new RedisStore({ redis, prefix: p }).load()).rejects.toMatchObject({ reason: 'not-attached' });
  });

  it('clear() empties Redis too, on the next flush', async () => {
    const p = prefix('clear');
    const store = storeOf(p);
    const monitor = createMonitor({ stages: defaultStages(), store });
    for (const e of events.slice(0, 60)) monitor.observe(e);
    await store.flush();
    expect((await redis.keys(`${p}series:*`)).length).toBeGreaterThan(0);
    store.clear();
    await store.flush();
    expect(await redis.keys(`${p}series:*`)).toEqual([]);
  });
});
