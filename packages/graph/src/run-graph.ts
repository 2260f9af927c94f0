// RunGraph: one workflow run as a DAG of tasks with raw per-task measurements, whatever its source
// (the live run tracker, a Flow-Bench CSV, a WfFormat trace). Encoders and checks read only this.
// Reference: METHODS.md 1.2 (graph view), 3.2 (inputs).
import { invalidInput } from './invalid-input';

/** Raw numeric measurements of a task, in seconds / bytes / counts; NaN or absent = unknown. */
export type RawMeasurements = Partial<Record<NumericFeature | ResourceFeature, number>>;

/** The numeric block of METHODS 3.2 (Flow-Bench names; live analogues in live-graph.ts). */
export const NUMERIC_FEATURES = [
  'wms_delay',
  'queue_delay',
  'runtime',
  'post_script_delay',
  'stage_in_delay',
  'stage_out_delay',
  'stage_in_bytes',
  'stage_out_bytes',
  'cpu_time',
] as const;
export type NumericFeature = (typeof NUMERIC_FEATURES)[number];

/**
 * A job's own resource use, where the engine reports it (Pegasus kickstart's online monitoring in
 * Flow-Bench; metrics of these names live): seconds of system and user CPU time and of I/O wait,
 * bytes read and written, read and write calls. Optional: the multi-feature z reads them, the
 * graph encoders' node features (METHODS 3.2) do not.
 */
export const RESOURCE_FEATURES = ['system_time', 'user_time', 'io_wait', 'bytes_read', 'bytes_written', 'read_calls', 'write_calls'] as const;
export type ResourceFeature = (typeof RESOURCE_FEATURES)[number];

/** Every measurement a task may carry by name (event metrics, RawMeasurements keys). */
export const MEASUREMENT_NAMES = [...NUMERIC_FEATURES, ...RESOURCE_FEATURES] as const;

export const JOB_TYPES = ['auxiliary', 'compute', 'transfer'] as const;
export type JobType = (typeof JOB_TYPES)[number];

/** One task of a run. Times are epoch seconds when known (used by the consistency checks). */
export interface RunTask {
  readonly id: string;
  readonly template: string;
  readonly type: JobType | undefined;
  readonly measurements: RawMeasurements;
  /** When the task started executing / finished, epoch seconds. */
  readonly startedAt?: number;
  readonly endedAt?: number;
  /** The task's latest state (live runs), e.g. RUNNING. */
  readonly state?: string;
  /** Machine the task ran on, when known. */
  readonly host?: string;
}

export interface RunGraph {
  readonly workflow: string;
  readonly runId: string;
  readonly tasks: readonly RunTask[];
  /** Edges as [parent index, child index]. */
  readonly edges: readonly (readonly [number, number])[];
}

/** Index of a task id in a run. */
export function taskIndex(run: RunGraph): Map<string, number> {
  const index = new Map<string, number>();
  run.tasks.forEach((task, i) => index.set(task.id, i));
  return index;
}

/** Parents and children lists per task index. */
export function adjacency(run: RunGraph): { parents: number[][]; children: number[][] } {
  const parents: number[][] = run.tasks.map(() => []);
  const children: number[][] = run.tasks.map(() => []);
  for (const [u, v] of run.edges) {
    (parents[v] as number[]).push(u);
    (children[u] as number[]).push(v);
  }
  return { parents, children };
}

/** Builds a run from an adjacency list (task id -> child ids); unknown child ids are an error. */
export function edgesFromAdjacency(tasks: readonly RunTask[], children: Readonly<Record<string, readonly string[]>>, source: string): [number, number][] {
  const index = new Map(tasks.map((t, i) => [t.id, i]));
  const edges: [number, number][] = [];
  for (const [parent, kids] of Object.entries(children)) {
    const u = index.get(parent);
    if (u === undefined) continue; // a task the definition has and this run lacks
    for (const kid of kids) {
      const v = index.get(kid);
      if (v === undefined) continue;
      if (v === u) throw invalidInput('@awad/graph/run-graph', `${source}: ${parent}`, 'children other than the task itself', kid);
      edges.push([u, v]);
    }
  }
  return edges;
}

/** Topological order of task indexes (Kahn); undefined when the run has a cycle. */
export function topologicalOrder(run: RunGraph): number[] | undefined {
  const { children } = adjacency(run);
  const indegree = new Int32Array(run.tasks.length);
  for (const [, v] of run.edges) indegree[v] = (indegree[v] as number) + 1;
  const order: number[] = [];
  for (let i = 0; i < run.tasks.length; i++) if (indegree[i] === 0) order.push(i);
  for (let k = 0; k < order.length; k++) {
    for (const c of children[order[k] as number] as number[]) {
      indegree[c] = (indegree[c] as number) - 1;
      if (indegree[c] === 0) order.push(c);
    }
  }
  return order.length === run.tasks.length ? order : undefined;
}
