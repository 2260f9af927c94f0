// A simulated stream of workflow runs with labeled, injected anomalies: the data of `awad demo`
// and of the benchmarks. Seasonal (business-hours) durations, data growth, normal flakiness and
// late event delivery make the normal traffic realistic; six anomaly kinds are injected.
// Reference: the failure modes users report (stuck runs, slow tasks against their own seasonal
// baseline, retry storms, failure bursts, metric spikes, tasks started before their upstream).
import { createRandom, type Random, type TaskState, type TaskStateChange } from '@awad/core';
import { demoWorkflows, type SimTask, type SimWorkflow } from './workflow-spec';

export const ANOMALY_KINDS = ['slow-task', 'stuck-task', 'retry-storm', 'failure-burst', 'metric-spike', 'out-of-order-upstream'] as const;
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];

export interface SimulationOptions {
  readonly seed?: number;
  /** Simulated days. */
  readonly days?: number;
  /** Days at the start with no injected anomaly and no evaluation (detectors warm up). */
  readonly warmupDays?: number;
  /** Probability that a run after warm-up gets one injected anomaly. */
  readonly anomalyRate?: number;
  /** Minutes between `tick` steps. */
  readonly tickEveryMinutes?: number;
  /** Probability that a RUNNING event is delivered after the task's terminal event. */
  readonly lateDeliveryRate?: number;
  /** Start time, epoch ms (default Monday 2026-11-02 00:00 UTC). */
  readonly start?: number;
  readonly workflows?: (rng: Random) => SimWorkflow[];
}

export const DEFAULT_SIMULATION_OPTIONS = {
  seed: 1,
  days: 14,
  warmupDays: 4,
  anomalyRate: 0.08,
  tickEveryMinutes: 5,
  lateDeliveryRate: 0.005,
  start: Date.UTC(2026, 10, 2),
} as const;

export type SimStep = { readonly type: 'event'; readonly time: number; readonly event: TaskStateChange } | { readonly type: 'tick'; readonly time: number };

/** Ground truth of one task run. */
export interface TaskRunTruth {
  readonly taskRunId: string;
  readonly workflowKey: string;
  readonly taskKey: string;
  readonly runId: string;
  /** Start of its workflow run, epoch ms. */
  readonly runStart: number;
  readonly kind: AnomalyKind | null;
  /** Whether metrics count this task run (its run started after warm-up). */
  readonly evaluated: boolean;
}

export interface Simulation {
  /** Events and ticks in delivery order. */
  readonly steps: SimStep[];
  readonly truth: Map<string, TaskRunTruth>;
  readonly workflows: readonly SimWorkflow[];
  readonly start: number;
  readonly evaluationStart: number;
  readonly end: number;
  /** Per task key, the static SLA a user would configure: 2.5x its off-peak median. */
  readonly slaMs: Record<string, number>;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Business-hours load: up to `peak`x at 13:00 UTC on weekdays, 0.85x at weekends. */
export function seasonalFactor(time: number, peak: number): number {
  const day = new Date(time).getUTCDay();
  if (day === 0 || day === 6) return 0.85;
  const hour = (time % DAY) / HOUR;
  const bump = hour > 8 && hour < 18 ? Math.sin((Math.PI * (hour - 8)) / 10) : 0;
  return 1 + (peak - 1) * bump;
}

/** Simulates every scheduled run of every workflow. Deterministic for a seed. */
export function simulateWorkflows(options: SimulationOptions = {}): Simulation {
  const o = { ...DEFAULT_SIMULATION_OPTIONS, ...options };
  const rng = createRandom(o.seed);
  const workflows = (options.workflows ?? demoWorkflows)(rng);
  const end = o.start + o.days * DAY;
  const evaluationStart = o.start + o.warmupDays * DAY;
  const pending: { delivery: number; seq: number; step: SimStep }[] = [];
  const truth = new Map<string, TaskRunTruth>();
  const slaMs: Record<string, number> = {};
  let seq = 0;
  const emit = (delivery: number, step: SimStep): void => {
    pending.push({ delivery, seq: seq++, step });
  };

  for (const wf of workflows) {
    for (const task of wf.tasks) slaMs[task.key] = 2.5 * task.medianMs;
    for (let i = 0, t = o.start; t < end; i++, t += wf.everyMinutes * 60_000) {
      const runStart = t + rng.int(0, 30_000);
      const evaluated = runStart >= evaluationStart;
      const anomaly = evaluated && rng.chance(o.anomalyRate) ? rng.pick(ANOMALY_KINDS) : null;
      simulateRun(wf, `${wf.key}-${i}`, runStart, anomaly, evaluated, { rng, emit, truth, start: o.start, span: end - o.start, lateRate: o.lateDeliveryRate });
    }
  }
  for (let t = o.start; t <= end; t += o.tickEveryMinutes * 60_000) emit(t, { type: 'tick', time: t });
  pending.sort((a, b) => a.delivery - b.delivery || a.seq - b.seq);
  return { steps: pending.map((p) => p.step), truth, workflows, start: o.start, evaluationStart, end, slaMs };
}

interface RunContext {
  readonly rng: Random;
  readonly emit: (delivery: number, step: SimStep) => void;
  readonly truth: Map<string, TaskRunTruth>;
  readonly start: number;
  readonly span: number;
  readonly lateRate: number;
}

interface Outcome {
  start: number;
  end: number;
  ok: boolean;
}

function pickTargets(wf: SimWorkflow, kind: AnomalyKind | null, rng: Random): Set<string> {
  if (kind === null) return new Set();
  if (kind === 'failure-burst') {
    const count = rng.int(3, 5);
    const from = rng.int(0, Math.max(0, wf.tasks.length - count * 2));
    return new Set(wf.tasks.slice(from, from + count * 2).filter((_, j) => j % 2 === 0).map((t) => t.key));
  }
  const candidates = kind === 'out-of-order-upstream' ? wf.tasks.filter((t) => t.parents.length > 0) : wf.tasks;
  return new Set([rng.pick(candidates).key]);
}

function simulateRun(wf: SimWorkflow, runId: string, runStart: number, kind: AnomalyKind | null, evaluated: boolean, ctx: RunContext): void {
  const { rng } = ctx;
  const targets = pickTargets(wf, kind, rng);
  const outcomes = new Map<string, Outcome>();
  for (const task of wf.tasks) {
    const taskRunId = `${runId}/${task.key}`;
    const hit = targets.has(task.key) ? kind : null;
    ctx.truth.set(taskRunId, { taskRunId, workflowKey: wf.key, taskKey: task.key, runId, runStart, kind: hit, evaluated });
    const parents = task.parents.map((p) => outcomes.get(p) as Outcome);
    const ready = parents.length === 0 ? runStart : Math.max(...parents.map((p) => p.end));
    const base = { wf, runId, task, taskRunId, ctx };
    if (parents.some((p) => !p.ok)) {
      event(base, ready, 'SKIPPED', 1, { upstream: true });
      outcomes.set(task.key, { start: ready, end: ready, ok: false });
      continue;
    }
    outcomes.set(task.key, runTask(base, ready, hit, parents));
  }
}

interface TaskContext {
  readonly wf: SimWorkflow;
  readonly runId: string;
  readonly task: SimTask;
  readonly taskRunId: string;
  readonly ctx: RunContext;
}

function runTask(base: TaskContext, ready: number, kind: AnomalyKind | null, parents: Outcome[]): Outcome {
  const { wf, task, ctx } = base;
  const { rng } = ctx;
  const season = seasonalFactor(ready, wf.peak);
  const growth = 1 + (0.2 * (ready - ctx.start)) / ctx.span;
  const queue = task.queueMedianMs * (1 + 2 * (season - 1)) * Math.exp(0.3 * rng.normal());
  let duration = task.medianMs * season * growth * Math.exp(task.sigma * rng.normal());
  let memory = task.memoryMbMedian * Math.exp(0.1 * rng.normal());
  const rows = task.rowsMedian * growth * Math.exp(0.1 * rng.normal());
  if (kind === 'slow-task') duration *= 3 + 3 * rng.next();
  if (kind === 'metric-spike') memory *= 4 + 4 * rng.next();

  let start = ready + queue;
  if (kind === 'out-of-order-upstream') {
    // The engine starts the task while an upstream task is still running.
    const latest = parents.reduce((a, b) => (b.end > a.end ? b : a));
    start = latest.start + (0.2 + 0.4 * rng.next()) * (latest.end - latest.start);
  }
  event(base, Math.min(ready, start - queue), 'QUEUED', 1, { upstream: true });
  let attempt = 1;
  const failing = kind === 'retry-storm' ? rng.int(3, 5) : kind === 'failure-burst' ? 2 : rng.chance(task.flakiness) ? 1 : 0;
  for (; attempt <= failing; attempt++) {
    const failAt = start + duration * (0.2 + 0.3 * rng.next());
    event(base, start, 'RUNNING', attempt);
    event(base, failAt, 'FAILED', attempt, { startedAt: start, endedAt: failAt });
    if (kind === 'failure-burst' && attempt === failing) return { start, end: failAt, ok: false };
    event(base, failAt + 1, 'RETRYING', attempt);
    const retryAt = failAt + 30_000 + rng.next() * 60_000;
    event(base, retryAt, 'QUEUED', attempt + 1);
    start = retryAt + queue;
  }
  if (kind === 'stuck-task') {
    const timeout = start + Math.max(20 * task.medianMs * season, 45 * 60_000);
    event(base, start, 'RUNNING', attempt);
    event(base, timeout, 'CANCELLED', attempt, { startedAt: start, endedAt: timeout });
    return { start, end: timeout, ok: false };
  }
  const end = start + duration;
  const late = rng.chance(ctx.lateRate);
  event(base, start, 'RUNNING', attempt, late ? { deliverAt: end + 1_000 + rng.next() * 30_000 } : {});
  event(base, end, 'SUCCEEDED', attempt, { startedAt: start, endedAt: end, metrics: { rows: Math.round(rows), memoryMb: Math.round(memory) } });
  return { start, end, ok: true };
}

interface EventExtras {
  upstream?: boolean;
  startedAt?: number;
  endedAt?: number;
  metrics?: Record<string, number>;
  deliverAt?: number;
}

function event(base: TaskContext, time: number, state: TaskState, attempt: number, extras: EventExtras = {}): void {
  const { wf, runId, task, taskRunId, ctx } = base;
  const iso = (t: number): string => new Date(Math.round(t)).toISOString();
  const timing = wf.reportsTiming && extras.startedAt !== undefined && extras.endedAt !== undefined ? { startedAt: iso(extras.startedAt), endedAt: iso(extras.endedAt) } : undefined;
  const e: TaskStateChange = {
    specVersion: '1',
    eventId: `${taskRunId}#${attempt}:${state}`,
    source: { system: 'awad-sim' },
    occurredAt: iso(time),
    state,
    task: { key: task.key, runId: taskRunId, attempt, maxAttempts: wf.maxAttempts },
    workflow: { key: wf.key, runId },
    ...(extras.upstream && task.parents.length > 0 ? { upstream: task.parents.map((taskKey) => ({ taskKey })) } : {}),
    ...(timing ? { timing } : {}),
    ...(extras.metrics ? { metrics: extras.metrics } : {}),
  };
  ctx.emit(extras.deliverAt ?? Math.round(time), { type: 'event', time: Math.round(time), event: e });
}
