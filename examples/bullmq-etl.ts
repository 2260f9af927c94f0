// Example: a BullMQ ETL flow watched by AWAD. Each night a FlowProducer adds one flow per run:
// `load` (the parent) runs after `transform-orders` and `transform-customers`, each of which runs
// after its `extract-*` child. Workers wrap their processors with `withAwad`, so every job is
// judged as it starts and ends, the flow tree is the run's DAG (workflow `nightly-etl`, one run
// per root job), and job code can read its own verdict. On the last run the orders extract silently returns no rows: the transform's row
// count is flagged, with `load` at risk downstream.
// With `shared: true` two workers per queue share one state in Redis (RedisMonitor from
// @awad/redis) instead of one in-process monitor.
// Run (Redis on 127.0.0.1:6379): pnpm tsx --conditions=source examples/bullmq-etl.ts [--shared]
import { awadVerdictFor, watchWorker, withAwad, type VerdictSink } from '@awad/bullmq';
import { createMonitor, type Verdict } from '@awad/core';
import { RedisMonitor } from '@awad/redis';
import { CutoffCalibrator, RobustZDetector, TIMING_FEATURES, defaultStages } from '@awad/stats';
import { StaticThreshold, type StageSpec } from '@awad/core';
import { FlowProducer, Queue, QueueEvents, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';

export interface EtlExampleOptions {
  /** Nightly runs (the last one is broken). */
  readonly flows?: number;
  /** Two workers per queue sharing state in Redis, instead of one in-process monitor. */
  readonly shared?: boolean;
  /** Key prefix of the queues (and of AWAD's keys in shared mode); removed at the end. */
  readonly prefix?: string;
  readonly print?: (line: string) => void;
}

export interface EtlExampleResult {
  readonly anomalies: Verdict[];
  /** Verdicts the jobs read with awadVerdictFor when they finished. */
  readonly finished: Verdict[];
}

/**
 * The default suite, with one change for jobs of tens of milliseconds: their timing is judged in
 * raw ms with a floor of 25 ms per robust sd, since at that scale scheduling noise (a 2 ms queue
 * wait becoming 6 ms) is as large as the usual spread. Jobs of seconds or minutes keep the
 * default (log scale, relative spread).
 */
function stagesForMillisecondJobs(): StageSpec[] {
  const timing: StageSpec = {
    detector: new RobustZDetector({ features: TIMING_FEATURES, direction: 'up', window: 32, transform: 'none', minStd: 25 }),
    calibrator: new CutoffCalibrator({ cutoff: 4.5 }),
    threshold: new StaticThreshold(0.5),
    fallbackFor: 'seasonal',
  };
  return defaultStages().map((stage) => (stage.detector.name === 'robust-z' ? timing : stage));
}

const connection = { host: process.env.AWAD_REDIS_HOST ?? '127.0.0.1', port: Number(process.env.AWAD_REDIS_PORT ?? 6379), maxRetriesPerRequest: null };
const SOURCES = ['orders', 'customers'] as const;

/** Runs the example and returns what it printed about. */
export async function main(options: EtlExampleOptions = {}): Promise<EtlExampleResult> {
  const flows = options.flows ?? 16;
  const prefix = options.prefix ?? `awad-example-${process.pid}`;
  const print = options.print ?? console.log;
  const redis = new Redis(connection);
  const anomalies: Verdict[] = [];
  const finished: Verdict[] = [];
  const onAnomaly = (v: Verdict): void => {
    anomalies.push(v);
    print(`${v.workflowRunId} ${v.taskKey} ${v.state}: ${v.severity} (${v.score.toFixed(2)}) ${v.reasons[0]?.message ?? ''}${v.impact?.length ? `; at risk: ${v.impact.map((i) => i.taskKey).join(', ')}` : ''}`);
  };

  // One monitor per worker process in shared mode (here: two per queue, in one process); one for all otherwise.
  const monitors: VerdictSink[] = [];
  const monitorFor = (): VerdictSink => {
    const monitor = options.shared ? new RedisMonitor({ redis, prefix: `${prefix}:awad:`, stages: stagesForMillisecondJobs() }) : (monitors[0] ?? createMonitor({ stages: stagesForMillisecondJobs() }));
    if (!monitors.includes(monitor)) {
      monitors.push(monitor);
      const emitter = monitor as RedisMonitor;
      emitter.on('anomaly', onAnomaly);
      emitter.on('error', (error) => print(`awad error: ${error.message}`));
    }
    return monitor;
  };

  let broken = false;
  const rowsOf = (_job: Job, out: unknown) => ({ rows: (out as { rows: number }).rows });
  // Each step works for 30-55 ms. Timing is judged too: jobs of a millisecond or two would have
  // durations that a busy machine's scheduling noise doubles from one run to the next, and even
  // here a hiccup of tens of ms can show as a low-severity slow step on some run.
  const work = (job: Job) => new Promise((resolve) => setTimeout(resolve, 30 + ((Number(job.data.run) * 7) % 25)));
  const extract = async (job: Job) => {
    await work(job);
    return { rows: broken && job.name === 'extract-orders' ? 0 : 10_000 + ((Number(job.data.run) * 37) % 200) };
  };
  const sumChildren = async (job: Job) => {
    await work(job);
    const input = Object.values(await job.getChildrenValues()) as { rows: number }[];
    return { rows: input.reduce((sum, v) => sum + v.rows, 0) };
  };
  const workers: Worker[] = [];
  const watches: { close(): void; idle(): Promise<void> }[] = [];
  for (const [queue, processor] of [['extract', extract], ['transform', sumChildren], ['load', sumChildren]] as const) {
    for (let i = 0; i < (options.shared ? 2 : 1); i++) {
      const monitor = monitorFor();
      const worker = new Worker(queue, withAwad(processor, monitor, { workflowKey: () => 'nightly-etl', metrics: rowsOf }), { connection, prefix });
      worker.on('completed', (job) => {
        const verdict = awadVerdictFor(job)?.finished;
        if (verdict) finished.push(verdict);
      });
      watches.push(watchWorker(worker, monitor));
      workers.push(worker);
    }
  }

  const flow = new FlowProducer({ connection, prefix });
  const done = new QueueEvents('load', { connection, prefix });
  await done.waitUntilReady();
  const loadQueue = new Queue('load', { connection, prefix });
  try {
    for (let run = 0; run < flows; run++) {
      broken = run === flows - 1;
      const tree = await flow.add({
        name: 'load', queueName: 'load', data: { run },
        children: SOURCES.map((source) => ({
          name: `transform-${source}`, queueName: 'transform', data: { run },
          children: [{ name: `extract-${source}`, queueName: 'extract', data: { run } }],
        })),
      });
      await tree.job.waitUntilFinished(done, 30_000);
    }
    // The root's own verdict is observed right after it completes: wait for the last one.
    while (finished.filter((v) => v.taskKey === 'load').length < flows) await new Promise((resolve) => setTimeout(resolve, 10));
    for (const watch of watches) await watch.idle();
  } finally {
    for (const watch of watches) watch.close();
    for (const worker of workers) await worker.close();
    await done.close();
    await flow.close();
    await loadQueue.close();
    for (const name of ['extract', 'transform', 'load']) {
      const queue = new Queue(name, { connection, prefix });
      await queue.obliterate({ force: true });
      await queue.close();
    }
    if (options.shared) {
      const keys = await redis.keys(`${prefix}:awad:*`);
      if (keys.length > 0) await redis.del(...keys);
    }
    redis.disconnect();
  }
  return { anomalies, finished };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main({ shared: process.argv.includes('--shared') }).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
