// ValidationError: an input event (or option) did not match what AWAD expects.
// Reference: TaskStateChange contract, ARCHITECTURE.md section 3.
import { AwadError, type AwadErrorCode } from './awad-error';

/** One problem found in an input, with the path to the offending field. */
export interface ValidationIssue {
  readonly code: AwadErrorCode;
  /** Dotted path of the field, e.g. `task.runId` or `metrics.cpu`; empty for the whole input. */
  readonly path: string;
  readonly expected: string;
  readonly received: string;
  readonly message: string;
}

/**
 * Thrown by `validateEvent` and `monitor.observe` when an event is malformed. `code`, `path`,
 * `expected` and `received` describe the first problem; `issues` lists all of them. Nothing the
 * monitor had already accepted is changed by a rejected event.
 */
export class ValidationError extends AwadError {
  override readonly name = 'ValidationError' as const;
  readonly path: string;
  readonly expected: string;
  readonly received: string;
  readonly issues: readonly ValidationIssue[];
  /** The event id when the input had a readable one, to correlate the rejection. */
  readonly eventId: string | undefined;

  constructor(issues: readonly ValidationIssue[], eventId?: string) {
    const first = issues[0];
    if (first === undefined) throw new TypeError('ValidationError needs at least one issue');
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    super(first.code, `${first.message}${more}`);
    this.path = first.path;
    this.expected = first.expected;
    this.received = first.received;
    this.issues = issues;
    this.eventId = eventId;
  }
}

/** Renders a received value for an error message: short, type-revealing, never huge. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (typeof value === 'object') return 'an object';
  return typeof value;
}
