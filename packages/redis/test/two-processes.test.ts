// Two monitor processes on one Redis give the verdicts one process gives: a core monitor warmed
// on the first days of a simulated sequence hands its state over (importSnapshot); the rest of
// the sequence then goes to two child processes in turn, and each verdict must equal the one a
// single in-process monitor gives for the same event (isAnomaly, score, reasons, features).
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createMonitor, type TaskStateChange, type Verdict } from '@awad/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisMonitor } from '../src/index';
import { allStages, dropPrefix, essence, redisClient, simulatedEvents, uniquePrefix } from './helpers';

const FIXTURE = fileURLToPath(new URL('./fixtures/shared-worker.ts', import.meta.url));
const prefix = uniquePrefix('two-processes');
const redis = redisClient();
const children: ChildProcess[] = [];

interface Reply {
  id?: number;
  verdict?: Verdict;
  error?: string;
  pid?: number;
  ready?: boolean;
}

function start(): Promise<ChildProcess> {
  const child = fork(FIXTURE, [prefix], { execArgv: ['--conditions=source', '--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once('message', (m: Reply) => (m.ready ? resolve(child) : reject(new Error('worker did not start'))));
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
  });
}

function ask(child: ChildProcess, id: number, event: TaskStateChange): Promise<Reply> {
  return new Promise((resolve) => {
    const listener = (m: Reply): void => {
      if (m.id !== id) return;
      child.off('message', listener);
      resolve(m);
    };
    child.on('message', listener);
    child.send({ id, event });
  });
}

beforeAll(async () => {
  await Promise.all([start(), start()]);
}, 60_000);

afterAll(async () => {
  for (const child of children) if (child.connected) child.send({ done: true });
  await dropPrefix(redis, prefix);
  redis.disconnect();
});

describe('two monitor processes on one Redis', () => {
  it('give the same verdicts as one in-process monitor over the same sequence', async () => {
    const events = simulatedEvents(5, 4);
    const handOver = events.length - 700;
    const reference = createMonitor({ stages: allStages() });
    for (const e of events.slice(0, handOver)) reference.observe(e);
    await new RedisMonitor({ redis, prefix, stages: allStages() }).importSnapshot(reference.snapshot());

    const expected: unknown[] = [];
    const got: unknown[] = [];
    const pids = new Set<number>();
    for (let i = handOver; i < events.length; i++) {
      const event = events[i] as TaskStateChange;
      expected.push(essence(reference.observe(event)));
      const reply = await ask(children[i % 2] as ChildProcess, i, event);
      expect(reply.error).toBeUndefined();
      got.push(essence(reply.verdict as Verdict));
      pids.add(reply.pid as number);
    }
    expect(pids.size).toBe(2);
    expect(got).toEqual(expected);
    const anomalies = expected.filter((v) => (v as { isAnomaly: boolean }).isAnomaly).length;
    expect(anomalies).toBeGreaterThan(5);
  }, 60_000);
});
