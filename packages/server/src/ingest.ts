// Ingest: every change the sidecar makes to its monitor goes through here, in one order: the
// monitor call, then the write-ahead log record (when there is a log), then the caller waits for
// `durable()` before acknowledging. Replaying the same records in the same order rebuilds the
// same monitor, so accepted events, feedback and tick verdicts survive a crash.
import { ValidationError, type AwadError, type Monitor, type Verdict, type VerdictLabel } from '@awad/core';
import type { EventLog } from './event-log';

/** One record of the write-ahead log. */
export type LogRecord =
  | { readonly t: 'e'; readonly e: unknown }
  | { readonly t: 'f'; readonly f: unknown }
  | { readonly t: 'k'; readonly now: number };

export interface BatchResult {
  readonly verdicts: Verdict[];
  readonly errors: { readonly index: number; readonly error: AwadError }[];
}

export class Ingest {
  log: EventLog | undefined;
  accepted = 0;
  duplicates = 0;
  rejected = 0;

  constructor(readonly monitor: Monitor) {}

  /** Observes one event. @throws ValidationError (nothing is logged then). */
  observe(input: unknown): Verdict {
    let verdict: Verdict;
    try {
      verdict = this.monitor.observe(input);
    } catch (error) {
      if (error instanceof ValidationError) this.rejected += 1;
      throw error;
    }
    // Duplicates are logged too: a replay then walks the monitor through the very same calls.
    this.log?.append({ t: 'e', e: input });
    if (verdict.duplicate === true) this.duplicates += 1;
    else this.accepted += 1;
    return verdict;
  }

  /** Observes a batch: good events are kept, bad ones reported by index. */
  observeMany(inputs: readonly unknown[]): BatchResult {
    const verdicts: Verdict[] = [];
    const errors: { index: number; error: AwadError }[] = [];
    for (let index = 0; index < inputs.length; index++) {
      try {
        verdicts.push(this.observe(inputs[index]));
      } catch (error) {
        if (error instanceof ValidationError) errors.push({ index, error });
        else throw error;
      }
    }
    return { verdicts, errors };
  }

  /** A label for a verdict. @throws ValidationError, UnknownVerdictError */
  feedback(input: unknown): VerdictLabel {
    const label = this.monitor.feedback(input as never);
    this.log?.append({ t: 'f', f: input });
    return label;
  }

  /** Tick verdicts at `now`; a tick that reported something changed the monitor, so it is logged. */
  tick(now: number): Verdict[] {
    const verdicts = this.monitor.tick(now);
    if (verdicts.length > 0) this.log?.append({ t: 'k', now });
    return verdicts;
  }

  /** Resolves when everything done so far is in the log (at once without a log). */
  durable(): Promise<void> {
    return this.log ? this.log.durable() : Promise.resolve();
  }

  /** Applies one logged record to the monitor (replay on start); a bad record is skipped. */
  replay(record: unknown): boolean {
    const r = record as Partial<LogRecord> | null;
    try {
      if (r?.t === 'e') this.monitor.observe(r.e);
      else if (r?.t === 'f') this.monitor.feedback(r.f as never);
      else if (r?.t === 'k' && typeof r.now === 'number') this.monitor.tick(r.now);
      else return false;
      return true;
    } catch {
      return false;
    }
  }
}
