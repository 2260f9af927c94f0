// Test helpers: the real Redis on 127.0.0.1:6379 (BullMQ needs maxRetriesPerRequest: null), a
// key prefix per test with its queues obliterated afterwards, and polling for a condition.
import { createMonitor, type TaskStateChange, type Verdict } from '@awad/core';
import { defaultStages } from '@awad/stats';
import { Queue } from 'bullmq';
import { afterEach } from 'vitest';

export const connection = { host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null };

let counter = 0;
export function uniquePrefix(name: string): string {
  counter += 1;
  return `awad-bullmq-test-${name}-${process.pid}-${Date.now()}-${counter}`;
}

/** Removes every key of the queues under a prefix. */
export async function obliterate(prefix: string, queues: readonly string[]): Promise<void> {
  for (const name of queues) {
    const queue = new Queue(name, { connection, prefix });
    await queue.obliterate({ force: true });
    await queue.close();
  }
}

/** Polls until `check` holds (or fails with what `describe` says after `timeoutMs`). */
export async function waitFor(check: () => boolean, describe: () => string, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting: ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Cleanups a test registers (workers, queues, observers); run newest first after each test. */
export function cleanupsAfterEach(): (() => Promise<void>)[] {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return cleanups;
}

/** A monitor that keeps every event and verdict it saw. */
export function recordingMonitor() {
  const monitor = createMonitor({ stages: defaultStages() });
  const seen: { event: TaskStateChange; verdict: Verdict }[] = [];
  return {
    monitor,
    seen,
    observe(event: TaskStateChange): Verdict {
      const verdict = monitor.observe(event);
      seen.push({ event, verdict });
      return verdict;
    },
    states(taskRunId: string): string[] {
      return seen.filter((s) => s.event.task.runId === taskRunId && !s.verdict.duplicate).map((s) => `${s.event.state}#${s.event.task.attempt ?? '-'}`);
    },
  };
}
