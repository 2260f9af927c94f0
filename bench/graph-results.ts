// Flow-Bench node-level results of the graph detectors and the z-score baselines.
// Protocol (METHODS.md 6.3): runs split by a seed, 60% fit / 40% scored. Everything chosen
// (columns and their sides by greedy forward selection, calibration, reduction, host pooling,
// epochs, whether to rank-average the SSL score with the multi-feature z; graph-select.ts) is
// chosen on a dev split (25%) of the fit runs, fit on the other 75%; the labels of the dev runs
// are read only for that choice, never for training, and the scored runs' labels only for the
// final metrics. The chosen configuration is then refit on all fit runs and scored once.
// Self-supervised models train on fit runs without labels. Writes bench/graph-results.json.
// Usage: node --conditions=source --import tsx bench/graph-results.ts [workflow ...]
//   env GRAPH_EPOCHS (checkpoints, default 2,4), GRAPH_ENCODERS (default graphsage,gat),
//   GRAPH_SEEDS (default 1), GRAPH_ROBUST (statistics the dev split may choose, default none,trim),
//   AWAD_DATASETS, GRAPH_RESULTS_OUT.
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { GraphSslModel, MULTI_Z_FEATURES, NUMERIC_DIMS, NUMERIC_FEATURES, SslResidualScorer, TemplateVectorZ, TemplateZScore, measurementVectors, rankAverage, readFlowBench, splitRuns, type EncoderKind, type RunGraph, type TemplateVectorZOptions, type ZRobust } from '@awad/graph';
import { chooseZ, columnLabels, type ZChoice } from './graph-select';
import { averagePrecision, precisionAtK, rocAuc } from '@awad/scoring';
import { ensureBackend } from '@awad/tensor';

const DATASETS = process.env.AWAD_DATASETS ?? resolve(import.meta.dirname, '..', '..', 'shared', 'datasets');
const CHECKPOINTS = (process.env.GRAPH_EPOCHS ?? '2,4').split(',').map(Number);
const ENCODERS = (process.env.GRAPH_ENCODERS ?? 'graphsage,gat').split(',').filter((e) => e !== '') as EncoderKind[];
const SEEDS = (process.env.GRAPH_SEEDS ?? '1').split(',').map(Number);
const ROBUST = (process.env.GRAPH_ROBUST ?? 'none,trim').split(',') as ZRobust[];
const residualNames = [...NUMERIC_FEATURES.map((f) => `residual:${f}`), 'latent'];
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

  // Multi-feature z: session 2's search (two-sided columns) and this session's (sides, tail calibration).
  const fitVec = fit.map(measurementVectors);
  const devVec = dev.map(measurementVectors);
  const multiZ = (options: TemplateVectorZOptions, runs: readonly RunGraph[]): Float64Array => {
    const z = new TemplateVectorZ(MULTI_Z_FEATURES.length, options).fit(train, train.map(measurementVectors));
    return flat(runs.map((r) => z.score(r, measurementVectors(r))));
  };
  const twoSided = chooseZ(fit, fitVec, dev, devVec, devLabels, MULTI_Z_FEATURES, { twoSidedOnly: true });
  result['template-zscore-multi-2s'] = { ...metrics(testLabels, multiZ(twoSided.options, test)), chosen: { ...twoSided.options, columns: columnLabels(twoSided.options, MULTI_Z_FEATURES) }, devRocAuc: twoSided.devAuc, note: "session 2's search: two-sided columns, no calibration" };
  const multiChoice = chooseZ(fit, fitVec, dev, devVec, devLabels, MULTI_Z_FEATURES, { robust: ROBUST });
  const multiDevScores = multiChoice.devScores;
  const multiTest = multiZ(multiChoice.options, test);
  result['template-zscore-multi-all'] = { ...metrics(testLabels, multiZ({ pool: multiChoice.options.pool }, test)), chosen: `two-sided sumsq/${multiChoice.options.pool}, all ${MULTI_Z_FEATURES.length} features` };
  result['template-zscore-multi'] = { ...metrics(testLabels, multiTest), chosen: { ...multiChoice.options, columns: columnLabels(multiChoice.options, MULTI_Z_FEATURES) }, devRocAuc: multiChoice.devAuc, devTried: multiChoice.tried };
  result['template-zscore-multi-online'] = { ...metrics(testLabels, multiZ({ ...multiChoice.options, causal: true }, test)), note: 'the same, host-pooled only over peers that ended no later (what the live GraphNodeDetector has)' };

  const K = NUMERIC_DIMS + 1;
  // The detector the dev split prefers among the multi-feature z and the graph models.
  const candidates: { name: string; devAuc: number; test: Float64Array }[] = [{ name: 'template-zscore-multi', devAuc: multiChoice.devAuc, test: multiTest }];
  for (const encoder of ENCODERS) {
    const label = encoder === 'gat' ? 'graph-gat' : 'graph-ssl';
    // Dev curve: train on fit runs; at each checkpoint pick pooling, reduction, columns and fusion on dev.
    const devCurve: Record<string, Record<string, unknown>> = {};
    let best = { epochs: CHECKPOINTS[0] as number, options: undefined as ZChoice['options'] | undefined, auc: -1, fuse: false };
    const devStarted = Date.now();
    const devModel = GraphSslModel.train(fit, { encoder, epochs: CHECKPOINTS[0] as number, seed });
    let done = CHECKPOINTS[0] as number;
    for (const epochs of CHECKPOINTS) {
      if (epochs > done) devModel.fit(fit, epochs - done);
      done = epochs;
      const residFit = devModel.residuals(fit);
      const residDev = devModel.residuals(dev);
      const pick = chooseZ(fit, residFit, dev, residDev, devLabels, residualNames, { robust: ROBUST });
      const fusedAuc = devAuc(rankAverage([pick.devScores, multiDevScores]));
      devCurve[`epochs=${epochs}`] = { latent: devAuc(flat(residDev.map((r) => r.filter((_, i) => i % K === K - 1)))), chosen: columnLabels(pick.options, residualNames), pool: pick.options.pool, calibrate: pick.options.calibrate, combine: pick.options.combine, auc: pick.devAuc, withMultiZ: fusedAuc };
      for (const [auc, fuse] of [[pick.devAuc, false], [fusedAuc, true]] as const) if (auc > best.auc) best = { epochs, options: pick.options, auc, fuse };
    }
    const devSeconds = (Date.now() - devStarted) / 1000;
    devModel.dispose();
    const started = Date.now();
    const chosenZ = best.options as ZChoice['options'];
    const final = SslResidualScorer.train(train, { encoder, epochs: best.epochs, seed }, chosenZ);
    const trainSeconds = (Date.now() - started) / 1000;
    const residualTest = flat(final.scoreRuns(test));
    const latentTest = flat(final.model.residuals(test).map((r) => r.filter((_, i) => i % K === K - 1)));
    const chosen = { epochs: best.epochs, ...chosenZ, columns: columnLabels(chosenZ, residualNames), rankAverageWithMultiZ: best.fuse };
    result[`${label}-latent`] = { ...metrics(testLabels, latentTest), epochs: best.epochs, note: 'METHODS 3.8 default score d(v) of the same model' };
    result[`${label}-residual`] = { ...metrics(testLabels, residualTest), note: 'the chosen residual score alone, without rank fusion' };
    const graphTest = best.fuse ? rankAverage([residualTest, multiTest]) : residualTest;
    result[label] = { ...metrics(testLabels, graphTest), chosen, devRocAuc: best.auc, devCurve, devSeconds, trainSeconds };
    candidates.push({ name: label, devAuc: best.auc, test: graphTest });
    final.dispose();
  }
  const pick = candidates.reduce((a, b) => (b.devAuc > a.devAuc ? b : a));
  result['best-on-dev'] = { ...metrics(testLabels, pick.test), chosen: pick.name, devRocAuc: pick.devAuc };
  return result;
}

export async function graphResults(workflows: readonly string[]): Promise<Record<string, unknown>> {
  const backend = await ensureBackend();
  const out: Record<string, unknown> = { protocol: { trainRuns: 0.6, devOfTrain: 0.25, seeds: SEEDS, epochCheckpoints: CHECKPOINTS, robust: ROBUST, backend: backend.backend } };
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
