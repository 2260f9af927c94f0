// `pnpm bench`: runs the benchmarks against the built packages and writes bench/results.json.
// `pnpm bench --only vae,graph` runs some of them and keeps the others' last results in the file;
// `pnpm bench --list` names them. Benchmarks marked slow run only when named.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { defaultStages } from '@awad/stats';
import { runAcvaeBench } from './acvae-bench';
import { runCeleryBench } from './celery-bench';
import { runGraphBench } from './graph-bench';
import { DEFAULT_OBSERVE_BENCH, runObserveBench } from './observe-bench';
import { runPolicyBench } from './policy-bench';
import { runRedisStoreBench } from './redis-store-bench';
import { runServerLoadBench } from './server-load-bench';
import { DEFAULT_DATASETS, runSkabBench } from './skab-bench';
import { runVaeBench } from './vae-bench';

const log = (line: string): void => void process.stderr.write(`${line}\n`);

interface Bench {
  readonly name: string;
  readonly what: string;
  readonly slow?: boolean;
  readonly run: () => Promise<unknown> | unknown;
}

const BENCHES: readonly Bench[] = [
  {
    name: 'observe',
    what: 'observe() with every stats detector on, 10k series: events/s, latency, bytes per series',
    run: () => {
      const observe = runObserveBench(undefined, log);
      const targets = {
        eventsPerSecond: { target: '>= 100000', met: observe.eventsPerSecond >= 100_000 },
        p99LatencyUs: { target: '< 100', met: observe.latencyUs.p99 < 100 },
        bytesPerSeries: { target: '<= 2048', met: observe.bytesPerSeries <= 2048 },
      };
      return { ...observe, targets };
    },
  },
  { name: 'observeDefaultSuite', what: 'observe() with the default suite, 10k series', run: () => runObserveBench(DEFAULT_OBSERVE_BENCH, log, defaultStages()) },
  { name: 'skab', what: 'stats detectors on SKAB valve1, first 400 rows of each file train', run: () => runSkabBench(DEFAULT_DATASETS) },
  { name: 'serverLoad', what: '@awad/server: autocannon against `awad serve` on loopback (events/s, p50/p99, 5xx, CPU per event)', run: async () => ({ loadAverage1mBefore: loadavg()[0], ...(await runServerLoadBench(log)), loadAverage1mAfter: loadavg()[0] }) },
  { name: 'redisStore', what: '@awad/redis: write-behind and shared-mode observe on the local Redis', run: () => runRedisStoreBench(undefined, log) },
  { name: 'celery', what: '@awad/celery: decode + map + observe of Celery task events', run: () => runCeleryBench() },
  { name: 'vae', what: '@awad/vae VaeDetector: training per SKAB file, scoring latency, and the same VAE in PyTorch', run: () => runVaeBench() },
  { name: 'acvae', what: '@awad/vae ACVAE: training per file, online inference per point (100 MC samples)', run: () => runAcvaeBench() },
  { name: 'graph', what: '@awad/graph: embedding a 1000-node DAG, one somospie epoch, tensor leaks', run: () => runGraphBench() },
  { name: 'policyInference', what: '@awad/policy: shipped PPO policy decision, controller step, threshold-policy decision and live AdaptiveThresholds decide and re-adaptation latency, WorkflowThresholds per task state change', run: () => runPolicyBench({ maxUpdates: 0, checkEvery: 10, checkCycles: 100 }) },
  { name: 'policyTraining', what: '@awad/policy: PPO wall time to reach the target on the simulator (minutes)', slow: true, run: () => runPolicyBench() },
];

const args = process.argv.slice(2);
if (args.includes('--list')) {
  for (const b of BENCHES) log(`${b.name.padEnd(20)} ${b.slow ? '(slow) ' : ''}${b.what}`);
  process.exit(0);
}
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? new Set((args[onlyAt + 1] ?? '').split(',').filter(Boolean)) : undefined;
const unknown = only ? [...only].filter((n) => !BENCHES.some((b) => b.name === n)) : [];
if (unknown.length > 0) {
  log(`bench: unknown benchmark(s) ${unknown.join(', ')}; expected some of ${BENCHES.map((b) => b.name).join(', ')}`);
  process.exit(2);
}

const file = new URL('./results.json', import.meta.url);
const previous = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
const results: Record<string, unknown> = { ...previous };
let failed = 0;
for (const bench of BENCHES) {
  if (only ? !only.has(bench.name) : bench.slow === true) continue;
  log(`== ${bench.name}: ${bench.what}`);
  const started = performance.now();
  try {
    results[bench.name] = await bench.run();
  } catch (error) {
    failed++;
    results[bench.name] = { error: error instanceof Error ? error.message : String(error) };
    log(`   failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  log(`   ${((performance.now() - started) / 1000).toFixed(1)} s`);
  results.machine = { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version, date: new Date().toISOString() };
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
}
log(`wrote ${file.pathname}${failed > 0 ? ` (${failed} failed)` : ''}`);
process.exit(failed > 0 ? 1 : 0);
