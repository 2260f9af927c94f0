// Downstream impact: the risk that each unfinished descendant of an anomalous task is hit.
// Reference: METHODS.md 4.3 (4), a noisy-OR network on the DAG; structural weights only
// (per-edge propagation learned from history is @awad/graph's job).
import { TERMINAL_STATES } from '../event/task-state';
import type { ImpactEntry } from '../verdict/verdict';
import type { WorkflowGraph } from './workflow-graph';

export interface ImpactOptions {
  /** Probability that trouble in a parent reaches a child (w_prop). */
  readonly propagation?: number;
  /**
   * Per-edge propagation learned from history (`@awad/graph`'s EdgePropagation): the probability
   * that trouble in `upstream` reaches `downstream` in workflow `workflowKey`; undefined falls back
   * to `propagation`.
   */
  readonly edgeWeight?: (upstream: string, downstream: string, workflowKey: string | undefined) => number | undefined;
  /** Most entries returned, highest risk first. */
  readonly limit?: number;
}

export const DEFAULT_IMPACT_OPTIONS = { propagation: 0.5, limit: 10 } as const;

/**
 * P(I_u) = 1 - prod_{p in Pa(u)} (1 - w * P(I_p)) over the descendants of `taskKey`, with
 * P(I_taskKey) = `probability`; finished tasks are not at risk and do not propagate.
 */
export function downstreamImpact(graph: WorkflowGraph, taskKey: string, probability: number, options: ImpactOptions = {}, workflowKey?: string): ImpactEntry[] {
  const w = options.propagation ?? DEFAULT_IMPACT_OPTIONS.propagation;
  const limit = options.limit ?? DEFAULT_IMPACT_OPTIONS.limit;
  const descendants = graph.descendants(taskKey);
  if (descendants.length === 0) return [];
  const inScope = new Set(descendants);
  const risk = new Map<string, number>([[taskKey, probability]]);
  // Topological order restricted to the descendants keeps every parent before its child.
  for (const node of graph.topologicalOrder()) {
    if (!inScope.has(node)) continue;
    const state = graph.graph.getNodeAttribute(node, 'state');
    if (state !== undefined && TERMINAL_STATES.has(state)) continue;
    let keep = 1;
    for (const parent of graph.parents(node)) {
      const learned = options.edgeWeight?.(parent, node, workflowKey);
      const weight = learned !== undefined && learned >= 0 && learned <= 1 ? learned : w;
      keep *= 1 - weight * (risk.get(parent) ?? 0);
    }
    risk.set(node, 1 - keep);
  }
  risk.delete(taskKey);
  return [...risk.entries()]
    .filter(([, r]) => r > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit)
    .map(([key, r]) => ({ taskKey: key, risk: r }));
}
