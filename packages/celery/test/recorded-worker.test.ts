// Replays the messages a real Celery 5.2.6 worker (kombu 5.2.4, Redis transport, solo pool)
// published for examples/celery-chain, recorded from its event channel, through the source.
import { createMonitor, type TaskStateChange, type Verdict } from '@awad/core';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createCeleryEventSource } from '../src/index';
import { EXPECTED_EXAMPLE_RUNS, exampleRunIds, summarizeRun, type ExampleIds } from './run-summary';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const messages = fixture('celery-5.2-worker.jsonl').trim().split('\n').map((line) => JSON.parse(line) as { channel: string; message: string });
const ids = JSON.parse(fixture('celery-5.2-worker.ids.json')) as ExampleIds;

function replay() {
  const monitor = createMonitor();
  const seen: { event: TaskStateChange; verdict: Verdict }[] = [];
  const errors: Error[] = [];
  const source = createCeleryEventSource({
    monitor,
    redisUrl: 'redis://127.0.0.1:6379/9',
    onVerdict: ({ event, verdict }) => seen.push({ event, verdict }),
    onError: ({ error }) => errors.push(error),
  });
  for (const { channel, message } of messages) {
    // Every recorded channel is one the source subscribes to.
    expect(channel === source.patterns[0] || channel.startsWith(`${source.patterns[0]}/`)).toBe(true);
    source.ingest(message);
  }
  return { monitor, source, seen, errors };
}

describe('a recorded Celery worker', () => {
  it('builds each workflow run: chain edges, the chord body after its header, repeated names, retries and a failure', () => {
    const { monitor, errors } = replay();
    expect(errors).toEqual([]);
    for (const [name, runId] of Object.entries(exampleRunIds(ids))) {
      expect(summarizeRun(monitor, runId), name).toEqual(EXPECTED_EXAMPLE_RUNS[name as keyof typeof EXPECTED_EXAMPLE_RUNS]);
    }
  });

  it('gives the monitor legal, consistent events only', () => {
    const { seen, source } = replay();
    const stats = source.stats();
    expect(stats.observed).toBe(seen.length);
    expect(stats.skipped['unknown-task']).toBe(0);
    // The retries' new messages are reported by task-retried and task-received.
    expect(stats.skipped['known-task-sent']).toBe(2);
    expect(stats.skipped['not-a-task-event']).toBeGreaterThan(0); // worker-online, heartbeats
    for (const { verdict } of seen) expect(verdict.reasons.filter((r) => r.detector === 'consistency')).toEqual([]);
  });

  it('follows the retried task through its attempts, waiting out each retry delay', () => {
    const { seen } = replay();
    const flaky = seen.filter(({ event }) => event.task.runId === ids.flaky.id);
    expect(flaky.map(({ event }) => `${event.state}#${event.task.attempt}`)).toEqual([
      'QUEUED#1', 'QUEUED#1', 'RUNNING#1', 'RETRYING#1', 'WAITING#2', 'RUNNING#2', 'RETRYING#2', 'WAITING#3', 'RUNNING#3', 'SUCCEEDED#3',
    ]);
    const retried = flaky.find(({ event }) => event.state === 'RETRYING')?.event;
    expect(retried?.error).toMatchObject({ type: 'celery.exceptions.Retry', willRetry: true });
    expect(retried?.error?.message).toContain("ConnectionError('upstream API timed out')");
    // The queue wait of a retry runs from its eta (0.2 s countdown), not from the failure.
    const secondStart = flaky.find(({ event }) => event.state === 'RUNNING' && event.task.attempt === 2);
    expect(secondStart?.event.timing?.scheduledAt).toBeDefined();
    expect(secondStart?.verdict.features.queueWaitMs).toBeGreaterThanOrEqual(0);
    expect(secondStart?.verdict.features.queueWaitMs).toBeLessThan(200);
  });

  it('names the failure from the traceback and takes durations from the worker runtime', () => {
    const { seen } = replay();
    const failed = seen.find(({ event }) => event.task.runId === ids.broken.id && event.state === 'FAILED')?.event;
    expect(failed?.error).toEqual({ type: 'RuntimeError', message: "schema mismatch in column 'amount'", willRetry: false });
    const extract = seen.find(({ event }) => event.task.key === 'etl.extract' && event.state === 'SUCCEEDED');
    expect(extract?.event.timing?.durationMs).toBeGreaterThan(15); // extract sleeps 20 ms
    expect(extract?.verdict.features.durationMs).toBe(extract?.event.timing?.durationMs);
  });

  it('gives the chord body its header as upstream when it starts', () => {
    const { seen } = replay();
    const merge = seen.filter(({ event }) => event.task.key === 'etl.merge');
    expect(merge[0]?.event.upstream?.map((u) => u.taskKey)).toEqual(['etl.prepare']);
    const start = merge.find(({ event }) => event.state === 'RUNNING')?.event;
    expect(start?.upstream?.map((u) => u.taskKey)).toEqual(['etl.prepare', 'etl.score']);
  });
});
