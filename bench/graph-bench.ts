// Benchmark of @awad/graph: embedding a 1000-node DAG (p50 of repeated GraphSAGE encodes, tfjs),
// scoring one node of it on the Float32 live path (p50), one somospie job scored live by the
// template-z GraphNodeDetector on its tracked run (p50), and one training epoch on somospie,
// with the tensors left behind counted (0 = no leak).
// Run: node --conditions=source --import tsx bench/graph-bench-main.ts
import { join, resolve } from 'node:path';
import { RunTracker, createRandom, normalizeEvent, type WorkflowRun } from '@awad/core';
import { Float32GraphSsl, GraphNodeDetector, GraphSslModel, TemplateFeatureZScore, adjacency, fitFeatureScaler, readFlowBench, runEvents, runFeatures, type RunGraph, type RunTask } from '@awad/graph';
import { ensureBackend, tensorLeak } from '@awad/tensor';

const DATASETS = process.env.AWAD_DATASETS ?? resolve(import.meta.dirname, '..', '..', 'shared', 'datasets');

/** A random layered DAG of n tasks (each task has 1-3 parents in earlier layers). */
export function syntheticDag(n: number, seed = 1): RunGraph {
  const random = createRandom(seed);
  const tasks: RunTask[] = Array.from({ length: n }, (_, i) => ({ id: `t${i % 20}_ID${i}`, template: `t${i % 20}`, type: 'compute', measurements: { runtime: 10 + 50 * random.next(), queue_delay: 5 * random.next() } }));
  const edges: [number, number][] = [];
  for (let v = 1; v < n; v++) {
    const k = 1 + Math.floor(random.next() * 3);
    for (let j = 0; j < k; j++) edges.push([Math.floor(random.next() * v), v]);
  }
  const unique = [...new Map(edges.map((e) => [`${e[0]}>${e[1]}`, e])).values()];
  return { workflow: 'synthetic', runId: 'dag1000', tasks, edges: unique };
}

const p50 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

export async function runGraphBench(): Promise<Record<string, unknown>> {
  const backend = await ensureBackend();
  const dag = syntheticDag(1000);
  const model = new GraphSslModel(fitFeatureScaler([dag]), { epochs: 1 });
  const embedMs: number[] = [];
  const embedLeak = await tensorLeak(() => {
    for (let i = 0; i < 21; i++) {
      const t = performance.now();
      model.embedRuns([dag]);
      embedMs.push(performance.now() - t);
    }
  });
  const fast = new Float32GraphSsl(model.export());
  const x = runFeatures(dag, model.scaler);
  const { parents, children } = adjacency(dag);
  const nodeUs: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const t = performance.now();
    fast.scoreNode(x, parents, children, (i * 37) % dag.tasks.length);
    nodeUs.push((performance.now() - t) * 1000);
  }
  model.dispose();
  const data = readFlowBench(join(DATASETS, 'flowbench', 'somospie.zip'), join(DATASETS, 'flowbench', 'somospie.json'));
  // The live template-z path: a job's verdict on its whole tracked run (60 jobs), host-pooled and calibrated.
  const zState = new TemplateFeatureZScore({ pool: 'host', calibrate: 'tail', combine: 'sum', features: ['cpu_time', 'stage_in_delay'], sides: ['low', 'high'] }).fit(data.runs.slice(0, 300)).z.toState();
  const live = new GraphNodeDetector(zState);
  const tracker = new RunTracker();
  const probe = data.runs[400] as RunGraph;
  for (const e of runEvents(probe)) tracker.apply(normalizeEvent(e));
  const tracked = tracker.getRun(probe.runId) as WorkflowRun;
  const liveUs: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const task = probe.tasks[(i * 7) % probe.tasks.length] as RunTask;
    const t = performance.now();
    live.scoreOne({ durationMs: 1000 * (task.measurements.runtime ?? 1), 'metrics.cpu_time': task.measurements.cpu_time ?? 0, 'metrics.stage_in_delay': task.measurements.stage_in_delay ?? 0 }, { taskKey: task.id, run: tracked });
    liveUs.push((performance.now() - t) * 1000);
  }
  const train = new GraphSslModel(fitFeatureScaler(data.runs), { epochs: 1 });
  let epochSeconds = 0;
  const trainLeak = await tensorLeak(() => {
    const t = performance.now();
    train.fit(data.runs, 1);
    epochSeconds = (performance.now() - t) / 1000;
  });
  train.dispose();
  return {
    backend: backend.backend,
    embed1000: { nodes: dag.tasks.length, edges: dag.edges.length, p50Ms: p50(embedMs.slice(1)), tensorLeak: embedLeak },
    float32NodeScore1000: { p50Us: p50(nodeUs) },
    templateZLiveNode: { jobsInRun: probe.tasks.length, p50Us: p50(liveUs) },
    somospieEpoch: { runs: data.runs.length, seconds: epochSeconds, tensorLeak: trainLeak },
  };
}
