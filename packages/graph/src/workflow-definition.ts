// A workflow's definition: its expected tasks and edges, from a DAG file (Flow-Bench adjacency,
// WfFormat specification) or learned from history (tasks seen in at least `minShare` of past runs).
// Reference: issue 3 item 4 ("against the workflow's definition and history").
import type { RunGraph } from './run-graph';

export interface WorkflowDefinition {
  readonly tasks: ReadonlySet<string>;
  /** Expected edges as "parent\u001fchild". */
  readonly edges: ReadonlySet<string>;
}

export const edgeKey = (parent: string, child: string): string => `${parent}\u001f${child}`;

export function definitionFromAdjacency(children: Readonly<Record<string, readonly string[]>>): WorkflowDefinition {
  const tasks = new Set<string>();
  const edges = new Set<string>();
  for (const [parent, kids] of Object.entries(children)) {
    tasks.add(parent);
    for (const kid of kids) {
      tasks.add(kid);
      edges.add(edgeKey(parent, kid));
    }
  }
  return { tasks, edges };
}

/** Tasks and edges present in at least `minShare` of the runs (default 0.5). */
export function learnDefinition(runs: readonly RunGraph[], minShare = 0.5): WorkflowDefinition {
  const taskCount = new Map<string, number>();
  const edgeCount = new Map<string, number>();
  for (const run of runs) {
    for (const id of new Set(run.tasks.map((t) => t.id))) taskCount.set(id, (taskCount.get(id) ?? 0) + 1);
    for (const [u, v] of run.edges) {
      const k = edgeKey(run.tasks[u]?.id ?? '', run.tasks[v]?.id ?? '');
      edgeCount.set(k, (edgeCount.get(k) ?? 0) + 1);
    }
  }
  const need = Math.max(1, minShare * runs.length);
  return {
    tasks: new Set([...taskCount].filter(([, c]) => c >= need).map(([k]) => k)),
    edges: new Set([...edgeCount].filter(([, c]) => c >= need).map(([k]) => k)),
  };
}
