// createServer: the AWAD sidecar as an embeddable Fastify instance plus its monitor.
// Orchestrators outside Node (Airflow, Prefect, Dagster, Spark...) send task state changes over
// HTTP and get verdicts back; verdicts stream out over SSE; Prometheus scrapes /metrics.
// Reference: ARCHITECTURE.md section 2 (@awad/server); issue 5 item 6.
import { createMonitor, type Monitor, type StageSpec } from '@awad/core';
import { allStatsStages, defaultStages } from '@awad/stats';
import { PrefectEventSubscriber } from '@awad/prefect';
import bearerAuth from '@fastify/bearer-auth';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { parseServerConfig } from './config-file';
import { errorReply } from './error-reply';
import { registerJsonParser } from './json-body';
import { EventLog, type ReplayResult } from './event-log';
import { Ingest } from './ingest';
import { registerAdapterRoutes } from './routes/adapter-routes';
import type { RouteContext } from './routes/context';
import { registerEventRoutes } from './routes/events-routes';
import { registerHealthRoute, registerMetricsRoute } from './routes/ops-routes';
import { registerReadRoutes } from './routes/read-routes';
import { DEFAULT_SERVER_CONFIG, type ServerConfig } from './server-config';
import { createServerMetrics } from './server-metrics';
import { StreamHub } from './stream-hub';

/** createServer's options: the config file's fields, plus what only code can pass. */
export interface ServerOptions extends ServerConfig {
  /** Bring your own monitor (then `preset`, `stages` and `monitor` options are not used). */
  readonly monitorInstance?: Monitor;
  /** Stages instead of a preset. */
  readonly stages?: readonly StageSpec[];
  /** Fastify's logger option (default: pino at `logLevel`). */
  readonly logger?: FastifyServerOptions['logger'];
  /** Node process metrics in /metrics (default true). */
  readonly defaultMetrics?: boolean;
}

export interface AwadServer {
  readonly app: FastifyInstance;
  readonly monitor: Monitor;
  readonly ingest: Ingest;
  /** What replaying the write-ahead log found on start (undefined without a log). */
  readonly replay: ReplayResult | undefined;
  readonly config: ServerConfig;
  /** Listens on the configured host and port; resolves to the address (`http://127.0.0.1:7070`). */
  listen(): Promise<string>;
  /** Graceful shutdown: stops accepting, drains in-flight requests, ends streams, flushes the log. */
  close(): Promise<void>;
}

/**
 * Creates the sidecar. With a `wal`, the log is replayed into the monitor before this resolves.
 *
 * @example
 * const { app, monitor, listen } = await createServer({ port: 7070, wal: { path: 'awad.wal' } });
 * monitor.on('anomaly', (v) => pager.send(v));
 * await listen();
 */
export async function createServer(options: ServerOptions = {}): Promise<AwadServer> {
  const { monitorInstance, stages, logger, defaultMetrics, ...configPart } = options;
  const config = parseServerConfig(configPart, 'createServer options');
  const d = DEFAULT_SERVER_CONFIG;
  const requestTimeout = config.requestTimeoutMs ?? d.requestTimeoutMs;

  const monitor =
    monitorInstance ??
    createMonitor({
      stages: stages ?? ((config.preset ?? d.preset) === 'all' ? allStatsStages() : defaultStages()),
      ...config.monitor,
    });
  const ingest = new Ingest(monitor);
  let replay: ReplayResult | undefined;
  if (config.wal) {
    const opened = await EventLog.open(config.wal.path, (record) => ingest.replay(record), { fsync: config.wal.fsync ?? d.walFsync, fsyncIntervalMs: config.wal.fsyncIntervalMs ?? d.walFsyncIntervalMs });
    ingest.log = opened.log;
    replay = opened.replay;
  }

  const app = Fastify({
    logger: logger ?? { level: config.logLevel ?? d.logLevel },
    bodyLimit: config.bodyLimitBytes ?? d.bodyLimitBytes,
    requestTimeout,
    keepAliveTimeout: config.keepAliveTimeoutMs ?? d.keepAliveTimeoutMs,
    // Node requires headersTimeout <= requestTimeout, and checks both only every
    // connectionsCheckingInterval (30 s by default): a slow client would hold a socket that long.
    http: { headersTimeout: Math.min(60_000, requestTimeout), connectionsCheckingInterval: Math.min(1000, Math.max(50, Math.round(requestTimeout / 4))) } as never,
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
  });
  // Only JSON bodies (a text/plain body would otherwise reach the routes as a string).
  registerJsonParser(app);

  const metrics = createServerMetrics(monitor, ingest, { defaultMetrics: defaultMetrics ?? true });
  const hub = new StreamHub((n) => metrics.streamClients.set(n));
  const verdictCounters = new Map<string, { inc(): void }>();
  monitor.on('verdict', (verdict) => {
    hub.broadcast(verdict);
    const key = `${verdict.severity}:${verdict.origin}`;
    let child = verdictCounters.get(key);
    if (child === undefined) verdictCounters.set(key, (child = metrics.verdicts.labels(verdict.severity, verdict.origin)));
    child.inc();
  });

  const requestTimers = new Map<string, { observe(v: number): void }>();
  app.addHook('onResponse', (request, reply, done) => {
    const key = `${request.method} ${request.routeOptions.url ?? 'unmatched'} ${reply.statusCode}`;
    let child = requestTimers.get(key);
    if (child === undefined) {
      if (requestTimers.size > 500) requestTimers.clear();
      requestTimers.set(key, (child = metrics.requests.labels(request.method, request.routeOptions.url ?? 'unmatched', String(reply.statusCode))));
    }
    child.observe(reply.elapsedTime / 1000);
    done();
  });

  app.setErrorHandler((error, request, reply) => {
    const { status, body } = errorReply(error);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    return reply.code(status).send(body);
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: { code: 'NOT_FOUND', message: `@awad/server: no route ${request.method} ${request.url.split('?')[0]}` } }),
  );

  const ctx: RouteContext = {
    monitor,
    ingest,
    hub,
    metrics,
    maxBatch: config.maxBatch ?? d.maxBatch,
    startedAt: Date.now(),
    log: () => ingest.log,
    replay,
    openlineage: config.openlineage ?? {},
    prefect: { ...(config.prefect?.workflowKey ? { workflowKey: config.prefect.workflowKey } : {}) },
  };

  registerHealthRoute(app, ctx);
  await app.register(async (scope) => {
    if (config.token !== undefined) {
      await scope.register(bearerAuth, {
        keys: new Set([config.token]),
        verifyErrorLogLevel: 'debug',
        // The plugin types the body as { error: string }; ours is the server's one error shape.
        errorResponse: ((err: Error) => ({ error: { code: 'UNAUTHORIZED', message: `@awad/server: ${err.message}`, expected: 'Authorization: Bearer <token>' } })) as never,
      });
    }
    registerEventRoutes(scope, ctx);
    registerAdapterRoutes(scope, ctx);
    registerReadRoutes(scope, ctx);
    registerMetricsRoute(scope, ctx);
  });

  let tickTimer: NodeJS.Timeout | undefined;
  const tickInterval = config.tickIntervalMs ?? d.tickIntervalMs;
  let subscriber: PrefectEventSubscriber | undefined;
  app.addHook('onReady', async () => {
    if (tickInterval > 0) {
      tickTimer = setInterval(() => {
        try {
          ingest.tick(Date.now());
        } catch (error) {
          app.log.error({ err: error }, 'tick failed');
        }
      }, tickInterval);
      tickTimer.unref();
    }
    if (config.prefect?.subscribe) {
      subscriber = new PrefectEventSubscriber({
        apiUrl: config.prefect.subscribe.apiUrl,
        ...(config.prefect.subscribe.apiKey ? { apiKey: config.prefect.subscribe.apiKey } : {}),
        mapping: ctx.prefect,
        onEvent: (event) => ingest.observe(event),
      });
      subscriber.on('error', (error) => app.log.warn({ err: error }, 'prefect subscriber'));
      subscriber.start();
    }
  });
  // While draining, each finished response closes its connection, so keep-alive clients do not
  // hold the shutdown open.
  let closing = false;
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });
  app.addHook('preClose', async () => {
    closing = true;
    if (tickTimer) clearInterval(tickTimer);
    hub.closeAll();
    await subscriber?.close();
  });
  app.addHook('onClose', async () => {
    await ingest.log?.close();
  });

  return {
    app,
    monitor,
    ingest,
    replay,
    config,
    listen: () => app.listen({ port: config.port ?? d.port, host: config.host ?? d.host }),
    close: () => app.close(),
  };
}
