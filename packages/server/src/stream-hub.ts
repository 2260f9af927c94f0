// StreamHub: the clients of GET /v1/stream (server-sent events) and the verdicts sent to them.
// A client that does not keep up (more than `maxBufferedBytes` unsent) is disconnected rather
// than buffered without bound; it can reconnect.
// Reference: WHATWG HTML "Server-sent events" (text/event-stream framing, id/event/data/retry).
import type { ServerResponse } from 'node:http';
import type { Verdict } from '@awad/core';
import type { VerdictFilter } from './verdict-filter';
import { matchesVerdict } from './verdict-filter';

interface Client {
  readonly res: ServerResponse;
  readonly filter: VerdictFilter;
}

export class StreamHub {
  private readonly clients = new Set<Client>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(private readonly onCount: (n: number) => void, heartbeatMs = 15_000, private readonly maxBufferedBytes = 1 << 20) {
    this.heartbeat = setInterval(() => {
      for (const c of this.clients) this.write(c, ': ping\n\n');
    }, heartbeatMs);
    this.heartbeat.unref();
  }

  get size(): number {
    return this.clients.size;
  }

  /** Starts a stream on `res` (headers are written here). */
  add(res: ServerResponse, filter: VerdictFilter): void {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write('retry: 3000\n: connected\n\n');
    const client = { res, filter };
    this.clients.add(client);
    this.onCount(this.clients.size);
    const drop = () => {
      if (this.clients.delete(client)) this.onCount(this.clients.size);
    };
    res.on('close', drop);
    res.on('error', drop);
  }

  broadcast(verdict: Verdict): void {
    if (this.clients.size === 0) return;
    let frame: string | undefined;
    for (const c of this.clients) {
      if (!matchesVerdict(verdict, c.filter)) continue;
      frame ??= `id: ${verdict.id}\nevent: ${verdict.isAnomaly ? 'anomaly' : 'verdict'}\ndata: ${JSON.stringify(verdict)}\n\n`;
      this.write(c, frame);
    }
  }

  /** Ends every stream (graceful shutdown: they would otherwise hold the server open). */
  closeAll(): void {
    clearInterval(this.heartbeat);
    for (const c of this.clients) c.res.end();
    this.clients.clear();
    this.onCount(0);
  }

  private write(c: Client, text: string): void {
    if (c.res.writableLength > this.maxBufferedBytes) {
      c.res.destroy();
      return;
    }
    c.res.write(text);
  }
}
