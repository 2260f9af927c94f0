// Benchmark: the sidecar (`awad serve` as a child process) under HTTP load from autocannon on
// loopback. Each request is one TaskStateChange (or a batch), every event unique, in run order.
// Measures events/s, request latency p50/p99 and the 5xx count, at a fixed rate (the latency a
// client sees at a given load) and flat out (the ceiling), with and without the write-ahead log.
// Run: pnpm build && node --import tsx bench/server-load-bench-main.ts
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { eventBodies, startSidecarProcess } from './sidecar-process';

export interface ServerLoadOptions {
  readonly durationS: number;
  readonly connections: number;
  /** Requests per second across all connections (undefined: as fast as the server answers). */
  readonly rate?: number;
  /** Events per request (1: one event per POST; more: a JSON array). */
  readonly batch: number;
  /** Write-ahead log fsync policy (undefined: no log). */
  readonly wal?: 'always' | 'interval' | 'never';
  /** Run the built CLI (packages/cli/dist) when it exists. */
  readonly built?: boolean;
}

export interface ServerLoadResult {
  readonly options: ServerLoadOptions;
  readonly requests: number;
  readonly responses2xx: number;
  readonly non2xx: number;
  readonly status5xx: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly eventsAccepted: number;
  readonly eventsPerSecond: number;
  readonly requestsPerSecond: number;
  readonly latencyMs: { readonly p50: number; readonly p90: number; readonly p99: number; readonly max: number };
  /** CPU time (user + system) the sidecar process used per accepted event: independent of other load on the machine. */
  readonly sidecarCpuUsPerEvent: number | null;
  /** The sidecar's CPU use over the run, in cores (1 = one core busy all the time). */
  readonly sidecarCores: number | null;
}

/** utime + stime of a process in ms, from /proc (Linux); null elsewhere. */
function cpuMs(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}

export async function runServerLoad(options: ServerLoadOptions): Promise<ServerLoadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'awad-load-'));
  const args = ['--port', '0', '--tick-interval', '0', '--log-level', 'warn', ...(options.wal ? ['--wal', join(dir, 'awad.wal'), '--wal-fsync', options.wal] : [])];
  const sidecar = await startSidecarProcess(args, { built: options.built ?? true });
  try {
    const events = eventBodies(`load${process.pid}`, 10_000_000, 10);
    const next = (): string => {
      if (options.batch === 1) return (events.next().value as { body: string }).body;
      const bodies: string[] = [];
      for (let i = 0; i < options.batch; i++) bodies.push((events.next().value as { body: string }).body);
      return `[${bodies.join(',')}]`;
    };
    const cpuBefore = cpuMs(sidecar.proc.pid);
    const result = await autocannon({
      url: sidecar.url,
      connections: options.connections,
      pipelining: 1,
      duration: options.durationS,
      ...(options.rate ? { overallRate: options.rate } : {}),
      requests: [{ method: 'POST', path: '/v1/events', headers: { 'content-type': 'application/json' }, setupRequest: (req) => ({ ...req, body: next() }) }],
    });
    const cpuAfter = cpuMs(sidecar.proc.pid);
    const stats = (await (await fetch(`${sidecar.url}/v1/stats`)).json()) as { accepted: number };
    const cpu = cpuBefore !== null && cpuAfter !== null ? cpuAfter - cpuBefore : null;
    const duration = result.duration;
    return {
      options,
      requests: result.requests.total,
      responses2xx: result['2xx'],
      non2xx: result.non2xx,
      status5xx: result['5xx'],
      errors: result.errors,
      timeouts: result.timeouts,
      eventsAccepted: stats.accepted,
      eventsPerSecond: Math.round(stats.accepted / duration),
      requestsPerSecond: Math.round(result.requests.total / duration),
      latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
      sidecarCpuUsPerEvent: cpu !== null && stats.accepted > 0 ? Math.round((cpu * 1000) / stats.accepted) : null,
      sidecarCores: cpu !== null ? Math.round((cpu / (duration * 1000)) * 100) / 100 : null,
    };
  } finally {
    await sidecar.stop('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The runs behind the figures: 6k events/s fixed (the target load), flat out, batched, and with the log. */
export async function runServerLoadBench(log: (line: string) => void = () => {}): Promise<Record<string, unknown>> {
  const runs: Record<string, ServerLoadOptions> = {
    fixed6k: { durationS: 10, connections: 20, rate: 6000, batch: 1 },
    maxSingle: { durationS: 10, connections: 20, batch: 1 },
    maxBatch20: { durationS: 10, connections: 10, batch: 20 },
    fixed6kWalAlways: { durationS: 10, connections: 20, rate: 6000, batch: 1, wal: 'always' },
    fixed6kWalInterval: { durationS: 10, connections: 20, rate: 6000, batch: 1, wal: 'interval' },
  };
  const out: Record<string, unknown> = {};
  for (const [name, options] of Object.entries(runs)) {
    log(`sidecar load: ${name} ...`);
    const r = await runServerLoad(options);
    log(`  ${r.eventsPerSecond} events/s, p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms, 5xx ${r.status5xx}, errors ${r.errors}, sidecar ${r.sidecarCpuUsPerEvent} µs CPU/event on ${r.sidecarCores} cores`);
    out[name] = r;
  }
  const target = out.fixed6k as ServerLoadResult;
  out.target = { eventsPerSecond: '>= 5000', p99LatencyMs: '< 10', status5xx: 0, met: target.eventsPerSecond >= 5000 && target.latencyMs.p99 < 10 && target.status5xx === 0 };
  return out;
}
