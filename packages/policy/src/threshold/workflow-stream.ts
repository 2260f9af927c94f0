// A workflow's scored task runs: for each finished task run, the calibrated scores of six checks
// and its label. These streams are the tasks of the meta-RL threshold policy.
// Reference: METHODS.md 4.5 (tasks = workflow patterns; six checks c_t in [0, 1]); OUR CHOICE:
// the checks are per-task statistical detectors from @awad/stats and rules on the events, since
// the graph embeddings of 4.2 are another package's; they are computed by WorkflowChecks, the
// code a live workflow's events go through (workflow-checks.ts).
import { createRandom } from '@awad/core';
import { makeWorkflow, simulateWorkflows, type SimWorkflow } from '@awad/testkit';
import { WorkflowChecks, type FinishedTaskRun } from './workflow-checks';
import { DEFAULT_WORKFLOW_REGIME, type WorkflowRegime } from './workflow-regime';

export { CHECK_COUNT, CHECK_NAMES } from './workflow-checks';

export interface WorkflowStream {
  readonly key: string;
  /** Scored steps x CHECK_COUNT calibrated scores, row-major. */
  readonly checks: Float32Array;
  /** 1 = an injected anomaly, 0 = normal. */
  readonly labels: Uint8Array;
  readonly length: number;
}

export interface WorkflowStreamOptions {
  readonly seed: number;
  /** Simulated days (default 7; the first 2 warm the detectors and are not scored). */
  readonly days?: number;
  /** Probability that a run gets an injected anomaly (default: the regime's, 0.3). */
  readonly anomalyRate?: number;
  /** How the workflow behaves (default DEFAULT_WORKFLOW_REGIME). */
  readonly regime?: WorkflowRegime;
}

/** One simulated workflow of a stream: its events and the truth of its runs. */
export interface WorkflowSimulation {
  readonly key: string;
  readonly sim: ReturnType<typeof simulateWorkflows>;
  /** Runs with an anomaly kind outside the regime (their rows are not scored). */
  readonly excluded: ReadonlySet<string>;
}

/** Simulates the random workflow (6-30 tasks) of a stream's options. Deterministic for a seed. */
export function workflowSimulation(options: WorkflowStreamOptions): WorkflowSimulation {
  const shape = createRandom(options.seed * 31 + 7);
  const size = shape.int(6, 30);
  const every = shape.pick([15, 30, 60]);
  const drawnPeak = 1 + shape.next() * 0.8;
  const regime = options.regime ?? DEFAULT_WORKFLOW_REGIME;
  const key = `wf-${options.seed}`;
  const days = options.days ?? 7;
  const sim = simulateWorkflows({
    seed: options.seed,
    days,
    warmupDays: 2,
    anomalyRate: options.anomalyRate ?? regime.anomalyRate,
    lateDeliveryRate: regime.lateDeliveryRate,
    workflows: (rng): SimWorkflow[] => [withRegime(makeWorkflow(key, size, every, rng, { reportsTiming: true, peak: regime.peak ?? drawnPeak }), regime)],
  });
  const excluded = new Set<string>();
  for (const truth of sim.truth.values()) if (truth.kind !== null && !regime.kinds.includes(truth.kind)) excluded.add(truth.runId);
  return { key, sim, excluded };
}

/** Simulates one random workflow (6-30 tasks) and scores its task runs. Deterministic for a seed. */
export function workflowStream(options: WorkflowStreamOptions): WorkflowStream {
  const { key, sim, excluded } = workflowSimulation(options);
  const live = new WorkflowChecks();
  const rows: number[] = [];
  const labels: number[] = [];
  const record = (runs: readonly FinishedTaskRun[]): void => {
    for (const { event, checks } of runs) {
      const truth = sim.truth.get(event.task.runId);
      if (truth === undefined || !truth.evaluated || excluded.has(truth.runId)) continue;
      rows.push(...checks);
      labels.push(truth.kind === null ? 0 : 1);
    }
  };
  for (const step of sim.steps) if (step.type === 'event') record(live.observe(step.event));
  record(live.flush());
  return { key, checks: Float32Array.from(rows), labels: Uint8Array.from(labels), length: labels.length };
}


function withRegime(wf: SimWorkflow, regime: WorkflowRegime): SimWorkflow {
  if (regime.noise === 1 && regime.flakiness === 0) return wf;
  return { ...wf, tasks: wf.tasks.map((t) => ({ ...t, sigma: t.sigma * regime.noise, flakiness: Math.min(0.5, t.flakiness + regime.flakiness) })) };
}
