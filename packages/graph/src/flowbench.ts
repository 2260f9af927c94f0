// Flow-Bench reader: one CSV per Pegasus run (one row per job), read from the zip or from a folder
// of unpacked CSVs, joined to the workflow's adjacency JSON. Labels (`anomaly_type`) are returned
// apart from the graphs, so a detector given the graphs never sees them.
// Reference: PoSeiDon-Workflows/FlowBench data format (../shared/datasets/README.md); fflate, csv-parse.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { unzipSync, strFromU8 } from 'fflate';
import { invalidInput } from './invalid-input';
import { JOB_TYPES, edgesFromAdjacency, type JobType, type RawMeasurements, type RunGraph, type RunTask } from './run-graph';
import { templateOf } from './template';

const MODULE = '@awad/graph/flowbench';

/** Flow-Bench column -> numeric feature of METHODS 3.2, or resource feature (RESOURCE_FEATURES). */
const COLUMNS: Readonly<Record<string, keyof RawMeasurements>> = {
  wms_delay: 'wms_delay',
  queue_delay: 'queue_delay',
  runtime: 'runtime',
  post_script_delay: 'post_script_delay',
  stage_in_delay: 'stage_in_delay',
  stage_out_delay: 'stage_out_delay',
  stage_in_bytes: 'stage_in_bytes',
  stage_out_bytes: 'stage_out_bytes',
  kickstart_executables_cpu_time: 'cpu_time',
  kickstart_online_stime: 'system_time',
  kickstart_online_utime: 'user_time',
  kickstart_online_iowait: 'io_wait',
  kickstart_online_bytes_read: 'bytes_read',
  kickstart_online_bytes_written: 'bytes_written',
  kickstart_online_read_system_calls: 'read_calls',
  kickstart_online_write_system_calls: 'write_calls',
};

export interface FlowBenchData {
  readonly workflow: string;
  readonly runs: RunGraph[];
  /** Per run id, 1 per anomalous job (in the run's task order). */
  readonly labels: Map<string, Uint8Array>;
  /** Per run id, the anomaly type of each job ('None' for normal ones). */
  readonly anomalyTypes: Map<string, string[]>;
}

/** Reads a Flow-Bench zip (or folder of CSVs) and its adjacency JSON; runs sorted by id. */
export function readFlowBench(input: string, dagPath: string): FlowBenchData {
  const dag = readDag(dagPath);
  const workflow = basename(dagPath).replace(/\.json$/i, '');
  const files = readCsvFiles(input);
  const runs: RunGraph[] = [];
  const labels = new Map<string, Uint8Array>();
  const anomalyTypes = new Map<string, string[]>();
  for (const [name, text] of files) {
    const runId = basename(name).replace(/\.csv$/i, '');
    const { run, types } = parseRun(`${input}:${name}`, workflow, runId, text, dag);
    runs.push(run);
    labels.set(runId, Uint8Array.from(types, (t) => (t === 'None' || t === '' ? 0 : 1)));
    anomalyTypes.set(runId, types);
  }
  return { workflow, runs, labels, anomalyTypes };
}

export function readDag(path: string): Record<string, string[]> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw invalidInput(MODULE, path, 'a readable JSON adjacency list', error instanceof Error ? error.message : String(error));
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw invalidInput(MODULE, path, 'an object mapping job ids to child id lists', json);
  for (const [k, v] of Object.entries(json)) {
    if (!Array.isArray(v) || v.some((c) => typeof c !== 'string')) throw invalidInput(MODULE, `${path}: ${k}`, 'an array of child job ids', v);
  }
  return json as Record<string, string[]>;
}

function readCsvFiles(input: string): [string, string][] {
  let stat;
  try {
    stat = statSync(input);
  } catch {
    throw invalidInput(MODULE, input, 'a Flow-Bench .zip or a folder of run CSVs', 'a path that does not exist');
  }
  const out: [string, string][] = [];
  if (stat.isDirectory()) {
    for (const name of readdirSync(input).filter((n) => n.endsWith('.csv')).sort()) out.push([name, readFileSync(join(input, name), 'utf8')]);
  } else {
    let entries: Record<string, Uint8Array>;
    try {
      entries = unzipSync(readFileSync(input), { filter: (f) => f.name.endsWith('.csv') });
    } catch (error) {
      throw invalidInput(MODULE, input, 'a zip archive of run CSVs', error instanceof Error ? error.message : String(error));
    }
    for (const name of Object.keys(entries).sort()) out.push([name, strFromU8(entries[name] as Uint8Array)]);
  }
  if (out.length === 0) throw invalidInput(MODULE, input, 'at least one run CSV', 'none');
  return out;
}

function parseRun(where: string, workflow: string, runId: string, text: string, dag: Record<string, string[]>): { run: RunGraph; types: string[] } {
  let rows: string[][];
  try {
    rows = parse(text, { skip_empty_lines: true }) as string[][];
  } catch (error) {
    throw invalidInput(MODULE, where, 'comma-separated values', error instanceof Error ? error.message : String(error));
  }
  const header = rows[0];
  if (!header) throw invalidInput(MODULE, where, 'a header row', 'an empty file');
  const at = (name: string, required = true): number => {
    const i = header.indexOf(name);
    if (i < 0 && required) throw invalidInput(MODULE, `${where}:1`, `a column ${JSON.stringify(name)}`, header.join(','));
    return i;
  };
  const typeAt = at('type');
  const anomalyAt = at('anomaly_type');
  const startAt = at('execute_start', false);
  const endAt = at('execute_end', false);
  const hostAt = at('kickstart_hostname', false);
  const numeric = Object.entries(COLUMNS).map(([col, key]) => [at(col, false), key] as const).filter(([i]) => i >= 0);
  const tasks: RunTask[] = [];
  const types: string[] = [];
  rows.slice(1).forEach((row, r) => {
    const id = row[0];
    if (!id) throw invalidInput(MODULE, `${where}:${r + 2}`, 'a job id in the first column', row[0]);
    const measurements: RawMeasurements = {};
    for (const [i, key] of numeric) {
      const v = num(row[i], `${where}:${r + 2}`, header[i] as string);
      if (v !== undefined) measurements[key] = v;
    }
    const type = row[typeAt] as string;
    const startedAt = startAt >= 0 ? num(row[startAt], `${where}:${r + 2}`, 'execute_start') : undefined;
    const endedAt = endAt >= 0 ? num(row[endAt], `${where}:${r + 2}`, 'execute_end') : undefined;
    const host = hostAt >= 0 ? row[hostAt] : undefined;
    tasks.push({
      id,
      template: templateOf(id),
      type: (JOB_TYPES as readonly string[]).includes(type) ? (type as JobType) : undefined,
      measurements,
      ...(startedAt !== undefined ? { startedAt } : {}),
      ...(endedAt !== undefined ? { endedAt } : {}),
      ...(host ? { host } : {}),
    });
    types.push(row[anomalyAt] ?? 'None');
  });
  return { run: { workflow, runId, tasks, edges: edgesFromAdjacency(tasks, dag, where) }, types };
}

function num(cell: string | undefined, where: string, column: string): number | undefined {
  if (cell === undefined || cell === '') return undefined;
  const v = Number(cell);
  if (!Number.isFinite(v)) throw invalidInput(MODULE, where, `a number in column ${JSON.stringify(column)}`, cell);
  return v;
}
