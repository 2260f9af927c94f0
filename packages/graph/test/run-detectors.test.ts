import { beforeAll, describe, expect, it } from 'vitest';
import { StaticThreshold, createMonitor } from '@awad/core';
import { ensureBackend } from '@awad/tensor';
import { checkDetector } from '@awad/testkit';
import { DefinitionDetector, Float32GraphSsl, GraphSslModel, NoveltyDetector, adjacency, definitionFromAdjacency, runEvents, runFeatures, readoutRows, type GraphSslExport, type RunGraph } from '../src/index';
import { diamondRuns } from './fixtures';

let exported: GraphSslExport;
let model: GraphSslModel;

beforeAll(async () => {
  await ensureBackend();
  model = GraphSslModel.train(diamondRuns(16), { epochs: 2, batchSize: 8, hidden: [16, 16], seed: 3 });
  exported = model.export();
});

/** Run r of `runs` shifted r hours later, so the monitor sees runs one after another. */
const later = (run: RunGraph, r: number): RunGraph => ({ ...run, tasks: run.tasks.map((t) => ({ ...t, startedAt: (t.startedAt as number) + r * 3600, endedAt: (t.endedAt as number) + r * 3600 })) });
/** The run without task i (its edges dropped). */
const without = (run: RunGraph, i: number): RunGraph => ({ ...run, tasks: run.tasks.filter((_, j) => j !== i), edges: run.edges.filter(([u, v]) => u !== i && v !== i).map(([u, v]) => [u > i ? u - 1 : u, v > i ? v - 1 : v] as const) });
const DIAMOND = definitionFromAdjacency({ prep_ID01: ['work_ID02', 'work_ID03'], work_ID02: ['merge_ID04'], work_ID03: ['merge_ID04'], merge_ID04: [] });

describe('DefinitionDetector', () => {
  it('turns an unknown task and a missing expected upstream into verdict reasons, live', () => {
    const monitor = createMonitor({ stages: [{ detector: new DefinitionDetector({ diamond: DIAMOND }) }] });
    const runs = diamondRuns(4, 5).map(later);
    const rogue: RunGraph = { ...(runs[3] as RunGraph), tasks: (runs[3] as RunGraph).tasks.map((t, i) => (i === 3 ? { ...t, id: 'rogue_ID09', template: 'rogue' } : t)) };
    const flagged: string[] = [];
    for (const run of [runs[0], runs[1], without(runs[2] as RunGraph, 2), rogue] as RunGraph[]) {
      for (const e of runEvents(run)) {
        const v = monitor.observe(e);
        for (const r of v.reasons) flagged.push(`${run.runId}:${e.task.key}:${e.state}: ${r.message}`);
      }
    }
    expect(flagged.filter((f) => f.startsWith('run0:') || f.startsWith('run1:'))).toEqual([]);
    expect(flagged).toContainEqual(expect.stringMatching(/^run2:merge_ID04:RUNNING: .*missing-task: expected upstream work_ID03 of merge_ID04 never ran/));
    expect(flagged).toContainEqual(expect.stringMatching(/^run3:rogue_ID09:RUNNING: .*unknown-task: rogue_ID09 is not a task of workflow diamond/));
    expect(new DefinitionDetector({ diamond: DIAMOND }).scoreOne({ durationMs: 5 })).toBeNaN();
  });
});

describe('NoveltyDetector', () => {
  it('embeds a run on the Float32 path as the tfjs model does', () => {
    const run = diamondRuns(1, 8)[0] as RunGraph;
    const { parents, children } = adjacency(run);
    const h = new Float32GraphSsl(exported).encodeAll(runFeatures(run, exported.scaler), parents, children);
    const fast = readoutRows(h, 16, 0, run.tasks.length);
    const tf = model.embedRuns([run])[0] as Float32Array;
    fast.forEach((v, k) => expect(v).toBeCloseTo(tf[k] as number, 4));
  });

  it('passes the testkit conformance checks', () => {
    const report = checkDetector(() => new NoveltyDetector(exported, { capacity: 50, warmup: 10 }), { memoryPoints: 2_000 });
    expect(report.failed).toEqual([]);
  });

  it('scores a run that reaches its merge without one of its branches above every normal run', () => {
    const monitor = createMonitor({ stages: [{ name: 'novelty', detector: new NoveltyDetector(exported, { warmup: 10 }), threshold: new StaticThreshold(0) }] });
    const runs = diamondRuns(25, 6).map(later);
    const merge: number[] = [];
    runs.forEach((run, r) => {
      for (const e of runEvents(r === 24 ? without(run, 2) : run)) {
        const v = monitor.observe(e);
        const s = v.reasons.find((x) => x.detector === 'novelty')?.rawScore;
        if (e.task.key === 'merge_ID04' && e.state === 'SUCCEEDED' && s !== undefined) merge.push(s);
      }
    });
    expect(merge.length).toBeGreaterThan(10);
    expect(merge[merge.length - 1] as number).toBeGreaterThan(Math.max(...merge.slice(0, -1)));
  });
});
