// Observer mode against the real Redis and BullMQ: QueueEvents of plain workers (no wrapper)
// become the same transitions: flow edges from waiting-children, retries as RETRYING then
// WAITING/QUEUED, the last failure FAILED, a stall CRASHED; queue wait from the stream's times.
import { FlowProducer, Queue, QueueEvents, Worker, type Job } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { observeQueueEvents, stalledAttempt } from '../src/index';
import { cleanupsAfterEach, connection, obliterate, recordingMonitor, uniquePrefix, waitFor } from './helpers';

const cleanups = cleanupsAfterEach();

async function setup(name: string, queues: string[]) {
  const prefix = uniquePrefix(name);
  const workers: Worker[] = [];
  const events = queues.map((q) => new QueueEvents(q, { connection, prefix }));
  await Promise.all(events.map((e) => e.waitUntilReady()));
  cleanups.push(async () => {
    for (const w of workers) await w.close(true);
    for (const e of events) await e.close();
    await obliterate(prefix, queues);
  });
  return { prefix, workers, events };
}

describe('observeQueueEvents', () => {
  it('maps a flow, retries and a final failure from QueueEvents alone', async () => {
    const { prefix, workers, events } = await setup('observer', ['etl', 'steps']);
    const sink = recordingMonitor();
    const errors: unknown[] = [];
    const observer = observeQueueEvents(events, sink, { onError: (e) => errors.push(e) });
    cleanups.push(() => observer.close());
    const processor = async (job: Job) => {
      if (job.name === 'flaky' && job.attemptsMade === 0) throw new Error('flaky once');
      if (job.name === 'broken') throw new Error('always');
      return 1;
    };
    for (const q of ['etl', 'steps']) workers.push(new Worker(q, processor, { connection, prefix }));
    const flow = new FlowProducer({ connection, prefix });
    cleanups.push(() => flow.close());
    const tree = await flow.add({
      name: 'nightly', queueName: 'etl',
      children: [
        { name: 'transform', queueName: 'steps', children: [{ name: 'extract', queueName: 'steps' }] },
        { name: 'flaky', queueName: 'steps', opts: { attempts: 3, backoff: { type: 'fixed', delay: 40 } } },
      ],
    });
    const queue = new Queue('steps', { connection, prefix });
    cleanups.push(() => queue.close());
    const broken = await queue.add('broken', {}, { attempts: 2 });
    const root = `etl:${tree.job.id}`;
    const brokenId = `steps:${broken.id}`;
    await waitFor(() => sink.states(root).includes('SUCCEEDED#1') && sink.states(brokenId).includes('FAILED#2'), () => `${sink.states(root)} / ${sink.states(brokenId)}`);
    await observer.idle();

    expect(errors).toEqual([]);
    const flakyId = `steps:${tree.children?.[1]?.job.id}`;
    expect(sink.states(flakyId)).toEqual(['QUEUED#1', 'RUNNING#1', 'RETRYING#1', 'WAITING#2', 'QUEUED#2', 'RUNNING#2', 'SUCCEEDED#2']);
    expect(sink.states(brokenId)).toEqual(['QUEUED#1', 'RUNNING#1', 'RETRYING#1', 'QUEUED#2', 'RUNNING#2', 'FAILED#2']);
    expect(sink.states(root)).toEqual(['WAITING#1', 'QUEUED#1', 'RUNNING#1', 'SUCCEEDED#1']);
    const run = sink.monitor.tracker.getRun(root);
    expect(run?.workflowKey).toBe('nightly');
    expect(run?.graph.edges().sort()).toEqual([['extract', 'transform'], ['flaky', 'nightly'], ['transform', 'nightly']]);
    // The root's queue wait runs from its `waiting` (last child done) to its start.
    const started = sink.seen.find((s) => s.event.task.runId === root && s.event.state === 'RUNNING');
    expect(started?.verdict.features.queueWaitMs).toBeGreaterThanOrEqual(0);
    expect(sink.seen.filter((s) => s.verdict.reasons.some((r) => r.detector === 'consistency')).map((s) => `${s.event.task.key} ${s.event.state}#${s.event.task.attempt}: ${s.verdict.reasons.map((r) => r.message).join('; ')}`)).toEqual([]);
  });

  it('reports a stalled attempt (worker closed with force) as CRASHED, then the retry', async () => {
    const { prefix, workers, events } = await setup('observer-stall', ['jobs']);
    const sink = recordingMonitor();
    const observer = observeQueueEvents(events, sink);
    cleanups.push(() => observer.close());
    const settings = { connection, prefix, lockDuration: 400, stalledInterval: 200 };
    let release: () => void = () => undefined;
    const hang = new Promise<void>((resolve) => {
      release = resolve;
    });
    cleanups.push(async () => release());
    const first = new Worker('jobs', async (job: Job) => {
      if (job.attemptsStarted === 1) await hang;
      return 1;
    }, settings);
    workers.push(first);
    const queue = new Queue('jobs', { connection, prefix });
    cleanups.push(() => queue.close());
    const job = await queue.add('slow', {});
    const id = `jobs:${job.id}`;
    await waitFor(() => sink.states(id).includes('RUNNING#1'), () => sink.states(id).join(','));
    await first.close(true);
    workers.push(new Worker('jobs', async () => 1, settings));
    await waitFor(() => sink.states(id).includes('SUCCEEDED#2'), () => sink.states(id).join(','));
    expect(sink.states(id)).toEqual(['QUEUED#1', 'RUNNING#1', 'CRASHED#1', 'QUEUED#2', 'RUNNING#2', 'SUCCEEDED#2']);
    const crashed = sink.seen.find((s) => s.event.state === 'CRASHED');
    expect(crashed?.event.error?.type).toBe('Stalled');
  });
});

describe('stalledAttempt', () => {
  it('reads the stalled attempt from BullMQ\'s counters, before or after the restart', () => {
    // Stalled in attempt 2 (attempt 1 failed and was retried), now waiting.
    expect(stalledAttempt({ attemptsStarted: 2, attemptsMade: 1, stalledCounter: 1, finishedOn: undefined })).toBe(2);
    // Already restarted: attempt 3 runs.
    expect(stalledAttempt({ attemptsStarted: 3, attemptsMade: 1, stalledCounter: 1, finishedOn: undefined })).toBe(2);
    // Restarted and finished since.
    expect(stalledAttempt({ attemptsStarted: 2, attemptsMade: 1, stalledCounter: 1, finishedOn: 5 })).toBe(1);
  });
});
