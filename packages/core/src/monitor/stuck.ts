// Stuck-run detection for monitor.tick: a task RUNNING (or waiting in a queue) longer than its
// series' stages accept. The elapsed time is scored as if the task ended now, without learning.
// Reference: issue "monitor.tick(now)": stuck runs are the first thing users ask for.
import { DetectorError } from '../errors/detector-error';
import { seriesKey } from '../features/extract-features';
import { severityOf, type Reason, type Severity, type Verdict } from '../verdict/verdict';
import type { Monitor } from './monitor';

const LEVEL: Readonly<Record<Severity, number>> = { none: 0, low: 1, medium: 2, high: 3 };

/** Builds (does not publish) the tick verdicts at `time`. */
export function checkStuck(monitor: Monitor, time: number): [Verdict, number][] {
  const out: [Verdict, number][] = [];
  for (const run of monitor.tracker.allRuns()) {
    if (run.openTasks === 0) continue;
    for (const task of run.tasks.values()) {
      let feature: 'durationMs' | 'queueWaitMs';
      let since: number | undefined;
      if (task.state === 'RUNNING') {
        feature = 'durationMs';
        since = task.startedAt;
      } else if (task.state === 'QUEUED') {
        feature = 'queueWaitMs';
        since = task.queuedAt;
      } else continue;
      if (since === undefined || time <= since) continue;
      const series = monitor.store.peek(seriesKey(task.workflowKey, task.taskKey));
      if (series === undefined) continue;

      const ctx = { time, utcOffsetMinutes: monitor.options.utcOffsetMinutes, workflowKey: task.workflowKey, taskKey: task.taskKey, run };
      const elapsed = time - since;
      const x = { [feature]: elapsed };
      const eventId = `tick:${task.taskRunId}:${task.attempt}`;
      const fail = (stage: string, error: unknown): void => monitor.reportError(new DetectorError(stage, error, eventId));
      const judgement = monitor.scorer.judge(series, x, ctx, fail);
      const reasons: Reason[] = [];
      let score = 0;
      for (const reason of judgement.reasons) {
        // Only "longer than usual" means stuck; a short elapsed time is just a task in progress.
        if (reason.kind === 'below-baseline') continue;
        score = Math.max(score, reason.score);
        reasons.push({ ...reason, feature, kind: feature === 'durationMs' ? 'stuck' : 'queued-too-long', message: `${feature === 'durationMs' ? 'running' : 'waiting'} for ${formatMs(elapsed)}: ${reason.message}` });
      }
      if (reasons.length === 0) continue;
      const severity = severityOf(score, true);
      if (task.stuckReportedAttempt === task.attempt && LEVEL[severity] <= task.stuckLevel) continue;
      task.stuckReportedAttempt = task.attempt;
      task.stuckLevel = LEVEL[severity];
      const [id, sequence] = monitor.nextId();
      const impact = monitor.impactOf(run, task.taskKey, score);
      out.push([{
        id,
        eventId: `${eventId}:${severity}`,
        workflowKey: task.workflowKey,
        workflowRunId: task.workflowRunId,
        taskKey: task.taskKey,
        taskRunId: task.taskRunId,
        state: task.state,
        time,
        isAnomaly: true,
        ready: true,
        score,
        severity,
        reasons: reasons.sort((a, b) => b.score - a.score),
        features: x,
        ...(impact ? { impact } : {}),
        origin: 'tick',
      }, sequence]);
    }
  }
  return out;
}

/** 1500 -> "1.5s", 192000 -> "3m12s", 7200000 -> "2h0m". */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${Math.round(s - m * 60)}s`;
  const h = Math.floor(m / 60);
  return `${h}h${m - h * 60}m`;
}
