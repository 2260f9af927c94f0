// PrefectEventSubscriber against a local `ws` server that speaks the protocol of Prefect's
// /api/events/out (subprotocol "prefect", auth -> auth_success, filter, then event messages, a
// backfill of recent events after a reconnect). No Prefect server can run here (Prefect is not
// installable on this machine), so the server side is this stand-in, written from Prefect's source.
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import type { TaskStateChange } from '@awad/core';
import { PrefectEventSubscriber, eventsOutUrl } from '../src/index';
import { taskRunEvents } from './events';

interface FakePrefect {
  url: string;
  server: WebSocketServer;
  filters: unknown[];
  auths: unknown[];
  connections: number;
  close(): Promise<void>;
}

/** A stand-in for Prefect's events-out socket. `onReady(socket, n)` runs after auth + filter of connection n. */
async function fakePrefect(onReady: (socket: WebSocket, n: number) => void, opts: { rejectAuth?: boolean } = {}): Promise<FakePrefect> {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1', path: '/api/events/out', handleProtocols: (protocols) => (protocols.has('prefect') ? 'prefect' : false) });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const fake: FakePrefect = {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}/api`,
    server,
    filters: [],
    auths: [],
    connections: 0,
    close: () => new Promise<void>((resolve) => {
      for (const c of server.clients) c.terminate();
      server.close(() => resolve());
    }),
  };
  server.on('connection', (socket) => {
    const n = ++fake.connections;
    if (socket.protocol !== 'prefect') return socket.close(1002);
    let step = 0;
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { type: string; filter?: unknown };
      if (step === 0) {
        fake.auths.push(message);
        if (message.type !== 'auth') return socket.close(1008, "Expected 'auth' message");
        if (opts.rejectAuth) return socket.close(1008, 'Invalid token');
        socket.send(JSON.stringify({ type: 'auth_success' }));
        step = 1;
      } else if (step === 1) {
        if (message.type !== 'filter') return socket.close(1002, "Expected 'filter' message");
        fake.filters.push(message.filter);
        step = 2;
        onReady(socket, n);
      }
    });
  });
  return fake;
}

const send = (socket: WebSocket, event: unknown) => socket.send(JSON.stringify({ type: 'event', event }));
let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

describe('PrefectEventSubscriber', () => {
  it('authenticates, filters on task-run events, maps events, and after a dropped connection reconnects and skips the backfilled ones', async () => {
    const run = taskRunEvents('tr-1', '2026-03-31T18:00:00Z', 5);
    const fake = await fakePrefect((socket, n) => {
      if (n === 1) {
        send(socket, run[0]);
        send(socket, run[1]);
        setTimeout(() => socket.terminate(), 20); // the load balancer drops us
      } else {
        // Prefect backfills recent events matching the filter, then streams new ones.
        send(socket, run[0]);
        send(socket, run[1]);
        send(socket, { ...run[2], id: 'flow-run-event-1', event: 'prefect.flow-run.Completed' });
        send(socket, run[2]);
      }
    });
    cleanup.push(fake.close);
    const got: TaskStateChange[] = [];
    const ignored: string[] = [];
    const delays: number[] = [];
    const sub = new PrefectEventSubscriber({ apiUrl: fake.url, apiKey: 'pnu_test', backoff: { initialMs: 20, maxMs: 100 }, onEvent: (e) => got.push(e) });
    sub.on('ignored', (r) => ignored.push(r));
    sub.on('disconnected', (d) => delays.push(d));
    sub.on('error', () => {});
    cleanup.push(() => sub.close());
    sub.start();
    await expect.poll(() => got.length, { timeout: 5000 }).toBe(3);
    expect(got.map((e) => e.state)).toEqual(['QUEUED', 'RUNNING', 'SUCCEEDED']);
    expect(got.every((e) => e.task.runId === 'tr-1')).toBe(true);
    expect(fake.connections).toBe(2);
    expect(fake.auths[0]).toEqual({ type: 'auth', token: 'pnu_test' });
    expect(fake.filters[0]).toMatchObject({ event: { prefix: ['prefect.task-run.'] }, occurred: { since: expect.any(String), until: expect.any(String) } });
    expect(ignored).toEqual([expect.stringContaining('prefect.flow-run.Completed')]);
    expect(delays[0]).toBeGreaterThanOrEqual(10);
    expect(delays[0]).toBeLessThanOrEqual(20);
  });

  it('a refused auth is reported on error and retried with growing delays; a throwing callback never escapes', async () => {
    const fake = await fakePrefect(() => {}, { rejectAuth: true });
    cleanup.push(fake.close);
    const errors: Error[] = [];
    const delays: number[] = [];
    const sub = new PrefectEventSubscriber({ apiUrl: fake.url, backoff: { initialMs: 10, maxMs: 40, factor: 2 }, authTimeoutMs: 2000, onEvent: () => {} });
    sub.on('error', (e) => errors.push(e));
    sub.on('disconnected', (d) => delays.push(d));
    cleanup.push(() => sub.close());
    sub.start();
    await expect.poll(() => delays.length, { timeout: 5000 }).toBeGreaterThanOrEqual(4);
    await sub.close();
    expect(fake.auths[0]).toEqual({ type: 'auth', token: null });
    // Each cap doubles up to maxMs: [5,10], [10,20], [20,40], [20,40].
    expect(delays[0]).toBeLessThanOrEqual(10);
    expect(delays[3]).toBeGreaterThanOrEqual(20);
    expect(delays.every((d) => d <= 40)).toBe(true);

    const bad = await fakePrefect((socket) => send(socket, taskRunEvents('tr-2', '2026-03-31T18:00:00Z', 5)[0]));
    cleanup.push(bad.close);
    const caught: Error[] = [];
    const sub2 = new PrefectEventSubscriber({ apiUrl: bad.url, onEvent: () => {
      throw new Error('host bug');
    } });
    sub2.on('error', (e) => caught.push(e));
    cleanup.push(() => sub2.close());
    sub2.start();
    await expect.poll(() => caught.length, { timeout: 5000 }).toBe(1);
    expect(caught[0]?.message).toBe('host bug');
  });

  it('builds the socket URL from the API URL and rejects a bad one', () => {
    expect(eventsOutUrl('http://127.0.0.1:4200/api')).toBe('ws://127.0.0.1:4200/api/events/out');
    expect(eventsOutUrl('https://api.prefect.cloud/api/accounts/a/workspaces/w/')).toBe('wss://api.prefect.cloud/api/accounts/a/workspaces/w/events/out');
    expect(() => eventsOutUrl('ftp://x')).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
  });
});
