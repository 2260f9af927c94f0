// Starts `awad serve` as a child process (the built CLI when it exists and `built` is asked, else
// the TypeScript sources through tsx) and waits for its "listening on" line. Used by the
// sidecar load benchmark and the reliability tests (test/server-*.test.ts), which kill it.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const BUILT_CLI = fileURLToPath(new URL('../packages/cli/dist/bin.js', import.meta.url));

export interface SidecarProcess {
  readonly url: string;
  readonly proc: ChildProcess;
  /** Everything the process wrote to stderr so far. */
  stderr(): string;
  /** Resolves with the exit code (null when killed by a signal) once the process is gone. */
  exited(): Promise<number | null>;
  /** Sends `signal` (default SIGTERM) and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface SidecarProcessOptions {
  /** Run packages/cli/dist/bin.js (after `pnpm build`) instead of the sources through tsx. */
  readonly built?: boolean;
  readonly timeoutMs?: number;
  readonly env?: Record<string, string>;
}

export async function startSidecarProcess(args: readonly string[], options: SidecarProcessOptions = {}): Promise<SidecarProcess> {
  const useBuilt = options.built === true && existsSync(BUILT_CLI);
  const entry = useBuilt ? [BUILT_CLI] : ['--conditions=source', '--import', 'tsx', 'packages/cli/src/bin.ts'];
  const proc = spawn(process.execPath, [...entry, 'serve', ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...options.env } });
  let err = '';
  const exit = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`awad serve did not start within ${options.timeoutMs ?? 30_000} ms:\n${err}`)), options.timeoutMs ?? 30_000);
    proc.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve(m[1] as string);
      }
    });
    void exit.then((code) => {
      clearTimeout(timer);
      reject(new Error(`awad serve exited with ${code} before listening:\n${err}`));
    });
  });
  return {
    url,
    proc,
    stderr: () => err,
    exited: () => exit,
    stop: (signal = 'SIGTERM') => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      return exit;
    },
  };
}

/** Events of `runs` workflow runs of a chain of `tasks` tasks, 3 events per task, as JSON strings, in order. */
export function* eventBodies(prefix: string, runs: number, tasks: number, workflows = 50): Generator<{ id: string; body: string }> {
  const t0 = Date.UTC(2026, 10, 2);
  for (let r = 0; r < runs; r++) {
    const wf = `wf${r % workflows}`;
    const runId = `${prefix}-${wf}-r${r}`;
    let t = t0 + r * 60_000;
    for (let k = 0; k < tasks; k++) {
      const base = { specVersion: '1', source: { system: 'load' }, task: { key: `t${k}`, runId: `${runId}/t${k}`, attempt: 1 }, workflow: { key: wf, runId } };
      const states = [['QUEUED', 0], ['RUNNING', 200], ['SUCCEEDED', 200 + 1000 + ((r * 7 + k * 13) % 500)]] as const;
      for (const [state, dt] of states) {
        const id = `${runId}/t${k}:${state}`;
        yield { id, body: JSON.stringify({ ...base, eventId: id, occurredAt: new Date(t + dt).toISOString(), state, ...(state === 'SUCCEEDED' ? { metrics: { rows: 1000 + ((r * 31 + k) % 97) } } : {}), ...(k > 0 && state === 'QUEUED' ? { upstream: [{ taskKey: `t${k - 1}` }] } : {}) }) };
      }
      t += 1700;
    }
  }
}
