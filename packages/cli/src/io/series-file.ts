// Reading labeled or unlabeled series files (SKAB, NAB, generic CSV) into rows of features.
// Errors name the file, the line and what was expected.
// Reference: SKAB format (`;`, datetime, anomaly, changepoint); NAB data files (timestamp, value).
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { CliError } from '../cli-error';

export type SeriesFormat = 'skab' | 'nab' | 'csv';
export const SERIES_FORMATS: readonly SeriesFormat[] = ['skab', 'nab', 'csv'];

export interface SeriesFileOptions {
  readonly format: SeriesFormat;
  /** Time column (csv); skab: datetime, nab: timestamp. */
  readonly timeCol?: string;
  /** Label column (csv); skab: anomaly, nab: label when present. */
  readonly labelCol?: string;
  readonly delimiter?: string;
}

export interface SeriesFile {
  readonly path: string;
  readonly featureNames: readonly string[];
  readonly rows: readonly Readonly<Record<string, number>>[];
  /** Epoch ms per row (NaN when the file has no parsable time). */
  readonly times: Float64Array;
  /** The raw time strings, echoed into outputs. */
  readonly timeText: readonly string[];
  /** 0/1 per row, or undefined when the file carries no label column. */
  readonly labels: Uint8Array | undefined;
}

const SKAB_IGNORED = new Set(['changepoint']);

export function readSeriesFile(path: string, options: SeriesFileOptions): SeriesFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError(`${path}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const delimiter = options.delimiter ?? (options.format === 'skab' ? ';' : ',');
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { delimiter, info: true, skip_empty_lines: true, relax_column_count: false, trim: true }) as unknown as typeof records;
  } catch (error) {
    const e = error as { lines?: number; message: string };
    throw new CliError(`${path}:${e.lines ?? '?'}: expected ${JSON.stringify(delimiter)}-separated values with the header's column count: ${e.message}`);
  }
  const header = records[0]?.record;
  if (!header) throw new CliError(`${path}:1: expected a header row, got an empty file`);
  const timeCol = options.timeCol ?? (options.format === 'skab' ? 'datetime' : options.format === 'nab' ? 'timestamp' : undefined);
  const labelCol = options.labelCol ?? (options.format === 'skab' ? 'anomaly' : options.format === 'nab' ? 'label' : undefined);
  const col = (name: string | undefined, required: boolean): number => {
    if (name === undefined) return -1;
    const at = header.indexOf(name);
    if (at < 0 && required) throw new CliError(`${path}:1: expected a column named ${JSON.stringify(name)}, got columns ${header.map((h) => JSON.stringify(h)).join(', ')}`);
    return at;
  };
  const timeAt = col(timeCol, options.format !== 'csv' || options.timeCol !== undefined);
  const labelAt = col(labelCol, options.format === 'csv' && options.labelCol !== undefined);
  const featureAt: number[] = [];
  header.forEach((name, i) => {
    if (i === timeAt || i === labelAt || (options.format === 'skab' && SKAB_IGNORED.has(name))) return;
    if (options.format === 'nab' && name !== 'value') return;
    featureAt.push(i);
  });
  if (featureAt.length === 0) throw new CliError(`${path}:1: expected at least one feature column besides time and label`);
  const featureNames = featureAt.map((i) => header[i] as string);

  const body = records.slice(1);
  const rows: Record<string, number>[] = [];
  const times = new Float64Array(body.length);
  const timeText: string[] = [];
  const labels = labelAt >= 0 ? new Uint8Array(body.length) : undefined;
  body.forEach(({ record, info }, r) => {
    const row: Record<string, number> = {};
    for (let k = 0; k < featureAt.length; k++) {
      const cell = record[featureAt[k] as number] as string;
      const value = cell === '' ? Number.NaN : Number(cell);
      if (cell !== '' && Number.isNaN(value)) throw new CliError(`${path}:${info.lines}: expected a number in column ${JSON.stringify(featureNames[k])}, got ${JSON.stringify(cell)}`);
      row[featureNames[k] as string] = value;
    }
    rows.push(row);
    const t = timeAt >= 0 ? (record[timeAt] as string) : String(r);
    timeText.push(t);
    times[r] = timeAt >= 0 ? parseTime(t) : Number.NaN;
    if (labels) {
      const cell = record[labelAt] as string;
      const y = Number(cell);
      if (y !== 0 && y !== 1) throw new CliError(`${path}:${info.lines}: expected 0 or 1 in label column ${JSON.stringify(labelCol)}, got ${JSON.stringify(cell)}`);
      labels[r] = y;
    }
  });
  return { path, featureNames, rows, times, timeText, labels };
}

/** SKAB and NAB write local times without a zone: read them as UTC (only differences matter). */
function parseTime(text: string): number {
  const iso = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text) ? `${text.replace(' ', 'T')}Z` : text;
  const t = Date.parse(iso);
  if (Number.isFinite(t)) return t;
  const n = Number(text);
  return Number.isFinite(n) ? n : Number.NaN;
}
