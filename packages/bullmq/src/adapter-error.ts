// AdapterError: the adapter could not turn a BullMQ event into a verdict (Redis failed while
// it looked a job up, the monitor rejected the event). Reported, never thrown into job code.
import { AwadError } from '@awad/core';

export class AdapterError extends AwadError {
  override readonly name = 'AdapterError' as const;
  readonly queue: string | undefined;
  readonly jobId: string | undefined;

  constructor(what: string, cause: unknown, queue?: string, jobId?: string) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super('ADAPTER_FAILED', `@awad/bullmq: expected to ${what}${jobId ? ` for job ${queue}:${jobId}` : ''}, got the error "${reason}"`, { cause });
    this.queue = queue;
    this.jobId = jobId;
  }
}
