// PrefectEventSubscriber: follows a Prefect server's event stream (`/api/events/out` websocket)
// and hands each task-run event, as a TaskStateChange, to a callback. Protocol: connect with the
// "prefect" subprotocol; send {type:"auth", token} and wait for {type:"auth_success"}; send
// {type:"filter", filter}; then receive {type:"event", event} messages. On a lost connection it
// reconnects with exponential backoff; the server backfills recent events on reconnect, and
// event ids already seen are skipped.
// Reference: Prefect source, src/prefect/server/api/events.py (stream_workspace_events_out),
// src/prefect/server/utilities/subscriptions.py, src/prefect/events/clients.py (PrefectEventSubscriber).
import { EventEmitter } from 'node:events';
import { AwadError, ConfigError, type TaskStateChange } from '@awad/core';
import WebSocket from 'ws';
import { fromPrefectEvent, type PrefectMappingOptions } from './from-prefect';

const MODULE = '@awad/prefect/event-subscriber';

export interface PrefectSubscriberOptions {
  /** The Prefect API URL, e.g. `http://127.0.0.1:4200/api` (the socket is `<api>/events/out`). */
  readonly apiUrl: string;
  /** API key sent in the auth message (Prefect Cloud); Prefect server accepts any (default null). */
  readonly apiKey?: string;
  /** Event name prefixes to subscribe to (default: task-run events). */
  readonly eventPrefixes?: readonly string[];
  /** How far back the server may backfill on (re)connect (default 60 s). */
  readonly lookbackMs?: number;
  /** Reconnect backoff: first delay, cap, growth factor (defaults 250 ms, 30 s, 2). */
  readonly backoff?: { readonly initialMs?: number; readonly maxMs?: number; readonly factor?: number };
  /** How long to wait for `auth_success` before giving up on a connection (default 10 s). */
  readonly authTimeoutMs?: number;
  readonly mapping?: PrefectMappingOptions;
  /** Each mapped task-run event. A callback that throws is reported on `error`, never rethrown. */
  readonly onEvent: (event: TaskStateChange) => void;
}

export const DEFAULT_PREFECT_SUBSCRIBER_OPTIONS = {
  eventPrefixes: ['prefect.task-run.'],
  lookbackMs: 60_000,
  backoff: { initialMs: 250, maxMs: 30_000, factor: 2 },
  authTimeoutMs: 10_000,
} as const;

/** Emitted: `connected` (after auth and filter), `event` (mapped), `ignored` (reason), `error`, `disconnected` (delay of the next try), `closed`. */
export interface PrefectSubscriberEvents {
  connected: [];
  event: [TaskStateChange];
  ignored: [string];
  error: [Error];
  disconnected: [number];
  closed: [];
}

/** The events socket URL of an API URL: http(s) -> ws(s), plus `/events/out`. */
export function eventsOutUrl(apiUrl: string): string {
  let url: URL;
  try {
    url = new URL(apiUrl);
  } catch {
    throw new ConfigError(MODULE, 'apiUrl', 'an http(s) or ws(s) URL', apiUrl);
  }
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol)) throw new ConfigError(MODULE, 'apiUrl', 'an http(s) or ws(s) URL', apiUrl);
  url.protocol = url.protocol === 'https:' || url.protocol === 'wss:' ? 'wss:' : 'ws:';
  url.pathname = `${url.pathname.replace(/\/$/, '')}/events/out`;
  return url.toString();
}

export class PrefectEventSubscriber extends EventEmitter<PrefectSubscriberEvents> {
  readonly url: string;
  private readonly options: PrefectSubscriberOptions;
  private socket: WebSocket | undefined;
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;
  private stopped = true;
  private readonly seen = new Set<string>();
  private readonly seenOrder: string[] = [];

  constructor(options: PrefectSubscriberOptions) {
    super();
    if (typeof options?.onEvent !== 'function') throw new ConfigError(MODULE, 'onEvent', 'a function', options?.onEvent);
    this.url = eventsOutUrl(options.apiUrl);
    this.options = options;
  }

  /** Connects (and keeps reconnecting until `close`). */
  start(): this {
    if (!this.stopped) return this;
    this.stopped = false;
    this.connect();
    return this;
  }

  /** Stops: closes the socket and cancels any pending reconnect. */
  async close(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const socket = this.socket;
    this.socket = undefined;
    if (socket && socket.readyState !== WebSocket.CLOSED) {
      await new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.close(1000);
        setTimeout(() => {
          socket.terminate();
          resolve();
        }, 1000).unref();
      });
    }
    this.emit('closed');
  }

  private connect(): void {
    const socket = new WebSocket(this.url, ['prefect']);
    this.socket = socket;
    let authed = false;
    const authTimer = setTimeout(() => {
      this.report(new AwadError('INVALID_INPUT', `${MODULE}: no auth_success from ${this.url} within ${this.authTimeout} ms`));
      socket.terminate();
    }, this.authTimeout);
    authTimer.unref();

    socket.on('open', () => socket.send(JSON.stringify({ type: 'auth', token: this.options.apiKey ?? null })));
    socket.on('message', (data) => {
      let message: { type?: unknown; event?: unknown; reason?: unknown };
      try {
        message = JSON.parse(String(data)) as typeof message;
      } catch {
        this.report(new AwadError('INVALID_INPUT', `${MODULE}: a message that is not JSON`));
        return;
      }
      if (!authed) {
        clearTimeout(authTimer);
        if (message.type !== 'auth_success') {
          this.report(new AwadError('INVALID_INPUT', `${MODULE}: expected an auth_success message, got ${JSON.stringify(message.type)}${message.reason ? ` (${String(message.reason)})` : ''}`));
          socket.close(1008);
          return;
        }
        authed = true;
        this.failures = 0;
        socket.send(JSON.stringify({ type: 'filter', filter: this.filter() }));
        this.emit('connected');
        return;
      }
      if (message.type === 'event') this.handle(message.event);
    });
    socket.on('error', (error) => this.report(error));
    socket.on('close', () => {
      clearTimeout(authTimer);
      if (this.socket === socket) this.socket = undefined;
      if (this.stopped) return;
      const delay = this.nextDelay();
      this.emit('disconnected', delay);
      this.timer = setTimeout(() => {
        this.timer = undefined;
        if (!this.stopped) this.connect();
      }, delay);
    });
  }

  private get authTimeout(): number {
    return this.options.authTimeoutMs ?? DEFAULT_PREFECT_SUBSCRIBER_OPTIONS.authTimeoutMs;
  }

  private filter(): Record<string, unknown> {
    const now = Date.now();
    const lookback = this.options.lookbackMs ?? DEFAULT_PREFECT_SUBSCRIBER_OPTIONS.lookbackMs;
    return {
      occurred: { since: new Date(now - lookback).toISOString(), until: new Date(now + 365 * 86_400_000).toISOString() },
      event: { prefix: [...(this.options.eventPrefixes ?? DEFAULT_PREFECT_SUBSCRIBER_OPTIONS.eventPrefixes)] },
    };
  }

  /** Exponential backoff with full jitter in [delay/2, delay]. */
  private nextDelay(): number {
    const b = { ...DEFAULT_PREFECT_SUBSCRIBER_OPTIONS.backoff, ...this.options.backoff };
    const delay = Math.min(b.maxMs, b.initialMs * b.factor ** this.failures);
    this.failures += 1;
    return Math.round(delay / 2 + (Math.random() * delay) / 2);
  }

  private handle(raw: unknown): void {
    const id = typeof raw === 'object' && raw !== null ? (raw as { id?: unknown }).id : undefined;
    if (typeof id === 'string') {
      if (this.seen.has(id)) return; // backfilled again after a reconnect
      this.seen.add(id);
      this.seenOrder.push(id);
      if (this.seenOrder.length > 50_000) this.seen.delete(this.seenOrder.shift() as string);
    }
    try {
      const mapped = fromPrefectEvent(raw, this.options.mapping);
      if (mapped.kind === 'ignored') {
        this.emit('ignored', mapped.reason);
        return;
      }
      this.options.onEvent(mapped.event);
      this.emit('event', mapped.event);
    } catch (error) {
      this.report(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private report(error: Error): void {
    // An EventEmitter throws an unhandled 'error'; a subscriber must never throw into its host.
    if (this.listenerCount('error') > 0) this.emit('error', error);
  }
}
