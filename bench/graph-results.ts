// Flow-Bench node-level results of the graph detectors and the z-score baselines.
// Protocol (METHODS.md 6.3): runs split by a seed, 60% fit / 40% scored. Everything chosen
// (reduction, host pooling, epochs, whether to rank-average with the multi-feature z) is chosen on a
// dev split (25%) of the fit runs, fit on the other 75%; the labels of the dev runs are read only
// for that choice, never for training, and the scored runs' labels only for the final metrics.
// Self-supervised models train on fit runs without labels. Writes bench/graph-results.json.
// Usage: node --conditions=source --import tsx bench/graph-results.ts [workflow ...]
//   env GRAPH_EPOCHS (checkpoints, default 2,4), GRAPH_ENCODERS (default graphsage,gat),
//   GRAPH_SEEDS (default 1), AWAD_DATASETS, GRAPH_RESULTS_OUT.
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SslResidualScorer, GraphSslModel, TemplateFeatureZScore, TemplateZScore, rankAverage, readFlowBench, splitRuns, type EncoderKind, type RunGraph, type SslResidualOptions, type TemplateVectorZOptions } from '@awad/graph';
import { averagePrecision, precisionAtK, rocAuc } from '@awad/scoring';
import { ensureBackend } from '@awad/tensor';

const DATASETS = process.env.AWAD_DATASETS ?? resolve(import.meta.dirname, '..', '..', 'shared', 'datasets');
const CHECKPOINTS = (process.env.GRAPH_EPOCHS ?? '2,4').split(',').map(Number);
const ENCODERS = (process.env.GRAPH_ENCODERS ?? 'graphsage,gat').split(',') as EncoderKind[];
const SEEDS = (process.env.GRAPH_SEEDS ?? '1').split(',').map(Number);
const CONFIGS: TemplateVectorZOptions[] = [
  { combine: 'sumsq', pool: 'none' },
  { combine: 'max', pool: 'none' },
  { combine: 'sumsq', pool: 'host' },
  { combine: 'max', pool: 'host' },
];
const SSL_CONFIGS: SslResidualOptions[] = [...CONFIGS, { columns: 'latent', combine: 'max', pool: 'none' }, { columns: 'latent', combine: 'max', pool: 'host' }];
const name = (c: SslResidualOptions): string => `${c.columns === 'latent' ? 'latent-z/' : ''}${c.combine}/${c.pool}`;

interface Metrics {
  rocAuc: number;
  ap: number;
  precisionAtK: number;
}
function metrics(labels: Uint8Array, scores: Float64Array): Metrics {
  const r = (v: number): number => Number(v.toFixed(4));
  return { rocAuc: r(rocAuc(labels, scores)), ap: r(averagePrecision(labels, scores)), precisionAtK: r(precisionAtK(labels, scores)) };
}
const flat = (s: readonly Float32Array[]): Float64Array => Float64Array.from(s.flatMap((x) => [...x]));

async function oneSeed(workflow: string, seed: number): Promise<Record<string, unknown>> {
  const data = readFlowBench(join(DATASETS, 'flowbench', `${workflow}.zip`), join(DATASETS, 'flowbench', `${workflow}.json`));
  const { train, test } = splitRuns(data.runs, 0.6, seed);
  const { train: fit, test: dev } = splitRuns(train, 0.75, seed + 1);
  const labelsOf = (runs: readonly RunGraph[]): Uint8Array => Uint8Array.from(runs.flatMap((r) => [...(data.labels.get(r.runId) as Uint8Array)]));
  const testLabels = labelsOf(test);
  const devLabels = labelsOf(dev);
  const devAuc = (s: Float64Array): number => Number(rocAuc(devLabels, s).toFixed(4));
  const result: Record<string, unknown> = { runs: data.runs.length, trainRuns: train.length, devRuns: dev.length, scoredRuns: test.length, scoredJobs: testLabels.length, anomalousJobs: testLabels.reduce((a, b) => a + b, 0) };

  const z = new TemplateZScore().fit(train);
  result['template-zscore'] = metrics(testLabels, flat(test.map((r) => z.score(r))));

  // Multi-feature z: pick the reduction and pooling on dev.
  const multiDev: Record<string, number> = {};
  let bestMulti = CONFIGS[0] as TemplateVectorZOptions;
  for (const c of CONFIGS) {
    const m = new TemplateFeatureZScore(c).fit(fit);
    multiDev[name(c)] = devAuc(flat(dev.map((r) => m.score(r))));
    if ((multiDev[name(c)] as number) > (multiDev[name(bestMulti)] as number)) bestMulti = c;
  }
  const multiDevScores = flat(dev.map((r) => new TemplateFeatureZScore(bestMulti).fit(fit).score(r)));
  const multi = new TemplateFeatureZScore(bestMulti).fit(train);
  const multiTest = flat(test.map((r) => multi.score(r)));
  result['template-zscore-multi'] = { ...metrics(testLabels, multiTest), chosen: name(bestMulti), devRocAuc: multiDev };

  for (const encoder of ENCODERS) {
    const label = encoder === 'gat' ? 'graph-gat' : 'graph-ssl';
    // Dev curve: train on fit runs, evaluate each checkpoint and each reduction on dev.
    const devCurve: Record<string, Record<string, number>> = {};
    let best = { epochs: CHECKPOINTS[0] as number, config: SSL_CONFIGS[0] as SslResidualOptions, auc: -1, fuse: false };
    const devModel = GraphSslModel.train(fit, { encoder, epochs: CHECKPOINTS[0] as number, seed });
    let done = CHECKPOINTS[0] as number;
    const devStarted = Date.now();
    for (const epochs of CHECKPOINTS) {
      if (epochs > done) devModel.fit(fit, epochs - done);
      done = epochs;
      const row: Record<string, number> = {};
      const latent = devModel.residuals(dev).map((r) => r.filter((_, i) => i % 10 === 9));
      row['latent'] = devAuc(flat(latent));
      for (const c of SSL_CONFIGS) {
        const s = flat(new SslResidualScorer(devModel, c).fit(fit).scoreRuns(dev));
        row[name(c)] = devAuc(s);
        const fused = rankAverage([s, multiDevScores]);
        row[`${name(c)}+multi-z`] = devAuc(fused);
        for (const [auc, fuse] of [[row[name(c)] as number, false], [row[`${name(c)}+multi-z`] as number, true]] as const) if (auc > best.auc) best = { epochs, config: c, auc, fuse };
      }
      devCurve[`epochs=${epochs}`] = row;
    }
    const devSeconds = (Date.now() - devStarted) / 1000;
    devModel.dispose();
    const started = Date.now();
    const final = SslResidualScorer.train(train, { encoder, epochs: best.epochs, seed }, best.config);
    const trainSeconds = (Date.now() - started) / 1000;
    const residualTest = flat(final.scoreRuns(test));
    const latentTest = flat(final.model.residuals(test).map((r) => r.filter((_, i) => i % 10 === 9)));
    result[`${label}-latent`] = { ...metrics(testLabels, latentTest), epochs: best.epochs, note: 'METHODS 3.8 default score d(v) of the same model' };
    result[`${label}-residual`] = { ...metrics(testLabels, residualTest), epochs: best.epochs, config: name(best.config) };
    result[label] = { ...metrics(testLabels, best.fuse ? rankAverage([residualTest, multiTest]) : residualTest), chosen: { epochs: best.epochs, config: name(best.config), rankAverageWithMultiZ: best.fuse }, devRocAuc: devCurve, devSeconds, trainSeconds };
    final.dispose();
  }
  return result;
}

export async function graphResults(workflows: readonly string[]): Promise<Record<string, unknown>> {
  const backend = await ensureBackend();
  const out: Record<string, unknown> = { protocol: { trainRuns: 0.6, devOfTrain: 0.25, seeds: SEEDS, epochCheckpoints: CHECKPOINTS, backend: backend.backend } };
  for (const workflow of workflows) {
    const perSeed: Record<string, unknown> = {};
    for (const seed of SEEDS) {
      perSeed[`seed${seed}`] = await oneSeed(workflow, seed);
      process.stderr.write(`${workflow} seed ${seed} done\n`);
    }
    out[workflow] = SEEDS.length === 1 ? perSeed[`seed${SEEDS[0]}`] : { ...perSeed, spread: spread(perSeed) };
  }
  return out;
}

/** Mean and (population) standard deviation of each detector's ROC-AUC over seeds. */
function spread(perSeed: Record<string, unknown>): Record<string, { mean: number; std: number }> {
  const by = new Map<string, number[]>();
  for (const r of Object.values(perSeed) as Record<string, unknown>[]) {
    for (const [k, v] of Object.entries(r)) if (typeof v === 'object' && v !== null && 'rocAuc' in v) by.set(k, [...(by.get(k) ?? []), (v as Metrics).rocAuc]);
  }
  const out: Record<string, { mean: number; std: number }> = {};
  for (const [k, xs] of by) {
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    out[k] = { mean: Number(m.toFixed(4)), std: Number(Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length).toFixed(4)) };
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const workflows = process.argv.slice(2);
  const result = await graphResults(workflows.length > 0 ? workflows : ['eht_difmap', 'somospie']);
  const text = `${JSON.stringify(result, null, 2)}\n`;
  writeFileSync(process.env.GRAPH_RESULTS_OUT ?? resolve(import.meta.dirname, 'graph-results.json'), text);
  process.stdout.write(text);
}
