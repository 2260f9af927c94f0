// The sidecar's HTTP API, against a real Fastify server on a loopback port.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Verdict } from '@awad/core';
import { start, taskRun, warmRuns, type Running } from './helpers';

let running: Running[] = [];
afterEach(async () => {
  for (const r of running) await r.server.close();
  running = [];
});
async function server(options: Parameters<typeof start>[0] = {}): Promise<Running> {
  const r = await start(options);
  running.push(r);
  return r;
}

describe('POST /v1/events', () => {
  it('judges one event or a batch, keeps the good events of a batch and names the bad ones by index', async () => {
    const s = await server();
    const [q, r, done] = taskRun('run-1', 0, 60);
    const one = await s.post('/v1/events', q);
    expect(one.status).toBe(200);
    expect(one.json.verdict).toMatchObject({ eventId: q?.eventId, state: 'QUEUED', isAnomaly: false, origin: 'event' });

    const batch = await s.post('/v1/events', [r, { ...done, occurredAt: 'yesterday' }, done]);
    expect(batch.status).toBe(200);
    expect(batch.json).toMatchObject({ accepted: 2, rejected: 1 });
    expect(batch.json.errors).toEqual([{ index: 1, code: 'INVALID_TIMESTAMP', path: 'occurredAt', expected: expect.any(String), received: '"yesterday"', message: expect.stringContaining('occurredAt') }]);
    expect(batch.json.verdicts[1].features.durationMs).toBe(60_000);

    const again = await s.post('/v1/events', done);
    expect(again.json.verdict.duplicate).toBe(true);
    expect((await s.get('/v1/stats')).json).toMatchObject({ events: 3, accepted: 3, duplicates: 1, rejected: 1 });
  });

  it('a 400 names the path, what was expected and what came, with core codes', async () => {
    const s = await server();
    const [q] = taskRun('run-1', 0, 60);
    const cases: [unknown, string, string][] = [
      [{ ...q, metrics: { cpu: '90%' } }, 'INVALID_FIELD', 'metrics.cpu'],
      [{ ...q, state: 'DONE' }, 'UNKNOWN_STATE', 'state'],
      [{ ...q, task: { key: 'x' } }, 'MISSING_FIELD', 'task.runId'],
      [{ ...q, specVersion: '2' }, 'UNSUPPORTED_SPEC_VERSION', 'specVersion'],
      [[], 'MISSING_FIELD', ''],
    ];
    for (const [body, code, path] of cases) {
      const res = await s.post('/v1/events', body);
      expect(res.status).toBe(400);
      expect(res.json.error).toMatchObject({ code, path, expected: expect.any(String), received: expect.any(String) });
    }
    const all = await s.post('/v1/events', [{ nope: 1 }, 7]);
    expect(all.status).toBe(400);
    expect(all.json.errors.map((e: { index: number }) => e.index)).toEqual([0, 1]);
    const big = await (await server({ maxBatch: 3 })).post('/v1/events', [q, q, q, q]);
    expect(big.status).toBe(413);
    expect(big.json.error.code).toBe('BATCH_TOO_LARGE');
  });
});

describe('verdicts, feedback, stream, metrics', () => {
  it('GET /v1/verdicts filters by workflowKey, taskKey, anomalous, since and limit', async () => {
    const s = await server();
    await s.post('/v1/events', [...warmRuns(40), ...warmRuns(5, { task: 'load' })]);
    const slow = taskRun('slow', 200_000, 900);
    const res = await s.post('/v1/events', slow);
    expect(res.json.verdicts[2].isAnomaly).toBe(true);

    const anomalous = (await s.get('/v1/verdicts?anomalous=true')).json;
    expect(anomalous.verdicts.map((v: Verdict) => v.eventId)).toEqual(['slow/extract:s']);
    const load = (await s.get('/v1/verdicts?taskKey=load&limit=1000')).json;
    expect(load.count).toBe(15);
    expect(load.verdicts.every((v: Verdict) => v.taskKey === 'load')).toBe(true);
    const lastTwo = (await s.get('/v1/verdicts?workflowKey=etl&limit=2')).json;
    expect(lastTwo.verdicts.map((v: Verdict) => v.eventId)).toEqual(['slow/extract:r', 'slow/extract:s']);
    const since = (await s.get(`/v1/verdicts?since=${encodeURIComponent(slow[0]?.occurredAt as string)}`)).json;
    expect(since.count).toBe(3);
    expect((await s.get('/v1/verdicts?workflowKey=other')).json.count).toBe(0);
    const bad = await s.get('/v1/verdicts?since=yesterday&color=red');
    expect(bad.status).toBe(400);
    expect(bad.json.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['', 'since']);
  });

  it('feedback "normal" on an anomaly is stored, listed, and moves the baseline', async () => {
    const s = await server();
    await s.post('/v1/events', warmRuns(40));
    const first = (await s.post('/v1/events', taskRun('slow-1', 200_000, 900))).json.verdicts[2] as Verdict;
    expect(first.isAnomaly).toBe(true);
    const fb = await s.post('/v1/feedback', { verdictId: first.id, label: 'normal', note: 'quarter-end backfill' });
    expect(fb.status).toBe(200);
    expect(fb.json.label).toMatchObject({ verdictId: first.id, label: 'normal', learned: true });
    const repeat = (await s.post('/v1/events', taskRun('slow-2', 204_000, 900))).json.verdicts[2] as Verdict;
    expect(repeat.score).toBeLessThan(first.score);
    expect((await s.get('/v1/labels')).json.labels).toHaveLength(1);
    expect((await s.post('/v1/feedback', { verdictId: 'v424242', label: 'normal' })).status).toBe(404);
    const bad = await s.post('/v1/feedback', { verdictId: first.id, label: 'fine' });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatchObject({ code: 'INVALID_FIELD', path: 'label', received: '"fine"' });
  });

  it('GET /v1/stream sends matching verdicts as server-sent events', async () => {
    const s = await server();
    expect((await s.get('/v1/stream?anomalous=maybe')).status).toBe(400);
    const controller = new AbortController();
    const res = await fetch(`${s.url}/v1/stream?taskKey=load`, { signal: controller.signal });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = res.body!.getReader();
    let text = '';
    await s.post('/v1/events', [...taskRun('r1', 0, 10), ...taskRun('r1', 20, 10, { task: 'load' })]);
    while ((text.match(/^data: /gm) ?? []).length < 3) text += new TextDecoder().decode((await reader.read()).value);
    controller.abort();
    const frames = text.split('\n\n').filter((f) => f.includes('data: '));
    const verdicts = frames.map((f) => JSON.parse(f.slice(f.indexOf('data: ') + 6)) as Verdict);
    expect(verdicts.map((v) => [v.taskKey, v.state])).toEqual([['load', 'QUEUED'], ['load', 'RUNNING'], ['load', 'SUCCEEDED']]);
    expect(frames[0]).toMatch(/^(retry: 3000\n: connected\n\n)?id: v4\nevent: verdict\n/);
  });

  it('GET /metrics is Prometheus text; GET /healthz needs no token; everything else does', async () => {
    const s = await server({ token: 'sesame-open' });
    await s.post('/v1/events', taskRun('r1', 0, 10));
    await s.post('/v1/events', { nope: true });
    const metrics = await s.get('/metrics');
    expect(metrics.text).toMatch(/^awad_events_total\{result="accepted"\} 3$/m);
    expect(metrics.text).toMatch(/^awad_events_total\{result="rejected"\} 1$/m);
    expect(metrics.text).toMatch(/^awad_verdicts_total\{severity="none",origin="event"\} 3$/m);
    expect(metrics.text).toMatch(/^awad_http_request_duration_seconds_count\{method="POST",route="\/v1\/events",status_code="400"\} 1$/m);
    const anon = await fetch(`${s.url}/v1/verdicts`);
    expect(anon.status).toBe(401);
    expect(((await anon.json()) as { error: { code: string } }).error.code).toBe('UNAUTHORIZED');
    expect((await fetch(`${s.url}/v1/verdicts`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
  });
});

describe('adapter routes', () => {
  it('POST /api/v1/lineage takes OpenLineage RunEvents as the Airflow provider sends them', async () => {
    const s = await server();
    const events = JSON.parse(readFileSync(join(import.meta.dirname, '../../openlineage/test/fixtures/airflow-dag-run.json'), 'utf8')) as unknown[];
    for (const e of events) expect((await s.post('/api/v1/lineage', e)).status).toBe(201);
    const other = await s.post('/api/v1/lineage', { ...(events[1] as object), eventType: 'OTHER' });
    expect(other.json).toMatchObject({ ignored: true });
    const bad = await s.post('/api/v1/lineage', { ...(events[1] as object), eventType: 'FINISHED' });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatchObject({ code: 'INVALID_FIELD', path: 'eventType', received: '"FINISHED"' });
    const verdicts = (await s.get('/v1/verdicts?taskKey=airflow-prod/etl_daily.load')).json.verdicts as Verdict[];
    expect(verdicts.map((v) => v.state)).toEqual(['RUNNING', 'FAILED', 'RUNNING', 'SUCCEEDED']);
  });

  it('POST /v1/prefect/events takes Prefect events, batches and { type: "event", event } messages', async () => {
    const s = await server({ prefect: { workflowKey: 'etl-flow' } });
    const { taskRunEvents } = await import('../../prefect/test/events');
    const [pending, running, completed] = taskRunEvents('tr-1', '2026-03-31T18:00:00Z', 7);
    expect((await s.post('/v1/prefect/events', pending)).json.verdict).toMatchObject({ state: 'QUEUED', workflowKey: 'etl-flow', taskKey: 'extract_data' });
    expect((await s.post('/v1/prefect/events', { type: 'event', event: running })).json.verdict.state).toBe('RUNNING');
    const batch = await s.post('/v1/prefect/events', [completed, { ...(completed as object), id: 'x', event: 'prefect.flow-run.Completed' }]);
    expect(batch.json).toMatchObject({ accepted: 1, ignored: 1 });
    expect(batch.json.verdicts[0].features.durationMs).toBe(7000);
  });
});

describe('background work', () => {
  it('ticks on a timer: a task running far longer than usual gets a stuck verdict, logged for replay', async () => {
    const { mkdtempSync, readFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join: joinPath } = await import('node:path');
    const wal = joinPath(mkdtempSync(joinPath(tmpdir(), 'awad-tick-')), 'tick.wal');
    const s = await server({ tickIntervalMs: 50, wal: { path: wal } });
    // Forty normal runs of about a minute over the last days, then one that started an hour ago.
    const now = Date.now();
    const at = (ms: number) => new Date(ms).toISOString();
    const events = [];
    for (let r = 0; r < 40; r++) {
      const start = now - 3 * 86_400_000 + r * 3_600_000;
      const base = { specVersion: '1', source: { system: 'test' }, task: { key: 'extract', runId: `t${r}`, attempt: 1 }, workflow: { key: 'etl', runId: `w${r}` } };
      events.push({ ...base, eventId: `t${r}:r`, occurredAt: at(start), state: 'RUNNING' }, { ...base, eventId: `t${r}:s`, occurredAt: at(start + 60_000 + (r % 7) * 1000), state: 'SUCCEEDED' });
    }
    events.push({ specVersion: '1', source: { system: 'test' }, task: { key: 'extract', runId: 'stuck', attempt: 1 }, workflow: { key: 'etl', runId: 'w-stuck' }, eventId: 'stuck:r', occurredAt: at(now - 3_600_000), state: 'RUNNING' });
    expect((await s.post('/v1/events', events)).json.accepted).toBe(81);
    await expect.poll(async () => (await s.get('/v1/verdicts?anomalous=true')).json.verdicts.map((v: Verdict) => [v.origin, v.taskRunId]), { timeout: 5000 }).toEqual([['tick', 'stuck']]);
    await s.server.ingest.durable();
    expect(readFileSync(wal, 'utf8')).toMatch(/^\{"t":"k","now":\d+\}$/m);
  });

  it('follows a Prefect event stream when configured (prefect.subscribe)', async () => {
    const { WebSocketServer } = await import('ws');
    const { taskRunEvents } = await import('../../prefect/test/events');
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', handleProtocols: () => 'prefect' });
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    wss.on('connection', (socket) => {
      let step = 0;
      socket.on('message', () => {
        if (step++ === 0) socket.send(JSON.stringify({ type: 'auth_success' }));
        else for (const event of taskRunEvents('tr-9', '2026-03-31T18:00:00Z', 4)) socket.send(JSON.stringify({ type: 'event', event }));
      });
    });
    try {
      const s = await server({ prefect: { workflowKey: 'flows', subscribe: { apiUrl: `http://127.0.0.1:${(wss.address() as { port: number }).port}/api` } } });
      await expect.poll(() => s.server.monitor.stats().events, { timeout: 5000 }).toBe(3);
      const verdicts = (await s.get('/v1/verdicts?workflowKey=flows')).json.verdicts as Verdict[];
      expect(verdicts.map((v) => v.state)).toEqual(['QUEUED', 'RUNNING', 'SUCCEEDED']);
    } finally {
      for (const c of wss.clients) c.terminate();
      wss.close();
    }
  });
});
