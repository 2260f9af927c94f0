// Thresholds that adapt to each workflow, fed with task state changes: per workflow key, the six
// checks of its task runs (WorkflowChecks) and its own AdaptiveThresholds; a verdict for every task
// run that ends, and the operator's labels in by task run id. This is the meta-learned threshold
// policy on live events, the way `awad sim thresholds` evaluates it on simulated ones.
// Reference: METHODS.md 4.5 (per-workflow adaptation in deployment); OUR CHOICE: one policy per
// workflow key, the least recently seen workflow dropped past `maxWorkflows`, labels by task run id.
import { BoundedMap, DetectorError, validateEvent, ValidationError, type TaskStateChange } from '@awad/core';
import { ensureBackend } from '@awad/tensor';
import { AdaptiveThresholds, type AdaptiveThresholdsOptions, type CheckName, type ThresholdVerdict } from './adaptive-thresholds';
import { invalidField } from '../invalid-field';
import { CHECK_NAMES, WorkflowChecks, type FinishedTaskRun } from './workflow-checks';

const MODULE = '@awad/policy/workflow-thresholds';
/** Verdicts that can still take feedback, over all workflows (the oldest are dropped past it; BoundedMap). */
export const MAX_AWAITING_FEEDBACK = 10_000;

export interface WorkflowThresholdsOptions extends AdaptiveThresholdsOptions {
  /** Workflows kept, each with its checks and adapted policy (default 1000; the least recently seen is dropped). */
  readonly maxWorkflows?: number;
  /** Called with a DetectorError when the checks or the policy fail on an event (the event then gives no verdict; nothing is thrown), or an adaptation in a worker fails. */
  readonly onError?: (error: DetectorError) => void;
}

/** A task run's verdict, with where it came from. */
export interface WorkflowRunVerdict extends ThresholdVerdict {
  readonly workflowKey: string;
  readonly workflowRunId: string;
  readonly taskKey: string;
  readonly taskRunId: string;
  /** The run's final state (SUCCEEDED, FAILED or CANCELLED). */
  readonly state: TaskStateChange['state'];
  /** The six check scores in [0, 1]. */
  readonly checks: Readonly<Record<CheckName, number>>;
}

interface Workflow {
  readonly checks: WorkflowChecks;
  readonly thresholds: AdaptiveThresholds;
}

export class WorkflowThresholds {
  private readonly workflows = new Map<string, Workflow>();
  /** taskRunId -> the workflow and the decision id its feedback goes to. */
  private readonly awaiting = new BoundedMap<string, { workflowKey: string; id: number }>(MAX_AWAITING_FEEDBACK);
  private readonly policy: AdaptiveThresholdsOptions;
  private readonly onError: ((error: DetectorError) => void) | undefined;
  private readonly maxWorkflows: number;

  constructor(options: WorkflowThresholdsOptions) {
    const maxWorkflows = options.maxWorkflows ?? 1000;
    if (!Number.isInteger(maxWorkflows) || maxWorkflows < 1) throw issue('maxWorkflows', 'a whole number >= 1', String(maxWorkflows));
    const { maxWorkflows: _, ...policy } = options;
    // Checks the policy options once, as every workflow's AdaptiveThresholds will.
    new AdaptiveThresholds(policy).dispose();
    this.policy = policy;
    this.onError = options.onError;
    this.maxWorkflows = maxWorkflows;
  }

  /**
   * One task state change (any engine's, as `@awad/core` validates it). Returns a verdict for each
   * task run the event lets end, often none. Throws only a ValidationError for a malformed event,
   * and then changes nothing.
   */
  observe(input: unknown): WorkflowRunVerdict[] {
    const event = validateEvent(input);
    try {
      const wf = this.workflow(event.workflow.key);
      return this.decide(event.workflow.key, wf, wf.checks.observe(event));
    } catch (error) {
      this.onError?.(new DetectorError('workflow-thresholds', error, event.eventId));
      return [];
    }
  }

  /** Resolves when no workflow's policy is adapting in a worker (`adaptInWorker`). */
  async settled(): Promise<void> {
    await Promise.all([...this.workflows.values()].map((wf) => wf.thresholds.settled()));
  }

  /** Ends every failed attempt still waiting for a retry (end of a replay, or shutdown). */
  flush(): WorkflowRunVerdict[] {
    const out: WorkflowRunVerdict[] = [];
    for (const [key, wf] of this.workflows) out.push(...this.decide(key, wf, wf.checks.flush()));
    return out;
  }

  /**
   * The operator's label for a task run's verdict: true = a real anomaly, false = "this one is
   * fine". Returns false for a run with no verdict awaiting feedback (unknown, already labelled,
   * or dropped).
   */
  feedback(taskRunId: string, anomaly: boolean): boolean {
    if (typeof taskRunId !== 'string') throw issue('taskRunId', 'a string', typeof taskRunId);
    const at = this.awaiting.get(taskRunId);
    if (at === undefined) return false;
    const wf = this.workflows.get(at.workflowKey);
    const taken = wf?.thresholds.feedback(at.id, anomaly) ?? false;
    this.awaiting.delete(taskRunId);
    return taken;
  }

  /** The live policy of a workflow (its adaptations, labels, snapshot), if it has been seen. */
  policyOf(workflowKey: string): AdaptiveThresholds | undefined {
    return this.workflows.get(workflowKey)?.thresholds;
  }

  /** Workflow keys seen, least recently seen first. */
  get workflowKeys(): string[] {
    return [...this.workflows.keys()];
  }

  dispose(): void {
    for (const wf of this.workflows.values()) wf.thresholds.dispose();
    this.workflows.clear();
    this.awaiting.clear();
  }

  private workflow(key: string): Workflow {
    let wf = this.workflows.get(key);
    if (wf !== undefined) {
      this.workflows.delete(key);
      this.workflows.set(key, wf);
      return wf;
    }
    wf = { checks: new WorkflowChecks(), thresholds: new AdaptiveThresholds(this.policy) };
    this.workflows.set(key, wf);
    if (this.workflows.size > this.maxWorkflows) {
      const [oldest, dropped] = this.workflows.entries().next().value as [string, Workflow];
      this.workflows.delete(oldest);
      dropped.thresholds.dispose();
    }
    return wf;
  }

  private decide(workflowKey: string, wf: Workflow, runs: readonly FinishedTaskRun[]): WorkflowRunVerdict[] {
    return runs.map(({ event, checks }) => {
      const v = wf.thresholds.decide(Array.from(checks));
      this.awaiting.set(event.task.runId, { workflowKey, id: v.id });
      const named = Object.fromEntries(CHECK_NAMES.map((n, k) => [n, checks[k] as number])) as Record<CheckName, number>;
      return { ...v, workflowKey, workflowRunId: event.workflow.runId, taskKey: event.task.key, taskRunId: event.task.runId, state: event.state, checks: named };
    });
  }
}

/** Creates the per-workflow thresholds, choosing the tensor backend adaptation will use. */
export async function createWorkflowThresholds(options: WorkflowThresholdsOptions): Promise<WorkflowThresholds> {
  await ensureBackend();
  return new WorkflowThresholds(options);
}

function issue(path: string, expected: string, received: string): ValidationError {
  return new ValidationError([invalidField(MODULE, path, expected, received)]);
}
