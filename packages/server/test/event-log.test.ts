// EventLog: group-committed appends, replay in order, a torn tail cut off, fsync policies; and a
// server restarted on its log rebuilds the same monitor.
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EventLog } from '../src/index';
import { start, taskRun, warmRuns } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'awad-wal-'));
let n = 0;
const file = () => join(dir, `log-${++n}.jsonl`);

describe('EventLog', () => {
  it('appends records, resolves durable() once written, replays them in order', async () => {
    const path = file();
    const { log, replay } = await EventLog.open(path, () => {}, { fsync: 'always' });
    expect(replay).toEqual({ records: 0, skipped: 0, truncatedBytes: 0 });
    for (let i = 0; i < 100; i++) log.append({ i });
    await log.durable();
    expect(log.records).toBe(100);
    // Group commit: far fewer fsyncs than records.
    expect(log.syncs).toBeGreaterThan(0);
    expect(log.syncs).toBeLessThan(100);
    log.append({ i: 100 });
    await log.close();
    const seen: unknown[] = [];
    const again = await EventLog.open(path, (r) => seen.push(r));
    expect(again.replay.records).toBe(101);
    expect(seen.map((r) => (r as { i: number }).i)).toEqual(Array.from({ length: 101 }, (_, i) => i));
    await again.log.close();
  });

  it('cuts a torn last write off the file and skips a garbled line in the middle', async () => {
    const path = file();
    writeFileSync(path, '{"i":0}\n{"i":1}\nnot json\n{"i":2}\n{"i":3, "half');
    const seen: unknown[] = [];
    const { log, replay } = await EventLog.open(path, (r) => seen.push(r));
    expect(replay).toEqual({ records: 3, skipped: 1, truncatedBytes: '{"i":3, "half'.length });
    expect(seen).toEqual([{ i: 0 }, { i: 1 }, { i: 2 }]);
    log.append({ i: 4 });
    await log.close();
    expect(readFileSync(path, 'utf8').endsWith('{"i":2}\n{"i":4}\n')).toBe(true);
  });

  it('interval and never policies write before durable() resolves, without an fsync per batch', async () => {
    for (const fsync of ['interval', 'never'] as const) {
      const path = file();
      const { log } = await EventLog.open(path, () => {}, { fsync, fsyncIntervalMs: 60_000 });
      log.append({ a: 1 });
      await log.durable();
      expect(statSync(path).size).toBe('{"a":1}\n'.length);
      expect(log.syncs).toBe(0);
      await log.close();
    }
  });
});

describe('a server on a write-ahead log', () => {
  it('restarted on the same log, it has the same counts, verdicts, ids and labels, and dedupes retries', async () => {
    const path = file();
    const a = await start({ wal: { path } });
    await a.post('/v1/events', warmRuns(30));
    const slow = (await a.post('/v1/events', taskRun('slow', 200_000, 900))).json.verdicts[2];
    expect(slow.isAnomaly).toBe(true);
    await a.post('/v1/feedback', { verdictId: slow.id, label: 'anomaly' });
    await a.post('/v1/events', taskRun('warm-3', 3 * 3600, 58)); // a retry of events already logged
    const before = (await a.get('/v1/stats')).json;
    const verdictsBefore = (await a.get('/v1/verdicts?limit=1000')).json.verdicts;
    await a.server.close();

    const b = await start({ wal: { path } });
    expect(b.server.replay?.records).toBeGreaterThan(90);
    const after = (await b.get('/v1/stats')).json;
    expect(after).toMatchObject({ events: before.events, anomalies: before.anomalies, series: before.series, labels: 1 });
    expect((await b.get('/v1/verdicts?limit=1000')).json.verdicts).toEqual(verdictsBefore);
    expect((await b.post('/v1/events', taskRun('slow', 200_000, 900)[2])).json.verdict).toMatchObject({ duplicate: true, id: slow.id });
    const next = (await b.post('/v1/events', taskRun('new', 300_000, 60)[0])).json.verdict;
    expect(next.id).toBe(`v${Number(verdictsBefore.at(-1).id.slice(1)) + 1}`);
    await b.server.close();
  });
});
