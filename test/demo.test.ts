// The demo end to end: simulated workflows through the monitor, detectors and baselines.
import { describe, expect, it } from 'vitest';
import { runDemo, type DemoResult } from '@awad/cli';
import { simulateWorkflows } from '@awad/testkit';

describe('awad demo (runDemo)', () => {
  let first: DemoResult;

  it('is deterministic for a seed', { timeout: 300_000 }, () => {
    first = runDemo({ seed: 3, days: 8, warmupDays: 3 });
    const again = runDemo({ seed: 3, days: 8, warmupDays: 3 });
    expect(again).toEqual(first);
    const a = simulateWorkflows({ seed: 3, days: 2 });
    const b = simulateWorkflows({ seed: 4, days: 2 });
    expect(b.steps.length).not.toBe(a.steps.length);
  });

  it('reports every detector, the monitor and the baselines, with consistent counts', () => {
    const groups = new Set(first.rows.map((r) => r.group));
    expect(groups).toEqual(new Set(['monitor', 'detector', 'baseline']));
    const injected = Object.values(first.anomalies).reduce((a, b) => a + b, 0);
    expect(injected).toBeGreaterThan(20);
    for (const row of first.rows) {
      expect(row.tp + row.fn).toBe(injected);
      expect(row.tp + row.fp + row.fn + row.tn).toBe(first.taskRuns);
      expect(Object.values(row.falseAlertsByReason).reduce((a, b) => a + b, 0)).toBe(row.fp);
    }
  });

  it('the monitor finds stuck tasks (tick) and out-of-order starts (rules) that no baseline finds', () => {
    const monitor = first.rows.find((r) => r.group === 'monitor')!;
    expect(monitor.recallByKind['stuck-task']).toBeGreaterThanOrEqual(0.8);
    expect(monitor.recallByKind['out-of-order-upstream']).toBeGreaterThanOrEqual(0.8);
    for (const baseline of first.rows.filter((r) => r.group === 'baseline')) {
      expect(baseline.recallByKind['out-of-order-upstream']).toBeLessThan(0.5);
    }
  });

  it('the monitor beats the best baseline on F1', () => {
    const monitor = first.rows.find((r) => r.group === 'monitor')!;
    const best = Math.max(...first.rows.filter((r) => r.group === 'baseline').map((r) => r.f1));
    expect(monitor.f1).toBeGreaterThan(best);
  });
});
