// The live path checked against the results: the multi-feature z the dev split chose (read from
// bench/graph-results.json for each workflow and seed) is fit on the fit runs, and every scored run
// is replayed as events (runEvents) through core's RunTracker into a GraphNodeDetector, which scores
// each job when its SUCCEEDED event arrives, as a monitor stage does. Its node-level ROC-AUC should
// equal the bench's "template-zscore-multi-online" row (host pooling over the peers that ended
// no later); "batch" is the same causal model scored on the whole recorded runs, for comparison.
// Usage: node --conditions=source --import tsx bench/graph-live.ts [workflow ...]
//   env GRAPH_RESULTS (default bench/graph-results.json), AWAD_DATASETS.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { GraphNodeDetector, MULTI_Z_FEATURES, TemplateVectorZ, measurementVectors, readFlowBench, replayScores, splitRuns, type RunGraph, type TemplateVectorZOptions } from '@awad/graph';
import { rocAuc } from '@awad/scoring';

const DATASETS = process.env.AWAD_DATASETS ?? resolve(import.meta.dirname, '..', '..', 'shared', 'datasets');
const RESULTS = process.env.GRAPH_RESULTS ?? resolve(import.meta.dirname, 'graph-results.json');

const liveScores = (detector: GraphNodeDetector, runs: readonly RunGraph[]): Float64Array => Float64Array.from(runs.flatMap((r) => [...replayScores(detector, r)]));

export function graphLive(workflows: readonly string[]): Record<string, unknown> {
  const results = JSON.parse(readFileSync(RESULTS, 'utf8')) as Record<string, Record<string, Record<string, unknown>>>;
  const out: Record<string, unknown> = {};
  for (const workflow of workflows) {
    const data = readFlowBench(join(DATASETS, 'flowbench', `${workflow}.zip`), join(DATASETS, 'flowbench', `${workflow}.json`));
    const perSeed = results[workflow] ?? {};
    for (const [key, r] of Object.entries(perSeed)) {
      const seed = Number(key.replace(/^seed/, ''));
      const row = (r as Record<string, { chosen?: TemplateVectorZOptions; rocAuc?: number }>)['template-zscore-multi'];
      if (!Number.isInteger(seed) || !row?.chosen) continue;
      const { train, test } = splitRuns(data.runs, 0.6, seed);
      const { pool, robust, calibrate, combine, select, sides } = row.chosen;
      // Fit causal, as a live model should be: its tail tables then hold what live pooling produces.
      const z = new TemplateVectorZ(MULTI_Z_FEATURES.length, { pool, robust, calibrate, combine, select, sides, causal: true }).fit(train, train.map(measurementVectors));
      const labels = Uint8Array.from(test.flatMap((run) => [...(data.labels.get(run.runId) as Uint8Array)]));
      const live = rocAuc(labels, liveScores(new GraphNodeDetector(z.toState()), test));
      const batch = rocAuc(labels, Float64Array.from(test.flatMap((run) => [...z.score(run, measurementVectors(run))])));
      const online = (r as Record<string, { rocAuc?: number }>)['template-zscore-multi-online']?.rocAuc;
      out[`${workflow}/${key}`] = { live: Number(live.toFixed(4)), benchOnline: online, batch: Number(batch.toFixed(4)), benchBatch: row.rocAuc };
    }
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const workflows = process.argv.slice(2);
  process.stdout.write(`${JSON.stringify(graphLive(workflows.length > 0 ? workflows : ['eht_difmap', 'somospie']), null, 2)}\n`);
}
