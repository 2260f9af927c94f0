import { describe, expect, it } from 'vitest';
import { RunTracker, normalizeEvent, type TaskStateChange } from '../src/index';
import { ev } from './helpers';

const apply = (tracker: RunTracker, e: TaskStateChange) => tracker.apply(normalizeEvent(e));

describe('RunTracker', () => {
  it('derives queue wait at RUNNING and duration at SUCCEEDED', () => {
    const t = new RunTracker();
    expect(apply(t, ev({ state: 'QUEUED', t: 0 })).measurements).toEqual({});
    expect(apply(t, ev({ state: 'RUNNING', t: 3 })).measurements).toEqual({ queueWaitMs: 3000, attempt: 1 });
    expect(apply(t, ev({ state: 'SUCCEEDED', t: 13 })).measurements).toEqual({ durationMs: 10_000, failed: 0 });
  });

  it('starts the queue clock at QUEUED, not at WAITING (waiting on upstream is not queue wait)', () => {
    const t = new RunTracker();
    apply(t, ev({ state: 'WAITING', t: 0 }));
    apply(t, ev({ state: 'QUEUED', t: 60 }));
    expect(apply(t, ev({ state: 'RUNNING', t: 62 })).measurements.queueWaitMs).toBe(2000);
  });

  it('prefers the engine timing fields when given', () => {
    const t = new RunTracker();
    apply(t, ev({ state: 'RUNNING', t: 0 }));
    const done = { ...ev({ state: 'SUCCEEDED', t: 100 }), timing: { durationMs: 4200 } };
    expect(apply(t, done).measurements.durationMs).toBe(4200);
  });

  it('counts attempts and retries, explicit or inferred from a restart after a failure', () => {
    const t = new RunTracker();
    apply(t, ev({ state: 'RUNNING', t: 0 }));
    expect(apply(t, ev({ state: 'FAILED', t: 2 })).measurements).toEqual({ failed: 1, runFailures: 1 });
    apply(t, ev({ state: 'RETRYING', t: 3 }));
    const second = apply(t, ev({ state: 'RUNNING', t: 5 }));
    expect(second.measurements.attempt).toBe(2);
    expect(second.task.retries).toBe(1);
    expect(second.task.failures).toBe(1);
    const third = apply(t, ev({ state: 'RUNNING', t: 9, attempt: 3 }));
    expect(third.task.attempt).toBe(3);
    expect(third.violations).toEqual([]);
    expect(apply(t, ev({ state: 'SUCCEEDED', t: 12, attempt: 3 })).measurements).toEqual({ durationMs: 3000, failed: 0 });
  });

  it('does not move a task backwards on a late event, but learns times it did not know', () => {
    const t = new RunTracker();
    apply(t, ev({ state: 'QUEUED', t: 0 }));
    apply(t, ev({ state: 'SUCCEEDED', t: 10 }));
    const late = apply(t, ev({ state: 'RUNNING', t: 4 }));
    expect(late.late).toBe(true);
    expect(late.task.state).toBe('SUCCEEDED');
    expect(late.task.startedAt).toBe(Date.parse(ev({ state: 'RUNNING', t: 4 }).occurredAt));
    expect(late.violations).toEqual([]);
  });

  it('flags an event from an older attempt as late', () => {
    const t = new RunTracker();
    apply(t, ev({ state: 'RUNNING', t: 0, attempt: 2 }));
    const old = apply(t, ev({ state: 'FAILED', t: 1, attempt: 1 }));
    expect(old.late).toBe(true);
    expect(old.task.state).toBe('RUNNING');
  });

  it('reports a task that starts before its upstream finished (precedence)', () => {
    const t = new RunTracker();
    apply(t, ev({ state: 'RUNNING', t: 0, task: 'a' }));
    const b = apply(t, ev({ state: 'RUNNING', t: 1, task: 'b', upstream: ['a'] }));
    expect(b.violations.map((v) => v.kind)).toEqual(['precedence']);
    apply(t, ev({ state: 'SUCCEEDED', t: 2, task: 'a' }));
    const c = apply(t, ev({ state: 'RUNNING', t: 3, task: 'c', upstream: ['a'] }));
    expect(c.violations).toEqual([]);
  });

  it('refuses an edge that closes a cycle and reports it', () => {
    const t = new RunTracker();
    apply(t, ev({ state: 'QUEUED', t: 0, task: 'b', upstream: ['a'] }));
    apply(t, ev({ state: 'QUEUED', t: 0, task: 'c', upstream: ['b'] }));
    const r = apply(t, ev({ state: 'QUEUED', t: 0, task: 'a', upstream: ['c'] }));
    expect(r.violations.map((v) => v.kind)).toEqual(['cycle']);
    expect(r.run.graph.parents('a')).toEqual([]);
  });

  it('reports duplicate terminal states, illegal transitions and attempt overflow', () => {
    const t = new RunTracker();
    apply(t, ev({ state: 'RUNNING', t: 0, maxAttempts: 2 }));
    apply(t, ev({ state: 'SUCCEEDED', t: 1 }));
    expect(apply(t, ev({ state: 'FAILED', t: 2 })).violations.map((v) => v.kind)).toEqual(['duplicate-terminal']);
    const back = apply(t, ev({ state: 'RUNNING', t: 3, attempt: 3 }));
    expect(back.violations.map((v) => v.kind).sort()).toEqual(['attempt-overflow', 'illegal-transition']);
  });

  it('treats a forward jump as a lost event, a later backward move as an illegal transition', () => {
    const t = new RunTracker();
    apply(t, ev({ state: 'QUEUED', t: 0 }));
    const jump = apply(t, ev({ state: 'SUCCEEDED', t: 5 }));
    expect(jump.violations).toEqual([]);
    expect(jump.task.state).toBe('SUCCEEDED');
    const back = apply(t, ev({ state: 'RUNNING', t: 9 }));
    expect(back.violations.map((v) => v.kind)).toEqual(['illegal-transition']);
    expect(back.task.state).toBe('SUCCEEDED');
  });

  it('reports an upstream task run id it never saw', () => {
    const t = new RunTracker();
    const e = { ...ev({ state: 'QUEUED', t: 0, task: 'b' }), upstream: [{ taskRunId: 'ghost' }] };
    expect(apply(t, e).violations.map((v) => v.kind)).toEqual(['unknown-upstream']);
  });

  it('keeps at most maxRuns runs, dropping the least recently active', () => {
    const t = new RunTracker({ maxRuns: 2 });
    apply(t, ev({ state: 'QUEUED', t: 0, runId: 'r1' }));
    apply(t, ev({ state: 'QUEUED', t: 0, runId: 'r2' }));
    apply(t, ev({ state: 'RUNNING', t: 1, runId: 'r1' }));
    apply(t, ev({ state: 'QUEUED', t: 2, runId: 'r3' }));
    expect(t.size).toBe(2);
    expect(t.getRun('r2')).toBeUndefined();
    expect(t.getRun('r1')?.tasks.size).toBe(1);
  });

  it('round-trips through snapshot/restore', () => {
    const t = new RunTracker();
    apply(t, ev({ state: 'SUCCEEDED', t: 0, task: 'a' }));
    apply(t, ev({ state: 'RUNNING', t: 1, task: 'b', upstream: ['a'] }));
    const copy = new RunTracker();
    copy.restore(JSON.parse(JSON.stringify(t.snapshot())));
    expect(copy.getRun('run-1')?.graph.parents('b')).toEqual(['a']);
    expect(copy.getRun('run-1')?.openTasks).toBe(1);
    expect(apply(copy, ev({ state: 'SUCCEEDED', t: 4, task: 'b' })).measurements.durationMs).toBe(3000);
  });
});
