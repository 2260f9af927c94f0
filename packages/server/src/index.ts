// @awad/server: the AWAD sidecar (HTTP API, SSE stream, Prometheus metrics, write-ahead log).

export { createServer, type ServerOptions, type AwadServer } from './create-server';
export { serverConfigSchema, walConfigSchema, monitorConfigSchema, DEFAULT_SERVER_CONFIG, type ServerConfig, type WalConfig } from './server-config';
export { loadServerConfig, parseServerConfig, mergeServerConfig } from './config-file';
export { EventLog, type EventLogOptions, type FsyncPolicy, type ReplayResult } from './event-log';
export { Ingest, type LogRecord, type BatchResult } from './ingest';
export { errorReply, type ErrorBody } from './error-reply';
export { verdictsQuerySchema, streamQuerySchema, matchesVerdict, type VerdictFilter } from './verdict-filter';
export { createServerMetrics, type ServerMetrics } from './server-metrics';
export { StreamHub } from './stream-hub';
