// Test helpers: a client of the real Redis on 127.0.0.1:6379, a key prefix per test (removed
// after it), simulated workflow events, and what "the same verdict" means.
import type { StageSpec, TaskStateChange, Verdict } from '@awad/core';
import { defaultStages, extraStages } from '@awad/stats';
import { makeWorkflow, simulateWorkflows } from '@awad/testkit';
import { Redis } from 'ioredis';
import { afterAll, afterEach } from 'vitest';

export const REDIS_URL = process.env.AWAD_REDIS_URL ?? 'redis://127.0.0.1:6379';

export function redisClient(): Redis {
  return new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
}

let counter = 0;
export function uniquePrefix(name: string): string {
  counter += 1;
  return `awad-test:${name}:${process.pid}:${Date.now()}:${counter}:`;
}

/** Deletes every key under a prefix. */
export async function dropPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}

/**
 * One client for the test file and a `prefix(name)` for each test's keys; registers the hooks
 * that drop every prefix handed out after each test and disconnect after the file.
 */
export function redisForTests(): { readonly redis: Redis; prefix(name: string): string } {
  const redis = redisClient();
  const prefixes: string[] = [];
  afterEach(async () => {
    for (const p of prefixes.splice(0)) await dropPrefix(redis, p);
  });
  afterAll(() => redis.disconnect());
  return {
    redis,
    prefix(name: string): string {
      const p = uniquePrefix(name);
      prefixes.push(p);
      return p;
    },
  };
}

/** Every stats detector: the default suite and the extra stages. */
export function allStages(): StageSpec[] {
  return [...defaultStages(), ...extraStages()];
}

/** Events of two small simulated workflows with injected anomalies (no ticks), in delivery order. */
export function simulatedEvents(seed: number, days = 4): TaskStateChange[] {
  const sim = simulateWorkflows({
    seed,
    days,
    warmupDays: 2,
    anomalyRate: 0.3,
    workflows: (rng) => [makeWorkflow('wf-a', 6, 60, rng, { reportsTiming: true, peak: 1.5 }), makeWorkflow('wf-b', 5, 90, rng, { reportsTiming: false, peak: 1.3 })],
  });
  return sim.steps.flatMap((step) => (step.type === 'event' ? [step.event] : []));
}

/** What two monitors must agree on for one event. */
export function essence(v: Verdict): unknown {
  return { eventId: v.eventId, isAnomaly: v.isAnomaly, score: v.score, severity: v.severity, ready: v.ready, reasons: v.reasons.map((r) => `${r.detector}:${r.kind ?? ''}:${r.score}`).sort(), features: v.features, late: v.late ?? false };
}
