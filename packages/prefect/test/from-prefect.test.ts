// Contract tests: Prefect task-run events -> TaskStateChange, accepted by a real monitor.
import { describe, expect, it } from 'vitest';
import { ValidationError, createMonitor, validateEvent, type TaskStateChange } from '@awad/core';
import { fromPrefectEvent, type PrefectMapping } from '../src/index';
import { FLOW_RUN, prefectEvent, taskRunEvents } from './events';

function mapped(m: PrefectMapping): TaskStateChange {
  if (m.kind !== 'event') throw new Error(`ignored: ${m.reason}`);
  return validateEvent(m.event);
}

describe('fromPrefectEvent', () => {
  it('maps the documented Completed example: state from prefect.state-type, flow run from payload.task_run', () => {
    const e = mapped(fromPrefectEvent(prefectEvent({ taskRunId: 'a1b2c3d4-e5f6-7890-abcd-ef1234567890', stateType: 'COMPLETED', stateName: 'Completed', occurred: '2026-03-31T18:31:05.000000Z', tags: ['etl'], id: 'b890c123-4567-89ab-cdef-0123456789ab' })));
    expect(e).toEqual({
      specVersion: '1',
      eventId: 'b890c123-4567-89ab-cdef-0123456789ab',
      source: { system: 'prefect' },
      occurredAt: '2026-03-31T18:31:05.000000Z',
      state: 'SUCCEEDED',
      rawState: 'Completed',
      task: { key: 'extract_data', runId: 'a1b2c3d4-e5f6-7890-abcd-ef1234567890', attempt: 1, name: 'extract-data-0' },
      workflow: { key: 'prefect', runId: FLOW_RUN },
      tags: ['etl'],
    });
  });

  it('maps every state type; AwaitingRetry is RETRYING; Cancelling and Paused are ignored', () => {
    const map = (stateType: string, stateName: string) => fromPrefectEvent(prefectEvent({ taskRunId: 't1', stateType, stateName, occurred: '2026-03-31T18:31:05Z' }));
    const states = (
      [['SCHEDULED', 'Scheduled'], ['SCHEDULED', 'Late'], ['SCHEDULED', 'AwaitingRetry'], ['PENDING', 'Pending'], ['RUNNING', 'Running'], ['RUNNING', 'Retrying'], ['COMPLETED', 'Completed'], ['COMPLETED', 'Cached'], ['FAILED', 'Failed'], ['CRASHED', 'Crashed'], ['CANCELLED', 'Cancelled']] as const
    ).map(([t, n]) => mapped(map(t, n)).state);
    expect(states).toEqual(['WAITING', 'WAITING', 'RETRYING', 'QUEUED', 'RUNNING', 'RUNNING', 'SUCCEEDED', 'SUCCEEDED', 'FAILED', 'CRASHED', 'CANCELLED']);
    expect(map('CANCELLING', 'Cancelling')).toMatchObject({ kind: 'ignored' });
    expect(map('PAUSED', 'Suspended')).toMatchObject({ kind: 'ignored' });
    expect(fromPrefectEvent({ ...prefectEvent({ taskRunId: 't1', stateType: 'RUNNING', stateName: 'Running', occurred: '2026-03-31T18:31:05Z' }), event: 'prefect.flow-run.Running' })).toMatchObject({ kind: 'ignored', reason: expect.stringContaining('not a task-run') });
  });

  it('without a flow_run_id the task run is its own run', () => {
    const e = mapped(fromPrefectEvent(prefectEvent({ taskRunId: 'solo-1', stateType: 'RUNNING', stateName: 'Running', occurred: '2026-03-31T18:31:05Z', flowRunId: null }), { workflowKey: 'background' }));
    expect(e.workflow).toEqual({ key: 'background', runId: 'solo-1' });
  });

  it('older events: flow run and flow from related resources; upstream from task_inputs', () => {
    const raw = prefectEvent({ taskRunId: 't2', stateType: 'RUNNING', stateName: 'Running', occurred: '2026-03-31T18:31:05Z', flowRunId: null, taskInputs: { rows: [{ input_type: 'task_run', id: 't1' }], n: [{ input_type: 'parameter', name: 'n' }] } });
    raw.related = [
      { 'prefect.resource.id': 'prefect.flow-run.fr-9', 'prefect.resource.role': 'flow-run', 'prefect.resource.name': 'crimson-fox' },
      { 'prefect.resource.id': 'prefect.flow.f-1', 'prefect.resource.role': 'flow', 'prefect.resource.name': 'nightly-etl' },
    ];
    const e = mapped(fromPrefectEvent(raw));
    expect(e.workflow).toEqual({ key: 'nightly-etl', runId: 'fr-9' });
    expect(e.upstream).toEqual([{ taskRunId: 't1' }]);
  });

  it('a failure carries the state message; a retry is the next attempt; a real monitor counts it', () => {
    const monitor = createMonitor();
    const events = [
      prefectEvent({ taskRunId: 'r1', stateType: 'PENDING', stateName: 'Pending', occurred: '2026-03-31T18:00:00.000000Z', runCount: 0 }),
      prefectEvent({ taskRunId: 'r1', stateType: 'RUNNING', stateName: 'Running', occurred: '2026-03-31T18:00:01.000000Z', runCount: 1 }),
      prefectEvent({ taskRunId: 'r1', stateType: 'SCHEDULED', stateName: 'AwaitingRetry', occurred: '2026-03-31T18:00:05.000000Z', runCount: 1, message: 'ConnectionError' }),
      prefectEvent({ taskRunId: 'r1', stateType: 'RUNNING', stateName: 'Retrying', occurred: '2026-03-31T18:00:15.000000Z', runCount: 2 }),
      prefectEvent({ taskRunId: 'r1', stateType: 'FAILED', stateName: 'Failed', occurred: '2026-03-31T18:00:20.000000Z', runCount: 2, message: 'Task run encountered an exception ValueError' }),
    ].map((r) => mapped(fromPrefectEvent(r)));
    expect(events.map((e) => [e.state, e.task.attempt])).toEqual([['QUEUED', 1], ['RUNNING', 1], ['RETRYING', 1], ['RUNNING', 2], ['FAILED', 2]]);
    expect(events[4]?.error).toEqual({ message: 'Task run encountered an exception ValueError' });
    const verdicts = events.map((e) => monitor.observe(e));
    expect(verdicts.every((v) => v.reasons.length === 0)).toBe(true);
    expect(verdicts[3]?.features.attempt).toBe(2);
    expect(verdicts[4]?.features).toMatchObject({ failed: 1 });
  });

  it('a whole run from the fixtures is accepted, event ids are Prefect ids (a redelivery is a duplicate)', () => {
    const monitor = createMonitor();
    const raw = taskRunEvents('r2', '2026-03-31T18:00:00Z', 12);
    const verdicts = raw.map((r) => monitor.observe(mapped(fromPrefectEvent(r))));
    expect(verdicts[2]?.features.durationMs).toBe(12_000);
    expect(verdicts[1]?.features.queueWaitMs).toBe(1000);
    expect(monitor.observe(mapped(fromPrefectEvent(raw[2]))).duplicate).toBe(true);
  });

  it('rejects malformed events naming the path, expected and received; labels must be strings', () => {
    const good = prefectEvent({ taskRunId: 't1', stateType: 'RUNNING', stateName: 'Running', occurred: '2026-03-31T18:31:05Z' });
    const resource = good.resource as Record<string, string>;
    const cases: [unknown, string, string][] = [
      [{ ...good, resource: { ...resource, 'prefect.run-count': 1 } }, 'resource.prefect.run-count', 'INVALID_FIELD'],
      [{ ...good, resource: { ...resource, 'prefect.state-type': 'DONE' }, payload: {} }, 'resource.prefect.state-type', 'INVALID_FIELD'],
      [{ ...good, resource: { ...resource, 'prefect.resource.id': 'prefect.flow-run.x' } }, 'resource.prefect.resource.id', 'INVALID_FIELD'],
      [{ ...good, resource: { 'prefect.resource.name': 'x' } }, 'resource.prefect.resource.id', 'MISSING_FIELD'],
      [{ ...good, id: undefined }, 'id', 'MISSING_FIELD'],
      [[good], '', 'INVALID_FIELD'],
    ];
    for (const [input, path, code] of cases) {
      expect(() => fromPrefectEvent(input)).toThrow(ValidationError);
      expect(() => fromPrefectEvent(input)).toThrow(expect.objectContaining({ path, code }));
    }
  });
});
