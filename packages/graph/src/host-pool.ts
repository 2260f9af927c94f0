// Pooling per-task z rows over the tasks of one run that ran on the same machine: contention and
// throttling act per machine, so peers on one host share the evidence. A NaN entry (a feature the
// task has not measured, e.g. a live task not finished yet) neither gives nor receives and comes out
// as 0; `causal` pools a task only with the peers that ended before it (ties broken by task order,
// as runEvents replays them), which is what a live monitor has when the task ends.
// Reference: issue 3 (per-host-in-run context); Flow-Bench injects anomalies per worker container.
import type { RunGraph } from './run-graph';

export interface HostPoolOptions {
  /** Pool only with peers that ended earlier, or at the same time and come first in the run (default false). */
  readonly causal?: boolean;
}

/** Per column, the mean of the finite z of the run's tasks on each task's host (N*k; NaN -> 0). */
export function poolByHost(run: RunGraph, z: Float32Array, k: number, options: HostPoolOptions = {}): Float32Array {
  const groups = new Map<string, number[]>();
  run.tasks.forEach((task, i) => {
    if (task.host === undefined) return;
    let g = groups.get(task.host);
    if (!g) groups.set(task.host, (g = []));
    g.push(i);
  });
  const out = z.map((v) => (Number.isFinite(v) ? v : 0));
  const meanInto = (i: number, peers: readonly number[]): void => {
    for (let d = 0; d < k; d++) {
      if (!Number.isFinite(z[i * k + d] as number)) continue;
      let s = 0;
      let n = 0;
      for (const j of peers) {
        const v = z[j * k + d] as number;
        if (Number.isFinite(v)) [s, n] = [s + v, n + 1];
      }
      out[i * k + d] = s / n;
    }
  };
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    for (const i of members) {
      const end = run.tasks[i]?.endedAt ?? Number.POSITIVE_INFINITY;
      const before = (j: number): boolean => {
        const e = run.tasks[j]?.endedAt ?? Number.POSITIVE_INFINITY;
        return e < end || (e === end && j <= i);
      };
      meanInto(i, options.causal ? members.filter(before) : members);
    }
  }
  return out;
}
