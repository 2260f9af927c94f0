// `awad demo`: the whole product on a simulated stream, with its figures.
import type { Command } from 'commander';
import { formatAnomalyLine, formatDemoTables } from '../demo/format-demo';
import { runDemo } from '../demo/run-demo';
import { intOption } from '../options';
import { createProgress } from '../progress';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('simulate workflows with injected anomalies and show AWAD judging them live, then its precision, recall, F1 and false-positive rate against the baselines')
    .option('--seed <n>', 'random seed (the output is the same for a seed)', intOption('--seed', 0), 1)
    .option('--days <n>', 'simulated days', intOption('--days', 2), 14)
    .option('--lines <n>', 'live anomaly lines to print', intOption('--lines', 0), 40)
    .option('--json', 'print one JSON object with the figures instead of lines and tables')
    .action((opts: { seed: number; days: number; lines: number; json?: boolean }) => {
      const started = performance.now();
      const warmupDays = Math.min(4, Math.floor(opts.days / 3));
      if (!opts.json) process.stdout.write(`Days 1-${warmupDays} are warm-up: each task's baseline is learned, nothing is scored. Anomaly verdicts from day ${warmupDays + 1} on, each marked with what the simulator injected:\n`);
      const progress = createProgress('simulating');
      let printed = 0;
      let more = 0;
      const result = runDemo({
        seed: opts.seed,
        days: opts.days,
        warmupDays,
        onProgress: (done, total) => progress.update(done, total),
        ...(opts.json
          ? {}
          : {
              onAnomaly: (verdict, truth) => {
                if (printed < opts.lines) {
                  progress.interrupt(formatAnomalyLine(verdict, truth));
                  printed += 1;
                } else more += 1;
              },
            }),
      });
      progress.stop();
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(result, (_k, v) => (typeof v === 'number' && Number.isNaN(v) ? null : v), 2)}\n`);
      } else {
        if (more > 0) process.stdout.write(`... and ${more} more anomaly verdicts (--lines to see more)\n\n`);
        process.stdout.write(`${formatDemoTables(result)}\n`);
      }
      process.stderr.write(`awad demo: ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    });
}
