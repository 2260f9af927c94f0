// Example: AWAD watching a Celery app. Subscribes to the workers' task events on the Redis broker
// and prints one line per task state change with the monitor's verdict.
// Run (a worker and the client in other shells, see README.md):
//   pnpm tsx --conditions=source examples/celery-chain/watch.ts [redis://127.0.0.1:6379/0]
import { createMonitor, type Monitor, type TaskStateChange, type Verdict } from '@awad/core';
import { createCeleryEventSource, type CeleryEventSource } from '@awad/celery';
import { defaultStages } from '@awad/stats';

export interface WatchOptions {
  /** The Celery broker, default $AWAD_CELERY_BROKER or redis://127.0.0.1:6379/0. */
  readonly redisUrl?: string;
  /** kombu's global_keyprefix, default $AWAD_CELERY_PREFIX or none. */
  readonly keyPrefix?: string;
  readonly print?: (line: string) => void;
}

export interface Watcher {
  readonly monitor: Monitor;
  readonly source: CeleryEventSource;
  /** Every event given to the monitor, with its verdict, in order. */
  readonly seen: { event: TaskStateChange; verdict: Verdict }[];
  /** Errors the source reported. */
  readonly errors: Error[];
  stop(): Promise<void>;
}

/** One line for a verdict: time, workflow, task, attempt, state and what the monitor made of it. */
export function formatVerdict(event: TaskStateChange, verdict: Verdict): string {
  const time = event.occurredAt.slice(11, 23);
  const judged = verdict.isAnomaly ? `ANOMALY ${verdict.severity}: ${verdict.reasons[0]?.message ?? ''}` : verdict.ready ? 'normal' : 'normal (warming up)';
  const upstream = event.upstream?.length ? ` after ${event.upstream.map((u) => u.taskKey).join(', ')}` : '';
  const error = event.error ? ` (${event.error.type ?? 'error'}: ${event.error.message})` : '';
  return `${time} ${event.workflow.key} ${event.task.key} #${event.task.attempt} ${event.state}${upstream}${error} -> ${judged}`;
}

/** Starts watching; resolves once subscribed. */
export async function watch(options: WatchOptions = {}): Promise<Watcher> {
  const print = options.print ?? console.log;
  const monitor = createMonitor({ stages: defaultStages() });
  const seen: Watcher['seen'] = [];
  const errors: Error[] = [];
  const keyPrefix = options.keyPrefix ?? process.env.AWAD_CELERY_PREFIX;
  const source = createCeleryEventSource({
    redisUrl: options.redisUrl ?? process.env.AWAD_CELERY_BROKER ?? 'redis://127.0.0.1:6379/0',
    ...(keyPrefix ? { keyPrefix } : {}),
    monitor,
    onVerdict: ({ event, verdict }) => {
      seen.push({ event, verdict });
      print(formatVerdict(event, verdict));
    },
    onError: ({ error }) => {
      errors.push(error);
      print(`error: ${error.message}`);
    },
  });
  await source.start();
  // Tasks that stop reporting (a stuck worker, a lost message) are found by tick, not by events.
  const timer = setInterval(() => monitor.tick(Date.now()), 30_000);
  timer.unref();
  return {
    monitor, source, seen, errors,
    async stop() {
      clearInterval(timer);
      await source.stop();
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const redisUrl = process.argv[2];
  const watcher = await watch(redisUrl ? { redisUrl } : {});
  console.log(`watching ${watcher.source.patterns.join(' and ')}; Ctrl-C to stop`);
  process.once('SIGINT', () => void watcher.stop());
}
