// DefinitionDetector: the workflow's definition as a monitor stage, so that its findings become
// verdict reasons live. On each task state change it checks the partial run graph
// (`context.run`): a task the definition does not have (unknown-task), and an expected upstream of
// this task that never appeared in the run (missing-task: a task cannot run before its upstream,
// so its absence is certain at the first downstream event). Score 1 with a reason naming the
// task, 0 otherwise; it abstains (NaN) without a run or a definition for the workflow. Precedence,
// cycles, illegal transitions and second terminal states stay with core's RunTracker (R1-R6); a
// missing sink task is only seen once the run is over (`checkRunConsistency`).
// Reference: issue 3 item 4; METHODS.md 4.3 (1); consistency.ts (the offline check).
import { ConfigError, SnapshotError, type Detector, type DetectorConfig, type DetectorSnapshot, type Features, type ObservationContext } from '@awad/core';
import type { WorkflowDefinition } from './workflow-definition';

const TYPE = 'graph-definition';
const VERSION = 1;

interface Finding {
  readonly kind: 'unknown-task' | 'missing-task';
  readonly message: string;
}

export class DefinitionDetector implements Detector {
  readonly name = TYPE;
  private readonly definitions: ReadonlyMap<string, WorkflowDefinition>;
  private readonly parents = new Map<string, Map<string, string[]>>();

  /** `definitions`: per workflow key, its definition (definitionFromAdjacency, learnDefinition). */
  constructor(definitions: Readonly<Record<string, WorkflowDefinition>> | ReadonlyMap<string, WorkflowDefinition>) {
    this.definitions = definitions instanceof Map ? definitions : new Map(Object.entries(definitions));
    for (const [workflow, d] of this.definitions) {
      if (!(d?.tasks instanceof Set) || !(d.edges instanceof Set)) throw new ConfigError('@awad/graph/definition-detector', `definitions.${workflow}`, 'a WorkflowDefinition (tasks and edges sets)', d);
      const byChild = new Map<string, string[]>();
      for (const e of d.edges) {
        const [parent, child] = e.split('\u001f') as [string, string];
        byChild.set(child, [...(byChild.get(child) ?? []), parent]);
      }
      this.parents.set(workflow, byChild);
    }
  }

  get isReady(): boolean {
    return true;
  }

  /** The findings about task `context.taskKey` in its run; undefined when it abstains. */
  check(context?: ObservationContext): Finding[] | undefined {
    const run = context?.run;
    const definition = run ? this.definitions.get(run.workflowKey) : undefined;
    const task = context?.taskKey;
    if (!run || !definition || task === undefined) return undefined;
    if (!definition.tasks.has(task)) return [{ kind: 'unknown-task', message: `${task} is not a task of workflow ${run.workflowKey}` }];
    const seen = new Set<string>();
    for (const t of run.tasks.values()) seen.add(t.taskKey);
    const missing = (this.parents.get(run.workflowKey)?.get(task) ?? []).filter((p) => !seen.has(p));
    return missing.map((p) => ({ kind: 'missing-task' as const, message: `expected upstream ${p} of ${task} never ran in run ${run.runId}` }));
  }

  learnOne(): void {}

  scoreOne(_x: Features, context?: ObservationContext): number {
    const found = this.check(context);
    return found === undefined ? Number.NaN : found.length > 0 ? 1 : 0;
  }

  explainOne(_x: Features, context?: ObservationContext): { feature: string; value: number; message: string } | undefined {
    const found = this.check(context);
    if (!found || found.length === 0) return undefined;
    return { feature: found[0]?.kind as string, value: 1, message: `${TYPE}: ${found.map((f) => `${f.kind}: ${f.message}`).join('; ')}` };
  }

  clone(): DefinitionDetector {
    return new DefinitionDetector(this.definitions);
  }

  getConfig(): DetectorConfig {
    return { type: TYPE, options: { workflows: [...this.definitions.keys()] } };
  }

  snapshot(): DetectorSnapshot {
    return { type: TYPE, version: VERSION, state: null };
  }

  restore(snapshot: DetectorSnapshot): void {
    if (snapshot.type !== TYPE || snapshot.version !== VERSION) throw new SnapshotError('@awad/graph/definition-detector', `a ${TYPE} v${VERSION} snapshot`, `${snapshot.type} v${snapshot.version}`);
  }
}
