// What the BullMQ adapters share: the options, the identity resolver, and one guarded path to
// the monitor (a failure is reported on onError / the monitor's `error` event, never thrown
// into job code).
import type { AwadError, TaskStateChange, Verdict } from '@awad/core';
import type { Job } from 'bullmq';
import { AdapterError } from './adapter-error';
import type { AwadBullmqOptions, VerdictSink } from './adapter-options';
import { IdentityResolver } from './job-identity';

export class AdapterContext {
  readonly resolver = new IdentityResolver();
  readonly edges: boolean;

  constructor(
    readonly monitor: VerdictSink,
    readonly options: AwadBullmqOptions,
  ) {
    this.edges = options.edges ?? true;
  }

  /** Observes one event; resolves to its verdict, or undefined when it failed (reported). */
  async observe(event: TaskStateChange, job: Job | undefined): Promise<Verdict | undefined> {
    try {
      const verdict = await this.monitor.observe(event);
      this.options.onVerdict?.(verdict, job);
      return verdict;
    } catch (error) {
      this.report(new AdapterError(`observe ${event.state} (${event.eventId})`, error, job?.queueName, job?.id));
      return undefined;
    }
  }

  report(error: AwadError): void {
    try {
      if (this.options.onError) this.options.onError(error);
      else this.monitor.emit?.('error', error);
    } catch {
      // A failing error handler has nowhere left to report to.
    }
  }
}
