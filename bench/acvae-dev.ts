// Dev-split evaluation of ACVAE settings (never reads the 10 scored test files): 3 folds over the
// 6 training files (fit on 4, score the other 2, the labels of the 4 only through the budgeted
// oracle), for one or more seeds. Each (fold, seed) is fit once with the given settings; then
// every post-rule of the grid (centring, smoothing, normal quantile) is applied to that model's
// raw scores, and its threshold is set from the fit files' scores and the labels the detector
// knew (its reference rows and the points it asked for), as the detector sets it at the end of
// training. Prints SKAB F1/FAR/MAR and ROC AUC on the dev files: per model, and the mean.
// Run: node --conditions=source --import tsx bench/acvae-dev.ts [--lofo] [--set=key=value,...] [--folds=0,1,2] [--seeds=1,2] [--grid] [--cache-out=F | --cache-in=F]
// --lofo: six folds, each leaving one training file out; besides the per-model mean, every run prints
// SKAB metrics pooled over all dev files of a seed (mean over seeds), as the scored files are pooled.
// Without --grid only the settings' own post-rule is evaluated. --cache-out writes every model's raw
// scores (fit files with the labels it knew, dev files with theirs); --cache-in evaluates the grid
// on such a file instead of fitting.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readSeriesFile, type SeriesFile } from '@awad/cli';
import { rocAuc, skabMetrics } from '@awad/scoring';
import { ensureBackend } from '@awad/tensor';
import { acvaeThreshold, AcvaeDetector, calibrationMask, createGroundTruthOracle, postSeriesScores, resolveAcvaeOptions, type AcvaeOptions } from '@awad/vae';
import { parseOverrides, RESULT_OPTIONS, splitFiles } from './acvae-results';

const args = process.argv.slice(2);
// --lofo: leave one file out, six folds (fit on 5, score 1), closer to the scored split's fit on 6;
// the dev metrics are then pooled over the six dev files per seed, as the scored files' are over ten.
const lofo = args.includes('--lofo');
const FOLDS: readonly (readonly number[])[] = lofo ? [[0], [1], [2], [3], [4], [5]] : [[4, 5], [0, 1], [2, 3]];

const list = (name: string, fallback: number[]): number[] => {
  const a = args.find((x) => x.startsWith(`--${name}=`));
  return a ? a.slice(name.length + 3).split(',').map(Number) : fallback;
};
await ensureBackend();
const datasets = resolve(process.env.AWAD_DATASETS ?? '../shared/datasets');
const train = splitFiles(datasets).train.map((p) => readSeriesFile(p, { format: 'skab' }));
const budget = 0.03;
const base: AcvaeOptions = { ...RESULT_OPTIONS, ...parseOverrides(args), fitAfter: 0, labelBudget: budget };
const own = resolveAcvaeOptions(base);
const grid = args.includes('--grid')
  ? [1, 10, 30, 60].flatMap((smoothing) => [false, true].flatMap((center) => [0.9, 0.95, 0.99, 0.995, 0.999, 1].map((q) => ({ smoothing, center, q }))))
  : [{ smoothing: own.smoothing, center: own.centerScores, q: own.normalQuantile }];
const series = (f: SeriesFile) => ({ rows: f.rows, times: f.times });
type Row = { fold: number; seed: number; f1: number; far: number; mar: number; auc: number };
const results = grid.map(() => [] as Row[]);
/** Per grid point and seed, every dev file's labels and predictions, for metrics pooled over the folds. */
type Scored = { labels: Uint8Array; predictions: Uint8Array };
const pooled = grid.map(() => new Map<number, Scored[]>());
/** One fitted model's raw scores: fit files (a, the labels it knew: -1 unknown) and dev files (a, truth). */
interface CachedModel {
  readonly fold: number;
  readonly seed: number;
  readonly fit: readonly { readonly a: readonly (number | null)[]; readonly known: readonly number[] }[];
  readonly dev: readonly { readonly a: readonly (number | null)[]; readonly truth: readonly number[] }[];
}
const cacheIn = args.find((a) => a.startsWith('--cache-in='))?.slice(11);
const cacheOut = args.find((a) => a.startsWith('--cache-out='))?.slice(12);
const cache: CachedModel[] = [];
const nums = (a: readonly (number | null)[]): Float64Array => Float64Array.from(a, (v) => (v === null ? Number.NaN : v));

function evaluate(fold: number, seed: number, fitRaw: { a: Float64Array; known: Int8Array }[], devRaw: { a: Float64Array; labels: ArrayLike<number> }[]): void {
  grid.forEach((g, k) => {
    const post = { smoothing: g.smoothing, center: g.center, referenceRows: own.levelRows };
    const cat = (parts: Float64Array[]): Float64Array => Float64Array.from(parts.flatMap((p) => Array.from(p)));
    const fitScores = cat(fitRaw.map((s) => postSeriesScores(s.a, [[0, s.a.length]], post)));
    const known = Int8Array.from(fitRaw.flatMap((s) => Array.from(s.known)));
    // The fit files' held-out reference rows, as the detector reads them (calibrationRows).
    let at = 0;
    const bounds = fitRaw.map((s) => [at, (at += s.a.length)] as const);
    const calibration = own.calibrationRows > 0 ? calibrationMask(bounds, known.length, own.levelRows, own.calibrationRows) : undefined;
    const { threshold } = acvaeThreshold(fitScores, known, known.length, { cut: own.thresholdCut, normalQuantile: g.q, unsupervisedQuantile: own.unsupervisedQuantile }, calibration);
    const scored = devRaw.map((s) => {
      const a = postSeriesScores(s.a, [[0, s.a.length]], post);
      const keep = [...a.keys()].filter((i) => Number.isFinite(a[i] as number));
      return { labels: Uint8Array.from(keep, (i) => s.labels[i] as number), scores: Float64Array.from(keep, (i) => a[i] as number) };
    });
    const predicted = scored.map((s) => ({ labels: s.labels, predictions: Uint8Array.from(s.scores, (v) => (v >= threshold ? 1 : 0)) }));
    const m = skabMetrics(predicted);
    const bySeed = pooled[k] as Map<number, Scored[]>;
    bySeed.set(seed, [...(bySeed.get(seed) ?? []), ...predicted]);
    const auc = rocAuc(
      scored.flatMap((s) => Array.from(s.labels)),
      scored.flatMap((s) => Array.from(s.scores)),
    );
    (results[k] as Row[]).push({ fold, seed, f1: m.f1, far: m.far, mar: m.mar, auc });
  });
}

if (cacheIn) {
  for (const m of JSON.parse(readFileSync(cacheIn, 'utf8')) as CachedModel[]) {
    evaluate(
      m.fold,
      m.seed,
      m.fit.map((s) => ({ a: nums(s.a), known: Int8Array.from(s.known) })),
      m.dev.map((s) => ({ a: nums(s.a), labels: s.truth })),
    );
  }
}
for (const fold of cacheIn ? [] : list('folds', FOLDS.map((_, i) => i))) {
  const devIdx: readonly number[] = FOLDS[fold] as readonly number[];
  const fit = train.filter((_, i) => !devIdx.includes(i));
  const dev = train.filter((_, i) => devIdx.includes(i));
  for (const seed of list('seeds', [1])) {
    const oracle = createGroundTruthOracle(
      fit.flatMap((f) => Array.from(f.labels ?? [])),
      { budget },
    );
    const d = new AcvaeDetector({ ...base, seed });
    const began = performance.now();
    await d.fit(fit.map(series), { oracle });
    const seconds = (performance.now() - began) / 1000;
    const file = d.toModelFile();
    const raw = AcvaeDetector.fromModelFile({ ...file, options: { ...file.options, smoothing: 1, centerScores: false } });
    // What the detector knew of the fit files: its reference rows (levelNormal) and the points it asked for.
    let offset = 0;
    const fitRaw = fit.map((f) => {
      const known = Int8Array.from({ length: f.rows.length }, (_, i) => (oracle.asked.has(offset + i) ? (f.labels?.[i] ?? 0) : own.levelNormal && i < own.levelRows ? 0 : -1));
      offset += f.rows.length;
      return { a: raw.scoreSeries(series(f)).scores, known };
    });
    const devRaw = dev.map((f) => ({ a: raw.scoreSeries(series(f)).scores, labels: f.labels ?? new Uint8Array(f.rows.length) }));
    evaluate(fold, seed, fitRaw, devRaw);
    if (cacheOut) cache.push({ fold, seed, fit: fitRaw.map((r) => ({ a: Array.from(r.a, (v) => (Number.isFinite(v) ? v : null)), known: Array.from(r.known) })), dev: devRaw.map((r) => ({ a: Array.from(r.a, (v) => (Number.isFinite(v) ? v : null)), truth: Array.from(r.labels) })) });
    process.stderr.write(`fold ${fold} seed ${seed}: ${seconds.toFixed(0)} s, ${d.fitStats?.labeled} labels (${d.fitStats?.labeledAnomalous} anomalous)\n`);
  }
}

if (cacheOut) writeFileSync(cacheOut, JSON.stringify(cache));
const mean = (rows: Row[], key: keyof Row): number => rows.reduce((a, r) => a + (r[key] as number), 0) / rows.length;
const out = grid.map((g, k) => {
  const rows = results[k] as Row[];
  // SKAB metrics over all dev files of one seed (every fold), then the mean over seeds.
  const perSeed = [...(pooled[k] as Map<number, Scored[]>).entries()].map(([seed, files]) => ({ seed, ...skabMetrics(files) }));
  const pool = { f1: perSeed.reduce((a, r) => a + r.f1, 0) / perSeed.length, far: perSeed.reduce((a, r) => a + r.far, 0) / perSeed.length, mar: perSeed.reduce((a, r) => a + r.mar, 0) / perSeed.length };
  return { ...g, f1: mean(rows, 'f1'), far: mean(rows, 'far'), mar: mean(rows, 'mar'), auc: mean(rows, 'auc'), pooled: pool, pooledPerSeed: perSeed.map((r) => ({ seed: r.seed, f1: r.f1, far: r.far, mar: r.mar })), perModel: rows.map((r) => `fold ${r.fold} seed ${r.seed}: ${r.f1.toFixed(3)} / ${(100 * r.far).toFixed(1)} / ${(100 * r.mar).toFixed(1)}`) };
});
process.stdout.write(`${JSON.stringify({ options: base, lofo, folds: list('folds', FOLDS.map((_, i) => i)), seeds: list('seeds', [1]), rows: out }, null, 2)}\n`);
for (const r of out) process.stderr.write(`smoothing ${String(r.smoothing).padStart(2)} centre ${r.center ? 'y' : 'n'} q ${r.q}: F1 ${r.f1.toFixed(3)} FAR ${(100 * r.far).toFixed(1)}% MAR ${(100 * r.mar).toFixed(1)}% AUC ${r.auc.toFixed(3)} | pooled F1 ${r.pooled.f1.toFixed(3)} FAR ${(100 * r.pooled.far).toFixed(1)}% MAR ${(100 * r.pooled.mar).toFixed(1)}%\n`);
