// 10,000 malformed, oversized and hostile requests against `awad serve` (a child process) over
// keep-alive connections: every one gets a 4xx, none a 5xx, and the sidecar keeps serving.
// Then slow clients: a body that stalls and headers that never end get 408 within the request
// timeout while other clients are served.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventBodies, startSidecarProcess, type SidecarProcess } from '../bench/sidecar-process';

const BODY_LIMIT = 16 * 1024;
let s: SidecarProcess;
beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'awad-hostile-'));
  const config = join(dir, 'hostile.json');
  writeFileSync(config, JSON.stringify({ bodyLimitBytes: BODY_LIMIT, maxBatch: 50, requestTimeoutMs: 1000 }));
  s = await startSidecarProcess(['--config', config, '--port', '0', '--tick-interval', '0', '--log-level', 'silent']);
});
afterAll(async () => {
  await s?.stop('SIGKILL');
});

interface Hostile {
  readonly kind: string;
  readonly method?: 'GET' | 'POST';
  readonly path?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer;
}

const [good] = [...eventBodies('hostile', 1, 1)];
const event = JSON.parse((good as { body: string }).body) as Record<string, unknown>;
const json = { 'content-type': 'application/json' };
const nest = (depth: number, open: string, close: string, inner = '1') => open.repeat(depth) + inner + close.repeat(depth);

/** The i-th hostile request: a deterministic mix of every kind. */
function hostile(i: number): Hostile {
  const kinds: (() => Hostile)[] = [
    () => ({ kind: 'truncated JSON', headers: json, body: (good as { body: string }).body.slice(0, 10 + (i % 100)) }),
    () => ({ kind: 'not JSON', headers: json, body: `{eventId: ${i}}` }),
    () => ({ kind: 'trailing garbage', headers: json, body: `${(good as { body: string }).body}}` }),
    () => ({ kind: 'wrong type', headers: json, body: JSON.stringify({ ...event, eventId: `w${i}`, metrics: { cpu: 'high' } }) }),
    () => ({ kind: 'wrong type (state)', headers: json, body: JSON.stringify({ ...event, eventId: `s${i}`, state: i }) }),
    () => ({ kind: 'missing field', headers: json, body: JSON.stringify({ ...event, task: undefined }) }),
    () => ({ kind: 'bad timestamp', headers: json, body: JSON.stringify({ ...event, eventId: `t${i}`, occurredAt: '2026-02-30T25:61:00' }) }),
    () => ({ kind: 'non-finite number', headers: json, body: JSON.stringify({ ...event, eventId: `n${i}` }).replace('{', '{"metrics":{"rows":1e999},') }),
    () => ({ kind: 'scalar body', headers: json, body: ['null', 'true', '42', '"event"', '[]'][i % 5] as string }),
    () => ({ kind: 'huge body', headers: json, body: JSON.stringify({ ...event, eventId: `h${i}`, pad: 'x'.repeat(BODY_LIMIT + (i % 1000)) }) }),
    () => ({ kind: 'deep array', headers: json, body: nest(2000 + (i % 3000), '[', ']') }),
    () => ({ kind: 'deep object', headers: json, body: nest(1500 + (i % 1000), '{"a":', '}') }),
    () => ({ kind: '__proto__', headers: json, body: JSON.stringify({ ...event, eventId: `p${i}` }).replace('{', '{"__proto__":{"isAdmin":true},') }),
    () => ({ kind: 'nested __proto__', headers: json, body: JSON.stringify({ ...event, eventId: `q${i}` }).replace('"source":{', '"source":{"__proto__":{"polluted":1},') }),
    () => ({ kind: 'constructor.prototype', headers: json, body: `{"constructor":{"prototype":{"polluted":${i}}}}` }),
    () => ({ kind: 'text/plain', headers: { 'content-type': 'text/plain' }, body: (good as { body: string }).body }),
    () => ({ kind: 'form', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'eventId=1&state=RUNNING' }),
    () => ({ kind: 'multipart', headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: '--x\r\n\r\nhi\r\n--x--' }),
    () => ({ kind: 'no content type', headers: {}, body: (good as { body: string }).body }),
    () => ({ kind: 'invalid UTF-8', headers: json, body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]) }),
    () => ({ kind: 'batch too large', headers: json, body: `[${Array.from({ length: 51 }, () => '{}').join(',')}]` }),
    () => ({ kind: 'all-bad batch', headers: json, body: JSON.stringify([{ a: 1 }, null, 3]) }),
    () => ({ kind: 'bad query', method: 'GET', path: `/v1/verdicts?limit=${['-1', 'abc', '1e9'][i % 3]}&anomalous=sometimes` }),
    () => ({ kind: 'unknown query key', method: 'GET', path: '/v1/verdicts?__proto__=1&constructor=x' }),
    () => ({ kind: 'unknown route', method: 'GET', path: `/v1/../../etc/passwd?${i}` }),
    () => ({ kind: 'unknown route POST', path: '/v2/events', headers: json, body: '{}' }),
    () => ({ kind: 'feedback bad label', path: '/v1/feedback', headers: json, body: JSON.stringify({ verdictId: 'v1', label: 1 }) }),
    () => ({ kind: 'feedback unknown verdict', path: '/v1/feedback', headers: json, body: JSON.stringify({ verdictId: `v${1_000_000 + i}`, label: 'normal' }) }),
    () => ({ kind: 'lineage garbage', path: '/api/v1/lineage', headers: json, body: JSON.stringify({ eventType: 'START', run: { runId: i }, job: {} }) }),
    () => ({ kind: 'prefect garbage', path: '/v1/prefect/events', headers: json, body: JSON.stringify({ id: `x${i}`, event: 'prefect.task-run.Running', occurred: 'now', resource: { 'prefect.resource.id': 5 } }) }),
    () => ({ kind: 'stream bad filter', method: 'GET', path: '/v1/stream?anomalous=2' }),
  ];
  const make = kinds[i % kinds.length] as () => Hostile;
  return make();
}

describe('10,000 hostile requests', () => {
  it('all get a 4xx, none a 5xx, and the sidecar stays up and correct', async () => {
    const pool = new Pool(s.url, { connections: 8, pipelining: 1 });
    const byStatus = new Map<number, number>();
    const wrong: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < 10_000) {
        const i = next++;
        const h = hostile(i);
        const res = await pool.request({ path: h.path ?? '/v1/events', method: h.method ?? 'POST', headers: h.headers ?? {}, ...(h.body !== undefined ? { body: h.body } : {}) });
        await res.body.dump();
        byStatus.set(res.statusCode, (byStatus.get(res.statusCode) ?? 0) + 1);
        if (res.statusCode < 400 || res.statusCode >= 500) wrong.push(`${h.kind}: ${res.statusCode}`);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    expect(wrong).toEqual([]);
    expect([...byStatus.values()].reduce((a, b) => a + b, 0)).toBe(10_000);
    expect([...byStatus.keys()].sort()).toEqual(expect.arrayContaining([400, 404, 413, 415]));

    // Still up, nothing polluted, nothing accepted, and a good event is still judged.
    expect(s.proc.exitCode).toBeNull();
    const stats = (await (await pool.request({ path: '/v1/stats', method: 'GET' })).body.json()) as { events: number; rejected: number };
    expect(stats.events).toBe(0);
    expect(stats.rejected).toBeGreaterThan(1000);
    const ok = await pool.request({ path: '/v1/events', method: 'POST', headers: json, body: (good as { body: string }).body });
    expect(ok.statusCode).toBe(200);
    expect(((await ok.body.json()) as { verdict: { eventId: string } }).verdict.eventId).toBe(event.eventId);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    await pool.close();
  });

  it('a stalled body and never-ending headers get 408 within the request timeout; others are served meanwhile', async () => {
    const { port } = new URL(s.url);
    const slow = (payload: string) =>
      new Promise<{ response: string; ms: number }>((resolve) => {
        const t0 = Date.now();
        const socket = connect(Number(port), '127.0.0.1', () => socket.write(payload));
        let response = '';
        socket.on('data', (d) => (response += d.toString()));
        socket.on('close', () => resolve({ response, ms: Date.now() - t0 }));
        socket.on('error', () => {});
      });
    const stalledBodies = Array.from({ length: 10 }, () => slow(`POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"specVersion":`));
    const stalledHeaders = Array.from({ length: 10 }, () => slow('POST /v1/events HTTP/1.1\r\nHost: x\r\nX-Slow: '));
    const served = await fetch(`${s.url}/healthz`);
    expect(served.status).toBe(200);
    const results = await Promise.all([...stalledBodies, ...stalledHeaders]);
    for (const r of results) {
      expect(r.response).toMatch(/^HTTP\/1\.1 408 /);
      expect(r.ms).toBeLessThan(5000);
    }
    expect(s.proc.exitCode).toBeNull();
  });
});
