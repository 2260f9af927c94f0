// Per-edge propagation weights learned from history, for the noisy-OR impact forecast: for an edge
// u -> v, the causal power of "u was in trouble" on "v was in trouble",
// w_uv = max(0, (P(v | u) - P(v | not u)) / (1 - P(v | not u))), the maximum-likelihood noisy-OR
// weight (Cheng 1997), Laplace-smoothed towards a prior. Weights are kept per task-id edge and per
// template edge (the fallback for tasks never seen). Plug into the monitor as
// `createMonitor({ impact: { edgeWeight: propagation.edgeWeight } })`.
// Reference: METHODS.md 4.3 (4) (noisy-OR network on the DAG); core's downstreamImpact.
import { ConfigError } from '@awad/core';
import type { RunGraph } from './run-graph';
import { templateOf } from './template';
import { edgeKey } from './workflow-definition';

export interface EdgePropagationOptions {
  /** Weight given to the prior, in pseudo-observations (default 2). */
  readonly smoothing?: number;
  /** The weight of an edge never seen in trouble (default 0.5, core's fixed weight). */
  readonly prior?: number;
}

interface Counts {
  n: number; // runs with the edge
  u: number; // parent in trouble
  uv: number; // both
  v: number; // child in trouble
}

export class EdgePropagation {
  readonly smoothing: number;
  readonly prior: number;
  private readonly byTask = new Map<string, Counts>();
  private readonly byTemplate = new Map<string, Counts>();

  constructor(options: EdgePropagationOptions = {}) {
    this.smoothing = options.smoothing ?? 2;
    this.prior = options.prior ?? 0.5;
    if (!(this.smoothing >= 0)) throw new ConfigError('@awad/graph/edge-propagation', 'smoothing', 'a non-negative number', this.smoothing);
    if (!(this.prior >= 0 && this.prior <= 1)) throw new ConfigError('@awad/graph/edge-propagation', 'prior', 'a number in [0, 1]', this.prior);
  }

  /** Counts one historical run; `trouble[i]` = 1 when task i was anomalous, failed or late. */
  learn(run: RunGraph, trouble: ArrayLike<number>): void {
    for (const [u, v] of run.edges) {
      const a = run.tasks[u];
      const b = run.tasks[v];
      if (!a || !b) continue;
      const tu = (trouble[u] ?? 0) > 0 ? 1 : 0;
      const tv = (trouble[v] ?? 0) > 0 ? 1 : 0;
      for (const [map, key] of [
        [this.byTask, `${run.workflow}\u001f${edgeKey(a.id, b.id)}`],
        [this.byTemplate, `${run.workflow}\u001f${edgeKey(a.template, b.template)}`],
      ] as const) {
        let c = map.get(key);
        if (!c) map.set(key, (c = { n: 0, u: 0, uv: 0, v: 0 }));
        c.n += 1;
        c.u += tu;
        c.v += tv;
        c.uv += tu * tv;
      }
    }
  }

  private weightOf(c: Counts | undefined): number | undefined {
    if (c === undefined) return undefined;
    const s = this.smoothing;
    // P(v | u) smoothed towards the prior's implied value; P(v | not u) towards 0.
    const pvNotU = (c.v - c.uv) / Math.max(1, c.n - c.u + s);
    const pvU = (c.uv + s * (pvNotU + this.prior * (1 - pvNotU))) / (c.u + s);
    if (pvNotU >= 1) return 0;
    return Math.min(1, Math.max(0, (pvU - pvNotU) / (1 - pvNotU)));
  }

  /** The learned weight of an edge (task ids or task keys), falling back to the templates' edge. */
  weight(workflow: string | undefined, upstream: string, downstream: string): number | undefined {
    const w = workflow ?? '';
    return this.weightOf(this.byTask.get(`${w}\u001f${edgeKey(upstream, downstream)}`)) ?? this.weightOf(this.byTemplate.get(`${w}\u001f${edgeKey(templateOf(upstream), templateOf(downstream))}`));
  }

  /** For core's `ImpactOptions.edgeWeight`. */
  readonly edgeWeight = (upstream: string, downstream: string, workflowKey: string | undefined): number | undefined => this.weight(workflowKey, upstream, downstream);

  get edges(): number {
    return this.byTask.size;
  }
}

/**
 * Risk to every descendant of task `index` of a run, P(I_u) = 1 - prod_{p in Pa(u)} (1 - w_pu P(I_p)),
 * with P(I_index) = `probability`; tasks already finished (`done`) are not at risk. Highest first.
 */
export function forecastImpact(run: RunGraph, index: number, probability: number, propagation: EdgePropagation, done?: ArrayLike<number>): { taskId: string; risk: number }[] {
  const n = run.tasks.length;
  const parents: number[][] = run.tasks.map(() => []);
  const children: number[][] = run.tasks.map(() => []);
  for (const [u, v] of run.edges) {
    (parents[v] as number[]).push(u);
    (children[u] as number[]).push(v);
  }
  const risk = new Float64Array(n);
  risk[index] = probability;
  // Breadth-first reach, then relax in topological order of the reached set.
  const reach = new Uint8Array(n);
  const queue = [index];
  for (let k = 0; k < queue.length; k++) for (const c of children[queue[k] as number] as number[]) if (!reach[c]) { reach[c] = 1; queue.push(c); }
  const indeg = new Int32Array(n);
  for (const [u, v] of run.edges) if (reach[v] && (reach[u] || u === index)) indeg[v] = (indeg[v] as number) + 1;
  const order = [index];
  for (let k = 0; k < order.length; k++) {
    for (const c of children[order[k] as number] as number[]) {
      if (!reach[c]) continue;
      indeg[c] = (indeg[c] as number) - 1;
      if (indeg[c] === 0) order.push(c);
    }
  }
  for (const v of order.slice(1)) {
    if (done && (done[v] ?? 0) > 0) continue;
    let keep = 1;
    for (const p of parents[v] as number[]) {
      const w = propagation.weight(run.workflow, run.tasks[p]?.id ?? '', run.tasks[v]?.id ?? '') ?? propagation.prior;
      keep *= 1 - w * (risk[p] as number);
    }
    risk[v] = 1 - keep;
  }
  const out: { taskId: string; risk: number }[] = [];
  for (const v of order.slice(1)) if ((risk[v] as number) > 0) out.push({ taskId: run.tasks[v]?.id ?? '', risk: risk[v] as number });
  return out.sort((a, b) => b.risk - a.risk);
}
