// Validation and normalisation of incoming events: structure (zod), then meaning (times,
// finite numbers, the event's own transition). Returns epoch-ms times so nothing re-parses.
// Reference: ARCHITECTURE.md section 1 ("validate & normalise, typed error on bad input").
import type { z } from 'zod';
import type { AwadErrorCode } from '../errors/awad-error';
import { ValidationError, describeValue, type ValidationIssue } from '../errors/validation-error';
import { valueAt } from '../errors/from-zod';
import { taskStateChangeSchema } from './event-schema';
import { isWellFormedEvent } from './fast-check';
import { parseIsoTime } from './parse-time';
import { DEFAULT_TRANSITIONS, TASK_STATES, isLegalTransition, type TransitionTable } from './task-state';
import type { TaskStateChange } from './task-state-change';

/**
 * A validated event with its timestamps parsed to epoch milliseconds. `event` is the caller's
 * own object when it was well formed (no copy): AWAD never mutates it nor keeps it.
 */
export interface NormalizedEvent {
  readonly event: TaskStateChange;
  /** `occurredAt` in epoch ms. */
  readonly time: number;
  readonly scheduledAt: number | undefined;
  readonly startedAt: number | undefined;
  readonly endedAt: number | undefined;
}

export interface ValidateEventOptions {
  /** Transition table used to check `previousState -> state`. */
  readonly transitions?: TransitionTable;
}

const MODULE = '@awad/core/validate-event';
const TIME_FIELDS = ['scheduledAt', 'startedAt', 'endedAt'] as const;

/**
 * Validates an unknown input as a TaskStateChange and parses its times.
 * @throws ValidationError with code MISSING_FIELD, INVALID_FIELD, INVALID_TIMESTAMP,
 *   NON_FINITE_NUMBER, UNKNOWN_STATE, UNSUPPORTED_SPEC_VERSION or ILLEGAL_TRANSITION.
 */
export function normalizeEvent(input: unknown, options: ValidateEventOptions = {}): NormalizedEvent {
  let event: TaskStateChange;
  if (isWellFormedEvent(input)) {
    event = input as TaskStateChange;
  } else {
    const parsed = taskStateChangeSchema.safeParse(input);
    if (!parsed.success) throw new ValidationError(parsed.error.issues.map((issue) => toIssue(issue, input)), readEventId(input));
    event = parsed.data as TaskStateChange;
  }
  const issues: ValidationIssue[] = [];

  const time = parseIsoTime(event.occurredAt);
  if (Number.isNaN(time)) issues.push(timestampIssue('occurredAt', event.occurredAt));
  const times: Record<(typeof TIME_FIELDS)[number], number | undefined> = { scheduledAt: undefined, startedAt: undefined, endedAt: undefined };
  const timing = event.timing;
  if (timing !== undefined) {
    for (const field of TIME_FIELDS) {
      const raw = timing[field];
      if (raw === undefined) continue;
      const parsedTime = parseIsoTime(raw);
      if (Number.isNaN(parsedTime)) issues.push(timestampIssue(`timing.${field}`, raw));
      else times[field] = parsedTime;
    }
  }
  if (event.previousState !== undefined && !isLegalTransition(event.previousState, event.state, options.transitions ?? DEFAULT_TRANSITIONS)) {
    issues.push({
      code: 'ILLEGAL_TRANSITION',
      path: 'state',
      expected: `a state that may follow ${event.previousState}`,
      received: event.state,
      message: `${MODULE}: expected \`state\` to be a legal successor of ${event.previousState}, got ${event.state}`,
    });
  }
  if (issues.length > 0) throw new ValidationError(issues, event.eventId);
  return { event, time, ...times };
}

/** Validates an unknown input as a TaskStateChange. @throws ValidationError */
export function validateEvent(input: unknown, options?: ValidateEventOptions): TaskStateChange {
  return normalizeEvent(input, options).event;
}

function timestampIssue(path: string, value: string): ValidationIssue {
  return {
    code: 'INVALID_TIMESTAMP',
    path,
    expected: 'an ISO-8601 timestamp with a zone',
    received: describeValue(value),
    message: `${MODULE}: expected \`${path}\` to be an ISO-8601 timestamp with a zone (e.g. 2026-11-22T10:00:00Z), got ${describeValue(value)}`,
  };
}

function readEventId(input: unknown): string | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  const value = (input as { eventId?: unknown }).eventId;
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function toIssue(issue: z.core.$ZodIssue, input: unknown): ValidationIssue {
  const path = issue.path.map(String).join('.');
  const received = valueAt(input, issue.path);
  const shown = describeValue(received);
  const field = path === '' ? 'the event' : `\`${path}\``;
  const make = (code: AwadErrorCode, expected: string): ValidationIssue => ({
    code,
    path,
    expected,
    received: shown,
    message: `${MODULE}: expected ${field} to be ${expected}, got ${shown}`,
  });
  if (path === '' && (typeof input !== 'object' || input === null || Array.isArray(input))) return make('INVALID_FIELD', 'a TaskStateChange object');
  if (received === undefined) return make('MISSING_FIELD', issue.code === 'invalid_type' ? expectedOf(issue) : path === 'specVersion' ? '"1"' : expectedOf(issue));
  if (typeof received === 'number' && !Number.isFinite(received)) return make('NON_FINITE_NUMBER', 'a finite number');
  const last = issue.path[issue.path.length - 1];
  if ((last === 'state' || last === 'previousState') && issue.path.length === 1) return make('UNKNOWN_STATE', `one of ${TASK_STATES.join(', ')}`);
  if (path === 'specVersion') return make('UNSUPPORTED_SPEC_VERSION', '"1"');
  if (issue.code === 'too_small' && typeof received === 'string') return make('MISSING_FIELD', 'a non-empty string');
  return make('INVALID_FIELD', expectedOf(issue));
}

function expectedOf(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return ({ object: 'an object', array: 'an array', int: 'an integer' } as Record<string, string>)[issue.expected] ?? `a ${issue.expected}`;
    case 'too_small':
      return issue.origin === 'number' ? `a number >= ${String(issue.minimum)}` : `at least ${String(issue.minimum)} long`;
    case 'invalid_value':
      return `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return issue.message.replace(/^Invalid input: /, '');
  }
}
