// A workflow's scored task runs: for each finished task run, the calibrated scores of six checks
// and its label. These streams are the tasks of the meta-RL threshold policy.
// Reference: METHODS.md 4.5 (tasks = workflow patterns; six checks c_t in [0, 1]); OUR CHOICE:
// the checks are per-task statistical detectors from @awad/stats and rules on the events, since
// the graph embeddings of 4.2 are another package's.
import { createRandom, type TaskStateChange } from '@awad/core';
import { EwmaDetector, RobustZDetector } from '@awad/stats';
import { makeWorkflow, simulateWorkflows, type SimWorkflow } from '@awad/testkit';
import { calibrate } from '../deploy/state-encoder';
import { DEFAULT_WORKFLOW_REGIME, type WorkflowRegime } from './workflow-regime';

export const CHECK_NAMES = ['duration-robust-z', 'duration-ewma', 'retries', 'memory-robust-z', 'failed', 'upstream-order'] as const;
export const CHECK_COUNT = CHECK_NAMES.length;

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

interface Pending {
  start?: number;
  attempt: number;
  upstreamEarly?: boolean;
  upstream?: string[];
}

/** Simulates one random workflow (6-30 tasks) and scores its task runs. Deterministic for a seed. */
export function workflowStream(options: WorkflowStreamOptions): WorkflowStream {
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
  // Runs with an anomaly kind outside the regime are left out (their rows are not scored).
  const excluded = new Set<string>();
  for (const truth of sim.truth.values()) if (truth.kind !== null && !regime.kinds.includes(truth.kind)) excluded.add(truth.runId);
  const detectors = new Map<string, { rz: RobustZDetector; ew: EwmaDetector; mem: RobustZDetector }>();
  const pending = new Map<string, Pending>();
  const ended = new Map<string, number>();
  // A FAILED attempt is final unless RETRYING follows (1 ms later in the simulator).
  const failures = new Map<string, { e: TaskStateChange; t: number }>();
  const rows: number[] = [];
  const labels: number[] = [];
  const score = (e: TaskStateChange, t: number): void => {
    const id = e.task.runId;
    const p = pending.get(id) ?? { attempt: e.task.attempt ?? 1 };
    pending.delete(id);
    ended.set(`${e.workflow.runId}/${e.task.key}`, t);
    const duration = p.start === undefined ? Number.NaN : t - p.start;
    const memory = e.metrics?.memoryMb ?? Number.NaN;
    let d = detectors.get(e.task.key);
    if (d === undefined) {
      d = { rz: new RobustZDetector({ features: ['durationMs'] }), ew: new EwmaDetector({ features: ['durationMs'], warmup: 10 }), mem: new RobustZDetector({ features: ['memoryMb'] }) };
      detectors.set(e.task.key, d);
    }
    const x = { durationMs: duration };
    const mx = { memoryMb: memory };
    const c = [
      calibrate(d.rz.scoreOne(x), 4),
      calibrate(d.ew.scoreOne(x), 4),
      calibrate(Math.max(0, p.attempt - 1), 2),
      calibrate(d.mem.scoreOne(mx), 4),
      e.state === 'SUCCEEDED' ? 0 : 1,
      p.upstreamEarly ? 1 : 0,
    ];
    // Protected baselines: a point a duration check flags is not learned.
    if ((c[0] as number) < 0.5 && (c[1] as number) < 0.5 && e.state === 'SUCCEEDED') {
      d.rz.learnOne(x);
      d.ew.learnOne(x);
    }
    if ((c[3] as number) < 0.5) d.mem.learnOne(mx);
    const truth = sim.truth.get(id);
    if (truth === undefined || !truth.evaluated || excluded.has(truth.runId)) return;
    rows.push(...c);
    labels.push(truth.kind === null ? 0 : 1);
  };
  for (const step of sim.steps) {
    if (step.type !== 'event') continue;
    const e: TaskStateChange = step.event;
    const id = e.task.runId;
    const t = Date.parse(e.occurredAt);
    for (const [fid, f] of failures) {
      if (f.t + 1_000 < t) {
        failures.delete(fid);
        score(f.e, f.t);
      }
    }
    if (e.state === 'RETRYING') {
      failures.delete(id);
      continue;
    }
    if (e.state === 'QUEUED') {
      const p = pending.get(id) ?? { attempt: 1 };
      if (e.upstream !== undefined) p.upstream = e.upstream.map((u) => u.taskKey ?? '');
      pending.set(id, p);
      continue;
    }
    if (e.state === 'RUNNING') {
      const p = pending.get(id) ?? { attempt: 1 };
      p.start = t;
      p.attempt = e.task.attempt ?? 1;
      // A task that starts before one of its upstream tasks ended breaks the DAG's order.
      const upstreamEnd = (p.upstream ?? []).map((k) => ended.get(`${e.workflow.runId}/${k}`));
      p.upstreamEarly = upstreamEnd.some((u) => u === undefined || u > t);
      pending.set(id, p);
      continue;
    }
    if (e.state === 'FAILED') failures.set(id, { e, t });
    else if (e.state === 'SUCCEEDED' || e.state === 'CANCELLED') score(e, t);
  }
  for (const f of failures.values()) score(f.e, f.t);
  return { key, checks: Float32Array.from(rows), labels: Uint8Array.from(labels), length: labels.length };
}


function withRegime(wf: SimWorkflow, regime: WorkflowRegime): SimWorkflow {
  if (regime.noise === 1 && regime.flakiness === 0) return wf;
  return { ...wf, tasks: wf.tasks.map((t) => ({ ...t, sigma: t.sigma * regime.noise, flakiness: Math.min(0.5, t.flakiness + regime.flakiness) })) };
}
