// `awad train`: fits a model on several series files and saves it (ACVAE; labels only through a
// budgeted oracle over the files' label column).
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { ACVAE_PRESETS, ACVAE_PRESET_NAMES, type AcvaePresetName } from '@awad/vae';
import { CliError } from '../cli-error';
import { SERIES_FORMATS, readSeriesFile, type SeriesFormat } from '../io/series-file';
import { choiceOption, intOption } from '../options';
import { fitAcvaeOnFiles } from '../score/acvae-file';

interface TrainCliOptions {
  input: string[];
  normal?: string[];
  format: SeriesFormat;
  detector: 'acvae';
  labelBudget: number;
  out: string;
  epochs?: number;
  hidden?: number;
  seed?: number;
  ensemble?: number;
  preset: AcvaePresetName;
  json?: boolean;
}

/** The --preset option of `awad train` and `awad score` (ACVAE settings: ACVAE_PRESETS of @awad/vae). */
export const PRESET_FLAG = ['--preset <name>', `acvae settings: ${ACVAE_PRESET_NAMES.join(' or ')}; seed = the paper's, skab = chosen on the SKAB dev split (packages/vae/README.md)`] as const;
export const presetOption = choiceOption('--preset', ACVAE_PRESET_NAMES);

export function shareOption(flag: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!(n >= 0 && n <= 1)) throw new CliError(`${flag}: expected a share in [0, 1], got ${JSON.stringify(value)}`);
    return n;
  };
}

export function registerTrain(program: Command): void {
  program
    .command('train')
    .description('fit a detector on series files and save it as a model file (ACVAE asks labels through a budgeted oracle)')
    .requiredOption('--input <file...>', 'training file(s)')
    .requiredOption('--format <format>', `input format: ${SERIES_FORMATS.join(', ')}`, choiceOption('--format', SERIES_FORMATS))
    .option('--detector <name>', 'detector: acvae', choiceOption('--detector', ['acvae'] as const), 'acvae')
    .option('--label-budget <share>', 'share of training points the oracle may label (0 = unsupervised)', shareOption('--label-budget'), 0.03)
    .option('--normal <file...>', 'files known to be anomaly-free (extra normal data, never queried)')
    .option('--epochs <n>', 'model_full epochs per round (default 20)', intOption('--epochs', 1))
    .option('--hidden <n>', 'hidden width (default 100)', intOption('--hidden', 1))
    .option('--seed <n>', 'seed (default 1)', intOption('--seed', 0))
    .option('--ensemble <n>', 'contrast pairs trained from n seeds on the same labels, scores averaged (default 1)', intOption('--ensemble', 1))
    .option(...PRESET_FLAG, presetOption, 'seed')
    .requiredOption('--out <file>', 'model file to write (JSON)')
    .option('--json', 'print a JSON summary')
    .action(async (opts: TrainCliOptions) => {
      const files = opts.input.map((p) => readSeriesFile(p, { format: opts.format }));
      const normal = (opts.normal ?? []).map((p) => readSeriesFile(p, { format: opts.format }));
      const { detector, used, budget } = await fitAcvaeOnFiles(files, { ...ACVAE_PRESETS[opts.preset], labelBudget: opts.labelBudget, ...(opts.epochs ? { epochs: opts.epochs } : {}), ...(opts.hidden ? { hidden: opts.hidden } : {}), ...(opts.seed !== undefined ? { seed: opts.seed } : {}), ...(opts.ensemble ? { ensemble: opts.ensemble } : {}) }, normal);
      mkdirSync(dirname(opts.out), { recursive: true });
      await detector.saveModel(opts.out);
      const summary = { out: opts.out, files: files.length, labelsUsed: used, labelBudget: budget, threshold: detector.threshold, stats: detector.fitStats };
      process.stdout.write(opts.json ? `${JSON.stringify(summary, null, 2)}\n` : `${opts.out}: ACVAE on ${files.length} file(s), ${used}/${budget} labels asked, threshold ${detector.threshold}\n`);
    });
}
