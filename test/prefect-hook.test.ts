// examples/prefect-hook.py, run by the system python3 (standard library only) against the real
// sidecar. Prefect is not installable here, so a driver calls the hooks the way Prefect does,
// with stand-in task, task_run and state objects shaped like Prefect's (see the driver).
import { execFile } from 'node:child_process';
import { createServer as createTcpServer, type Server } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type AwadServer } from '@awad/server';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..');
let sidecar: AwadServer;
let url: string;
let hung: Server;
let hungUrl: string;

beforeAll(async () => {
  sidecar = await createServer({ port: 0, tickIntervalMs: 0, logLevel: 'silent', token: 'hook-token' });
  url = await sidecar.listen();
  // A sidecar that accepts connections and never answers.
  hung = createTcpServer(() => {});
  await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', () => resolve()));
  hungUrl = `http://127.0.0.1:${(hung.address() as { port: number }).port}`;
});
afterAll(async () => {
  await sidecar?.close();
  hung?.close();
});

describe('examples/prefect-hook.py', () => {
  it('posts every state change, gets verdicts back, and never raises when the sidecar is down or hangs', async () => {
    const { stdout, stderr } = await run('python3', [join(root, 'test/prefect-hook-driver.py'), join(root, 'examples/prefect-hook.py'), url, 'http://127.0.0.1:9', hungUrl], {
      env: { ...process.env, AWAD_TOKEN: 'hook-token' },
      timeout: 60_000,
    });
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l));
    const runs = lines.filter((l) => 'run' in l);
    expect(runs).toHaveLength(33);
    for (const r of runs) expect(r.running.verdict).toMatchObject({ state: 'RUNNING', workflowKey: 'nightly-etl', taskKey: 'extract-6b9f1c2e' });

    const slow = runs[30].completed.verdict;
    expect(slow.isAnomaly).toBe(true);
    expect(slow.features.durationMs).toBe(900_000);
    expect(runs.slice(10, 30).every((r) => r.completed.verdict.isAnomaly === false)).toBe(true);
    expect(runs[31].retry.verdict.features.attempt).toBe(2);
    expect(runs[31].failed.verdict).toMatchObject({ state: 'FAILED', features: { failed: 1 } });
    expect(runs[32].completed.verdict.workflowRunId).toBe(runs[32].completed.verdict.taskRunId);

    const down = lines.filter((l) => 'down' in l);
    expect(down).toHaveLength(2);
    for (const d of down) {
      expect(d.returned).toBeNull();
      expect(d.seconds).toBeLessThan(2);
    }
    expect(stderr).toMatch(/awad hook: event prefect:\S+ not sent/);
    expect(sidecar.monitor.stats().events).toBe(30 * 2 + 2 + 3 + 2);
  });
});
