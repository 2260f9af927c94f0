// Pooling per-task z rows over the tasks of one run that ran on the same machine: contention and
// throttling act per machine, so peers on one host share the evidence. Tasks with nothing measured
// (a live task not finished yet) neither give nor receive; `causal` pools a task only with the peers
// that ended no later than it did, which is what a live monitor has when the task ends.
// Reference: issue 3 (per-host-in-run context); Flow-Bench injects anomalies per worker container.
import type { RunGraph } from './run-graph';

export interface HostPoolOptions {
  /** Per task, whether it has a measured row (default: all tasks). */
  readonly measured?: readonly boolean[];
  /** Pool only with peers whose end time is at or before the task's own (default false). */
  readonly causal?: boolean;
}

/** Mean of each task's z rows (N*k) over the run's measured tasks on its host; others keep their own. */
export function poolByHost(run: RunGraph, z: Float32Array, k: number, options: HostPoolOptions = {}): Float32Array {
  const groups = new Map<string, number[]>();
  run.tasks.forEach((task, i) => {
    if (task.host === undefined || options.measured?.[i] === false) return;
    let g = groups.get(task.host);
    if (!g) groups.set(task.host, (g = []));
    g.push(i);
  });
  const out = z.slice();
  const meanInto = (i: number, peers: readonly number[]): void => {
    for (let d = 0; d < k; d++) {
      let s = 0;
      for (const j of peers) s += z[j * k + d] as number;
      out[i * k + d] = s / peers.length;
    }
  };
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    if (!options.causal) {
      meanInto(members[0] as number, members);
      const first = (members[0] as number) * k;
      for (const i of members) out.copyWithin(i * k, first, first + k);
      continue;
    }
    for (const i of members) {
      const end = run.tasks[i]?.endedAt;
      meanInto(i, members.filter((j) => j === i || (end !== undefined && (run.tasks[j]?.endedAt ?? Number.POSITIVE_INFINITY) <= end)));
    }
  }
  return out;
}
