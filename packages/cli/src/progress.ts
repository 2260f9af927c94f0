// Progress on stderr for long work (a bar when stderr is a terminal, nothing otherwise), with a
// way to print result lines above the bar.
import cliProgress from 'cli-progress';

export interface Progress {
  update(done: number, total: number): void;
  /** Writes a line to stdout without breaking the bar. */
  interrupt(line: string): void;
  stop(): void;
}

export function createProgress(label: string): Progress {
  if (!process.stderr.isTTY) {
    return { update() {}, interrupt: (line) => void process.stdout.write(`${line}\n`), stop() {} };
  }
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {percentage}% | {value}/{total}`, stream: process.stderr, clearOnComplete: true, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.update(done);
    },
    interrupt(line) {
      if (started) process.stderr.write('\r\x1b[K');
      process.stdout.write(`${line}\n`);
      if (started) bar.render();
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
