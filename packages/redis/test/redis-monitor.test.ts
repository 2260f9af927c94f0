// RedisMonitor (shared mode) against the real Redis: the same verdicts as one core monitor,
// whichever of two workers judges each event; no lost update under concurrent writers;
// idempotency, the verdict stream and stuck-task ticks shared between workers.
import { createMonitor, seriesKey, ValidationError, type TaskStateChange } from '@awad/core';
import { defaultStages } from '@awad/stats';
import { describe, expect, it } from 'vitest';
import { ConfigError, SnapshotError } from '@awad/core';
import { RedisMonitor, VerdictLog } from '../src/index';
import { allStages, essence, redisForTests, simulatedEvents } from './helpers';

const { redis, prefix } = redisForTests();

// The first 900 events of a simulated sequence: warm-ups, the rules, the short-window detectors.
const events = simulatedEvents(3).slice(0, 900);

describe('RedisMonitor', () => {
  it('two workers taking events in turn give the verdicts of one in-process monitor', async () => {
    const p = prefix('alternate');
    const reference = createMonitor({ stages: allStages() });
    const workers = [new RedisMonitor({ redis, prefix: p, stages: allStages() }), new RedisMonitor({ redis, prefix: p, stages: allStages() })];
    const expected = events.map((e) => essence(reference.observe(e)));
    const got = [];
    for (let i = 0; i < events.length; i++) got.push(essence(await (workers[i % 2] as RedisMonitor).observe(events[i])));
    expect(got).toEqual(expected);
    // The comparison means something: the sequence has anomalies and judged points.
    expect(expected.filter((v) => (v as { isAnomaly: boolean }).isAnomaly).length).toBeGreaterThan(3);
    // Each worker read the other's writes instead of its stale copy.
    expect(workers.every((w) => w.stats().events === events.length / 2)).toBe(true);
  });

  it('loses no update when two workers judge events of the same series at once', async () => {
    const p = prefix('concurrent');
    const workers = [new RedisMonitor({ redis, prefix: p, stages: defaultStages() }), new RedisMonitor({ redis, prefix: p, stages: defaultStages() })];
    // 200 one-task workflow runs of one series, each QUEUED/RUNNING/SUCCEEDED, all in flight at once.
    const t0 = Date.UTC(2026, 10, 2);
    const runs = Array.from({ length: 200 }, (_, i) => {
      const base = { specVersion: '1' as const, source: { system: 'test' }, task: { key: 'load', runId: `r${i}/load` }, workflow: { key: 'etl', runId: `r${i}` } };
      const at = (s: number) => new Date(t0 + i * 60_000 + s * 1000).toISOString();
      return [
        { ...base, eventId: `r${i}:q`, occurredAt: at(0), state: 'QUEUED' as const },
        { ...base, eventId: `r${i}:r`, occurredAt: at(1), state: 'RUNNING' as const },
        { ...base, eventId: `r${i}:s`, occurredAt: at(10 + (i % 7)), state: 'SUCCEEDED' as const, metrics: { rows: 1000 + (i % 13) } },
      ];
    });
    await Promise.all(runs.map(async (run, i) => {
      for (const e of run) await (workers[i % 2] as RedisMonitor).observe(e);
    }));
    // Every scored event (RUNNING: queue wait, SUCCEEDED: duration) was learned exactly once.
    const saved = JSON.parse((await redis.hget(`${p}series:${seriesKey('etl', 'load')}`, 'd')) as string) as { count: number };
    expect(saved.count).toBe(400);
    const verdicts = await new VerdictLog({ redis, prefix: p }).range();
    expect(verdicts.length).toBe(600);
    expect(await redis.smembers(`${p}open-runs`)).toEqual([]);
  });

  it('answers a repeated event id with the earlier verdict, from any worker', async () => {
    const p = prefix('dedupe');
    const a = new RedisMonitor({ redis, prefix: p, stages: defaultStages() });
    const b = new RedisMonitor({ redis, prefix: p, stages: defaultStages() });
    const first = await a.observe(events[0]);
    const again = await b.observe(events[0]);
    expect(again.duplicate).toBe(true);
    expect(again.id).toBe(first.id);
    expect(b.stats().duplicates).toBe(1);
    expect(await new VerdictLog({ redis, prefix: p }).length()).toBe(1);
  });

  it('takes over an embedded monitor\'s state (importSnapshot), and refuses one of other stages', async () => {
    const p = prefix('import');
    const embedded = createMonitor({ stages: defaultStages() });
    for (const e of events.slice(0, 600)) embedded.observe(e);
    const shared = new RedisMonitor({ redis, prefix: p, stages: defaultStages() });
    const counts = await shared.importSnapshot(embedded.snapshot());
    expect(counts.series).toBe(embedded.store.size);
    const rest = events.slice(600, 700);
    const got = [];
    for (const e of rest) got.push(essence(await shared.observe(e)));
    expect(got).toEqual(rest.map((e) => essence(embedded.observe(e))));
    const other = createMonitor({ stages: allStages() });
    await expect(shared.importSnapshot(other.snapshot())).rejects.toBeInstanceOf(SnapshotError);
  });

  it('rejects a malformed event with a ValidationError and writes nothing', async () => {
    const p = prefix('invalid');
    const monitor = new RedisMonitor({ redis, prefix: p, stages: defaultStages() });
    const bad = { ...events[0], occurredAt: 'yesterday' } as unknown as TaskStateChange;
    await expect(monitor.observe(bad)).rejects.toBeInstanceOf(ValidationError);
    expect(await redis.keys(`${p}*`)).toEqual([]);
    expect(() => new RedisMonitor({ redis, prefix: p, cacheRuns: 0 })).toThrow(ConfigError);
    expect(() => new RedisMonitor({ prefix: p } as never)).toThrow(ConfigError);
  });

  it('reports a stuck task once, whichever worker ticks', async () => {
    const p = prefix('tick');
    const a = new RedisMonitor({ redis, prefix: p, stages: defaultStages() });
    const b = new RedisMonitor({ redis, prefix: p, stages: defaultStages() });
    const t0 = Date.UTC(2026, 10, 2, 1);
    const ev = (run: number, state: TaskStateChange['state'], at: number): TaskStateChange => ({
      specVersion: '1', eventId: `${run}:${state}`, source: { system: 'test' }, occurredAt: new Date(at).toISOString(), state,
      task: { key: 'transform', runId: `run${run}/transform`, attempt: 1 }, workflow: { key: 'etl', runId: `run${run}` },
    });
    for (let run = 0; run < 12; run++) {
      const start = t0 + run * 3_600_000;
      await a.observe(ev(run, 'RUNNING', start));
      await b.observe(ev(run, 'SUCCEEDED', start + 60_000 + run * 500));
    }
    await a.observe(ev(12, 'RUNNING', t0 + 12 * 3_600_000));
    const later = t0 + 12 * 3_600_000 + 30 * 60_000;
    const [fromA, fromB] = await Promise.all([a.tick(later), b.tick(later)]);
    const stuck = [...fromA, ...fromB];
    expect(stuck).toHaveLength(1);
    expect(stuck[0]?.reasons[0]?.kind).toBe('stuck');
    expect(await a.tick(later + 1000)).toEqual([]);
    const logged = await new VerdictLog({ redis, prefix: p }).latest(1);
    expect(logged[0]?.verdict.origin).toBe('tick');
  });
});
