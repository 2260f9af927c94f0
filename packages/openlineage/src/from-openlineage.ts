// fromOpenLineage: one OpenLineage RunEvent -> one TaskStateChange (or a reason it carries none).
// The job is the task (namespace + name = task key); the parent run facet's job and run are the
// workflow and its run; a job without a parent is its own workflow run (an Airflow DAG run,
// a standalone Spark job). eventTime is occurredAt; the event id is derived from runId +
// eventType + eventTime, so a redelivered event is counted once.
// Reference: OpenLineage spec 2-0-2 RunEvent, ParentRunFacet 1-1-0; the Airflow provider's
// events (apache/airflow providers/openlineage system tests).
import { validationErrorFromZod, type TaskStateChange } from '@awad/core';
import { OPENLINEAGE_STATES, openLineageEventId } from './event-type';
import { readAirflow, readEngine, readError, readOutputStatistics } from './facets';
import { openLineageRunEventSchema } from './run-event-schema';

const MODULE = '@awad/openlineage/from-openlineage';

export interface OpenLineageOptions {
  /** How a job becomes a key: `namespace/name` (default) or just `name`. */
  readonly keyFormat?: 'namespace/name' | 'name';
}

export const DEFAULT_OPENLINEAGE_OPTIONS: Required<OpenLineageOptions> = { keyFormat: 'namespace/name' };

/** What an OpenLineage event became: a task state change, or nothing (with the reason). */
export type OpenLineageMapping =
  | { readonly kind: 'event'; readonly event: TaskStateChange }
  | { readonly kind: 'ignored'; readonly reason: string };

/**
 * Maps an OpenLineage RunEvent to a TaskStateChange.
 * - START/RUNNING -> RUNNING, COMPLETE -> SUCCEEDED, FAIL -> FAILED, ABORT -> CANCELLED;
 *   OTHER and events without eventType are ignored (metadata, not a state change).
 * - Job and dataset events (static lineage, no `run`) are ignored.
 * - Airflow task events: the `airflow` facet's try number is the attempt, so the attempts of one
 *   task instance are one task run; its upstream task ids become `upstream` edges.
 * - Output statistics (rowCount, size) become `metrics.rows` / `metrics.bytes`.
 * @throws ValidationError when a RunEvent lacks what the mapping needs (path, expected, received).
 */
export function fromOpenLineage(input: unknown, options: OpenLineageOptions = {}): OpenLineageMapping {
  const keyFormat = options.keyFormat ?? DEFAULT_OPENLINEAGE_OPTIONS.keyFormat;
  if (typeof input === 'object' && input !== null && !Array.isArray(input) && !('run' in input) && ('job' in input || 'dataset' in input)) {
    return { kind: 'ignored', reason: 'a job or dataset event (static lineage) has no run state' };
  }
  const parsed = openLineageRunEventSchema.safeParse(input);
  if (!parsed.success) throw validationErrorFromZod(MODULE, parsed.error, input, 'the OpenLineage RunEvent');
  const ol = parsed.data;
  const eventType = ol.eventType;
  if (eventType === undefined) return { kind: 'ignored', reason: 'no eventType: the event carries metadata, not a run state' };
  const state = OPENLINEAGE_STATES[eventType];
  if (state === null) return { kind: 'ignored', reason: 'eventType OTHER carries metadata, not a run state' };

  const key = (job: { namespace: string; name: string }): string => (keyFormat === 'name' ? job.name : `${job.namespace}/${job.name}`);
  const facets = ol.run.facets as Record<string, unknown> | undefined;
  const parent = ol.run.facets?.parent;
  const airflow = readAirflow(facets);
  const taskKey = key(ol.job);
  const workflow = parent
    ? { key: key(parent.job), runId: parent.run.runId, ...(parent.root && parent.root.run.runId !== parent.run.runId ? { parentRunId: parent.root.run.runId } : {}) }
    : { key: taskKey, runId: ol.run.runId };

  // Airflow gives each try its own runId; one task instance (dag run + task + map index) is one task run.
  const folded = parent !== undefined && airflow?.tryNumber !== undefined;
  const taskRunId = folded ? `${parent.run.runId}/${ol.job.name}${airflow.mapIndex !== undefined ? `[${airflow.mapIndex}]` : ''}` : ol.run.runId;
  const upstream =
    parent !== undefined && airflow?.dagId !== undefined && airflow.upstreamTaskIds.length > 0
      ? airflow.upstreamTaskIds.map((id) => ({ taskKey: key({ namespace: ol.job.namespace, name: `${airflow.dagId}.${id}` }) }))
      : undefined;
  const engine = readEngine(facets);
  const error = state === 'FAILED' ? readError(facets) : undefined;
  const stats = state === 'SUCCEEDED' ? readOutputStatistics(ol.outputs) : {};
  const metrics = Object.keys(stats).length > 0 ? stats : undefined;

  const event: TaskStateChange = {
    specVersion: '1',
    eventId: openLineageEventId(ol.run.runId, eventType, ol.eventTime),
    source: { system: engine.name ? `openlineage/${engine.name.toLowerCase()}` : 'openlineage', ...(engine.version ? { version: engine.version } : {}) },
    occurredAt: ol.eventTime,
    state,
    rawState: eventType,
    task: { key: taskKey, runId: taskRunId, ...(folded ? { attempt: airflow.tryNumber } : {}), name: ol.job.name },
    workflow,
    ...(upstream ? { upstream } : {}),
    ...(error ? { error } : {}),
    ...(metrics ? { metrics } : {}),
  };
  return { kind: 'event', event };
}
