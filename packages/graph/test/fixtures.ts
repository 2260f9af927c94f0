// Tiny synthetic runs for the graph tests: a diamond-shaped DAG (a -> b, a -> c, b -> d, c -> d).
import { createRandom } from '@awad/core';
import type { RunGraph, RunTask } from '../src/run-graph';

export function diamondRuns(count: number, seed = 1, slow?: { run: number; task: number; factor: number }): RunGraph[] {
  const random = createRandom(seed);
  const ids = ['prep_ID01', 'work_ID02', 'work_ID03', 'merge_ID04'];
  const base = [5, 40, 40, 10];
  return Array.from({ length: count }, (_, r) => {
    let t = 1000;
    const tasks: RunTask[] = ids.map((id, i) => {
      const factor = slow && slow.run === r && slow.task === i ? slow.factor : 1;
      const runtime = (base[i] as number) * Math.exp(0.1 * random.normal()) * factor;
      const startedAt = t;
      t += runtime;
      return { id, template: id.replace(/_ID\d+$/, ''), type: i === 0 ? 'auxiliary' : 'compute', measurements: { runtime, queue_delay: 2 + random.next(), stage_in_bytes: 1e6 }, startedAt, endedAt: startedAt + runtime };
    });
    return { workflow: 'diamond', runId: `run${r}`, tasks, edges: [[0, 1], [0, 2], [1, 3], [2, 3]] };
  });
}
