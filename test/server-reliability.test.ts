// Reliability of the sidecar as users run it: `awad serve` as a child process on loopback.
// - a short load run: no 5xx, every event accepted (the timed run is bench/server-load-bench.ts);
// - kill -9 mid-load, restart on the same write-ahead log, resend what was not acknowledged:
//   every acknowledged event is counted exactly once;
// - graceful shutdown (SIGTERM) drains a request still being received.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { runServerLoad } from '../bench/server-load-bench';
import { eventBodies, startSidecarProcess, type SidecarProcess } from '../bench/sidecar-process';

const dir = mkdtempSync(join(tmpdir(), 'awad-reliability-'));
let sidecars: SidecarProcess[] = [];
afterEach(async () => {
  for (const s of sidecars) await s.stop('SIGKILL');
  sidecars = [];
});
async function sidecar(args: string[]): Promise<SidecarProcess> {
  const s = await startSidecarProcess(['--port', '0', '--tick-interval', '0', '--log-level', 'silent', ...args]);
  sidecars.push(s);
  return s;
}

describe('awad serve under load', () => {
  it('a 2 s load run over 10 keep-alive connections: no 5xx, no errors, every event accepted', async () => {
    const r = await runServerLoad({ durationS: 2, connections: 10, batch: 1, built: false });
    expect(r.requests).toBeGreaterThan(100);
    expect(r.status5xx).toBe(0);
    expect(r.non2xx).toBe(0);
    expect(r.errors).toBe(0);
    // Requests still in flight when autocannon stops are accepted but not counted by it.
    expect(r.eventsAccepted).toBeGreaterThanOrEqual(r.responses2xx);
    expect(r.eventsAccepted).toBeLessThanOrEqual(r.responses2xx + 10);
  });
});

describe('kill -9 and restart on the write-ahead log', () => {
  it('every acknowledged event is counted exactly once after a crash, a restart and client retries', async () => {
    const wal = join(dir, 'crash.wal');
    const config = join(dir, 'crash.json');
    writeFileSync(config, JSON.stringify({ monitor: { recentVerdicts: 20_000 }, wal: { path: wal, fsync: 'always' } }));
    const events = [...eventBodies('crash', 100, 10)]; // 3,000 events
    const acked = new Set<string>();

    const first = await sidecar(['--config', config]);
    const pool = new Pool(first.url, { connections: 16, pipelining: 1 });
    let nextIndex = 0;
    let killed = false;
    const send = async (): Promise<void> => {
      while (nextIndex < events.length && !killed) {
        const e = events[nextIndex++] as { id: string; body: string };
        try {
          const res = await pool.request({ path: '/v1/events', method: 'POST', headers: { 'content-type': 'application/json' }, body: e.body });
          await res.body.text();
          if (res.statusCode >= 200 && res.statusCode < 300) acked.add(e.id);
          if (acked.size >= 1000 && !killed) {
            killed = true;
            first.proc.kill('SIGKILL'); // mid-load: other requests are in flight on 15 connections
          }
        } catch {
          // the connection died with the process: this event was not acknowledged
        }
      }
    };
    await Promise.all(Array.from({ length: 16 }, send));
    expect(await first.exited()).toBeNull(); // killed by the signal
    await pool.destroy();
    expect(acked.size).toBeGreaterThanOrEqual(1000);
    expect(acked.size).toBeLessThan(events.length);

    const second = await sidecar(['--config', config]);
    expect(second.stderr()).toMatch(/replayed \d+ records/);
    const replayed = Number(/replayed (\d+) records/.exec(second.stderr())?.[1]);
    expect(replayed).toBeGreaterThanOrEqual(acked.size);
    // The client retries everything it has no acknowledgement for (some were logged before the crash).
    const retry = new Pool(second.url, { connections: 8 });
    const unacked = events.filter((e) => !acked.has(e.id));
    let duplicates = 0;
    for (let i = 0; i < unacked.length; i += 100) {
      const chunk = unacked.slice(i, i + 100);
      const res = await retry.request({ path: '/v1/events', method: 'POST', headers: { 'content-type': 'application/json' }, body: `[${chunk.map((e) => e.body).join(',')}]` });
      const body = (await res.body.json()) as { accepted: number; rejected: number; verdicts: { duplicate?: boolean }[] };
      expect(res.statusCode).toBe(200);
      expect(body.rejected).toBe(0);
      duplicates += body.verdicts.filter((v) => v.duplicate === true).length;
    }
    const stats = (await (await retry.request({ path: '/v1/stats', method: 'GET' })).body.json()) as { events: number; duplicates: number };
    const verdicts = (await (await retry.request({ path: '/v1/verdicts?limit=20000', method: 'GET' })).body.json()) as { verdicts: { eventId: string; origin: string }[] };
    await retry.close();

    expect(stats.events).toBe(events.length); // each event counted once: none lost, none twice
    expect(duplicates).toBe(replayed - acked.size); // logged before the crash, ack lost: retried, not recounted
    const counted = verdicts.verdicts.filter((v) => v.origin === 'event').map((v) => v.eventId);
    expect(counted).toHaveLength(events.length);
    expect(new Set(counted).size).toBe(events.length);
    for (const id of acked) expect(counted).toContain(id);
  });
});

describe('graceful shutdown', () => {
  it('SIGTERM drains a request whose body is still arriving, then exits 0 with the event in the log', async () => {
    const wal = join(dir, 'drain.wal');
    const s = await sidecar(['--wal', wal]);
    const [event] = [...eventBodies('drain', 1, 1)];
    const body = Buffer.from((event as { body: string }).body);
    const { port } = new URL(s.url);
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    let response = '';
    socket.on('data', (d) => (response += d.toString()));
    socket.write(`POST /v1/events HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`);
    socket.write(body.subarray(0, 40));
    await new Promise((r) => setTimeout(r, 150));
    s.proc.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    expect(s.proc.exitCode).toBeNull(); // still draining
    socket.write(body.subarray(40));
    expect(await s.exited()).toBe(0);
    expect(response).toMatch(/^HTTP\/1\.1 200 /);
    expect(response).toContain((event as { id: string }).id);
    expect(readFileSync(wal, 'utf8')).toContain((event as { id: string }).id);
    expect(s.stderr()).toContain('draining in-flight requests');
  });
});
