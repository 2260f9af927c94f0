// Test helper: what a monitor's run tracker knows about one workflow run, as plain data.
import type { Monitor, TaskState } from '@awad/core';

export interface TaskSummary {
  /** Task runs of this key in the workflow run. */
  runs: number;
  /** Final state of each run. */
  states: (TaskState | undefined)[];
  /** Highest attempt among the runs. */
  attempt: number;
  /** Failed attempts, summed over the runs. */
  failures: number;
}

export interface RunSummary {
  workflowKey: string;
  /** [upstream, downstream] task keys, sorted. */
  edges: [string, string][];
  tasks: Record<string, TaskSummary>;
}

export function summarizeRun(monitor: Monitor, runId: string): RunSummary | undefined {
  const run = monitor.tracker.getRun(runId);
  if (run === undefined) return undefined;
  const tasks: Record<string, TaskSummary> = {};
  for (const task of run.tasks.values()) {
    const entry = (tasks[task.taskKey] ??= { runs: 0, states: [], attempt: 0, failures: 0 });
    entry.runs += 1;
    entry.states.push(task.state);
    entry.attempt = Math.max(entry.attempt, task.attempt);
    entry.failures += task.failures;
  }
  const edges = run.graph.edges().sort((a, b) => (a[0] + a[1]).localeCompare(b[0] + b[1]));
  return { workflowKey: run.workflowKey, edges, tasks };
}

/** The ids the example's client.py prints. */
export interface ExampleIds {
  chain: { root: string };
  chord: { root: string };
  twice: { root: string };
  flaky: { id: string };
  broken: { id: string };
}

/** What the example's workflows must look like in the monitor (the test's expectations). */
export const EXPECTED_EXAMPLE_RUNS = {
  chain: {
    workflowKey: 'etl.extract',
    edges: [['etl.extract', 'etl.transform'], ['etl.transform', 'etl.load']],
    tasks: {
      'etl.extract': { runs: 1, states: ['SUCCEEDED'], attempt: 1, failures: 0 },
      'etl.transform': { runs: 1, states: ['SUCCEEDED'], attempt: 1, failures: 0 },
      'etl.load': { runs: 1, states: ['SUCCEEDED'], attempt: 1, failures: 0 },
    },
  },
  chord: {
    workflowKey: 'etl.prepare',
    edges: [['etl.prepare', 'etl.merge'], ['etl.prepare', 'etl.score'], ['etl.score', 'etl.merge']],
    tasks: {
      'etl.prepare': { runs: 1, states: ['SUCCEEDED'], attempt: 1, failures: 0 },
      'etl.score': { runs: 3, states: ['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED'], attempt: 1, failures: 0 },
      'etl.merge': { runs: 1, states: ['SUCCEEDED'], attempt: 1, failures: 0 },
    },
  },
  twice: {
    workflowKey: 'etl.bump',
    edges: [['etl.bump', 'etl.bump#2']],
    tasks: {
      'etl.bump': { runs: 1, states: ['SUCCEEDED'], attempt: 1, failures: 0 },
      'etl.bump#2': { runs: 1, states: ['SUCCEEDED'], attempt: 1, failures: 0 },
    },
  },
  flaky: {
    workflowKey: 'etl.flaky',
    edges: [],
    tasks: { 'etl.flaky': { runs: 1, states: ['SUCCEEDED'], attempt: 3, failures: 2 } },
  },
  broken: {
    workflowKey: 'etl.broken',
    edges: [],
    tasks: { 'etl.broken': { runs: 1, states: ['FAILED'], attempt: 1, failures: 1 } },
  },
} as const;

/** Each example workflow's run id in the monitor (the root task's uuid). */
export function exampleRunIds(ids: ExampleIds): Record<keyof typeof EXPECTED_EXAMPLE_RUNS, string> {
  return { chain: ids.chain.root, chord: ids.chord.root, twice: ids.twice.root, flaky: ids.flaky.id, broken: ids.broken.id };
}
