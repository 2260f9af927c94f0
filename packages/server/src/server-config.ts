// The sidecar's configuration: one zod schema for the JSON config file and for createServer's
// options (CLI flags override the file), with the defaults.
// Reference: issue 5 item 6 (config file validated with zod; CLI flags override it).
import { z } from 'zod';

const int = (min: number, max = Number.MAX_SAFE_INTEGER) => z.number().int().min(min).max(max);

export const walConfigSchema = z.strictObject({
  /** The append-only JSONL file; created when missing, replayed on start. */
  path: z.string().min(1),
  /**
   * always: fsync before every acknowledgement (group commit: one fsync per batch of requests);
   * interval: write before acknowledging, fsync every `fsyncIntervalMs` (survives a process crash,
   * may lose the last interval on power loss); never: write only, the OS flushes.
   */
  fsync: z.enum(['always', 'interval', 'never']).optional(),
  fsyncIntervalMs: int(1).optional(),
});

export const monitorConfigSchema = z.strictObject({
  maxSeries: int(1).optional(),
  maxRuns: int(1).optional(),
  dedupeWindow: int(1).optional(),
  recentVerdicts: int(0).optional(),
  maxLabels: int(1).optional(),
  utcOffsetMinutes: int(-24 * 60, 24 * 60).optional(),
  adaptAfter: int(1).optional(),
  protect: z.boolean().optional(),
  rules: z.boolean().optional(),
});

export const serverConfigSchema = z.strictObject({
  port: int(0, 65535).optional(),
  host: z.string().min(1).optional(),
  /** Bearer token every route but /healthz requires (none: no auth). */
  token: z.string().min(1).optional(),
  /** Stats stages: `default` (defaultStages) or `all` (every stats detector, allStatsStages). */
  preset: z.enum(['default', 'all']).optional(),
  bodyLimitBytes: int(1024).optional(),
  maxBatch: int(1, 100_000).optional(),
  /** Longest a client may take to send a whole request (slow or stalled bodies get 408). */
  requestTimeoutMs: int(100).optional(),
  keepAliveTimeoutMs: int(100).optional(),
  /** `monitor.tick(Date.now())` every this many ms (0: never; stuck runs are then not reported). */
  tickIntervalMs: int(0).optional(),
  /** How long a graceful shutdown waits for in-flight requests. */
  shutdownTimeoutMs: int(0).optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  wal: walConfigSchema.optional(),
  monitor: monitorConfigSchema.optional(),
  openlineage: z.strictObject({ keyFormat: z.enum(['namespace/name', 'name']).optional() }).optional(),
  prefect: z
    .strictObject({
      workflowKey: z.string().min(1).optional(),
      /** Follow a Prefect server's event stream (its API URL, e.g. http://127.0.0.1:4200/api). */
      subscribe: z.strictObject({ apiUrl: z.string().min(1), apiKey: z.string().optional() }).optional(),
    })
    .optional(),
});

export type ServerConfig = z.infer<typeof serverConfigSchema>;
export type WalConfig = z.infer<typeof walConfigSchema>;

export const DEFAULT_SERVER_CONFIG = {
  port: 7070,
  host: '127.0.0.1',
  preset: 'default',
  bodyLimitBytes: 1024 * 1024,
  maxBatch: 1000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 72_000,
  tickIntervalMs: 30_000,
  shutdownTimeoutMs: 10_000,
  logLevel: 'warn',
  walFsync: 'always',
  walFsyncIntervalMs: 1000,
} as const;
