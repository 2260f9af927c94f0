// ACVAE on SKAB valve1 as the seed evaluates SKAB: fit on some files (labels only through a
// budgeted oracle), score the other files (no labels read), SKAB F1/FAR/MAR and best range-F1.
// Files are split by a fixed seed; the anomaly-free recording is extra normal training data.
// Hyperparameters are fixed here (or chosen with --dev on a dev split of the TRAINING files only).
// The 3% row is run for every seed of --seeds (default 1,2,3) and reported per seed and as the mean;
// the other rows use the first seed, or every seed too with --all-seeds (then each config gets a
// mean and sd over the seeds in `means`).
// Run: node --conditions=source --import tsx bench/acvae-results.ts [--quick] [--dev] [--only=name,...] [--seeds=1,2,3] [--all-seeds] [--set=key=value,...]
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { evaluateScores, readSeriesFile, type SeriesFile } from '@awad/cli';
import { createRandom } from '@awad/core';
import { ensureBackend } from '@awad/tensor';
import { ACVAE_PRESETS, AcvaeDetector, createGroundTruthOracle, type AcvaeOptions, type AcvaeSeries } from '@awad/vae';
import { meanSd } from './mean-sd';

const SPLIT_SEED = 2024;
const TRAIN_FILES = 6;

export interface AcvaeResultRow {
  readonly config: string;
  readonly seed: number;
  readonly labelBudget: number;
  readonly labelsUsed: number;
  readonly f1: number;
  readonly far: number;
  readonly mar: number;
  readonly bestRangeF1: number;
  readonly trainSeconds: number;
}

const series = (f: SeriesFile, from = 0, to = f.rows.length): AcvaeSeries => ({ rows: f.rows.slice(from, to), times: f.times.subarray(from, to) });

export function splitFiles(datasets: string): { train: string[]; test: string[]; dev: string[]; fit: string[] } {
  const dir = join(datasets, 'skab', 'valve1');
  const names = readdirSync(dir).filter((f) => f.endsWith('.csv')).sort((a, b) => parseInt(a, 10) - parseInt(b, 10));
  const random = createRandom(SPLIT_SEED);
  const shuffled = [...names];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j] as string, shuffled[i] as string];
  }
  const train = shuffled.slice(0, TRAIN_FILES).map((n) => join(dir, n));
  const test = shuffled.slice(TRAIN_FILES).map((n) => join(dir, n));
  return { train, test, fit: train.slice(0, 4), dev: train.slice(4) };
}

/**
 * The settings of the results table: `awad train --preset skab` (ACVAE_PRESETS.skab: sizes fixed a
 * priori for cost on this 2-core machine; everything else chosen on the dev split of the training
 * files, bench/acvae-dev.ts, never on the scored files) and the seed's W, Z, L and rounds.
 */
export const RESULT_OPTIONS: AcvaeOptions = { window: 30, latent: 4, patience: 3, samples: 100, querySamples: 10, rounds: 3, seed: 1, ...ACVAE_PRESETS.skab };
export const QUICK_OPTIONS: AcvaeOptions = { ...RESULT_OPTIONS, hidden: 16, epochs: 3, anoEpochs: 10, samples: 20, trainStride: 10 };

/** --set=key=value,... as option overrides (numbers, booleans, strings). */
export function parseOverrides(args: readonly string[]): AcvaeOptions {
  const setArg = args.find((a) => a.startsWith('--set='));
  return Object.fromEntries((setArg ? setArg.slice(6).split(',') : []).map((kv) => {
    const [k, v] = kv.split('=') as [string, string];
    // A list (features, flagFeatures) is written with '|' between its items: features=Current|Pressure.
    return [k, v === 'true' ? true : v === 'false' ? false : Number.isFinite(Number(v)) ? Number(v) : k === 'features' || k === 'flagFeatures' ? v.split('|') : v];
  })) as AcvaeOptions;
}

/** Mean and sample sd over seeds of each metric of a config's rows. */
export function seedStats(rows: readonly AcvaeResultRow[]): Record<'f1' | 'far' | 'mar' | 'bestRangeF1', { mean: number; sd: number }> {
  const stat = (k: 'f1' | 'far' | 'mar' | 'bestRangeF1'): { mean: number; sd: number } => meanSd(rows.map((r) => r[k]));
  return { f1: stat('f1'), far: stat('far'), mar: stat('mar'), bestRangeF1: stat('bestRangeF1') };
}

async function runConfig(name: string, seed: number, options: AcvaeOptions, budget: number, fitFiles: SeriesFile[], scoreFiles: SeriesFile[], normal: SeriesFile | undefined, normalRows: number): Promise<AcvaeResultRow> {
  const labels: number[] = fitFiles.flatMap((f) => Array.from(f.labels ?? []));
  const oracle = createGroundTruthOracle(labels, { budget });
  const detector = new AcvaeDetector({ ...options, seed, fitAfter: 0, labelBudget: budget });
  const began = performance.now();
  await detector.fit(
    fitFiles.map((f) => series(f)),
    { ...(budget > 0 ? { oracle } : {}), normal: normal && normalRows > 0 ? [series(normal, 0, normalRows)] : [] },
  );
  const trainSeconds = (performance.now() - began) / 1000;
  const scored = scoreFiles.map((f) => {
    const { scores, isAnomaly } = detector.scoreSeries(series(f));
    const keep = [...scores.keys()].filter((i) => Number.isFinite(scores[i] as number));
    return { name: f.path, labels: Uint8Array.from(keep, (i) => f.labels?.[i] ?? 0), scores: Float64Array.from(keep, (i) => scores[i] as number), predictions: Uint8Array.from(keep, (i) => isAnomaly[i] as number) };
  });
  const r = evaluateScores(scored, ['skab', 'bestrangef1']);
  const skab = r.skab ?? {};
  const range = r.bestrangef1 ?? {};
  const row = { config: name, seed, labelBudget: budget, labelsUsed: oracle.used, f1: skab.f1 ?? Number.NaN, far: skab.far ?? Number.NaN, mar: skab.mar ?? Number.NaN, bestRangeF1: range.f1 ?? Object.values(range)[0] ?? Number.NaN, trainSeconds };
  process.stderr.write(`${JSON.stringify(row)}\n`);
  return row;
}

export async function runAcvaeResults(args: readonly string[] = []): Promise<Record<string, unknown>> {
  await ensureBackend();
  const datasets = resolve(process.env.AWAD_DATASETS ?? '../shared/datasets');
  const quick = args.includes('--quick');
  const dev = args.includes('--dev');
  const onlyArg = args.find((a) => a.startsWith('--only='));
  const only = onlyArg ? onlyArg.slice(7).split(',') : undefined;
  const split = splitFiles(datasets);
  const read = (p: string): SeriesFile => readSeriesFile(p, { format: 'skab' });
  const fitFiles = (dev ? split.fit : split.train).map(read);
  const scoreFiles = (dev ? split.dev : split.test).map(read);
  const normal = read(join(datasets, 'skab', 'anomaly-free', 'anomaly-free.csv'));
  const normalArg = args.find((a) => a.startsWith('--normal-rows='));
  // Default 0, chosen on the dev split: the anomaly-free recording runs in another regime (flow
  // ~122 vs ~32, accelerometers ~8x) and stretches the scale (dev F1 0.833 with 3000 rows, 0.844 without).
  const normalRows = normalArg ? Number(normalArg.slice(14)) : 0;
  const overrides = parseOverrides(args);
  const seedsArg = args.find((a) => a.startsWith('--seeds='));
  const seeds = seedsArg ? seedsArg.slice(8).split(',').map(Number) : [1, 2, 3];
  const allSeeds = args.includes('--all-seeds');
  const base: AcvaeOptions = { ...(quick ? QUICK_OPTIONS : RESULT_OPTIONS), ...overrides };
  const configs: [string, AcvaeOptions, number][] = [
    ['acvae 3%', base, 0.03],
    ['acvae 0%', base, 0],
    ['single model 3%', { ...base, contrast: false }, 0.03],
    ['acvae 1%', base, 0.01],
    ['no augmentation 3%', { ...base, augmentStd: 0 }, 0.03],
    ['random query 3%', { ...base, query: 'random' }, 0.03],
    ['greedy query 3%', { ...base, query: 'greedy' }, 0.03],
  ];
  const rows: AcvaeResultRow[] = [];
  for (const [name, options, budget] of configs) {
    if (only && !only.includes(name)) continue;
    for (const seed of name === 'acvae 3%' || allSeeds ? seeds : seeds.slice(0, 1)) rows.push(await runConfig(name, seed, options, budget, fitFiles, scoreFiles, normal, normalRows));
  }
  const main = rows.filter((r) => r.config === 'acvae 3%');
  const mean = (k: 'f1' | 'far' | 'mar' | 'bestRangeF1'): number => main.reduce((a, r) => a + r[k], 0) / main.length;
  const seedMean = main.length > 1 ? { config: 'acvae 3%', seeds: main.map((r) => r.seed), f1: mean('f1'), far: mean('far'), mar: mean('mar'), bestRangeF1: mean('bestRangeF1') } : undefined;
  const means = configs
    .map(([name]) => rows.filter((r) => r.config === name))
    .filter((rs) => rs.length > 1)
    .map((rs) => ({ config: (rs[0] as AcvaeResultRow).config, seeds: rs.map((r) => r.seed), ...seedStats(rs) }));
  return {
    protocol: `SKAB valve1, files split by seed ${SPLIT_SEED}: fit on ${dev ? 'the 4 fit files of the training split' : `${TRAIN_FILES} training files`} (labels only through the oracle, budget = share of their points), scored on ${dev ? 'the 2 dev files' : 'the other files'} (no labels read); ${normalRows > 0 ? `anomaly-free.csv rows 0-${normalRows} as known-normal data` : 'no extra normal data'}; the first ${String(base.levelRows ?? 0)} rows of every file are its level reference${base.levelNormal ? ' and known normal (SKAB convention)' : ''}`,
    normalRows,
    fitFiles: fitFiles.map((f) => f.path.split('/').pop()),
    scoredFiles: scoreFiles.map((f) => f.path.split('/').pop()),
    options: base,
    rows,
    ...(seedMean ? { seedMean } : {}),
    ...(means.length > 0 ? { means } : {}),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = await runAcvaeResults(process.argv.slice(2));
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}
