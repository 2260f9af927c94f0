// `awad score`: one output row per input row, with `score` and `is_anomaly`.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Command } from 'commander';
import { stringify } from 'csv-stringify/sync';
import { STATS_STAGE_NAMES } from '@awad/stats';
import { ensureBackend } from '@awad/tensor';
import { VaeModel, type VaeModelJson } from '@awad/vae';
import { CliError } from '../cli-error';
import { SERIES_FORMATS, readSeriesFile, type SeriesFormat } from '../io/series-file';
import { choiceOption, intOption, listOption } from '../options';
import { parseThresholdRule, scoreSeries, type ScoredSeries } from '../score/score-series';
import { isVaeStageName, VAE_STAGE_NAMES } from '../score/vae-stages';
import { ACVAE_PRESETS, AcvaeDetector, type AcvaeModelFile, type AcvaePresetName } from '@awad/vae';
import { fitAcvaeOnFiles, scoreFileWithAcvae } from '../score/acvae-file';
import { PRESET_FLAG, presetOption, shareOption } from './train';
import { scoreFlowBench, type GraphDetectorName, type GraphScoreOptions } from './graph-score';

interface ScoreCliOptions {
  input: string[];
  format: SeriesFormat | 'flowbench';
  dag?: string;
  trainRuns?: number;
  seed?: number;
  epochs?: number;
  labelsOut?: string;
  graphScore?: string;
  features?: string[];
  fuseMultiZ?: string[];
  combine?: string;
  pool?: string;
  calibrate?: string;
  robust?: string;
  causal?: boolean;
  modelOut?: string;
  detector?: string[];
  trainRows?: number;
  threshold: string;
  out?: string;
  outDir?: string;
  timeCol?: string;
  labelCol?: string;
  delimiter?: string;
  json?: boolean;
  labelBudget?: number;
  preset?: AcvaePresetName;
  model?: string;
}

export function registerScore(program: Command): void {
  program
    .command('score')
    .description('score every row of a series file (stats, vae, acvae detectors), or every job of Flow-Bench runs (graph detectors); writes score and is_anomaly columns; labels are never read, except by acvae through its budgeted oracle')
    .requiredOption('--input <file...>', 'input file(s)')
    .requiredOption('--format <format>', `input format: ${[...SERIES_FORMATS, 'flowbench'].join(', ')}`, choiceOption('--format', [...SERIES_FORMATS, 'flowbench'] as const))
    .option('--detector <names>', `comma-separated detectors: ${[...STATS_STAGE_NAMES, ...VAE_STAGE_NAMES].join(', ')} (default ewma), or acvae alone; for flowbench one of graph-ssl, graph-gat, template-zscore, template-zscore-multi`, listOption)
    .option('--label-budget <share>', 'acvae: share of the training rows its oracle may label from the file (default 0.03)', shareOption('--label-budget'))
    .option(PRESET_FLAG[0], `${PRESET_FLAG[1]}; applies when acvae is fit in place (default seed), not with --model (the model file holds its settings)`, presetOption)
    .option('--model <file>', 'score with a saved model (a VAE model, or an ACVAE model from `awad train`) instead of fitting one; labels are not read')
    .option('--train-rows <n>', 'learn the first N rows, then score the rest frozen (SKAB convention: 400); default: learn online', intOption('--train-rows', 1))
    .option('--threshold <rule>', 'each detector\'s threshold: "default" (its conventional cut-off) or "q:<quantile>[x<multiplier>]" of its raw scores on the training rows', 'default')
    .option('--out <file>', 'output CSV (one input file)')
    .option('--out-dir <dir>', 'output folder, one <name>.scores.csv per input file')
    .option('--time-col <name>', 'time column (csv format)')
    .option('--label-col <name>', 'label column to leave out of the features (csv format)')
    .option('--delimiter <char>', 'field separator (default: ";" for skab, "," otherwise)')
    .option('--json', 'print a JSON summary on stdout')
    .option('--dag <file>', 'flowbench: the workflow\'s adjacency JSON')
    .option('--train-runs <fraction>', 'flowbench: share of runs (split by --seed) the detector is fit on; only the others are scored', Number.parseFloat)
    .option('--seed <n>', 'flowbench: seed of the run split and of the model; acvae fit in place: its seed', intOption('--seed', 0))
    .option('--epochs <n>', 'flowbench: training epochs of the graph models (default 20); acvae fit in place: model_full epochs per round', intOption('--epochs', 1))
    .option('--graph-score <kind>', 'flowbench graph-ssl/graph-gat: node score latent (default), residual (per-template z of the per-feature reconstruction residuals and d(v)) or latent-z')
    .option('--combine <how>', 'flowbench residual/latent-z/template-zscore-multi: sumsq (default), max or sum over the selected columns')
    .option('--pool <by>', 'flowbench residual/latent-z/template-zscore-multi: none (default) or host (average z over the run\'s jobs on the same machine)')
    .option('--causal', 'flowbench, with --pool host: pool each job only with the peers that ended no later (what a live monitor has)')
    .option('--calibrate <how>', 'flowbench residual/latent-z/template-zscore-multi: none (default) or tail (each column as -log P(X >= v) among the fit jobs of its template)')
    .option('--robust <how>', 'flowbench residual/latent-z/template-zscore-multi: none (default) or trim (per-template mean and sd on the values within 2.5 sd)')
    .option('--features <names>', 'flowbench template-zscore-multi: features that enter the score (default all); residual: residual columns and/or latent; each name or name:both|high|low (which deviations count)', listOption)
    .option('--fuse-multi-z <features>', 'flowbench graph-ssl/graph-gat: rank-average the node score with template-zscore-multi on these features (same --pool, --combine, --calibrate, --robust)', listOption)
    .option('--model-out <file>', 'flowbench template-zscore-multi: write the fitted model (the state `new GraphNodeDetector(state)` scores live)')
    .option('--labels-out <file>', 'flowbench: also write the labels of the scored jobs, for `awad eval --format csv --time-col job --label-col label`')
    .action(async (opts: ScoreCliOptions) => {
      if (opts.format === 'flowbench') {
        if (!opts.dag || !opts.out) throw new CliError('score --format flowbench: expected --dag FILE and --out FILE');
        const detector = (opts.detector?.[0] ?? 'graph-ssl') as GraphDetectorName;
        const summary = await scoreFlowBench({ input: opts.input[0] as string, dag: opts.dag, detector, trainRuns: opts.trainRuns ?? 0.6, seed: opts.seed ?? 1, epochs: opts.epochs ?? 20, out: opts.out, ...(opts.labelsOut ? { labelsOut: opts.labelsOut } : {}), ...pickDefined({ score: opts.graphScore, combine: opts.combine, pool: opts.pool, calibrate: opts.calibrate, robust: opts.robust, causal: opts.causal, features: opts.features, fuseMultiZ: opts.fuseMultiZ, modelOut: opts.modelOut }) } as GraphScoreOptions);
        process.stdout.write(opts.json ? `${JSON.stringify({ detector, ...summary })}\n` : `${opts.out}: ${summary.jobs} jobs of ${summary.scored} runs scored by ${detector} (fit on ${summary.train} runs)\n`);
        return;
      }
      if (!opts.out && !opts.outDir) throw new CliError('score: expected --out FILE or --out-dir DIR');
      if (opts.out && opts.input.length > 1) throw new CliError(`score: --out takes one input file, got ${opts.input.length}; use --out-dir`);
      const saved = opts.model === undefined ? undefined : readModelFile(opts.model);
      if (saved?.kind === 'awad-acvae-model' || opts.detector?.includes('acvae')) return scoreWithAcvae(opts, saved?.json as AcvaeModelFile | undefined);
      const detectors = opts.detector ?? (saved?.kind === 'awad-vae-model' ? ['vae'] : ['ewma']);
      for (const name of detectors) {
        if (!(STATS_STAGE_NAMES as readonly string[]).includes(name) && !isVaeStageName(name)) throw new CliError(`--detector: expected one of ${[...STATS_STAGE_NAMES, ...VAE_STAGE_NAMES].join(', ')}, got ${JSON.stringify(name)}`);
      }
      if (opts.preset !== undefined) throw new CliError(`--preset: only acvae reads a preset, got --detector ${detectors.join(',')}`);
      if (opts.model !== undefined && !detectors.some(isVaeStageName)) throw new CliError('--model: only the vae detectors read a model; add --detector vae or vae-hybrid');
      if (detectors.some(isVaeStageName)) await ensureBackend();
      const model = saved === undefined ? undefined : VaeModel.fromJSON(saved.json as VaeModelJson);
      const threshold = parseThresholdRule(opts.threshold);
      const summary = opts.input.map((input) => {
        const file = readSeriesFile(input, { format: opts.format as SeriesFormat, ...pickDefined({ timeCol: opts.timeCol, labelCol: opts.labelCol, delimiter: opts.delimiter }) });
        const scored = scoreSeries(file, { detectors, threshold, ...(opts.trainRows !== undefined ? { trainRows: opts.trainRows } : {}), ...(model ? { model } : {}) });
        return writeScores(opts, input, file, scored);
      });
      if (opts.json) process.stdout.write(`${JSON.stringify({ detectors, threshold: opts.threshold, files: summary }, null, 2)}\n`);
      else for (const s of summary) process.stdout.write(`${s.out}: ${s.rows} rows, ${s.scored} scored, ${s.flagged} flagged\n`);
    });
}

/** ACVAE: a saved model (no labels read), or fit on each file's training rows asking its labels through the oracle. */
async function scoreWithAcvae(opts: ScoreCliOptions, model: AcvaeModelFile | undefined): Promise<void> {
  if (opts.detector && opts.detector.join(',') !== 'acvae') throw new CliError(`--detector: acvae runs alone, got ${opts.detector.join(',')}`);
  if (model !== undefined && opts.preset !== undefined) throw new CliError('--preset: the model file holds its settings; give --preset only when acvae is fit in place (without --model)');
  const saved = model === undefined ? undefined : AcvaeDetector.fromModelFile(model);
  if (saved) await ensureBackend();
  const summary = [];
  for (const input of opts.input) {
    const file = readSeriesFile(input, { format: opts.format as SeriesFormat, ...pickDefined({ timeCol: opts.timeCol, labelCol: opts.labelCol, delimiter: opts.delimiter }) });
    const from = saved ? 0 : (opts.trainRows ?? 0);
    const detector = saved ?? (await fitAcvaeOnFiles([file], { ...ACVAE_PRESETS[opts.preset ?? 'seed'], labelBudget: opts.labelBudget ?? 0.03, ...(from > 0 ? { trainRows: from } : {}), ...pickDefined({ epochs: opts.epochs, seed: opts.seed }) })).detector;
    const scored = scoreFileWithAcvae(detector, file, from);
    summary.push({ ...writeScores(opts, input, file, scored), labelsUsed: detector.fitStats?.labeled ?? 0, options: detector.getConfig().options });
  }
  if (opts.json) process.stdout.write(`${JSON.stringify({ detectors: ['acvae'], files: summary }, null, 2)}\n`);
  else for (const s of summary) process.stdout.write(`${s.out}: ${s.rows} rows, ${s.scored} scored, ${s.flagged} flagged\n`);
}

/** A saved model file, read and parsed once; its `kind` routes it to the detector that reads it. */
function readModelFile(path: string): { kind: 'awad-vae-model' | 'awad-acvae-model'; json: unknown } {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new CliError(`--model: expected a JSON model file at ${path}, got ${error instanceof Error ? error.message : String(error)}`);
  }
  const kind = (json as { kind?: unknown } | null)?.kind;
  if (kind !== 'awad-vae-model' && kind !== 'awad-acvae-model') throw new CliError(`--model: expected a model of kind awad-vae-model or awad-acvae-model, got ${JSON.stringify(kind)}`);
  return { kind, json };
}

/** Writes one input's scores (to --out, or FILE.scores.csv in --out-dir) and summarises them. */
function writeScores(opts: ScoreCliOptions, input: string, file: { readonly timeText: readonly string[]; readonly rows: readonly unknown[] }, scored: ScoredSeries) {
  const out = opts.out ?? join(opts.outDir as string, `${basename(input).replace(/\.[^.]+$/, '')}.scores.csv`);
  if (opts.outDir) mkdirSync(opts.outDir, { recursive: true });
  writeFileSync(out, toCsv(file.timeText, scored));
  return { input, out, rows: file.rows.length, scored: scored.split.filter((s) => s === 'test').length, flagged: scored.isAnomaly.reduce((a, b) => a + b, 0), thresholds: scored.thresholds };
}

function toCsv(times: readonly string[], scored: ScoredSeries): string {
  const fmt = (x: number): string => (Number.isNaN(x) ? '' : String(Number(x.toPrecision(8))));
  const header = ['time', 'split', 'score', 'is_anomaly', ...scored.stageNames.map((n) => `raw_${n}`), 'reason'];
  const rows = times.map((t, i) => {
    const scoredRow = !Number.isNaN(scored.score[i] as number);
    return [t, scored.split[i], fmt(scored.score[i] as number), scoredRow ? String(scored.isAnomaly[i]) : '', ...scored.raw.map((r) => fmt(r[i] as number)), scored.reason[i]];
  });
  return stringify([header, ...rows]);
}

function pickDefined<T extends Record<string, unknown>>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}
