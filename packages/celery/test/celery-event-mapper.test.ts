// CeleryEventMapper on hand-written event sequences: the cases the recorded worker does not show.
import { createMonitor, isAwadError, type TaskStateChange } from '@awad/core';
import { describe, expect, it } from 'vitest';
import { CeleryEventMapper, type CeleryEvent } from '../src/index';

const T0 = Date.UTC(2026, 10, 2, 8) / 1000;
let clock = 0;
function ce(type: string, uuid: string, fields: Partial<CeleryEvent> = {}): CeleryEvent {
  clock += 0.01;
  return { type, uuid, timestamp: T0 + clock, hostname: 'celery@test', ...fields };
}
const received = (uuid: string, name: string, fields: Partial<CeleryEvent> = {}) => ce('task-received', uuid, { name, root_id: uuid, parent_id: null, retries: 0, ...fields });

/** Maps events; returns the TaskStateChanges, and runs them through a monitor to check they are consistent. */
function mapAll(events: CeleryEvent[], mapper = new CeleryEventMapper()) {
  const monitor = createMonitor();
  const out: TaskStateChange[] = [];
  for (const event of events) {
    const mapped = mapper.map(event);
    if (mapped.kind !== 'event') continue;
    out.push(mapped.event);
    const verdict = monitor.observe(mapped.event);
    expect(verdict.reasons, `${mapped.event.eventId}`).toEqual([]);
  }
  return { out, monitor, mapper };
}
const trace = (events: TaskStateChange[]) => events.map((e) => `${e.task.key}:${e.state}#${e.task.attempt}`);

describe('CeleryEventMapper', () => {
  it('maps the life of a task: received, started, succeeded, with workflow run = root_id', () => {
    const events = [received('a', 'etl.a'), ce('task-started', 'a'), ce('task-succeeded', 'a', { runtime: 1.5 })];
    const { out } = mapAll(events);
    expect(trace(out)).toEqual(['etl.a:QUEUED#1', 'etl.a:RUNNING#1', 'etl.a:SUCCEEDED#1']);
    expect(out[2]).toMatchObject({
      source: { system: 'celery' }, rawState: 'task-succeeded', eventId: 'celery:a:1:task-succeeded',
      task: { key: 'etl.a', runId: 'a', name: 'etl.a' }, workflow: { key: 'etl.a', runId: 'a' },
      timing: { durationMs: 1500 }, context: { hostname: 'celery@test' },
    });
    // occurredAt is the event's epoch-seconds timestamp, to the millisecond.
    out.forEach((e, i) => expect(Math.abs(Date.parse(e.occurredAt) - (events[i]?.timestamp ?? 0) * 1000)).toBeLessThanOrEqual(0.5));
  });

  it('numbers a task name that repeats on one path (a chain add | add | add)', () => {
    const { out, monitor } = mapAll([
      received('a1', 'add'), ce('task-started', 'a1'), ce('task-succeeded', 'a1'),
      received('a2', 'add', { root_id: 'a1', parent_id: 'a1' }), ce('task-started', 'a2'), ce('task-succeeded', 'a2'),
      received('a3', 'add', { root_id: 'a1', parent_id: 'a2' }),
    ]);
    expect(out.map((e) => e.task.key)).toContain('add#3');
    expect(monitor.tracker.getRun('a1')?.graph.edges()).toEqual([['add', 'add#2'], ['add#2', 'add#3']]);
  });

  it('does not take a group for a chord: members sent together are not each other\'s upstream', () => {
    // prepare | group(a, b): both sent when prepare ends, run one after the other.
    const { out } = mapAll([
      received('p', 'prepare'), ce('task-started', 'p'), ce('task-succeeded', 'p'),
      ce('task-sent', 'ga', { name: 'a', root_id: 'p', parent_id: 'p' }), ce('task-sent', 'gb', { name: 'b', root_id: 'p', parent_id: 'p' }),
      received('ga', 'a', { root_id: 'p', parent_id: 'p' }), ce('task-started', 'ga'), ce('task-succeeded', 'ga'),
      received('gb', 'b', { root_id: 'p', parent_id: 'p' }), ce('task-started', 'gb'), ce('task-succeeded', 'gb'),
    ]);
    const startB = out.find((e) => e.task.key === 'b' && e.state === 'RUNNING');
    expect(startB?.upstream).toBeUndefined();
  });

  it('a chord body sent after its header ran gets the header as upstream', () => {
    const { out, monitor } = mapAll([
      received('p', 'prepare'), ce('task-started', 'p'), ce('task-succeeded', 'p'),
      received('h1', 'score', { root_id: 'p', parent_id: 'p' }), received('h2', 'score', { root_id: 'p', parent_id: 'p' }),
      ce('task-started', 'h1'), ce('task-succeeded', 'h1'), ce('task-started', 'h2'),
      ce('task-sent', 'body', { name: 'merge', root_id: 'p', parent_id: 'p' }), // sent by h2, before h2's buffered events
      ce('task-succeeded', 'h2'),
      received('body', 'merge', { root_id: 'p', parent_id: 'p' }), ce('task-started', 'body'), ce('task-succeeded', 'body'),
    ]);
    expect(out.find((e) => e.task.key === 'merge' && e.state === 'RUNNING')?.upstream).toEqual([
      { taskRunId: 'p', taskKey: 'prepare' }, { taskRunId: 'h1', taskKey: 'score' },
    ]);
    expect(monitor.tracker.getRun('p')?.graph.parents('merge').sort()).toEqual(['prepare', 'score']);
  });

  it('counts attempts across retries, with the retry delay as WAITING', () => {
    const eta = new Date((T0 + 60) * 1000).toISOString();
    const { out } = mapAll([
      received('f', 'flaky'), ce('task-started', 'f'),
      ce('task-retried', 'f', { exception: "Retry(Retry(...), ValueError('x'), 60)" }),
      received('f', 'flaky', { retries: 1, parent_id: 'f', eta }),
      ce('task-started', 'f', { timestamp: T0 + 61 }), ce('task-failed', 'f', { timestamp: T0 + 62, exception: "KeyError('id')" }),
    ]);
    expect(trace(out)).toEqual(['flaky:QUEUED#1', 'flaky:RUNNING#1', 'flaky:RETRYING#1', 'flaky:WAITING#2', 'flaky:RUNNING#2', 'flaky:FAILED#2']);
    expect(out[2]?.error).toEqual({ type: 'Retry', message: "Retry(Retry(...), ValueError('x'), 60)", willRetry: true });
    expect(out[4]?.timing?.scheduledAt).toBe(eta);
    expect(out[5]?.error).toEqual({ type: 'KeyError', message: "KeyError('id')", willRetry: false });
  });

  it('puts a task-retried that comes after the next attempt\'s task-received on the attempt it ended', () => {
    const mapper = new CeleryEventMapper();
    const events = [received('f', 'flaky'), ce('task-started', 'f'), received('f', 'flaky', { retries: 1 }), ce('task-retried', 'f'), ce('task-started', 'f'), ce('task-succeeded', 'f')];
    const out = events.map((e) => mapper.map(e)).flatMap((m) => (m.kind === 'event' ? [m.event] : []));
    expect(trace(out)).toEqual(['flaky:QUEUED#1', 'flaky:RUNNING#1', 'flaky:QUEUED#2', 'flaky:RETRYING#1', 'flaky:RUNNING#2', 'flaky:SUCCEEDED#2']);
  });

  it('a requeued rejection and a redelivery after a lost worker start new attempts', () => {
    const { out } = mapAll([
      received('r', 'job'), ce('task-started', 'r'), ce('task-rejected', 'r', { requeue: true }),
      received('r', 'job'), ce('task-started', 'r'), // the worker died here; the message is redelivered
      received('r', 'job'), ce('task-started', 'r'), ce('task-rejected', 'r', { requeue: false }),
    ]);
    expect(trace(out)).toEqual(['job:QUEUED#1', 'job:RUNNING#1', 'job:RETRYING#1', 'job:QUEUED#2', 'job:RUNNING#2', 'job:QUEUED#3', 'job:RUNNING#3', 'job:FAILED#3']);
    expect(out[7]?.error).toMatchObject({ type: 'Rejected', willRetry: false });
  });

  it('measures queue wait from the earlier of task-sent and task-received (the client stamps task-sent after publishing)', () => {
    const { out } = mapAll([
      ce('task-sent', 'q', { name: 'job', root_id: 'q', retries: 0, timestamp: T0 + 10.005 }),
      ce('task-received', 'q', { name: 'job', root_id: 'q', retries: 0, timestamp: T0 + 10.001 }),
      ce('task-started', 'q', { timestamp: T0 + 10.002 }),
    ]);
    expect(out[2]?.timing?.queueWaitMs).toBeCloseTo(1, 3);
  });

  it('maps revocation to CANCELLED with its reason', () => {
    const { out } = mapAll([received('x', 'job'), ce('task-revoked', 'x', { expired: true, terminated: false })]);
    expect(out[1]).toMatchObject({ state: 'CANCELLED', context: { reason: 'expired' } });
  });

  it('skips worker events, events of tasks it never saw received, and task-sent for known tasks', () => {
    const mapper = new CeleryEventMapper();
    expect(mapper.map({ type: 'worker-heartbeat', timestamp: T0 })).toEqual({ kind: 'skipped', reason: 'not-a-task-event' });
    expect(mapper.map(ce('task-started', 'nobody'))).toEqual({ kind: 'skipped', reason: 'unknown-task' });
    mapper.map(received('k', 'job'));
    expect(mapper.map(ce('task-sent', 'k', { name: 'job', retries: 1 }))).toEqual({ kind: 'skipped', reason: 'known-task-sent' });
    expect(mapper.map(ce('task-custom', 'k'))).toEqual({ kind: 'skipped', reason: 'not-a-task-event' });
  });

  it('keeps at most maxTasks task records, forgetting the least recently seen', () => {
    const mapper = new CeleryEventMapper({ maxTasks: 2 });
    mapper.map(received('t1', 'a'));
    mapper.map(received('t2', 'b'));
    mapper.map(ce('task-started', 't1'));
    mapper.map(received('t3', 'c'));
    expect(mapper.size).toBe(2);
    expect(mapper.getTask('t2')).toBeUndefined();
    expect(mapper.map(ce('task-started', 't2'))).toEqual({ kind: 'skipped', reason: 'unknown-task' });
    expect(mapper.map(ce('task-started', 't1')).kind).toBe('event');
  });

  it('takes the workflow key from the option, given the root task', () => {
    const seen: unknown[] = [];
    const mapper = new CeleryEventMapper({ workflowKey: (input) => (seen.push(input), `wf:${input.rootName ?? '?'}`) });
    const { out } = mapAll([received('r', 'start'), received('c', 'next', { root_id: 'r', parent_id: 'r' }), received('o', 'orphan', { root_id: 'gone' })], mapper);
    expect(out.map((e) => e.workflow.key)).toEqual(['wf:start', 'wf:start', 'wf:?']);
    expect(seen).toEqual([{ rootId: 'r', rootName: 'start', name: 'start' }, { rootId: 'gone', rootName: undefined, name: 'orphan' }]);
  });

  it('throws typed errors on events it cannot map and on bad options', () => {
    const mapper = new CeleryEventMapper();
    const missingUuid = (() => { try { mapper.map({ type: 'task-started', timestamp: T0 }); } catch (e) { return e; } })();
    expect(isAwadError(missingUuid, 'MISSING_FIELD')).toBe(true);
    expect((missingUuid as { path: string }).path).toBe('uuid');
    expect(() => mapper.map({ type: 'task-received', uuid: 'n', timestamp: T0 })).toThrow(expect.objectContaining({ code: 'MISSING_FIELD', path: 'name' }));
    expect(() => mapper.map({ type: 'task-received', uuid: 'n', name: 'x', timestamp: Number.NaN })).toThrow(expect.objectContaining({ code: 'INVALID_FIELD', path: 'timestamp' }));
    expect(() => new CeleryEventMapper({ maxTasks: 0 })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION', option: 'maxTasks' }));
    const empty = new CeleryEventMapper({ workflowKey: () => '' });
    expect(() => empty.map(received('e', 'x'))).toThrow(expect.objectContaining({ code: 'INVALID_OPTION', option: 'workflowKey' }));
  });
});
