// Simulated workflow definitions: layered DAGs with per-task duration, queue and metric profiles.
// Reference: typical ETL / ML DAG shapes (Airflow, Prefect); sizes 10-50 tasks.
import type { Random } from '@awad/core';

export interface SimTask {
  readonly key: string;
  readonly parents: readonly string[];
  /** Median duration off-peak, ms. */
  readonly medianMs: number;
  /** Log-normal spread of the duration. */
  readonly sigma: number;
  readonly queueMedianMs: number;
  readonly rowsMedian: number;
  readonly memoryMbMedian: number;
  /** Probability that an attempt fails and is retried (normal flakiness). */
  readonly flakiness: number;
}

export interface SimWorkflow {
  readonly key: string;
  /** Tasks in topological order. */
  readonly tasks: readonly SimTask[];
  readonly everyMinutes: number;
  /** Duration multiplier at the busiest hour on weekdays (business-hours load). */
  readonly peak: number;
  /** Whether the engine reports timing.startedAt/endedAt on terminal events. */
  readonly reportsTiming: boolean;
  readonly maxAttempts: number;
}

const VERBS = ['extract', 'load', 'clean', 'join', 'aggregate', 'validate', 'score', 'export', 'train', 'index', 'dedupe', 'enrich', 'publish', 'snapshot'];
const NOUNS = ['orders', 'users', 'events', 'invoices', 'sessions', 'features', 'prices', 'inventory', 'clicks', 'reviews', 'shipments', 'payments', 'ledger', 'catalog'];

/** Builds a layered DAG of `size` tasks: every task has 1-2 parents in earlier layers. */
export function makeWorkflow(key: string, size: number, everyMinutes: number, rng: Random, options: { reportsTiming: boolean; peak: number }): SimWorkflow {
  const names = new Set<string>();
  const tasks: SimTask[] = [];
  const layers: string[][] = [];
  while (tasks.length < size) {
    const width = layers.length === 0 ? rng.int(1, 3) : Math.min(size - tasks.length, rng.int(2, 6));
    const layer: string[] = [];
    for (let i = 0; i < width; i++) {
      let name = `${rng.pick(VERBS)}_${rng.pick(NOUNS)}`;
      while (names.has(name)) name = `${rng.pick(VERBS)}_${rng.pick(NOUNS)}_${names.size}`;
      names.add(name);
      const previous = layers[layers.length - 1];
      const parents = new Set<string>();
      if (previous) {
        parents.add(rng.pick(previous));
        if (layers.length > 1 && rng.chance(0.4)) parents.add(rng.pick(rng.pick(layers)));
      }
      tasks.push({
        key: name,
        parents: [...parents],
        medianMs: Math.round(Math.exp(Math.log(5_000) + rng.next() * Math.log(120))), // 5 s .. 10 min
        sigma: 0.12 + rng.next() * 0.18,
        queueMedianMs: 200 + rng.next() * 4_000,
        rowsMedian: Math.round(Math.exp(Math.log(1_000) + rng.next() * Math.log(1_000))),
        memoryMbMedian: 128 + rng.next() * 2_000,
        flakiness: rng.pick([0, 0, 0.01, 0.03]),
      });
      layer.push(name);
    }
    layers.push(layer);
  }
  return { key, tasks, everyMinutes, peak: options.peak, reportsTiming: options.reportsTiming, maxAttempts: 6 };
}

/** The demo's four workflows: 12, 20, 35 and 48 tasks, every 15, 30, 60 and 120 minutes. */
export function demoWorkflows(rng: Random): SimWorkflow[] {
  return [
    makeWorkflow('ingest-clickstream', 12, 15, rng, { reportsTiming: true, peak: 1.6 }),
    makeWorkflow('orders-etl', 20, 30, rng, { reportsTiming: false, peak: 1.4 }),
    makeWorkflow('feature-pipeline', 35, 60, rng, { reportsTiming: true, peak: 1.3 }),
    makeWorkflow('nightly-reporting', 48, 120, rng, { reportsTiming: false, peak: 1.2 }),
  ];
}
