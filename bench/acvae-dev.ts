// Dev-split diagnostics for ACVAE (for choosing settings; never reads the scored test files):
// fits once on the 4 fit files of the training split, then scores the 2 dev files several ways
// from the same model (window vs filter scoring, a = S_ano - S_full vs -S_full) and prints SKAB
// F1/FAR/MAR at the model's threshold, ROC AUC, the best point F1 over thresholds (a diagnostic,
// dev labels only) and best range-F1.
// Run: node --conditions=source --import tsx bench/acvae-dev.ts [--set=key=value,...] [--normal-rows=N]
import { join, resolve } from 'node:path';
import { evaluateScores, readSeriesFile, type SeriesFile } from '@awad/cli';
import { ensureBackend } from '@awad/tensor';
import { AcvaeDetector, bestF1Threshold, createGroundTruthOracle, type AcvaeModelFile, type AcvaeOptions } from '@awad/vae';
import { parseOverrides, splitFiles } from './acvae-results';

const args = process.argv.slice(2);
await ensureBackend();
const datasets = resolve(process.env.AWAD_DATASETS ?? '../shared/datasets');
const split = splitFiles(datasets);
const read = (p: string): SeriesFile => readSeriesFile(p, { format: 'skab' });
const fit = split.fit.map(read);
const dev = split.dev.map(read);
const normal = read(join(datasets, 'skab', 'anomaly-free', 'anomaly-free.csv'));
const normalArg = args.find((a) => a.startsWith('--normal-rows='));
const normalRows = normalArg ? Number(normalArg.slice(14)) : 3000;
const budgetArg = args.find((a) => a.startsWith('--budget='));
const budget = budgetArg ? Number(budgetArg.slice(9)) : 0.03;
const options: AcvaeOptions = { window: 30, latent: 4, hidden: 16, epochs: 3, anoEpochs: 10, patience: 3, samples: 20, querySamples: 10, trainStride: 10, rounds: 3, seed: 1, ...parseOverrides(args), fitAfter: 0, labelBudget: budget };
const oracle = createGroundTruthOracle(fit.flatMap((f) => Array.from(f.labels ?? [])), { budget });
const detector = new AcvaeDetector(options);
const began = performance.now();
const stats = await detector.fit(
  fit.map((f) => ({ rows: f.rows, times: f.times })),
  { ...(budget > 0 ? { oracle } : {}), normal: normalRows > 0 ? [{ rows: normal.rows.slice(0, normalRows) }] : [] },
);
const seconds = (performance.now() - began) / 1000;
const file = detector.toModelFile();
const out: Record<string, unknown>[] = [];
for (const scoring of ['window', 'filter'] as const) {
  for (const mode of file.model.mode === 'contrast' ? (['contrast', 'full'] as const) : (['full'] as const)) {
    const variant: AcvaeModelFile = { ...file, options: { ...file.options, scoring }, model: { ...file.model, mode } };
    const d = AcvaeDetector.fromModelFile(variant);
    const scored = dev.map((f) => {
      const { scores, isAnomaly } = d.scoreSeries({ rows: f.rows, times: f.times });
      const keep = [...scores.keys()].filter((i) => Number.isFinite(scores[i] as number));
      return { name: f.path, labels: Uint8Array.from(keep, (i) => f.labels?.[i] ?? 0), scores: Float64Array.from(keep, (i) => scores[i] as number), predictions: Uint8Array.from(keep, (i) => isAnomaly[i] as number) };
    });
    const r = evaluateScores(scored, ['skab', 'auc', 'bestrangef1']) as unknown as Record<string, Record<string, number>>;
    const all = scored.flatMap((s) => Array.from(s.scores));
    const labels = scored.flatMap((s) => Array.from(s.labels));
    const best = bestF1Threshold(all, labels);
    out.push({ scoring, mode, threshold: d.threshold, skab: r.skab, auc: r.auc?.rocAuc, bestPointF1: best.f1, bestPointTh: best.threshold, bestRangeF1: r.bestrangef1?.f1 });
  }
}
// Score quantiles per group (diagnostic; fit-file labels are read here only to describe the scores).
const q = (v: number[]): number[] => {
  const s = v.filter(Number.isFinite).sort((x, y) => x - y);
  return [0.1, 0.5, 0.9, 0.99].map((p) => Number((s[Math.floor(p * (s.length - 1))] as number).toPrecision(3)));
};
const groups: Record<string, number[]> = { fitRef: [], fitNormal: [], fitAnomalous: [], devNormal: [], devAnomalous: [] };
const bestD = AcvaeDetector.fromModelFile(file);
for (const [files, kind] of [[fit, 'fit'], [dev, 'dev']] as const) {
  for (const f of files) {
    const sc = bestD.scoreSeries({ rows: f.rows, times: f.times }).scores;
    sc.forEach((v, i) => {
      const g = f.labels?.[i] ? `${kind}Anomalous` : kind === 'fit' && i < (options.levelRows ?? 0) ? 'fitRef' : `${kind}Normal`;
      groups[g]?.push(v);
    });
  }
}
const quantiles = Object.fromEntries(Object.entries(groups).map(([k, v]) => [k, v.length ? q(v) : []]));
process.stdout.write(`${JSON.stringify({ options, normalRows, budget, stats, seconds, quantiles, variants: out })}\n`);
