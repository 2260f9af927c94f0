import { describe, expect, it } from 'vitest';
import { ValidationError, isAwadError, normalizeEvent, validateEvent } from '../src/index';
import { ev } from './helpers';

function codeOf(input: unknown): string | undefined {
  try {
    validateEvent(input);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).code;
  }
}

describe('validateEvent', () => {
  it('accepts a well-formed event and parses its times', () => {
    const input = { ...ev({ state: 'SUCCEEDED', t: 10 }), timing: { startedAt: '2026-11-02T08:00:00Z', endedAt: '2026-11-02T08:00:10+00:00' } };
    const n = normalizeEvent(input);
    expect(n.event.eventId).toBe(input.eventId);
    expect(n.time).toBe(Date.UTC(2026, 10, 2, 8, 0, 10));
    expect(n.endedAt! - n.startedAt!).toBe(10_000);
  });

  it('names a missing id with MISSING_FIELD, the path, what was expected and what came', () => {
    const input = ev({ state: 'RUNNING', t: 0 }) as unknown as { task: Record<string, unknown> };
    delete input.task.runId;
    try {
      validateEvent(input);
      expect.unreachable();
    } catch (error) {
      expect(isAwadError(error, 'MISSING_FIELD')).toBe(true);
      const e = error as ValidationError;
      expect(e.path).toBe('task.runId');
      expect(e.received).toBe('undefined');
      expect(e.message).toMatch(/^@awad\/core\/validate-event: expected `task.runId`/);
    }
    expect(codeOf({ ...ev({ state: 'RUNNING', t: 0 }), eventId: '' })).toBe('MISSING_FIELD');
  });

  it('rejects unparsable timestamps and timestamps without a zone', () => {
    expect(codeOf({ ...ev({ state: 'RUNNING', t: 0 }), occurredAt: 'yesterday' })).toBe('INVALID_TIMESTAMP');
    expect(codeOf({ ...ev({ state: 'RUNNING', t: 0 }), occurredAt: '2026-11-02 08:00:00' })).toBe('INVALID_TIMESTAMP');
    expect(codeOf({ ...ev({ state: 'RUNNING', t: 0 }), occurredAt: '2026-13-45T99:00:00Z' })).toBe('INVALID_TIMESTAMP');
    expect(codeOf({ ...ev({ state: 'RUNNING', t: 0 }), timing: { startedAt: 'soon' } })).toBe('INVALID_TIMESTAMP');
  });

  it('rejects non-finite metrics and durations with NON_FINITE_NUMBER', () => {
    expect(codeOf(ev({ state: 'SUCCEEDED', t: 0, metrics: { cpu: Number.NaN } }))).toBe('NON_FINITE_NUMBER');
    expect(codeOf({ ...ev({ state: 'SUCCEEDED', t: 0 }), timing: { durationMs: Number.POSITIVE_INFINITY } })).toBe('NON_FINITE_NUMBER');
  });

  it('rejects an unknown state, a wrong spec version and a wrong type', () => {
    expect(codeOf({ ...ev({ state: 'RUNNING', t: 0 }), state: 'DONE' })).toBe('UNKNOWN_STATE');
    expect(codeOf({ ...ev({ state: 'RUNNING', t: 0 }), specVersion: '2' })).toBe('UNSUPPORTED_SPEC_VERSION');
    expect(codeOf({ ...ev({ state: 'RUNNING', t: 0 }), metrics: { cpu: '90%' } })).toBe('INVALID_FIELD');
    expect(codeOf('not an event')).toBe('INVALID_FIELD');
    expect(codeOf(null)).toBe('INVALID_FIELD');
  });

  it('rejects an event whose own previousState -> state is illegal', () => {
    expect(codeOf(ev({ state: 'RUNNING', previousState: 'SUCCEEDED', t: 0 }))).toBe('ILLEGAL_TRANSITION');
    expect(codeOf(ev({ state: 'SUCCEEDED', previousState: 'RUNNING', t: 0 }))).toBeUndefined();
  });

  it('lists every issue and carries the event id', () => {
    try {
      validateEvent({ ...ev({ state: 'RUNNING', t: 0, eventId: 'bad-1' }), occurredAt: 'x', timing: { endedAt: 'y' } });
      expect.unreachable();
    } catch (error) {
      const e = error as ValidationError;
      expect(e.issues.map((i) => i.path)).toEqual(['occurredAt', 'timing.endedAt']);
      expect(e.eventId).toBe('bad-1');
    }
  });
});
