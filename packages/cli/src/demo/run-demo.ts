// The demo: a simulated stream of workflow runs with injected anomalies goes through the default
// monitor, through each detector alone, and through the baselines users run today; each is scored
// per task run against the injected truth.
// Reference: issue "awad demo"; METHODS.md 6.1 (point-wise precision, recall, F1, FPR).
import { createMonitor, type Monitor, type StageSpec, type Verdict } from '@awad/core';
import { metricsFromCounts } from '@awad/scoring';
import { baselineStages, defaultStages, extraStages } from '@awad/stats';
import { ANOMALY_KINDS, simulateWorkflows, type AnomalyKind, type Simulation, type SimulationOptions, type TaskRunTruth } from '@awad/testkit';

export type DemoGroup = 'monitor' | 'detector' | 'baseline';

export interface DemoRow {
  readonly name: string;
  readonly group: DemoGroup;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** False-positive rate over normal task runs. */
  readonly fpr: number;
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  readonly tn: number;
  /** False alerts per simulated day (task runs flagged wrongly, over the evaluated days). */
  readonly falseAlertsPerDay: number;
  /** Recall per injected anomaly kind. */
  readonly recallByKind: Readonly<Record<AnomalyKind, number>>;
  /** False alerts (falsely flagged task runs) by the first reason they were flagged for, `detector:kind`. */
  readonly falseAlertsByReason: Readonly<Record<string, number>>;
}

export interface DemoResult {
  readonly seed: number;
  readonly days: number;
  readonly warmupDays: number;
  readonly events: number;
  readonly ticks: number;
  /** Task runs evaluated (their workflow run started after the warm-up). */
  readonly taskRuns: number;
  readonly anomalies: Readonly<Record<AnomalyKind, number>>;
  /** Anomalous verdicts of the default monitor during the warm-up (not scored). */
  readonly warmupVerdicts: number;
  readonly rows: readonly DemoRow[];
}

export interface DemoOptions extends Pick<SimulationOptions, 'days' | 'warmupDays' | 'anomalyRate'> {
  readonly seed: number;
  /** Called for each anomalous verdict of the default monitor after the warm-up, as it happens. */
  readonly onAnomaly?: (verdict: Verdict, truth: AnomalyKind | null) => void;
  readonly onProgress?: (done: number, total: number) => void;
}

interface Contender {
  readonly name: string;
  readonly group: DemoGroup;
  readonly monitor: Monitor;
  /** Flagged task runs, with the first reason each was flagged for. */
  readonly flagged: Map<string, string>;
}

export function runDemo(options: DemoOptions): DemoResult {
  const sim = simulateWorkflows({ seed: options.seed, ...pick(options) });
  const contenders = buildContenders(sim);
  const main = contenders[0] as Contender;
  let events = 0;
  let ticks = 0;
  let warmupVerdicts = 0;
  const total = sim.steps.length;
  sim.steps.forEach((step, i) => {
    if (step.type === 'tick') ticks += 1;
    else events += 1;
    for (const c of contenders) {
      const verdicts = step.type === 'tick' ? c.monitor.tick(step.time) : [c.monitor.observe(step.event)];
      for (const v of verdicts) {
        if (!v.isAnomaly) continue;
        if (!c.flagged.has(v.taskRunId)) c.flagged.set(v.taskRunId, `${v.reasons[0]?.detector ?? '?'}:${v.reasons[0]?.kind ?? '?'}`);
        if (c !== main) continue;
        if (v.time < sim.evaluationStart) warmupVerdicts += 1;
        else options.onAnomaly?.(v, sim.truth.get(v.taskRunId)?.kind ?? null);
      }
    }
    if (options.onProgress && (i % 5000 === 0 || i === total - 1)) options.onProgress(i + 1, total);
  });
  const evaluated = [...sim.truth.values()].filter((t) => t.evaluated);
  const anomalies = Object.fromEntries(ANOMALY_KINDS.map((k) => [k, evaluated.filter((t) => t.kind === k).length])) as Record<AnomalyKind, number>;
  const days = (sim.end - sim.evaluationStart) / 86_400_000;
  return {
    seed: options.seed,
    days: (sim.end - sim.start) / 86_400_000,
    warmupDays: (sim.evaluationStart - sim.start) / 86_400_000,
    events,
    ticks,
    taskRuns: evaluated.length,
    anomalies,
    warmupVerdicts,
    rows: contenders.map((c) => score(c, evaluated, days)),
  };
}

/**
 * The default monitor first, then each stats detector alone (the default suite's and the
 * extra ones), the rules alone, then the baselines users run today.
 */
function buildContenders(sim: Simulation): Contender[] {
  const make = (name: string, group: DemoGroup, stages: readonly StageSpec[], rules: boolean): Contender => ({
    name, group, monitor: createMonitor({ stages, rules, impact: false, idPrefix: `${name}-` }), flagged: new Map(),
  });
  const contenders = [make('monitor (default stages + rules)', 'monitor', defaultStages(), true)];
  // Alone, a fallback stage has nothing to stand in for: it judges every point.
  for (const { fallbackFor: _, ...stage } of [...defaultStages(), ...extraStages()]) contenders.push(make(stage.name ?? stage.detector.name, 'detector', [stage], false));
  contenders.push(make('consistency rules', 'detector', [], true));
  for (const stage of baselineStages({ slaMsByTask: sim.slaMs })) contenders.push(make(stage.name ?? stage.detector.name, 'baseline', [stage], false));
  return contenders;
}

function score(c: Contender, evaluated: readonly TaskRunTruth[], days: number): DemoRow {
  let tp = 0, fp = 0, fn = 0, tn = 0;
  const hits: Record<string, number> = {};
  const counts: Record<string, number> = {};
  const falseAlertsByReason: Record<string, number> = {};
  for (const t of evaluated) {
    const flagged = c.flagged.has(t.taskRunId);
    if (t.kind !== null) {
      counts[t.kind] = (counts[t.kind] ?? 0) + 1;
      if (flagged) {
        tp += 1;
        hits[t.kind] = (hits[t.kind] ?? 0) + 1;
      } else fn += 1;
    } else if (flagged) {
      fp += 1;
      const reason = c.flagged.get(t.taskRunId) as string;
      falseAlertsByReason[reason] = (falseAlertsByReason[reason] ?? 0) + 1;
    } else tn += 1;
  }
  const m = metricsFromCounts({ tp, fp, fn, tn });
  const recallByKind = Object.fromEntries(ANOMALY_KINDS.map((k) => [k, counts[k] ? (hits[k] ?? 0) / (counts[k] as number) : Number.NaN])) as Record<AnomalyKind, number>;
  return { name: c.name, group: c.group, precision: m.precision, recall: m.recall, f1: m.f1, fpr: m.fpr, tp, fp, fn, tn, falseAlertsPerDay: fp / days, recallByKind, falseAlertsByReason };
}

function pick(options: DemoOptions): SimulationOptions {
  const out: { days?: number; warmupDays?: number; anomalyRate?: number } = {};
  if (options.days !== undefined) out.days = options.days;
  if (options.warmupDays !== undefined) out.warmupDays = options.warmupDays;
  if (options.anomalyRate !== undefined) out.anomalyRate = options.anomalyRate;
  return out;
}
