// `pnpm bench`: runs every benchmark against the built packages and writes bench/results.json.
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { runObserveBench } from './observe-bench';
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
const results = {
  machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version, date: new Date().toISOString() },
  observe: { ...observe, targets },
  skab,
};
writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
log(JSON.stringify(results.observe, null, 2));
log(`SKAB valve1 (${skab.files} files, ${skab.testRows} test rows, ${(100 * skab.anomalousShare).toFixed(1)}% anomalous; flagging every row gives F1 ${(2 * skab.anomalousShare / (1 + skab.anomalousShare)).toFixed(2)}):`);
for (const r of skab.rows) log(`  ${r.detector.padEnd(13)} ${r.threshold.padEnd(11)} F1 ${r.f1.toFixed(3)}  FAR ${(100 * r.far).toFixed(1)}%  MAR ${(100 * r.mar).toFixed(1)}%  | oracle F1 ${r.oracleF1.toFixed(3)}  ROC-AUC ${r.rocAuc.toFixed(3)}`);
