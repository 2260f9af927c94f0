// The processor wrapper (worker mode) against the real Redis and BullMQ: a FlowProducer tree
// becomes the run's DAG, retries are RETRYING until the last failure, a stalled job's attempt
// is CRASHED, and a failing monitor never reaches job code.
import type { AwadError, Verdict } from '@awad/core';
import { FlowProducer, UnrecoverableError, Worker, type Job } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { awadVerdictFor, watchWorker, withAwad } from '../src/index';
import { cleanupsAfterEach, connection, obliterate, recordingMonitor, uniquePrefix, waitFor } from './helpers';

const cleanups = cleanupsAfterEach();

function setup(name: string, queues: string[]) {
  const prefix = uniquePrefix(name);
  const workers: Worker[] = [];
  cleanups.push(async () => {
    for (const w of workers) await w.close(true);
    await obliterate(prefix, queues);
  });
  return { prefix, workers };
}

describe('withAwad', () => {
  it('turns a FlowProducer tree into the DAG of one workflow run, and the job reads its verdict', async () => {
    const { prefix, workers } = setup('flow', ['etl', 'steps']);
    const sink = recordingMonitor();
    const insideJob: (Verdict | undefined)[] = [];
    const finished: (Verdict | undefined)[] = [];
    const errors: AwadError[] = [];
    const processor = async (job: Job) => {
      insideJob.push(awadVerdictFor(job)?.running);
      return { rows: 100 };
    };
    for (const queue of ['etl', 'steps']) {
      const worker = new Worker(queue, withAwad(processor, sink, { metrics: (_job, out) => ({ rows: (out as { rows: number }).rows }), onError: (e) => errors.push(e) }), { connection, prefix });
      worker.on('completed', (job) => finished.push(awadVerdictFor(job)?.finished));
      workers.push(worker);
    }
    const flow = new FlowProducer({ connection, prefix });
    cleanups.push(() => flow.close());
    const tree = await flow.add({
      name: 'nightly', queueName: 'etl', data: {},
      children: [{ name: 'transform', queueName: 'steps', children: [{ name: 'extract', queueName: 'steps' }] }],
    });
    await waitFor(() => finished.length === 3, () => `${finished.length} of 3 jobs finished`);

    expect(errors).toEqual([]);
    const runId = `etl:${tree.job.id}`;
    const run = sink.monitor.tracker.getRun(runId);
    expect(run?.workflowKey).toBe('nightly');
    expect(run?.graph.edges().sort()).toEqual([['extract', 'transform'], ['transform', 'nightly']]);
    expect([...(run?.tasks.values() ?? [])].map((t) => t.state)).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
    expect(insideJob.every((v) => v?.state === 'RUNNING')).toBe(true);
    expect(finished.map((v) => v?.state)).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
    expect(finished.map((v) => v?.taskKey)).toEqual(['extract', 'transform', 'nightly']);
    // The parent started after its children: no precedence violation anywhere.
    expect(sink.seen.filter((s) => s.verdict.reasons.some((r) => r.detector === 'consistency'))).toEqual([]);
    expect(sink.seen.find((s) => s.event.state === 'SUCCEEDED')?.verdict.features['metrics.rows']).toBe(100);
  });

  it('reports a failed attempt that will be retried as RETRYING, and only the last failure as FAILED', async () => {
    const { prefix, workers } = setup('retry', ['jobs']);
    const sink = recordingMonitor();
    const worker = new Worker('jobs', withAwad(async (job: Job) => {
      if (job.name === 'flaky' && job.attemptsMade === 0) throw new Error('flaky once');
      if (job.name === 'broken') throw new Error('always');
      if (job.name === 'fatal') throw new UnrecoverableError('no point retrying');
      return 'ok';
    }, sink), { connection, prefix });
    workers.push(worker);
    let done = 0;
    worker.on('completed', () => (done += 1));
    worker.on('failed', (job) => {
      if (job && job.finishedOn !== undefined) done += 1;
    });
    const { Queue } = await import('bullmq');
    const queue = new Queue('jobs', { connection, prefix });
    cleanups.push(() => queue.close());
    const flaky = await queue.add('flaky', {}, { attempts: 3, backoff: { type: 'fixed', delay: 30 } });
    const broken = await queue.add('broken', {}, { attempts: 2 });
    const fatal = await queue.add('fatal', {}, { attempts: 5 });
    await waitFor(() => done === 3, () => `${done} of 3 jobs done`);

    expect(sink.states(`jobs:${flaky.id}`)).toEqual(['RUNNING#1', 'RETRYING#1', 'RUNNING#2', 'SUCCEEDED#2']);
    expect(sink.states(`jobs:${broken.id}`)).toEqual(['RUNNING#1', 'RETRYING#1', 'RUNNING#2', 'FAILED#2']);
    expect(sink.states(`jobs:${fatal.id}`)).toEqual(['RUNNING#1', 'FAILED#1']);
    const task = sink.monitor.tracker.getRun(`jobs:${broken.id}`)?.tasks.get(`jobs:${broken.id}`);
    expect(task?.failures).toBe(2);
    expect(task?.retries).toBe(1);
  });

  it('reports the attempt of a stalled job (its worker closed with force) as CRASHED, then its retry', async () => {
    const { prefix, workers } = setup('stall', ['jobs']);
    const sink = recordingMonitor();
    const settings = { connection, prefix, lockDuration: 400, stalledInterval: 200 };
    let release: () => void = () => undefined;
    const hang = new Promise<void>((resolve) => {
      release = resolve;
    });
    cleanups.push(async () => release());
    const first = new Worker('jobs', withAwad(async (job: Job) => {
      if (job.attemptsStarted === 1) await hang; // never returns while the test runs
      return 'ok';
    }, sink), settings);
    workers.push(first);
    const { Queue } = await import('bullmq');
    const queue = new Queue('jobs', { connection, prefix });
    cleanups.push(() => queue.close());
    const job = await queue.add('slow', {});
    const runId = `jobs:${job.id}`;
    await waitFor(() => sink.states(runId).includes('RUNNING#1'), () => sink.states(runId).join(','));
    await first.close(true);

    const second = new Worker('jobs', withAwad(async () => 'ok', sink), settings);
    workers.push(second);
    const stalled: string[] = [];
    second.on('stalled', (id) => stalled.push(id));
    const watch = watchWorker(second, sink);
    cleanups.push(async () => watch.close());
    await waitFor(() => sink.states(runId).includes('SUCCEEDED#2'), () => sink.states(runId).join(','));
    await watch.idle();
    expect(stalled).toEqual([job.id]);
    expect(sink.states(runId)).toEqual(['RUNNING#1', 'CRASHED#1', 'RUNNING#2', 'SUCCEEDED#2']);
    const task = sink.monitor.tracker.getRun(runId)?.tasks.get(runId);
    expect(task?.failures).toBe(1);
  });

  it('never lets a failing monitor reach job code: the job completes and the error is reported', async () => {
    const { prefix, workers } = setup('broken-monitor', ['jobs']);
    const errors: AwadError[] = [];
    const broken = { observe(): Verdict {
      throw new Error('monitor down');
    } };
    const results: unknown[] = [];
    const worker = new Worker('jobs', withAwad(async () => 42, broken, { onError: (e) => errors.push(e) }), { connection, prefix });
    worker.on('completed', (_job, result) => results.push(result));
    workers.push(worker);
    const { Queue } = await import('bullmq');
    const queue = new Queue('jobs', { connection, prefix });
    cleanups.push(() => queue.close());
    await queue.add('answer', {});
    await waitFor(() => results.length === 1, () => 'job not completed');
    expect(results).toEqual([42]);
    expect(errors.length).toBeGreaterThanOrEqual(2);
    expect(errors[0]?.code).toBe('ADAPTER_FAILED');
  });
});
