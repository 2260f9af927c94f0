// Rendering the demo: one line per live anomaly, then the tables of figures.
import Table from 'cli-table3';
import pc from 'picocolors';
import type { Verdict } from '@awad/core';
import { ANOMALY_KINDS, type AnomalyKind } from '@awad/testkit';
import type { DemoResult, DemoRow } from './run-demo';

const SEVERITY_COLOR = { none: pc.dim, low: pc.yellow, medium: pc.magenta, high: pc.red } as const;

/** "Tue 11-10 14:05  orders-etl › join_users  HIGH 0.97  ewma: ...  ✓ slow-task" */
export function formatAnomalyLine(v: Verdict, truth: AnomalyKind | null): string {
  const d = new Date(v.time);
  const when = `${d.toUTCString().slice(0, 3)} ${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')} ${d.toISOString().slice(11, 16)}`;
  const reason = v.reasons[0];
  const why = reason ? `${reason.detector}${reason.kind === 'stuck' || reason.kind === 'queued-too-long' ? ` (${reason.kind})` : ''}: ${reason.message}` : '';
  const more = v.reasons.length > 1 ? pc.dim(` +${v.reasons.length - 1} more`) : '';
  const mark = truth ? pc.green(`✓ ${truth}`) : pc.dim('✗ nothing injected');
  return `${pc.dim(when)}  ${v.workflowKey} › ${pc.bold(v.taskKey)}  ${SEVERITY_COLOR[v.severity](v.severity.toUpperCase().padEnd(6))} ${v.score.toFixed(2)}  ${why}${more}  ${mark}`;
}

const pct = (x: number): string => (Number.isNaN(x) ? 'n/a' : `${(100 * x).toFixed(1)}%`);
const num = (x: number): string => (Number.isNaN(x) ? 'n/a' : x.toFixed(3));

export function formatDemoTables(result: DemoResult): string {
  const main = new Table({ head: ['', 'precision', 'recall', 'F1', 'FPR', 'false alerts/day'], style: { head: [], border: [] } });
  let group: string | undefined;
  for (const row of result.rows) {
    if (row.group !== group) {
      group = row.group;
      main.push([{ colSpan: 6, content: pc.bold(group === 'monitor' ? 'AWAD monitor' : group === 'detector' ? 'each detector alone' : 'baselines users run today') }]);
    }
    main.push([row.name, num(row.precision), num(row.recall), num(row.f1), pct(row.fpr), row.falseAlertsPerDay.toFixed(1)]);
  }
  const kinds = new Table({ head: ['recall by kind', ...ANOMALY_KINDS.map((k) => `${k} (${result.anomalies[k]})`)], style: { head: [], border: [] } });
  for (const row of result.rows) kinds.push([row.name, ...ANOMALY_KINDS.map((k) => pct(row.recallByKind[k]))]);
  const injected = ANOMALY_KINDS.reduce((s, k) => s + result.anomalies[k], 0);
  const header =
    `Simulated ${result.days} days (seed ${result.seed}): ${result.events.toLocaleString('en-US')} task state changes, ${result.ticks.toLocaleString('en-US')} ticks.\n` +
    `Scored per task run over the last ${result.days - result.warmupDays} days (after a ${result.warmupDays}-day warm-up): ` +
    `${result.taskRuns.toLocaleString('en-US')} task runs, ${injected} with an injected anomaly ` +
    `(the warm-up gave ${result.warmupVerdicts} anomaly verdicts, not scored).`;
  return `${header}\n${main.toString()}\n${kinds.toString()}`;
}

export function bestRow(rows: readonly DemoRow[], group: DemoRow['group']): DemoRow | undefined {
  return rows.filter((r) => r.group === group).sort((a, b) => b.f1 - a.f1)[0];
}
