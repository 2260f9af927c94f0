// Example: AWAD embedded in workflow code. A nightly ETL of three tasks runs 40 times; on the
// last run `transform` is eight times slower than usual. While it runs on, a timer's `tick`
// reports it stuck (with `load` at risk downstream); when it ends, its verdict says it was slow.
// Run: pnpm tsx --conditions=source examples/embedded-monitor.ts  (or node after `pnpm build`)
import { createMonitor, type TaskStateChange, type Verdict } from '@awad/core';
import { defaultStages } from '@awad/stats';

const HOUR = 3_600_000;
const start = Date.UTC(2026, 10, 2, 1); // a Monday, 01:00 UTC

function event(run: number, task: string, state: TaskStateChange['state'], at: number, upstream?: string): TaskStateChange {
  return {
    specVersion: '1',
    eventId: `etl-${run}/${task}/${state}`,
    source: { system: 'example' },
    occurredAt: new Date(at).toISOString(),
    state,
    task: { key: task, runId: `etl-${run}/${task}`, attempt: 1 },
    workflow: { key: 'nightly-etl', runId: `etl-${run}` },
    ...(upstream ? { upstream: [{ taskKey: upstream }] } : {}),
    ...(state === 'SUCCEEDED' ? { metrics: { rows: 10_000 + ((run * 37) % 200) } } : {}),
  };
}

/** Runs the example and returns the anomalous verdicts (also printed). */
export function main(print: (line: string) => void = console.log): Verdict[] {
  const monitor = createMonitor({ stages: defaultStages() });
  const anomalies: Verdict[] = [];
  monitor.on('anomaly', (v) => {
    anomalies.push(v);
    print(`${v.taskKey}: ${v.severity} (${v.score.toFixed(2)}) ${v.reasons[0]?.message ?? ''}${v.impact?.length ? `; at risk: ${v.impact.map((i) => i.taskKey).join(', ')}` : ''}`);
  });
  monitor.on('error', (error) => print(`detector error: ${error.message}`));

  for (let run = 0; run < 40; run++) {
    const t0 = start + run * 24 * HOUR;
    const slow = run === 39 ? 8 : 1;
    const jitter = 1 + 0.05 * Math.sin(run);
    const extract = 60_000 * jitter;
    const transform = 120_000 * jitter * slow;
    let t = t0;
    // The run's task instances exist from the start, waiting on their upstream (this is how the
    // monitor knows the DAG); each is queued when its upstream is done.
    monitor.observe(event(run, 'transform', 'WAITING', t, 'extract'));
    monitor.observe(event(run, 'load', 'WAITING', t, 'transform'));
    monitor.observe(event(run, 'extract', 'QUEUED', t));
    monitor.observe(event(run, 'extract', 'RUNNING', (t += 1000)));
    monitor.observe(event(run, 'extract', 'SUCCEEDED', (t += extract)));
    monitor.observe(event(run, 'transform', 'QUEUED', t));
    monitor.observe(event(run, 'transform', 'RUNNING', (t += 1000)));
    if (run === 39) {
      // While transform drags on, a timer calls tick: it is stuck long before it ends.
      for (let probe = t + 5 * 60_000; probe < t + transform; probe += 5 * 60_000) monitor.tick(probe);
    }
    monitor.observe(event(run, 'transform', 'SUCCEEDED', (t += transform)));
    monitor.observe(event(run, 'load', 'QUEUED', t));
    monitor.observe(event(run, 'load', 'RUNNING', (t += 1000)));
    monitor.observe(event(run, 'load', 'SUCCEEDED', (t += 30_000 * jitter)));
  }
  return anomalies;
}

if (import.meta.url === `file://${process.argv[1]}`) main();
