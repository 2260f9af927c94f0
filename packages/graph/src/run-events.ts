// A recorded run (Flow-Bench, WfFormat) replayed as the core's canonical events: per task a RUNNING
// and a SUCCEEDED event at its start and end times, the SUCCEEDED one carrying the task's
// measurements as metrics (named as in MEASUREMENT_NAMES) and its host as `context.hostname`,
// each naming its upstream tasks. In end-time order, so a monitor sees what a live one would.
// Reference: ARCHITECTURE.md section 3 (TaskStateChange); live-graph.ts reads these back.
import type { TaskStateChange } from '@awad/core';
import { MEASUREMENT_NAMES, type RunGraph } from './run-graph';

/** Events of `run`; task times are epoch seconds (missing ones are laid out one second apart). */
export function runEvents(run: RunGraph, source = 'replay'): TaskStateChange[] {
  const iso = (s: number): string => new Date(Math.round(s * 1000)).toISOString();
  const ends = run.tasks.map((t, i) => t.endedAt ?? i + 1);
  const order = run.tasks.map((_, i) => i).sort((a, b) => (ends[a] as number) - (ends[b] as number) || a - b);
  const parents = run.tasks.map(() => [] as number[]);
  for (const [u, v] of run.edges) parents[v]?.push(u);
  return order.flatMap((i) => {
    const t = run.tasks[i] as RunGraph['tasks'][number];
    const end = ends[i] as number;
    const start = Math.min(t.startedAt ?? end, end);
    const metrics: Record<string, number> = {};
    for (const f of MEASUREMENT_NAMES) if (t.measurements[f] !== undefined && Number.isFinite(t.measurements[f])) metrics[f] = t.measurements[f] as number;
    const base = {
      specVersion: '1' as const, source: { system: source },
      task: { key: t.id, runId: `${run.runId}:${t.id}`, attempt: 1 }, workflow: { key: run.workflow, runId: run.runId },
      upstream: (parents[i] as number[]).map((u) => ({ taskKey: run.tasks[u]?.id })),
      ...(t.host !== undefined ? { context: { hostname: t.host } } : {}),
    };
    return [
      { ...base, eventId: `${run.runId}:${t.id}:RUNNING`, occurredAt: iso(start), state: 'RUNNING' as const },
      { ...base, eventId: `${run.runId}:${t.id}:SUCCEEDED`, occurredAt: iso(end), state: 'SUCCEEDED' as const, ...(Object.keys(metrics).length > 0 ? { metrics } : {}) },
    ];
  });
}
