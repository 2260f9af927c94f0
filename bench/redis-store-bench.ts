// Benchmark: observe() through Redis. The shared mode (RedisMonitor: read versions, judge,
// versioned Lua commit) awaited one event at a time, with many runs in flight in one process,
// and in two processes; the write-behind mode (RedisStore: synchronous observe, flush per
// round); and the in-memory monitor on the same events for reference. Default suite.
// Run: pnpm build && node --import tsx bench/redis-store-bench-main.ts (Redis on 127.0.0.1:6379).
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createMonitor, type TaskStateChange } from '@awad/core';
import { RedisMonitor, RedisStore } from '@awad/redis';
import { defaultStages } from '@awad/stats';
import { Redis } from 'ioredis';
import { roundRuns } from './observe-bench';

export interface RedisStoreBenchOptions {
  readonly workflows: number;
  readonly tasksPerWorkflow: number;
  readonly warmupRounds: number;
  readonly measuredRounds: number;
  /** Runs in flight per process in the concurrent modes. */
  readonly concurrency: number;
  readonly redisUrl: string;
}

export const DEFAULT_REDIS_STORE_BENCH: RedisStoreBenchOptions = { workflows: 64, tasksPerWorkflow: 5, warmupRounds: 3, measuredRounds: 3, concurrency: 16, redisUrl: process.env.AWAD_REDIS_URL ?? 'redis://127.0.0.1:6379' };

interface ModeResult {
  readonly events: number;
  readonly eventsPerSecond: number;
  readonly latencyUs: { readonly p50: number; readonly p99: number; readonly max: number };
  readonly conflicts?: number;
}

/** One round: every workflow runs once, its tasks a chain, 3 events per task (as bench/observe-bench.ts). */
export function benchRound(r: number, o: Pick<RedisStoreBenchOptions, 'workflows' | 'tasksPerWorkflow'>, onlyWorkflows?: (w: number) => boolean): TaskStateChange[][] {
  const runs = roundRuns(r, o, 1);
  return onlyWorkflows === undefined ? runs : runs.filter((_, w) => onlyWorkflows(w));
}

function summarize(latencies: number[], events: number, seconds: number, conflicts?: number): ModeResult {
  const sorted = Float64Array.from(latencies).sort();
  const at = (p: number): number => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number);
  return { events, eventsPerSecond: Math.round(events / seconds), latencyUs: { p50: at(0.5), p99: at(0.99), max: Math.round(sorted[sorted.length - 1] as number) }, ...(conflicts !== undefined ? { conflicts } : {}) };
}

/** Runs `runs` (each in order) with `lanes` of them in flight; returns per-event latencies (µs) and elapsed s. */
async function drive(monitor: RedisMonitor, runs: TaskStateChange[][], lanes: number, latencies?: number[]): Promise<number> {
  const start = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(lanes, runs.length) }, async () => {
    while (next < runs.length) {
      const run = runs[next++] as TaskStateChange[];
      for (const e of run) {
        const t = performance.now();
        await monitor.observe(e);
        latencies?.push((performance.now() - t) * 1000);
      }
    }
  }));
  return (performance.now() - start) / 1000;
}

async function dropPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [nextCursor, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = nextCursor;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}

/** Shared mode in this process: `lanes` runs in flight. */
async function sharedMode(o: RedisStoreBenchOptions, redis: Redis, prefix: string, lanes: number, part?: { index: number; of: number }): Promise<ModeResult> {
  const monitor = new RedisMonitor({ redis, prefix, stages: defaultStages() });
  const only = part ? (w: number) => w % part.of === part.index : undefined;
  for (let r = 0; r < o.warmupRounds; r++) await drive(monitor, benchRound(r, o, only), lanes);
  const latencies: number[] = [];
  let seconds = 0;
  for (let r = o.warmupRounds; r < o.warmupRounds + o.measuredRounds; r++) seconds += await drive(monitor, benchRound(r, o, only), lanes, latencies);
  return summarize(latencies, latencies.length, seconds, monitor.stats().conflicts);
}

/** Write-behind: synchronous observe on the local cache, a flush after each round (counted in events/s). */
async function writeBehindMode(o: RedisStoreBenchOptions, redis: Redis, prefix: string): Promise<ModeResult & { flushMs: number; seriesPerFlush: number }> {
  const store = new RedisStore({ redis, prefix, flushIntervalMs: 0 });
  const monitor = createMonitor({ stages: defaultStages(), store });
  for (let r = 0; r < o.warmupRounds; r++) {
    for (const run of benchRound(r, o)) for (const e of run) monitor.observe(e);
    await store.flush();
  }
  const latencies: number[] = [];
  let seconds = 0;
  let flushSeconds = 0;
  for (let r = o.warmupRounds; r < o.warmupRounds + o.measuredRounds; r++) {
    const events = benchRound(r, o).flat();
    const start = performance.now();
    for (const e of events) {
      const t = performance.now();
      monitor.observe(e);
      latencies.push((performance.now() - t) * 1000);
    }
    const flushStart = performance.now();
    await store.flush();
    flushSeconds += (performance.now() - flushStart) / 1000;
    seconds += (performance.now() - start) / 1000;
  }
  return { ...summarize(latencies, latencies.length, seconds), flushMs: Math.round((1000 * flushSeconds) / o.measuredRounds), seriesPerFlush: store.size };
}

function inMemoryMode(o: RedisStoreBenchOptions): ModeResult {
  const monitor = createMonitor({ stages: defaultStages() });
  for (let r = 0; r < o.warmupRounds; r++) for (const run of benchRound(r, o)) for (const e of run) monitor.observe(e);
  const latencies: number[] = [];
  let seconds = 0;
  for (let r = o.warmupRounds; r < o.warmupRounds + o.measuredRounds; r++) {
    const start = performance.now();
    for (const e of benchRound(r, o).flat()) {
      const t = performance.now();
      monitor.observe(e);
      latencies.push((performance.now() - t) * 1000);
    }
    seconds += (performance.now() - start) / 1000;
  }
  return summarize(latencies, latencies.length, seconds);
}

/** Two processes on one prefix, each with half the workflows and `concurrency / 2` in flight. */
async function twoProcesses(o: RedisStoreBenchOptions, prefix: string): Promise<ModeResult & { perProcess: ModeResult[] }> {
  const main = fileURLToPath(new URL('./redis-store-bench-main.ts', import.meta.url));
  const results = await Promise.all([0, 1].map((index) => new Promise<ModeResult>((resolve, reject) => {
    const child = fork(main, ['--child'], { execArgv: ['--import', 'tsx'], env: { ...process.env, AWAD_BENCH_CHILD: JSON.stringify({ options: o, prefix, index, of: 2 }) } });
    child.once('message', (m) => resolve(m as ModeResult));
    child.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`bench child exited with ${code}`))));
  })));
  const events = results.reduce((sum, r) => sum + r.events, 0);
  return {
    events,
    eventsPerSecond: results.reduce((sum, r) => sum + r.eventsPerSecond, 0),
    latencyUs: { p50: Math.max(...results.map((r) => r.latencyUs.p50)), p99: Math.max(...results.map((r) => r.latencyUs.p99)), max: Math.max(...results.map((r) => r.latencyUs.max)) },
    conflicts: results.reduce((sum, r) => sum + (r.conflicts ?? 0), 0),
    perProcess: results,
  };
}

/** The child side of `twoProcesses` (run by redis-store-bench-main.ts --child). */
export async function runRedisStoreBenchChild(): Promise<void> {
  const { options, prefix, index, of } = JSON.parse(process.env.AWAD_BENCH_CHILD as string) as { options: RedisStoreBenchOptions; prefix: string; index: number; of: number };
  const redis = new Redis(options.redisUrl);
  const result = await sharedMode(options, redis, prefix, Math.max(1, options.concurrency / of), { index, of });
  redis.disconnect();
  process.send?.(result);
}

export async function runRedisStoreBench(options: RedisStoreBenchOptions = DEFAULT_REDIS_STORE_BENCH, log: (line: string) => void = () => {}): Promise<Record<string, unknown>> {
  const redis = new Redis(options.redisUrl);
  const base = `awad-bench:${process.pid}:`;
  const ping = [];
  for (let i = 0; i < 200; i++) {
    const t = performance.now();
    await redis.ping();
    ping.push((performance.now() - t) * 1000);
  }
  try {
    log('in-memory monitor ...');
    const inMemory = inMemoryMode(options);
    log('write-behind RedisStore ...');
    const writeBehind = await writeBehindMode(options, redis, `${base}wb:`);
    log('shared RedisMonitor, one event at a time ...');
    const sharedSequential = await sharedMode(options, redis, `${base}seq:`, 1);
    log(`shared RedisMonitor, ${options.concurrency} runs in flight ...`);
    const sharedConcurrent = await sharedMode(options, redis, `${base}conc:`, options.concurrency);
    log(`shared RedisMonitor, two processes, ${options.concurrency / 2} runs in flight each ...`);
    const sharedTwoProcesses = await twoProcesses(options, `${base}two:`);
    return {
      options: { ...options, series: options.workflows * options.tasksPerWorkflow, stages: 'defaultStages()' },
      redisPingUs: summarize(ping, ping.length, 1).latencyUs,
      inMemory,
      writeBehind,
      sharedSequential,
      sharedConcurrent,
      sharedTwoProcesses,
    };
  } finally {
    await dropPrefix(redis, base);
    redis.disconnect();
  }
}
