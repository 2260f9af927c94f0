// WorkflowGraph: the DAG of one workflow run (tasks by key, upstream -> downstream edges).
// Reference: graphology + graphology-dag (cycle checks, topological order); METHODS.md 1.2.
import { DirectedGraph } from 'graphology';
import { topologicalSort, willCreateCycle } from 'graphology-dag';
import type { TaskState } from '../event/task-state';

/** Attributes of a task node: the latest state of the task runs with that key. */
export interface TaskNodeAttributes {
  state: TaskState | undefined;
  /** Task runs of this key not yet finished (mapped tasks can have several). */
  openRuns: number;
  /** Task runs of this key seen in this workflow run. */
  runs: number;
}

export type AddEdgeResult = 'added' | 'exists' | 'cycle';

/**
 * The live graph of one workflow run. Nodes are task keys; an edge u -> v means u is upstream
 * of v. Edges that would close a cycle are refused (and reported by the caller).
 */
export class WorkflowGraph {
  readonly graph: DirectedGraph<TaskNodeAttributes> = new DirectedGraph<TaskNodeAttributes>();

  ensureTask(taskKey: string): TaskNodeAttributes {
    if (!this.graph.hasNode(taskKey)) this.graph.addNode(taskKey, { state: undefined, openRuns: 0, runs: 0 });
    return this.graph.getNodeAttributes(taskKey);
  }

  hasTask(taskKey: string): boolean {
    return this.graph.hasNode(taskKey);
  }

  /** Adds the edge `upstream -> taskKey` unless it exists or would close a cycle. */
  addEdge(upstream: string, taskKey: string): AddEdgeResult {
    this.ensureTask(upstream);
    this.ensureTask(taskKey);
    if (this.graph.hasDirectedEdge(upstream, taskKey)) return 'exists';
    if (willCreateCycle(this.graph, upstream, taskKey)) return 'cycle';
    this.graph.addDirectedEdge(upstream, taskKey);
    return 'added';
  }

  parents(taskKey: string): string[] {
    return this.graph.hasNode(taskKey) ? this.graph.inNeighbors(taskKey) : [];
  }

  children(taskKey: string): string[] {
    return this.graph.hasNode(taskKey) ? this.graph.outNeighbors(taskKey) : [];
  }

  /** All tasks reachable downstream of `taskKey`, nearest first (breadth-first). */
  descendants(taskKey: string): string[] {
    if (!this.graph.hasNode(taskKey)) return [];
    const seen = new Set<string>([taskKey]);
    const order: string[] = [];
    const queue = [taskKey];
    for (let i = 0; i < queue.length; i++) {
      for (const child of this.graph.outNeighbors(queue[i] as string)) {
        if (seen.has(child)) continue;
        seen.add(child);
        order.push(child);
        queue.push(child);
      }
    }
    return order;
  }

  topologicalOrder(): string[] {
    return topologicalSort(this.graph);
  }

  get size(): number {
    return this.graph.order;
  }

  /** Edges as [upstream, downstream] pairs, for snapshots. */
  edges(): [string, string][] {
    return this.graph.mapEdges((_edge, _attributes, source, target) => [source, target] as [string, string]);
  }
}
