// Benchmark: @awad/celery's path from a kombu message on the event channel to a verdict.
// Messages are built as a Celery 5.2 worker sends them (a task-sent per task, then the worker's
// buffered [task-received, task-started, task-succeeded] list), for chains of tasks; measures
// events per second through `source.ingest` with a no-op observer (decode + map only), with a
// bare monitor (run tracker, no detectors) and with the default stats stages.
import { createMonitor, type TaskStateChange, type Verdict } from '@awad/core';
import { createCeleryEventSource } from '@awad/celery';
import { defaultStages } from '@awad/stats';

export interface CeleryBenchOptions {
  readonly workflows: number;
  readonly tasksPerWorkflow: number;
  readonly rounds: number;
}

export const DEFAULT_CELERY_BENCH = { workflows: 500, tasksPerWorkflow: 5, rounds: 8 } as const;

function envelope(body: unknown, routingKey: string): string {
  return JSON.stringify({
    body: Buffer.from(JSON.stringify(body)).toString('base64'),
    'content-encoding': 'utf-8',
    'content-type': 'application/json',
    headers: { hostname: 'celery@bench' },
    properties: { delivery_mode: 1, delivery_info: { exchange: 'celeryev', routing_key: routingKey }, priority: 0, body_encoding: 'base64', delivery_tag: 'x' },
  });
}

/** One round of kombu messages: every workflow runs once as a chain. */
function round(r: number, o: CeleryBenchOptions): string[] {
  const messages: string[] = [];
  let s = (r * 7919 + 17) >>> 0;
  const rand = (): number => ((s = (s * 1664525 + 1013904223) >>> 0), s / 4294967296);
  const t0 = Date.UTC(2026, 10, 2) / 1000 + r * 3600;
  for (let w = 0; w < o.workflows; w++) {
    let t = t0 + w;
    const root = `w${w}-r${r}-t0`;
    for (let k = 0; k < o.tasksPerWorkflow; k++) {
      const uuid = `w${w}-r${r}-t${k}`;
      const parent = k === 0 ? null : `w${w}-r${r}-t${k - 1}`;
      const name = `bench.w${w}.step${k}`;
      const common = { hostname: 'celery@bench', utcoffset: 0, pid: 1, clock: k };
      messages.push(envelope({ ...common, uuid, root_id: root, parent_id: parent, name, args: '()', kwargs: '{}', retries: 0, eta: null, expires: null, queue: 'celery', exchange: '', routing_key: 'celery', timestamp: t, type: 'task-sent' }, 'task.sent'));
      const wait = 0.05 + rand() * 0.2;
      const runtime = (1 + k * 0.5) * Math.exp(0.2 * (rand() + rand() + rand() - 1.5));
      messages.push(envelope([
        { ...common, uuid, name, args: '()', kwargs: '{}', root_id: root, parent_id: parent, retries: 0, eta: null, expires: null, timestamp: t + 0.001, type: 'task-received' },
        { ...common, uuid, timestamp: t + wait, type: 'task-started' },
        { ...common, uuid, result: '1', runtime, timestamp: t + wait + runtime, type: 'task-succeeded' },
      ], 'task.multi'));
      t += wait + runtime;
    }
  }
  return messages;
}

function measure(observe: (event: TaskStateChange) => Verdict, rounds: string[][]): { eventsPerSecond: number; usPerEvent: number; events: number } {
  const source = createCeleryEventSource({ monitor: { observe }, onError: ({ error }) => { throw error; } });
  source.ingest(rounds[0]?.[0] ?? ''); // warm the code paths
  const start = process.hrtime.bigint();
  for (const messages of rounds.slice(1)) for (const message of messages) source.ingest(message);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const events = source.stats().events - 1;
  return { eventsPerSecond: Math.round(events / seconds), usPerEvent: Number(((seconds * 1e6) / events).toFixed(2)), events };
}

export async function runCeleryBench(options: CeleryBenchOptions = DEFAULT_CELERY_BENCH): Promise<Record<string, unknown>> {
  const rounds = Array.from({ length: options.rounds + 1 }, (_, r) => round(r, options));
  const noop: Verdict = createMonitor().observe({ specVersion: '1', eventId: 'x', source: { system: 'bench' }, occurredAt: new Date(0).toISOString(), state: 'QUEUED', task: { key: 'x', runId: 'x' }, workflow: { key: 'x', runId: 'x' } });
  const bare = createMonitor();
  const full = createMonitor({ stages: defaultStages() });
  return {
    options,
    decodeAndMap: measure(() => noop, rounds),
    bareMonitor: measure((event) => bare.observe(event), rounds),
    defaultStages: measure((event) => full.observe(event), rounds),
  };
}
