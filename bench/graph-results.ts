// Flow-Bench node-level results of the graph detectors and the z-score baselines.
// Protocol (METHODS.md 6.3): runs split by a seed, 60% fit / 40% scored. Everything chosen
// (features/columns by greedy forward selection, reduction, host pooling, epochs, whether to
// rank-average the SSL score with the multi-feature z) is chosen on a
// dev split (25%) of the fit runs, fit on the other 75%; the labels of the dev runs are read only
// for that choice, never for training, and the scored runs' labels only for the final metrics.
// Self-supervised models train on fit runs without labels. Writes bench/graph-results.json.
// Usage: node --conditions=source --import tsx bench/graph-results.ts [workflow ...]
//   env GRAPH_EPOCHS (checkpoints, default 2,4), GRAPH_ENCODERS (default graphsage,gat),
//   GRAPH_SEEDS (default 1), AWAD_DATASETS, GRAPH_RESULTS_OUT.
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { GraphSslModel, MULTI_Z_FEATURES, NUMERIC_DIMS, NUMERIC_FEATURES, SslResidualScorer, TemplateFeatureZScore, TemplateVectorZ, TemplateZScore, measurementVectors, rankAverage, readFlowBench, splitRuns, type EncoderKind, type MultiZFeature, type RunGraph, type ZCombine, type ZPool } from '@awad/graph';
import { averagePrecision, precisionAtK, rocAuc } from '@awad/scoring';
import { ensureBackend } from '@awad/tensor';

const DATASETS = process.env.AWAD_DATASETS ?? resolve(import.meta.dirname, '..', '..', 'shared', 'datasets');
const CHECKPOINTS = (process.env.GRAPH_EPOCHS ?? '2,4').split(',').map(Number);
const ENCODERS = (process.env.GRAPH_ENCODERS ?? 'graphsage,gat').split(',').filter((e) => e !== '') as EncoderKind[];
const SEEDS = (process.env.GRAPH_SEEDS ?? '1').split(',').map(Number);
const POOLS: readonly ZPool[] = ['none', 'host'];
const COMBINES: readonly ZCombine[] = ['sumsq', 'max'];
const all = (k: number): number[] => Array.from({ length: k }, (_, d) => d);
const columnName = (d: number): string => (d < NUMERIC_DIMS ? `residual:${NUMERIC_FEATURES[d]}` : 'latent');

/** Scores from per-run signed z rows (N*k each), reduced over `select`. */
function reduce(z: readonly Float32Array[], k: number, combine: ZCombine, select: readonly number[]): Float64Array {
  const out: number[] = [];
  for (const zr of z) {
    for (let i = 0; i < zr.length / k; i++) {
      let s = 0;
      for (const d of select) s = combine === 'max' ? Math.max(s, Math.abs(zr[i * k + d] as number)) : s + (zr[i * k + d] as number) ** 2;
      out.push(s);
    }
  }
  return Float64Array.from(out);
}

/** Greedy forward selection of columns by dev ROC-AUC (a column must add at least 0.002). */
function greedySelect(z: readonly Float32Array[], k: number, combine: ZCombine, labels: Uint8Array): { select: number[]; auc: number } {
  const select: number[] = [];
  let auc = 0;
  for (;;) {
    let bestD = -1;
    let bestAuc = auc + 0.002;
    for (let d = 0; d < k; d++) {
      if (select.includes(d)) continue;
      const a = rocAuc(labels, reduce(z, k, combine, [...select, d]));
      if (a > bestAuc) [bestD, bestAuc] = [d, a];
    }
    if (bestD < 0) return { select, auc: Number(auc.toFixed(4)) };
    select.push(bestD);
    auc = bestAuc;
  }
}

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

  // Multi-feature z: pick pooling, reduction and features (greedy forward selection) on dev.
  const multiDev: Record<string, unknown> = {};
  let bestMulti = { pool: 'none' as ZPool, combine: 'sumsq' as ZCombine, select: [] as number[], auc: -1 };
  for (const pool of POOLS) {
    const zs = new TemplateVectorZ(MULTI_Z_FEATURES.length, { pool }).fit(fit, fit.map(measurementVectors));
    const zDev = dev.map((r) => zs.z(r, measurementVectors(r)));
    for (const combine of COMBINES) {
      const pick = greedySelect(zDev, MULTI_Z_FEATURES.length, combine, devLabels);
      multiDev[`${combine}/${pool}`] = { allFeatures: devAuc(reduce(zDev, MULTI_Z_FEATURES.length, combine, all(MULTI_Z_FEATURES.length))), selected: pick.select.map((d) => MULTI_Z_FEATURES[d]), auc: pick.auc };
      if (pick.auc > bestMulti.auc) bestMulti = { pool, combine, ...pick };
    }
  }
  const multiOptions = { pool: bestMulti.pool, combine: bestMulti.combine, features: bestMulti.select.map((d) => MULTI_Z_FEATURES[d] as MultiZFeature) };
  const multiDevScores = flat(dev.map((r) => new TemplateFeatureZScore(multiOptions).fit(fit).score(r)));
  const multi = new TemplateFeatureZScore(multiOptions).fit(train);
  const multiTest = flat(test.map((r) => multi.score(r)));
  const multiAll = new TemplateFeatureZScore({ pool: bestMulti.pool, combine: bestMulti.combine }).fit(train);
  result['template-zscore-multi-all'] = { ...metrics(testLabels, flat(test.map((r) => multiAll.score(r)))), chosen: `${bestMulti.combine}/${bestMulti.pool}, all ${MULTI_Z_FEATURES.length} features` };
  result['template-zscore-multi'] = { ...metrics(testLabels, multiTest), chosen: { ...multiOptions }, devRocAuc: multiDev };

  const K = NUMERIC_DIMS + 1;
  for (const encoder of ENCODERS) {
    const label = encoder === 'gat' ? 'graph-gat' : 'graph-ssl';
    // Dev curve: train on fit runs; at each checkpoint pick pooling, reduction, columns and fusion on dev.
    const devCurve: Record<string, Record<string, unknown>> = {};
    let best = { epochs: CHECKPOINTS[0] as number, pool: 'none' as ZPool, combine: 'sumsq' as ZCombine, select: [] as number[], auc: -1, fuse: false };
    const devStarted = Date.now();
    const devModel = GraphSslModel.train(fit, { encoder, epochs: CHECKPOINTS[0] as number, seed });
    let done = CHECKPOINTS[0] as number;
    for (const epochs of CHECKPOINTS) {
      if (epochs > done) devModel.fit(fit, epochs - done);
      done = epochs;
      const residFit = devModel.residuals(fit);
      const residDev = devModel.residuals(dev);
      const row: Record<string, unknown> = { latent: devAuc(flat(residDev.map((r) => r.filter((_, i) => i % K === K - 1)))) };
      for (const pool of POOLS) {
        const zs = new TemplateVectorZ(K, { pool }).fit(fit, residFit);
        const zDev = dev.map((r, g) => zs.z(r, residDev[g] as Float32Array));
        for (const combine of COMBINES) {
          const pick = greedySelect(zDev, K, combine, devLabels);
          const fusedAuc = devAuc(rankAverage([reduce(zDev, K, combine, pick.select), multiDevScores]));
          row[`${combine}/${pool}`] = { allColumns: devAuc(reduce(zDev, K, combine, all(K))), selected: pick.select.map(columnName), auc: pick.auc, withMultiZ: fusedAuc };
          for (const [auc, fuse] of [[pick.auc, false], [fusedAuc, true]] as const) if (auc > best.auc) best = { epochs, pool, combine, select: pick.select, auc, fuse };
        }
      }
      devCurve[`epochs=${epochs}`] = row;
    }
    const devSeconds = (Date.now() - devStarted) / 1000;
    devModel.dispose();
    const started = Date.now();
    const final = SslResidualScorer.train(train, { encoder, epochs: best.epochs, seed }, { pool: best.pool, combine: best.combine, select: best.select });
    const trainSeconds = (Date.now() - started) / 1000;
    const residualTest = flat(final.scoreRuns(test));
    const latentTest = flat(final.model.residuals(test).map((r) => r.filter((_, i) => i % K === K - 1)));
    const chosen = { epochs: best.epochs, pool: best.pool, combine: best.combine, columns: best.select.map(columnName), rankAverageWithMultiZ: best.fuse };
    result[`${label}-latent`] = { ...metrics(testLabels, latentTest), epochs: best.epochs, note: 'METHODS 3.8 default score d(v) of the same model' };
    result[`${label}-residual`] = { ...metrics(testLabels, residualTest), note: 'the chosen residual score alone, without rank fusion' };
    result[label] = { ...metrics(testLabels, best.fuse ? rankAverage([residualTest, multiTest]) : residualTest), chosen, devRocAuc: devCurve, devSeconds, trainSeconds };
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
