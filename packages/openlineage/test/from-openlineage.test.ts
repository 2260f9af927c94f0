// Contract tests: spec-shaped OpenLineage RunEvents (as the Airflow provider, Spark and dbt emit
// them) -> TaskStateChange, accepted by a real monitor.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ValidationError, createMonitor, validateEvent, type TaskStateChange } from '@awad/core';
import { fromOpenLineage, openLineageEventId, type OpenLineageMapping } from '../src/index';

const fixture = (name: string): unknown => JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8'));
const airflow = fixture('airflow-dag-run.json') as Record<string, unknown>[];
const spark = fixture('spark-child-of-airflow.json') as Record<string, unknown>[];
const dbt = fixture('dbt-and-static.json') as Record<string, Record<string, unknown>>;

function mapped(m: OpenLineageMapping): TaskStateChange {
  if (m.kind !== 'event') throw new Error(`ignored: ${m.reason}`);
  return validateEvent(m.event);
}

describe('fromOpenLineage: an Airflow DAG run', () => {
  const events = airflow.map((e) => mapped(fromOpenLineage(e)));

  it('maps the task events under the DAG run (parent facet) with namespace/name keys', () => {
    const [, extractStart, extractDone] = events;
    expect(extractStart).toMatchObject({
      state: 'RUNNING',
      rawState: 'START',
      occurredAt: '2026-11-02T01:00:01.500000+00:00',
      task: { key: 'airflow-prod/etl_daily.extract', attempt: 1, name: 'etl_daily.extract' },
      workflow: { key: 'airflow-prod/etl_daily', runId: '01950a2e-6c1a-7d5e-9a4c-2b7f0e1d3c40' },
      source: { system: 'openlineage/airflow', version: '2.10.5' },
    });
    // The root is the parent itself here: no parentRunId.
    expect(extractStart?.workflow.parentRunId).toBeUndefined();
    expect(extractDone).toMatchObject({ state: 'SUCCEEDED', metrics: { rows: 600000, bytes: 7340032 } });
  });

  it('the DAG-level events (no parent) are their own workflow run', () => {
    expect(events[0]).toMatchObject({ state: 'RUNNING', task: { key: 'airflow-prod/etl_daily', runId: '01950a2e-6c1a-7d5e-9a4c-2b7f0e1d3c40' }, workflow: { key: 'airflow-prod/etl_daily', runId: '01950a2e-6c1a-7d5e-9a4c-2b7f0e1d3c40' } });
    expect(events[7]?.state).toBe('SUCCEEDED');
  });

  it('folds Airflow tries into one task run with attempts, keeps the error and the upstream edge', () => {
    const loads = events.filter((e) => e.task.key.endsWith('.load'));
    expect(loads.map((e) => [e.state, e.task.attempt])).toEqual([['RUNNING', 1], ['FAILED', 1], ['RUNNING', 2], ['SUCCEEDED', 2]]);
    expect(new Set(loads.map((e) => e.task.runId)).size).toBe(1);
    expect(loads[1]?.error).toEqual({ message: 'psycopg2.OperationalError: server closed the connection unexpectedly', type: 'python' });
    expect(loads[0]?.upstream).toEqual([{ taskKey: 'airflow-prod/etl_daily.extract' }]);
  });

  it('a real monitor accepts the run: one retry, the precedence rule satisfied, no violation', () => {
    const monitor = createMonitor();
    const verdicts = events.map((e) => monitor.observe(e));
    expect(verdicts.every((v) => !v.isAnomaly && v.reasons.length === 0)).toBe(true);
    expect(verdicts[5]?.features).toMatchObject({ attempt: 2 });
    expect(verdicts[6]?.features).toMatchObject({ durationMs: 150_000 });
    expect(monitor.stats()).toMatchObject({ events: 8, runs: 1 });
  });

  it('event ids come from runId + eventType + eventTime: a redelivery is a duplicate', () => {
    const again = mapped(fromOpenLineage(airflow[1]));
    expect(again.eventId).toBe(events[1]?.eventId);
    expect(again.eventId).toBe(openLineageEventId('01950a2e-7000-7aaa-8000-000000000001', 'START', '2026-11-02T01:00:01.500000+00:00'));
    const monitor = createMonitor();
    monitor.observe(events[1]);
    expect(monitor.observe(again).duplicate).toBe(true);
    expect(new Set(events.map((e) => e.eventId)).size).toBe(events.length);
  });
});

describe('fromOpenLineage: other producers and event kinds', () => {
  it('a Spark job started by an Airflow task: the task is its workflow, the DAG run its parent run', () => {
    const [start, running, done] = spark.map((e) => mapped(fromOpenLineage(e)));
    expect(start).toMatchObject({
      state: 'RUNNING',
      task: { key: 'spark-cluster/transform_orders.execute_insert_into_hadoop_fs_relation_command', runId: '0195c0de-5a5a-7b7b-8c8c-0000000000aa' },
      workflow: { key: 'airflow-prod/etl_daily.transform', runId: '01950a2e-7000-7aaa-8000-000000000009', parentRunId: '01950a2e-6c1a-7d5e-9a4c-2b7f0e1d3c40' },
      source: { system: 'openlineage/spark', version: '3.5.1' },
    });
    expect(start?.task.attempt).toBeUndefined();
    expect(running?.state).toBe('RUNNING');
    expect(done?.state).toBe('SUCCEEDED');
  });

  it('ABORT -> CANCELLED; OTHER, missing eventType and static lineage are ignored with a reason', () => {
    expect(mapped(fromOpenLineage(dbt.abort))).toMatchObject({ state: 'CANCELLED', task: { key: 'dbt-warehouse/analytics.orders_daily' }, source: { system: 'openlineage/dbt' } });
    expect(fromOpenLineage(dbt.other)).toMatchObject({ kind: 'ignored', reason: expect.stringContaining('OTHER') });
    expect(fromOpenLineage({ ...dbt.other, eventType: undefined })).toMatchObject({ kind: 'ignored', reason: expect.stringContaining('eventType') });
    expect(fromOpenLineage(dbt.jobEvent)).toMatchObject({ kind: 'ignored', reason: expect.stringContaining('static lineage') });
  });

  it('keyFormat "name" leaves the namespaces out', () => {
    const e = mapped(fromOpenLineage(airflow[3], { keyFormat: 'name' }));
    expect(e.task.key).toBe('etl_daily.load');
    expect(e.workflow.key).toBe('etl_daily');
    expect(e.upstream).toEqual([{ taskKey: 'etl_daily.extract' }]);
  });
});

describe('fromOpenLineage: malformed events', () => {
  const base = airflow[1] as { run: { runId: string; facets: Record<string, unknown> }; job: Record<string, unknown> };

  it('names the path, what was expected and what came', () => {
    const cases: [unknown, string, string][] = [
      [{ ...base, eventType: 'FINISHED' }, 'eventType', 'INVALID_FIELD'],
      [{ ...base, run: { ...base.run, runId: 42 } }, 'run.runId', 'INVALID_FIELD'],
      [{ ...base, eventTime: undefined }, 'eventTime', 'MISSING_FIELD'],
      [{ ...base, job: { namespace: 'ns' } }, 'job.name', 'MISSING_FIELD'],
      [{ ...base, run: { ...base.run, facets: { parent: { job: { namespace: 'ns', name: 'dag' } } } } }, 'run.facets.parent.run', 'MISSING_FIELD'],
      ['START', '', 'INVALID_FIELD'],
    ];
    for (const [input, path, code] of cases) {
      const run = () => fromOpenLineage(input);
      expect(run).toThrow(ValidationError);
      expect(run).toThrow(expect.objectContaining({ path, code }));
    }
    expect(() => fromOpenLineage({ ...base, eventType: 'FINISHED' })).toThrow(/expected `eventType` to be one of "START", .* got "FINISHED"/);
  });

  it('a surprising facet never rejects the event', () => {
    const odd = { ...base, run: { ...base.run, facets: { ...base.run.facets, airflow: 'not an object', errorMessage: 7, processing_engine: [] } } };
    expect(mapped(fromOpenLineage(odd))).toMatchObject({ state: 'RUNNING', task: { runId: base.run.runId }, source: { system: 'openlineage' } });
  });

  it('an eventTime without a zone is rejected by the monitor with INVALID_TIMESTAMP', () => {
    const m = fromOpenLineage({ ...base, eventTime: '2026-11-02 01:00:01' });
    expect(m.kind).toBe('event');
    if (m.kind === 'event') expect(() => createMonitor().observe(m.event)).toThrow(expect.objectContaining({ code: 'INVALID_TIMESTAMP', path: 'occurredAt' }));
  });
});
