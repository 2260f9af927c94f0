// Runs the sidecar load benchmark and prints its figures as JSON (also written to
// bench/server-load-results.json). Run: pnpm build && node --import tsx bench/server-load-bench-main.ts
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { runServerLoadBench } from './server-load-bench';

const loadBefore = loadavg();
const figures = await runServerLoadBench((line) => process.stderr.write(`${line}\n`));
const results = { machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version, date: new Date().toISOString(), loadAverage1mBefore: loadBefore[0], loadAverage1mAfter: loadavg()[0] }, ...figures };
writeFileSync(new URL('./server-load-results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
