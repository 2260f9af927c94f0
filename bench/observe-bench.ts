// Benchmark: monitor.observe() with every stats detector on, at 10k tracked series.
// Measures p50/p99 latency per event, events per second, and bytes per tracked series.
// Run through `pnpm bench` (built packages, node --expose-gc).
import { createMonitor, type TaskStateChange } from '@awad/core';
import type { StageSpec } from '@awad/core';
import { allStatsStages } from '@awad/stats';

export interface ObserveBenchOptions {
  readonly workflows: number;
  readonly tasksPerWorkflow: number;
  readonly warmupRounds: number;
  readonly measuredRounds: number;
}

export const DEFAULT_OBSERVE_BENCH = { workflows: 1000, tasksPerWorkflow: 10, warmupRounds: 64, measuredRounds: 10 } as const;

export interface ObserveBenchResult {
  readonly series: number;
  readonly stages: readonly string[];
  readonly measuredEvents: number;
  readonly latencyUs: { readonly p50: number; readonly p90: number; readonly p99: number; readonly max: number };
  readonly eventsPerSecond: number;
  /** Memory (heap + typed-array backing stores) held by the store per tracked series (detector state), after GC. */
  readonly bytesPerSeries: number;
  /** Whole monitor heap (store + run tracker + idempotency window + recent verdicts) per series. */
  readonly monitorBytesPerSeries: number;
}

/**
 * One round: every workflow runs once, its tasks as a chain; 3 events per task. Returned as
 * parsed JSON, as a sidecar or queue consumer receives events (the objects' shapes then come
 * from the JSON parser, not from the spreads that build them here).
 */
function round(r: number, o: ObserveBenchOptions, seed: number): TaskStateChange[] {
  return JSON.parse(JSON.stringify(buildRound(r, o, seed))) as TaskStateChange[];
}

function buildRound(r: number, o: ObserveBenchOptions, seed: number): TaskStateChange[] {
  return roundRuns(r, o, seed).flat();
}

/** The events of one round, one array per workflow run (3 events per task, tasks chained). */
export function roundRuns(r: number, o: Pick<ObserveBenchOptions, 'workflows' | 'tasksPerWorkflow'>, seed: number): TaskStateChange[][] {
  const runs: TaskStateChange[][] = [];
  let s = (seed + r * 7919) >>> 0;
  const rand = (): number => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 4294967296;
  };
  const t0 = Date.UTC(2026, 10, 2) + r * 3_600_000;
  for (let w = 0; w < o.workflows; w++) {
    const events: TaskStateChange[] = [];
    let t = t0 + w * 1000;
    const runId = `wf${w}-r${r}`;
    for (let k = 0; k < o.tasksPerWorkflow; k++) {
      const taskRunId = `${runId}/t${k}`;
      const base = { specVersion: '1' as const, source: { system: 'bench' }, task: { key: `t${k}`, runId: taskRunId, attempt: 1 }, workflow: { key: `wf${w}`, runId } };
      const wait = 50 + rand() * 200;
      const duration = (1000 + k * 500) * Math.exp(0.2 * (rand() + rand() + rand() - 1.5));
      events.push({ ...base, eventId: `${taskRunId}:q`, occurredAt: new Date(t).toISOString(), state: 'QUEUED', ...(k > 0 ? { upstream: [{ taskKey: `t${k - 1}` }] } : {}) });
      events.push({ ...base, eventId: `${taskRunId}:r`, occurredAt: new Date(t + wait).toISOString(), state: 'RUNNING' });
      t += wait + duration;
      events.push({ ...base, eventId: `${taskRunId}:s`, occurredAt: new Date(t).toISOString(), state: 'SUCCEEDED', metrics: { rows: Math.round(1000 + rand() * 100) } });
    }
    runs.push(events);
  }
  return runs;
}

/** JS heap plus the off-heap backing stores of typed arrays (over 64 bytes they live outside the heap). */
function heapUsed(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('bench: run node with --expose-gc to measure memory');
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;
}

export function runObserveBench(options: ObserveBenchOptions = DEFAULT_OBSERVE_BENCH, log: (line: string) => void = () => {}, stages: readonly StageSpec[] = allStatsStages({ slaMs: 3_600_000 })): ObserveBenchResult {
  const series = options.workflows * options.tasksPerWorkflow;
  // Enough room for every series and every run of a round; the default caps are larger anyway.
  const monitor = createMonitor({ stages, maxSeries: series * 2, maxRuns: options.workflows * 2 });
  const before = heapUsed();
  for (let r = 0; r < options.warmupRounds; r++) {
    for (const e of round(r, options, 1)) monitor.observe(e);
    if (r % 16 === 15) log(`warm-up round ${r + 1}/${options.warmupRounds}`);
  }
  const warm = heapUsed();

  const latencies: number[] = [];
  let elapsedNs = 0n;
  let measured = 0;
  for (let r = options.warmupRounds; r < options.warmupRounds + options.measuredRounds; r++) {
    const events = round(r, options, 1);
    // Throughput: the whole round in one timed loop (no per-call timer overhead).
    const half = events.length >> 1;
    const start = process.hrtime.bigint();
    for (let i = 0; i < half; i++) monitor.observe(events[i]);
    elapsedNs += process.hrtime.bigint() - start;
    measured += half;
    // Latency: each call timed on its own.
    for (let i = half; i < events.length; i++) {
      const t = process.hrtime.bigint();
      monitor.observe(events[i]);
      latencies.push(Number(process.hrtime.bigint() - t) / 1000);
    }
  }
  const sorted = Float64Array.from(latencies).sort();
  const stored = monitor.stats().series;
  const full = heapUsed();
  monitor.store.clear();
  const cleared = heapUsed();
  return {
    series: stored,
    stages: monitor.stages.map((s) => s.name),
    measuredEvents: measured + latencies.length,
    latencyUs: { p50: percentile(sorted, 0.5), p90: percentile(sorted, 0.9), p99: percentile(sorted, 0.99), max: sorted[sorted.length - 1] as number },
    eventsPerSecond: measured / (Number(elapsedNs) / 1e9),
    bytesPerSeries: (full - cleared) / stored,
    monitorBytesPerSeries: (warm - before) / stored,
  };
}
