// `pnpm bench`: runs every benchmark against the built packages and writes bench/results.json.
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { defaultStages } from '@awad/stats';
import { DEFAULT_OBSERVE_BENCH, runObserveBench } from './observe-bench';
import { DEFAULT_DATASETS, runSkabBench } from './skab-bench';

const log = (line: string): void => void process.stderr.write(`${line}\n`);

log('observe(): every stats detector on, 10k series ...');
const observe = runObserveBench(undefined, log);
const targets = {
  eventsPerSecond: { target: '>= 100000', met: observe.eventsPerSecond >= 100_000 },
  p99LatencyUs: { target: '< 100', met: observe.latencyUs.p99 < 100 },
  bytesPerSeries: { target: '<= 2048', met: observe.bytesPerSeries <= 2048 },
};
log('SKAB valve1, first 400 rows of each file train ...');
const skab = runSkabBench(DEFAULT_DATASETS);
log('observe(): the default suite, 10k series ...');
const observeDefault = runObserveBench(DEFAULT_OBSERVE_BENCH, log, defaultStages());
const results = {
  machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version, date: new Date().toISOString() },
  observe: { ...observe, targets },
  observeDefaultSuite: observeDefault,
  skab,
};
writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
const line = (label: string, r: typeof observe): string =>
  `${label}: ${Math.round(r.eventsPerSecond).toLocaleString('en-US')} events/s, p50 ${r.latencyUs.p50.toFixed(1)} µs, p99 ${r.latencyUs.p99.toFixed(1)} µs, ${Math.round(r.bytesPerSeries)} B per series (${Math.round(r.monitorBytesPerSeries)} B with runs in flight and the idempotency window)`;
log(line(`every stats detector (${observe.stages.length} stages)`, observe));
log(line(`default suite (${observeDefault.stages.length} stages)`, observeDefault));
log(`targets: ${JSON.stringify(targets)}`);
log(`SKAB valve1 (${skab.files} files, ${skab.testRows} test rows, ${(100 * skab.anomalousShare).toFixed(1)}% anomalous; flagging every row gives F1 ${(2 * skab.anomalousShare / (1 + skab.anomalousShare)).toFixed(2)}):`);
for (const r of skab.rows) log(`  ${r.detector.padEnd(13)} ${r.threshold.padEnd(11)} F1 ${r.f1.toFixed(3)}  FAR ${(100 * r.far).toFixed(1)}%  MAR ${(100 * r.mar).toFixed(1)}%  | oracle F1 ${r.oracleF1.toFixed(3)}  ROC-AUC ${r.rocAuc.toFixed(3)}`);
