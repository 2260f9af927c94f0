// Flow-Bench node-level results of the graph detectors and the template z-score baseline.
// Protocol (METHODS.md 6.3): runs split by a seed, 60% fit / 40% scored; the score kind of each
// graph model (latent distance or latent + reconstruction) is picked on a dev split (25%) of the
// training runs, never on the scored runs. Prints one JSON object.
// Usage: node --conditions=source --import tsx bench/graph-results.ts [workflow ...]
//   env GRAPH_EPOCHS (default 5), GRAPH_ENCODERS (default graphsage,gat), AWAD_DATASETS.
import { join, resolve } from 'node:path';
import { GraphSslModel, TemplateZScore, readFlowBench, splitRuns, type EncoderKind, type NodeScoreKind, type RunGraph } from '@awad/graph';
import { averagePrecision, precisionAtK, rocAuc } from '@awad/scoring';
import { ensureBackend } from '@awad/tensor';

const DATASETS = process.env.AWAD_DATASETS ?? resolve(import.meta.dirname, '..', '..', 'shared', 'datasets');
const EPOCHS = Number(process.env.GRAPH_EPOCHS ?? 5);
const ENCODERS = (process.env.GRAPH_ENCODERS ?? 'graphsage,gat').split(',') as EncoderKind[];
const SEED = 1;

function metrics(labels: Uint8Array, scores: Float64Array): { rocAuc: number; ap: number; precisionAtK: number } {
  return { rocAuc: rocAuc(labels, scores), ap: averagePrecision(labels, scores), precisionAtK: precisionAtK(labels, scores) };
}

export async function graphResults(workflows: readonly string[]): Promise<Record<string, unknown>> {
  const backend = await ensureBackend();
  const out: Record<string, unknown> = { protocol: { trainRuns: 0.6, devOfTrain: 0.25, seed: SEED, epochs: EPOCHS, backend: backend.backend } };
  for (const workflow of workflows) {
    const data = readFlowBench(join(DATASETS, 'flowbench', `${workflow}.zip`), join(DATASETS, 'flowbench', `${workflow}.json`));
    const { train, test } = splitRuns(data.runs, 0.6, SEED);
    const { train: fit, test: dev } = splitRuns(train, 0.75, SEED + 1);
    const labelsOf = (runs: readonly RunGraph[]): Uint8Array => Uint8Array.from(runs.flatMap((r) => [...(data.labels.get(r.runId) as Uint8Array)]));
    const flat = (s: readonly Float32Array[]): Float64Array => Float64Array.from(s.flatMap((x) => [...x]));
    const testLabels = labelsOf(test);
    const result: Record<string, unknown> = { runs: data.runs.length, trainRuns: train.length, scoredRuns: test.length, scoredJobs: testLabels.length, anomalousJobs: testLabels.reduce((a, b) => a + b, 0) };
    const z = new TemplateZScore().fit(train);
    result['template-zscore'] = metrics(testLabels, flat(test.map((r) => z.score(r))));
    for (const encoder of ENCODERS) {
      const dev_: Record<string, number> = {};
      let best: NodeScoreKind = 'latent';
      for (const score of ['latent', 'sum'] as const) {
        const model = GraphSslModel.train(fit, { encoder, score, epochs: EPOCHS, seed: SEED });
        dev_[score] = rocAuc(labelsOf(dev), flat(model.scoreRuns(dev)));
        model.dispose();
        if (dev_[score] > (dev_[best] ?? -1)) best = score;
      }
      const started = Date.now();
      const model = GraphSslModel.train(train, { encoder, score: best, epochs: EPOCHS, seed: SEED });
      const trainSeconds = (Date.now() - started) / 1000;
      result[encoder === 'gat' ? 'graph-gat' : 'graph-ssl'] = { ...metrics(testLabels, flat(model.scoreRuns(test))), score: best, devRocAuc: dev_, trainSeconds };
      model.dispose();
    }
    out[workflow] = result;
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const workflows = process.argv.slice(2);
  const result = await graphResults(workflows.length > 0 ? workflows : ['eht_difmap', 'somospie']);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
