// `awad serve`: the sidecar (@awad/server) as a process. Config file, then flags over it;
// SIGTERM/SIGINT drain in-flight requests and flush the write-ahead log before exiting.
import type { Command } from 'commander';
import { DEFAULT_SERVER_CONFIG, createServer, loadServerConfig, mergeServerConfig, type ServerConfig } from '@awad/server';
import { choiceOption, intOption } from '../options';

interface ServeFlags {
  config?: string;
  port?: number;
  host?: string;
  token?: string;
  wal?: string;
  walFsync?: 'always' | 'interval' | 'never';
  preset?: 'default' | 'all';
  tickInterval?: number;
  logLevel?: ServerConfig['logLevel'];
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the AWAD sidecar: POST /v1/events, /v1/feedback, /api/v1/lineage (OpenLineage), /v1/prefect/events; GET /v1/verdicts, /v1/stream (SSE), /metrics, /healthz')
    .option('--config <file>', 'JSON config file (the flags override it)')
    .option('--port <n>', `port (default ${DEFAULT_SERVER_CONFIG.port}; 0 picks a free one)`, intOption('--port', 0))
    .option('--host <host>', `interface to listen on (default ${DEFAULT_SERVER_CONFIG.host})`)
    .option('--token <token>', 'require "Authorization: Bearer <token>" on every route but /healthz (default: $AWAD_TOKEN)')
    .option('--wal <file>', 'write-ahead event log: replayed on start, appended before each acknowledgement')
    .option('--wal-fsync <policy>', 'always (fsync before acknowledging), interval (every second) or never', choiceOption('--wal-fsync', ['always', 'interval', 'never'] as const))
    .option('--preset <name>', 'stats stages: default or all', choiceOption('--preset', ['default', 'all'] as const))
    .option('--tick-interval <ms>', 'report stuck tasks every <ms> (0: never)', intOption('--tick-interval', 0))
    .option('--log-level <level>', `log level (${LOG_LEVELS.join(', ')})`, choiceOption('--log-level', LOG_LEVELS))
    .action(async (flags: ServeFlags) => {
      const file = flags.config ? loadServerConfig(flags.config) : {};
      const token = flags.token ?? process.env.AWAD_TOKEN;
      const fromFlags: ServerConfig = {
        ...(flags.port !== undefined ? { port: flags.port } : {}),
        ...(flags.host ? { host: flags.host } : {}),
        ...(token ? { token } : {}),
        ...(flags.preset ? { preset: flags.preset } : {}),
        ...(flags.tickInterval !== undefined ? { tickIntervalMs: flags.tickInterval } : {}),
        ...(flags.logLevel ? { logLevel: flags.logLevel } : {}),
        ...(flags.wal || flags.walFsync ? { wal: { ...(flags.wal ? { path: flags.wal } : {}), ...(flags.walFsync ? { fsync: flags.walFsync } : {}) } as never } : {}),
      };
      const config = mergeServerConfig(file, fromFlags);
      const server = await createServer(config);
      const address = await server.listen();
      const wal = server.replay && config.wal ? `, wal ${config.wal.path} (${config.wal.fsync ?? DEFAULT_SERVER_CONFIG.walFsync}): replayed ${server.replay.records} records` : '';
      process.stderr.write(`awad serve: listening on ${address} (preset ${config.preset ?? DEFAULT_SERVER_CONFIG.preset}${config.token ? ', bearer token required' : ''}${wal})\n`);

      await new Promise<void>((resolve, reject) => {
        let closing = false;
        const stop = (signal: NodeJS.Signals): void => {
          if (closing) {
            process.stderr.write(`awad serve: ${signal} again, exiting without draining\n`);
            process.exit(130);
          }
          closing = true;
          process.stderr.write(`awad serve: ${signal}, draining in-flight requests\n`);
          const limit = config.shutdownTimeoutMs ?? DEFAULT_SERVER_CONFIG.shutdownTimeoutMs;
          const timer = setTimeout(() => {
            process.stderr.write(`awad serve: shutdown took over ${limit} ms, exiting\n`);
            process.exit(1);
          }, limit);
          timer.unref();
          server.close().then(() => {
            clearTimeout(timer);
            process.off('SIGTERM', stop);
            process.off('SIGINT', stop);
            resolve();
          }, reject);
        };
        process.on('SIGTERM', stop);
        process.on('SIGINT', stop);
      });
      process.stderr.write('awad serve: stopped\n');
    });
}
