// `awad eval`: metrics of scored files against their labels.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parse } from 'csv-parse/sync';
import Table from 'cli-table3';
import { CliError } from '../cli-error';
import { DEFAULT_METRICS, METRIC_NAMES, evaluateScores, type MetricName, type ScoredLabels } from '../eval/evaluate-scores';
import { SERIES_FORMATS, readSeriesFile, type SeriesFormat } from '../io/series-file';
import { choiceOption, listOption } from '../options';

interface EvalCliOptions {
  scores: string[];
  labels: string[];
  format: SeriesFormat;
  labelCol?: string;
  timeCol?: string;
  metrics?: string[];
  json?: boolean;
}

export function registerEval(program: Command): void {
  program
    .command('eval')
    .description('compute metrics of scored files (from `awad score`) against the labels of their input files, pooled over files')
    .requiredOption('--scores <file...>', 'scored CSV file(s) with score and is_anomaly columns')
    .requiredOption('--labels <file...>', 'the labeled input file(s), in the same order')
    .option('--format <format>', `label file format: ${SERIES_FORMATS.join(', ')}`, choiceOption('--format', SERIES_FORMATS), 'skab')
    .option('--label-col <name>', 'label column (csv format)')
    .option('--time-col <name>', 'time column (csv format)')
    .option('--metrics <names>', `comma-separated: ${METRIC_NAMES.join(', ')} (default ${DEFAULT_METRICS.join(',')}); bestf1, bestrangef1 use test labels to pick a threshold: oracle figures`, listOption)
    .option('--json', 'print the metrics as JSON')
    .action((opts: EvalCliOptions) => {
      if (opts.scores.length !== opts.labels.length) throw new CliError(`eval: expected as many --labels files as --scores files, got ${opts.labels.length} and ${opts.scores.length}`);
      const metrics = (opts.metrics ?? DEFAULT_METRICS) as MetricName[];
      for (const m of metrics) if (!(METRIC_NAMES as readonly string[]).includes(m)) throw new CliError(`--metrics: expected some of ${METRIC_NAMES.join(', ')}, got ${JSON.stringify(m)}`);
      const files = opts.scores.map((path, i) => loadPair(path, opts.labels[i] as string, opts));
      const report = evaluateScores(files, metrics);
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(report, (_k, v) => (typeof v === 'number' && Number.isNaN(v) ? null : v), 2)}\n`);
        return;
      }
      const table = new Table({ head: ['metric', 'value'], style: { head: [], border: [] } });
      for (const m of metrics) for (const [k, v] of Object.entries(report[m] ?? {})) table.push([`${m}.${k}`, Number.isNaN(v) ? 'n/a' : v.toFixed(4)]);
      process.stdout.write(`${report.rows} scored rows (${report.positives} anomalous) in ${report.files} file(s)\n${table.toString()}\n`);
    });
}

function loadPair(scoresPath: string, labelsPath: string, opts: EvalCliOptions): ScoredLabels {
  const labelFile = readSeriesFile(labelsPath, { format: opts.format, ...(opts.labelCol ? { labelCol: opts.labelCol } : {}), ...(opts.timeCol ? { timeCol: opts.timeCol } : {}) });
  if (!labelFile.labels) throw new CliError(`${labelsPath}:1: expected a label column, found none`);
  let text: string;
  try {
    text = readFileSync(scoresPath, 'utf8');
  } catch (error) {
    throw new CliError(`${scoresPath}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const records = parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  if (records.length !== labelFile.labels.length) {
    throw new CliError(`${scoresPath}: expected one row per row of ${labelsPath} (${labelFile.labels.length}), got ${records.length}`);
  }
  if (records.length > 0 && !('score' in (records[0] as object))) throw new CliError(`${scoresPath}:1: expected a "score" column`);
  const hasPredictions = records.length > 0 && 'is_anomaly' in (records[0] as object);
  const keep: number[] = [];
  records.forEach((r, i) => {
    if (r.score !== '' && r.score !== undefined) keep.push(i);
  });
  const labels = new Uint8Array(keep.length);
  const scores = new Float64Array(keep.length);
  const predictions = hasPredictions ? new Uint8Array(keep.length) : undefined;
  keep.forEach((i, j) => {
    const r = records[i] as Record<string, string>;
    const s = Number(r.score);
    if (!Number.isFinite(s)) throw new CliError(`${scoresPath}:${i + 2}: expected a number in column "score", got ${JSON.stringify(r.score)}`);
    labels[j] = labelFile.labels?.[i] ?? 0;
    scores[j] = s;
    if (predictions) {
      const p = Number(r.is_anomaly);
      if (p !== 0 && p !== 1) throw new CliError(`${scoresPath}:${i + 2}: expected 0 or 1 in column "is_anomaly", got ${JSON.stringify(r.is_anomaly)}`);
      predictions[j] = p;
    }
  });
  return { name: scoresPath, labels, scores, predictions };
}
