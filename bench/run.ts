// `pnpm bench`: runs every benchmark against the built packages and writes bench/results.json.
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { runObserveBench } from './observe-bench';

const log = (line: string): void => void process.stderr.write(`${line}\n`);

log('observe(): every stats detector on, 10k series ...');
const observe = runObserveBench(undefined, log);
const targets = {
  eventsPerSecond: { target: '>= 100000', met: observe.eventsPerSecond >= 100_000 },
  p99LatencyUs: { target: '< 100', met: observe.latencyUs.p99 < 100 },
  bytesPerSeries: { target: '<= 2048', met: observe.bytesPerSeries <= 2048 },
};
const results = {
  machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version, date: new Date().toISOString() },
  observe: { ...observe, targets },
};
writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
log(JSON.stringify(results.observe, null, 2));
