// Logical consistency of a whole run against its workflow's definition: a task that started before
// an upstream finished, a task the definition does not have, an expected task that never ran, a
// cycle. Each finding is a core `Violation` with certainty 1. Live events get the same kinds from
// core's RunTracker (R1-R6: illegal transitions, a second terminal state, precedence, cycles) and
// from `DefinitionDetector`; this file does not repeat those per-event rules.
// Reference: METHODS.md 4.3 (1); packages/core/src/run/violation.ts.
import type { Violation, ViolationKind } from '@awad/core';
import { adjacency, topologicalOrder, type RunGraph } from './run-graph';
import type { WorkflowDefinition } from './workflow-definition';

export interface RunViolation extends Violation {
  /** The task the violation is about (undefined for run-level findings such as a cycle). */
  readonly taskId: string | undefined;
}

const found = (kind: ViolationKind, taskId: string | undefined, message: string): RunViolation => ({ kind, weight: 1, message, taskId });

/** Every violation of a finished (or partial, with `partial`) run. */
export function checkRunConsistency(run: RunGraph, definition?: WorkflowDefinition, options: { partial?: boolean } = {}): RunViolation[] {
  const out: RunViolation[] = [];
  const { parents } = adjacency(run);
  if (topologicalOrder(run) === undefined) out.push(found('cycle', undefined, `run ${run.runId} has a cycle in its task graph`));
  run.tasks.forEach((task, i) => {
    if (task.startedAt === undefined) return;
    for (const p of parents[i] as number[]) {
      const parent = run.tasks[p];
      if (parent?.endedAt !== undefined && task.startedAt < parent.endedAt) {
        out.push(found('precedence', task.id, `${task.id} started ${(parent.endedAt - task.startedAt).toFixed(1)} s before upstream ${parent.id} finished`));
      }
    }
  });
  if (definition) {
    const seen = new Set<string>();
    for (const task of run.tasks) {
      seen.add(task.id);
      if (!definition.tasks.has(task.id)) out.push(found('unknown-task', task.id, `${task.id} is not a task of workflow ${run.workflow}`));
    }
    if (!options.partial) {
      for (const id of definition.tasks) if (!seen.has(id)) out.push(found('missing-task', id, `expected task ${id} of workflow ${run.workflow} never ran in run ${run.runId}`));
    }
  }
  return out;
}
