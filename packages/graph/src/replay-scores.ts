// Scores of a recorded run replayed through a live detector the way a monitor stage sees it: each
// event of runEvents goes through a fresh RunTracker, and the detector scores a task when its
// SUCCEEDED event arrives, on the partial run graph the tracker holds at that moment.
// Reference: packages/core/src/monitor/monitor.ts (tracker first, then the stages); run-events.ts.
import { RunTracker, normalizeEvent, type Detector } from '@awad/core';
import { runEvents } from './run-events';
import type { RunGraph } from './run-graph';

/** Per task of `run` (task order), the detector's score at its SUCCEEDED event (NaN if none). */
export function replayScores(detector: Detector, run: RunGraph): Float32Array {
  const tracker = new RunTracker();
  const scores = new Map<string, number>();
  for (const e of runEvents(run)) {
    const tracked = tracker.apply(normalizeEvent(e));
    if (e.state !== 'SUCCEEDED') continue;
    const x: Record<string, number> = {};
    if (tracked.measurements.durationMs !== undefined) x.durationMs = tracked.measurements.durationMs;
    for (const [k, v] of Object.entries(e.metrics ?? {})) x[`metrics.${k}`] = v;
    scores.set(e.task.key, detector.scoreOne(x, { taskKey: e.task.key, workflowKey: run.workflow, run: tracked.run }));
  }
  return Float32Array.from(run.tasks, (t) => scores.get(t.id) ?? Number.NaN);
}
