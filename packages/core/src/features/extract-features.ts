// Feature extraction per (workflow key, task key): what the detectors of that series score.
// Reference: ARCHITECTURE.md section 1; issue "feature extraction": duration, queue wait,
// attempts, error, metrics.*, and time-of-week context.
import type { TaskStateChange } from '../event/task-state-change';
import type { Measurements } from '../run/run-tracker';

/** Names of the features the monitor derives (metrics arrive as `metrics.<name>`). */
export const FEATURES = {
  durationMs: 'durationMs',
  queueWaitMs: 'queueWaitMs',
  attempt: 'attempt',
  failed: 'failed',
  runFailures: 'runFailures',
} as const;

export const METRIC_PREFIX = 'metrics.';

/** Key of the series a task belongs to: one per (workflow key, task key). */
export function seriesKey(workflowKey: string, taskKey: string): string {
  return `${workflowKey}\u001f${taskKey}`;
}

/** Splits a series key back into its workflow key and task key. */
export function parseSeriesKey(key: string): { workflowKey: string; taskKey: string } {
  const at = key.indexOf('\u001f');
  return at < 0 ? { workflowKey: key, taskKey: '' } : { workflowKey: key.slice(0, at), taskKey: key.slice(at + 1) };
}

/**
 * Features of one event: the tracker's measurements plus the event's metrics. Returns
 * undefined when the event carries nothing to score (e.g. QUEUED without metrics).
 */
export function extractFeatures(event: TaskStateChange, measurements: Measurements): Record<string, number> | undefined {
  let features: Record<string, number> | undefined;
  if (measurements.durationMs !== undefined) (features ??= {}).durationMs = measurements.durationMs;
  if (measurements.queueWaitMs !== undefined) (features ??= {}).queueWaitMs = measurements.queueWaitMs;
  if (measurements.attempt !== undefined) (features ??= {}).attempt = measurements.attempt;
  if (measurements.failed !== undefined) (features ??= {}).failed = measurements.failed;
  if (measurements.runFailures !== undefined) (features ??= {}).runFailures = measurements.runFailures;
  const metrics = event.metrics;
  if (metrics !== undefined) {
    for (const name in metrics) {
      const value = metrics[name];
      if (value !== undefined) (features ??= {})[METRIC_PREFIX + name] = value;
    }
  }
  return features;
}
