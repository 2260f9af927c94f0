// Options shared by the BullMQ adapters (processor wrapper, worker watcher, QueueEvents observer).
import type { AwadError, TaskStateChange, Verdict } from '@awad/core';
import type { Job } from 'bullmq';
import type { JobIdentity } from './job-identity';

/**
 * Where events go: a core `Monitor` (synchronous) or a `RedisMonitor` from `@awad/redis`
 * (shared by many workers, asynchronous). Anything with `observe` will do.
 */
export interface VerdictSink {
  observe(event: TaskStateChange): Verdict | Promise<Verdict>;
  emit?(event: 'error', error: AwadError): boolean;
}

export interface AwadBullmqOptions {
  /**
   * The workflow key (a series is workflow key x task key): the root job's name (default) or
   * queue, or a function of the job's identity. A job outside a flow is its own root.
   */
  readonly workflowKey?: 'root-name' | 'root-queue' | ((identity: JobIdentity) => string);
  /** The task key: the job's name (default), its queue, or a function of its identity. */
  readonly taskKey?: 'name' | 'queue' | ((identity: JobIdentity) => string);
  /** Metrics of a completed job (rows, bytes...), from the job and its return value. */
  readonly metrics?: (job: Job, result: unknown) => Record<string, number> | undefined;
  /** Report flow edges (children -> parent) so the monitor knows the DAG (default true; costs a lookup per job). */
  readonly edges?: boolean;
  /** Called with every verdict the adapter gets back. */
  readonly onVerdict?: (verdict: Verdict, job: Job | undefined) => void;
  /** Called with adapter failures (default: the monitor's `error` event). */
  readonly onError?: (error: AwadError) => void;
}
