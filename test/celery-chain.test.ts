// examples/celery-chain against a real Celery worker: the worker runs the example's tasks.py
// (-E: it sends task events), client.py sends a chain, a chord in a chain, a chain of one task
// name twice, a task that retries twice and one that fails; watch.ts feeds the events from Redis
// to a monitor. Needs Debian's python3-celery and python3-redis (/usr/bin/python3) and Redis on
// 127.0.0.1:6379; skipped with the reason when either is missing.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { watch, type Watcher } from '../examples/celery-chain/watch';
import { EXPECTED_EXAMPLE_RUNS, exampleRunIds, summarizeRun, type ExampleIds } from '../packages/celery/test/run-summary';

const PYTHON = '/usr/bin/python3';
const REDIS_URL = 'redis://127.0.0.1:6379/9';
const EXAMPLE = join(import.meta.dirname, '../examples/celery-chain');

async function whyNot(): Promise<string | undefined> {
  const python = spawnSync(PYTHON, ['-c', 'import celery, redis; print(celery.__version__)'], { encoding: 'utf8' });
  if (python.status !== 0) return `${PYTHON} cannot import celery and redis (apt-get install -y python3-celery python3-redis)`;
  const probe = new Redis(REDIS_URL, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
  probe.on('error', () => {});
  try {
    await probe.connect();
    await probe.ping();
    return undefined;
  } catch {
    return 'no Redis on 127.0.0.1:6379';
  } finally {
    probe.disconnect();
  }
}
const skipReason = await whyNot();
if (skipReason) console.warn(`celery-chain.test: skipped, ${skipReason}`);

function run(child: ChildProcess): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

async function until(condition: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!condition() && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 25));
  return condition();
}

describe.skipIf(skipReason !== undefined)('examples/celery-chain with a real Celery worker', () => {
  const dir = mkdtempSync(join(tmpdir(), 'awad-celery-'));
  const prefix = `awad-test-${process.pid}-${Date.now()}:`;
  const env = { ...process.env, AWAD_CELERY_BROKER: REDIS_URL, AWAD_CELERY_PREFIX: prefix, PYTHONDONTWRITEBYTECODE: '1' };
  let worker: ChildProcess | undefined;
  let watcher: Watcher | undefined;

  afterAll(async () => {
    if (worker && worker.exitCode === null) {
      const exited = new Promise((resolve) => worker?.once('exit', resolve));
      worker.kill('SIGTERM');
      const timer = setTimeout(() => worker?.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await watcher?.stop();
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`);
    const results = (watcher?.seen ?? []).map(({ event }) => `celery-task-meta-${event.task.runId}`);
    if (keys.length + results.length > 0) await redis.del(...keys, ...results);
    redis.disconnect();
    rmSync(dir, { recursive: true, force: true });
  });

  it('builds every workflow run from the worker\'s events: edges, states, attempts', { timeout: 90_000 }, async () => {
    for (const file of ['tasks.py', 'client.py']) copyFileSync(join(EXAMPLE, file), join(dir, file));
    const lines: string[] = [];
    watcher = await watch({ redisUrl: REDIS_URL, keyPrefix: prefix, print: (line) => lines.push(line) });

    worker = spawn(PYTHON, ['-m', 'celery', '-A', 'tasks', '-b', REDIS_URL, 'worker', '-E', '--pool=solo', '--concurrency=1',
      '--without-mingle', '--without-gossip', '--loglevel=WARNING', '-n', `awad-test-${process.pid}@%h`], { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let workerLog = '';
    worker.stderr?.on('data', (d: Buffer) => (workerLog += d.toString()));

    const client = await run(spawn(PYTHON, ['client.py'], { cwd: dir, env, timeout: 60_000 }));
    expect(client.code, `client.py failed:\n${client.stderr}\nworker:\n${workerLog}`).toBe(0);
    const ids = JSON.parse(client.stdout) as ExampleIds & { chain: { result: number }; broken: { error: string } };
    expect(ids.chain.result).toBe(5); // len(extract(7)) through transform and load
    expect(ids.broken.error).toContain('schema mismatch');

    const runIds = exampleRunIds(ids);
    const monitor = watcher.monitor;
    // The client has its results; the worker's last buffered events may still be on their way.
    const complete = () => Object.entries(runIds).every(([name, runId]) => {
      const want = EXPECTED_EXAMPLE_RUNS[name as keyof typeof EXPECTED_EXAMPLE_RUNS];
      const got = summarizeRun(monitor, runId);
      return got !== undefined && Object.entries(want.tasks).every(([key, task]) => got.tasks[key]?.states.join() === task.states.join());
    });
    await until(complete, 15_000);

    for (const [name, runId] of Object.entries(runIds)) {
      expect(summarizeRun(monitor, runId), name).toEqual(EXPECTED_EXAMPLE_RUNS[name as keyof typeof EXPECTED_EXAMPLE_RUNS]);
    }
    expect(watcher.errors).toEqual([]);
    expect(watcher.source.stats().skipped['unknown-task']).toBe(0);
    for (const { verdict } of watcher.seen) expect(verdict.reasons.filter((r) => r.detector === 'consistency')).toEqual([]);
    // One printed line per verdict, e.g. "... etl.flaky etl.flaky #3 SUCCEEDED -> normal (warming up)".
    expect(lines.length).toBe(watcher.seen.length);
    expect(lines.some((line) => / etl\.flaky etl\.flaky #3 SUCCEEDED -> /.test(line))).toBe(true);
    expect(lines.some((line) => / etl\.broken #1 FAILED \(RuntimeError: schema mismatch/.test(line))).toBe(true);
  });
});
