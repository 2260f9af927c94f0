// Test helpers: feeding detectors, catching typed errors, and task events for monitor runs.
import type { Detector, Features, Monitor, ObservationContext, TaskState, TaskStateChange, Verdict } from '@awad/core';

/** Learns every point, in order. */
export function learnAll(detector: Detector, xs: readonly Features[], context?: ObservationContext): void {
  for (const x of xs) detector.learnOne(x, context);
}

/** The `code` of what `fn` throws (undefined when it does not throw). */
export function errorCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code ?? 'NO_CODE';
  }
  return undefined;
}

/** Values learned as one-feature points. */
export function series(feature: string, values: readonly number[]): Features[] {
  return values.map((v) => ({ [feature]: v }));
}

let eventCounter = 0;
/** Monday 2026-01-05 08:00 UTC: the start of the simulated task runs. */
export const T0 = Date.UTC(2026, 0, 5, 8);

/** One task state change at T0 + `seconds` (ms precision). */
export function taskEvent(state: TaskState, seconds: number, runId: string, taskKey = 'extract'): TaskStateChange {
  return {
    specVersion: '1',
    eventId: `e${++eventCounter}`,
    source: { system: 'test' },
    occurredAt: new Date(Math.round(T0 + seconds * 1000)).toISOString(),
    state,
    task: { key: taskKey, runId: `${runId}/${taskKey}` },
    workflow: { key: 'etl', runId },
  };
}

/** A task run in a monitor. */
export interface TaskRunSpec {
  readonly runId: string;
  /** QUEUED at T0 + startS. */
  readonly startS: number;
  /** QUEUED -> RUNNING, s (default 1). */
  readonly queueS?: number;
  /** RUNNING -> SUCCEEDED, s. */
  readonly durationS: number;
  readonly taskKey?: string;
}

/** QUEUED -> RUNNING -> SUCCEEDED; returns the verdicts of RUNNING (queue wait) and SUCCEEDED (duration). */
export function taskRun(monitor: Monitor, spec: TaskRunSpec): { running: Verdict; succeeded: Verdict } {
  const { runId, startS, queueS = 1, durationS, taskKey = 'extract' } = spec;
  monitor.observe(taskEvent('QUEUED', startS, runId, taskKey));
  const running = monitor.observe(taskEvent('RUNNING', startS + queueS, runId, taskKey));
  const succeeded = monitor.observe(taskEvent('SUCCEEDED', startS + queueS + durationS, runId, taskKey));
  return { running, succeeded };
}
