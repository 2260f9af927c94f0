import { beforeAll, describe, expect, it } from 'vitest';
import { createMonitor, type TaskStateChange } from '@awad/core';
import { ensureBackend } from '@awad/tensor';
import { checkDetector } from '@awad/testkit';
import { EdgePropagation, GraphNodeDetector, GraphSslModel, type GraphSslExport } from '../src/index';
import { diamondRuns } from './fixtures';

let exported: GraphSslExport;

beforeAll(async () => {
  await ensureBackend();
  const model = GraphSslModel.train(diamondRuns(16), { epochs: 2, batchSize: 8, hidden: [16, 16], score: 'sum', seed: 2 });
  exported = model.export();
  model.dispose();
});

describe('GraphNodeDetector', () => {
  it('passes the testkit conformance checks', () => {
    // memoryPoints reduced to keep the file fast; its state is 27 numbers whatever the length.
    const report = checkDetector(() => new GraphNodeDetector(exported), { memoryPoints: 5_000 });
    expect(report.failed).toEqual([]);
  });

  it('judges tasks on the partial run graph inside a monitor, with learned impact', () => {
    const propagation = new EdgePropagation();
    for (const run of diamondRuns(20)) propagation.learn(run, [1, 1, 0, 0]);
    const monitor = createMonitor({ stages: [{ name: 'graph-ssl', detector: new GraphNodeDetector(exported, { warmup: 5 }) }], impact: { edgeWeight: propagation.edgeWeight } });
    const t0 = Date.UTC(2026, 0, 5);
    const ev = (run: number, task: string, state: TaskStateChange['state'], at: number, upstream?: string[]): TaskStateChange => ({
      specVersion: '1', eventId: `${run}:${task}:${state}`, source: { system: 'test' }, occurredAt: new Date(t0 + at).toISOString(), state,
      task: { key: task, runId: `${run}:${task}`, attempt: 1 }, workflow: { key: 'diamond', runId: `r${run}` },
      ...(upstream ? { upstream: upstream.map((k) => ({ taskKey: k })) } : {}),
    });
    const scores: number[] = [];
    for (let r = 0; r < 12; r++) {
      const base = r * 3_600_000;
      const slow = r === 11 ? 30 : 1;
      monitor.observe(ev(r, 'prep_ID01', 'RUNNING', base));
      // The engine announces the downstream tasks (with their upstream) before prep finishes.
      monitor.observe(ev(r, 'work_ID02', 'QUEUED', base + 100, ['prep_ID01']));
      monitor.observe(ev(r, 'work_ID03', 'QUEUED', base + 100, ['prep_ID01']));
      const v = monitor.observe(ev(r, 'prep_ID01', 'SUCCEEDED', base + 5000 * slow * (1 + 0.02 * (r % 3))));
      monitor.observe(ev(r, 'work_ID02', 'RUNNING', base + 200_000, ['prep_ID01']));
      monitor.observe(ev(r, 'work_ID03', 'RUNNING', base + 200_000, ['prep_ID01']));
      scores.push(v.reasons.find((x) => x.detector === 'graph-ssl')?.rawScore ?? 0);
      if (r === 11) {
        expect(v.isAnomaly).toBe(true);
        expect(v.impact?.[0]?.taskKey).toBe('work_ID02');
      }
    }
    // Raw node scores (flagged points carry them): the 30x slower prep stands out from the warm runs.
    expect(scores[11]).toBeGreaterThan(Math.max(...scores.slice(5, 11)));
  });
});
