// WfFormat 1.5 reader (WfCommons WfInstances): the DAG from specification.tasks[].parents/children,
// joined by id to execution.tasks (runtime, bytes, CPU). No start times in the format: they are
// reconstructed as the earliest start the DAG allows (each task starts when its last parent ends).
// Reference: https://github.com/wfcommons/WfFormat (schema 1.5); ../shared/datasets/README.md.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { z } from 'zod';
import { invalidInput } from './invalid-input';
import { adjacency, topologicalOrder, type RawMeasurements, type RunGraph, type RunTask } from './run-graph';
import { templateOf } from './template';

const MODULE = '@awad/graph/wfformat';

const schema = z.object({
  name: z.string(),
  schemaVersion: z.string(),
  workflow: z.object({
    specification: z.object({
      tasks: z.array(z.object({ id: z.string(), name: z.string().optional(), parents: z.array(z.string()).default([]), children: z.array(z.string()).default([]), inputFiles: z.array(z.string()).default([]), outputFiles: z.array(z.string()).default([]) })),
      files: z.array(z.object({ id: z.string(), sizeInBytes: z.number() })).default([]),
    }),
    execution: z.object({
      tasks: z.array(z.object({ id: z.string(), runtimeInSeconds: z.number(), avgCPU: z.number().optional(), readBytes: z.number().optional(), writtenBytes: z.number().optional(), coreCount: z.number().optional(), machines: z.array(z.string()).optional() })),
    }),
  }),
});

/** Reads one WfFormat 1.5 instance file as a run graph. */
export function readWfFormat(path: string): RunGraph {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw invalidInput(MODULE, path, 'a readable WfFormat JSON file', error instanceof Error ? error.message : String(error));
  }
  return parseWfFormat(json, basename(path).replace(/\.json$/i, ''));
}

export function parseWfFormat(json: unknown, runId: string): RunGraph {
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalidInput(MODULE, `${runId}: ${issue?.path.join('.') ?? ''}`, 'a WfFormat 1.5 document', issue?.message ?? 'invalid');
  }
  const doc = parsed.data;
  if (!doc.schemaVersion.startsWith('1.')) throw invalidInput(MODULE, `${runId}: schemaVersion`, 'WfFormat 1.x', doc.schemaVersion);
  const sizes = new Map(doc.workflow.specification.files.map((f) => [f.id, f.sizeInBytes]));
  const execution = new Map(doc.workflow.execution.tasks.map((t) => [t.id, t]));
  const spec = doc.workflow.specification.tasks;
  const tasks: RunTask[] = spec.map((t) => {
    const e = execution.get(t.id);
    const m: RawMeasurements = {};
    if (e) {
      m.runtime = e.runtimeInSeconds;
      if (e.avgCPU !== undefined) m.cpu_time = (e.avgCPU / 100) * e.runtimeInSeconds;
    }
    const bytesIn = e?.readBytes ?? sum(t.inputFiles.map((f) => sizes.get(f)));
    const bytesOut = e?.writtenBytes ?? sum(t.outputFiles.map((f) => sizes.get(f)));
    if (bytesIn !== undefined) m.stage_in_bytes = bytesIn;
    if (bytesOut !== undefined) m.stage_out_bytes = bytesOut;
    const host = e?.machines?.[0];
    return { id: t.id, template: templateOf(t.name ?? t.id), type: 'compute', measurements: m, ...(host ? { host } : {}) };
  });
  const index = new Map(tasks.map((t, i) => [t.id, i]));
  const edges = new Set<string>();
  const list: [number, number][] = [];
  const add = (u: number | undefined, v: number | undefined, ref: string): void => {
    if (u === undefined || v === undefined) throw invalidInput(MODULE, `${runId}: specification.tasks`, 'parents/children that name tasks of the workflow', ref);
    const key = `${u}>${v}`;
    if (!edges.has(key)) {
      edges.add(key);
      list.push([u, v]);
    }
  };
  spec.forEach((t, i) => {
    for (const p of t.parents) add(index.get(p), i, p);
    for (const c of t.children) add(i, index.get(c), c);
  });
  const run: RunGraph = { workflow: doc.name.replace(/-\d+$/, ''), runId, tasks, edges: list };
  return withDagTimes(run);
}

function sum(values: (number | undefined)[]): number | undefined {
  const known = values.filter((v): v is number => v !== undefined);
  return known.length > 0 ? known.reduce((a, b) => a + b, 0) : undefined;
}

/** Earliest start times: a task starts when its last parent ends (`t0`, epoch seconds, is the run's start). */
export function withDagTimes(run: RunGraph, t0 = 0): RunGraph {
  const order = topologicalOrder(run);
  if (order === undefined) return run; // the consistency checks report the cycle
  const { parents } = adjacency(run);
  const end = new Float64Array(run.tasks.length);
  const start = new Float64Array(run.tasks.length);
  for (const i of order) {
    let s = 0;
    for (const p of parents[i] as number[]) s = Math.max(s, end[p] as number);
    start[i] = s;
    end[i] = s + (run.tasks[i]?.measurements.runtime ?? 0);
  }
  return { ...run, tasks: run.tasks.map((t, i) => ({ ...t, startedAt: t0 + (start[i] as number), endedAt: t0 + (end[i] as number) })) };
}
