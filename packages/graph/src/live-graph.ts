// The core's live run (RunTracker's WorkflowRun: task runs and graphology DAG) as a RunGraph:
// one node per task key (its latest task run), measurements from the metrics its events carried
// (named as in MEASUREMENT_NAMES) and the tracker's times (queue_delay = RUNNING - QUEUED,
// runtime = end - RUNNING, seconds), the host from `context.hostname`. Tasks not finished have no
// runtime yet, so their indicator is set (METHODS 3.2, partial runs).
import type { Features, WorkflowRun } from '@awad/core';
import { MEASUREMENT_NAMES, type RawMeasurements, type RunGraph, type RunTask } from './run-graph';
import { templateOf } from './template';

const FEATURE_OF_METRIC = new Set<string>(MEASUREMENT_NAMES);

/** The numeric features among a task run's metrics (bare names, as the tracker keeps them). */
function metricMeasurements(metrics: Readonly<Record<string, number>> | undefined): RawMeasurements {
  const m: RawMeasurements = {};
  for (const name in metrics) {
    const v = metrics[name] as number;
    if (FEATURE_OF_METRIC.has(name) && Number.isFinite(v)) m[name as keyof RawMeasurements] = v;
  }
  return m;
}

/** Measurements of the event being judged: durationMs, queueWaitMs and metrics.<numeric feature>. */
export function measurementsOf(x: Features): RawMeasurements {
  const metrics: Record<string, number> = {};
  for (const key in x) if (key.startsWith('metrics.')) metrics[key.slice(8)] = x[key] as number;
  const m = metricMeasurements(metrics);
  const d = x.durationMs;
  const q = x.queueWaitMs;
  if (d !== undefined && Number.isFinite(d) && d >= 0) m.runtime = d / 1000;
  if (q !== undefined && Number.isFinite(q) && q >= 0) m.queue_delay = q / 1000;
  return m;
}

/** The live run as a RunGraph; `current` overrides the measurements of task `taskKey`. */
export function liveRunGraph(run: WorkflowRun, taskKey?: string, current?: RawMeasurements): RunGraph {
  const latest = new Map<string, RunTask>();
  for (const t of run.tasks.values()) {
    const m = metricMeasurements(t.metrics);
    if (t.startedAt !== undefined && t.queuedAt !== undefined && t.startedAt >= t.queuedAt) m.queue_delay = (t.startedAt - t.queuedAt) / 1000;
    if (t.endedAt !== undefined && t.startedAt !== undefined && t.endedAt >= t.startedAt && t.state === 'SUCCEEDED') m.runtime = (t.endedAt - t.startedAt) / 1000;
    latest.set(t.taskKey, {
      id: t.taskKey,
      template: templateOf(t.taskKey),
      type: undefined,
      measurements: t.taskKey === taskKey && current ? { ...m, ...current } : m,
      ...(t.startedAt !== undefined ? { startedAt: t.startedAt / 1000 } : {}),
      ...(t.endedAt !== undefined ? { endedAt: t.endedAt / 1000 } : {}),
      ...(t.state !== undefined ? { state: t.state } : {}),
      ...(t.host !== undefined ? { host: t.host } : {}),
    });
  }
  const g = run.graph.graph;
  g.forEachNode((key) => {
    if (!latest.has(key)) latest.set(key, { id: key, template: templateOf(key), type: undefined, measurements: key === taskKey && current ? current : {} });
  });
  const tasks = [...latest.values()];
  const index = new Map(tasks.map((t, i) => [t.id, i]));
  const edges: [number, number][] = [];
  g.forEachEdge((_e, _a, source, target) => {
    const u = index.get(source);
    const v = index.get(target);
    if (u !== undefined && v !== undefined) edges.push([u, v]);
  });
  return { workflow: run.workflowKey, runId: run.runId, tasks, edges };
}
