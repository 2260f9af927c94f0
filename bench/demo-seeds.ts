// The demo over several seeds: mean ± sd per row, as a markdown table (docs/results.md).
// Run: pnpm results:demo [seeds...]   (default seeds 1 2 3 4 5; about 15 s a seed)
import { runDemo } from '@awad/cli';
import { ANOMALY_KINDS } from '@awad/testkit';
import { meanSd } from './mean-sd';

const seeds = process.argv.slice(2).map(Number);
if (seeds.length === 0) seeds.push(1, 2, 3, 4, 5);
const rows = new Map<string, { p: number[]; r: number[]; f1: number[]; fpr: number[]; perDay: number[]; kinds: number[][] }>();
for (const seed of seeds) {
  const started = performance.now();
  const result = runDemo({ seed });
  process.stderr.write(`seed ${seed}: ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  for (const row of result.rows) {
    const acc = rows.get(row.name) ?? { p: [], r: [], f1: [], fpr: [], perDay: [], kinds: [] };
    acc.p.push(row.precision);
    acc.r.push(row.recall);
    acc.f1.push(row.f1);
    acc.fpr.push(row.fpr);
    acc.perDay.push(row.falseAlertsPerDay);
    acc.kinds.push(ANOMALY_KINDS.map((k) => row.recallByKind[k]));
    rows.set(row.name, acc);
  }
}
const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;
const sd = (v: number[]): number => meanSd(v).sd;
const ms = (v: number[], pct = false): string => (pct ? `${(100 * mean(v)).toFixed(2)} ± ${(100 * sd(v)).toFixed(2)}%` : `${mean(v).toFixed(3)} ± ${sd(v).toFixed(3)}`);
console.log(`| seeds ${seeds.join(', ')} | precision | recall | F1 | FPR | false alerts/day | ${ANOMALY_KINDS.join(' | ')} |`);
console.log(`|---|---|---|---|---|---|${ANOMALY_KINDS.map(() => '---').join('|')}|`);
for (const [name, a] of rows) {
  const kinds = ANOMALY_KINDS.map((_, j) => `${(100 * mean(a.kinds.map((k) => k[j] as number))).toFixed(0)}%`);
  console.log(`| ${name} | ${ms(a.p)} | ${ms(a.r)} | ${ms(a.f1)} | ${ms(a.fpr, true)} | ${mean(a.perDay).toFixed(1)} | ${kinds.join(' | ')} |`);
}
