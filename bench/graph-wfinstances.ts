// WfInstances (no labels) with SYNTHETIC injections: each real trace (../shared/datasets/wfinstances)
// is replayed as RUNS synthetic runs whose task measurements jitter around the recorded ones
// (runtime x exp(0.1 N(0,1)), CPU utilisation x exp(0.05 N(0,1)); times rebuilt from the DAG), and
// in a third of the runs one compute task gets an injected fault: a slowdown (runtime x 3, CPU time
// unchanged: an I/O stall) or CPU contention (CPU time x 0.3, runtime unchanged). Both the noise
// model and the faults are ours, so the figures only show that the detectors run on WfFormat DAGs
// and what each one can see; they say nothing about real faults. Nothing is tuned on these runs:
// the multi-feature z uses a fixed configuration (runtime:high, cpu_time:low, tail-calibrated,
// no host pooling: the traces ran on one or two machines) fit on 60% of the runs, the rest scored,
// in batch and live (runEvents through core's RunTracker into GraphNodeDetector).
// Usage: node --conditions=source --import tsx bench/graph-wfinstances.ts   env AWAD_DATASETS, RUNS (default 200); writes bench/graph-wfinstances.json
import { readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createRandom } from '@awad/core';
import { GraphNodeDetector, TemplateFeatureZScore, TemplateZScore, readWfFormat, replayScores, splitRuns, withDagTimes, type RunGraph } from '@awad/graph';
import { rocAuc } from '@awad/scoring';

const DATASETS = process.env.AWAD_DATASETS ?? resolve(import.meta.dirname, '..', '..', 'shared', 'datasets');
const RUNS = Number(process.env.RUNS ?? 200);

/** A synthetic run around `base`, with its injected task (-1 = none). */
function synthetic(base: RunGraph, r: number, seed: number): { run: RunGraph; labels: Uint8Array } {
  const random = createRandom(seed * 100_003 + r);
  const labels = new Uint8Array(base.tasks.length);
  const victim = random.next() < 1 / 3 ? Math.floor(random.next() * base.tasks.length) : -1;
  const kind = random.next() < 0.5 ? 'slow' : 'cpu';
  const tasks = base.tasks.map((t, i) => {
    const runtime = (t.measurements.runtime ?? 1) * Math.exp(0.1 * random.normal()) * (i === victim && kind === 'slow' ? 3 : 1);
    const util = (t.measurements.cpu_time ?? 0) / Math.max(1e-9, t.measurements.runtime ?? 1);
    const cpu = (util * Math.exp(0.05 * random.normal()) * runtime) / (i === victim && kind === 'slow' ? 3 : 1) * (i === victim && kind === 'cpu' ? 0.3 : 1);
    if (i === victim) labels[i] = 1;
    return { ...t, measurements: { ...t.measurements, runtime, cpu_time: cpu } };
  });
  // Start times from the DAG, as readWfFormat rebuilds them (a task starts when its last parent ends).
  const run = withDagTimes({ ...base, runId: `${base.runId}-syn${String(r).padStart(3, '0')}`, tasks }, 1_700_000_000 + r * 86_400);
  return { run, labels };
}

const liveScores = (detector: GraphNodeDetector, runs: readonly RunGraph[]): Float64Array => Float64Array.from(runs.flatMap((r) => [...replayScores(detector, r)]));

export function graphWfInstances(seed = 1): Record<string, unknown> {
  const dir = join(DATASETS, 'wfinstances');
  const out: Record<string, unknown> = { note: 'SYNTHETIC runs and injected faults around real WfInstances traces; not a benchmark of real anomalies', runs: RUNS, seed };
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const base = readWfFormat(join(dir, file));
    const made = Array.from({ length: RUNS }, (_, r) => synthetic(base, r, seed));
    const byId = new Map(made.map((m) => [m.run.runId, m.labels]));
    const { train, test } = splitRuns(made.map((m) => m.run), 0.6, seed);
    const labels = Uint8Array.from(test.flatMap((r) => [...(byId.get(r.runId) as Uint8Array)]));
    const flat = (s: Float32Array[]): Float64Array => Float64Array.from(s.flatMap((x) => [...x]));
    const runtimeZ = new TemplateZScore().fit(train);
    const multi = new TemplateFeatureZScore({ features: ['runtime', 'cpu_time'], sides: ['high', 'low'], calibrate: 'tail', combine: 'sum' }).fit(train);
    const r4 = (v: number): number => Number(v.toFixed(4));
    out[file.replace(/\.json$/, '')] = {
      tasks: base.tasks.length,
      scoredJobs: labels.length,
      injected: labels.reduce((a, b) => a + b, 0),
      'template-zscore': r4(rocAuc(labels, flat(test.map((r) => runtimeZ.score(r))))),
      'template-zscore-multi': r4(rocAuc(labels, flat(test.map((r) => multi.score(r))))),
      'graph-template-z (live)': r4(rocAuc(labels, liveScores(new GraphNodeDetector(multi.z.toState()), test))),
    };
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const text = `${JSON.stringify(graphWfInstances(), null, 2)}\n`;
  writeFileSync(resolve(import.meta.dirname, 'graph-wfinstances.json'), text);
  process.stdout.write(text);
}
