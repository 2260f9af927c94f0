// fromPrefectEvent: one Prefect `prefect.task-run.*` event -> one TaskStateChange (or a reason it
// carries none). The state comes from the `prefect.state-type` label (labels are strings); the
// workflow run is the task run's flow run (`payload.task_run.flow_run_id`, or a related
// `flow-run` resource in older Prefects); without one, the task run is its own run.
// Reference: Prefect docs "Task run events" (resource labels, payload.task_run); Prefect source
// `emit_task_run_state_change_event` (src/prefect/utilities/engine.py).
import { ValidationError, describeValue, validationErrorFromZod, type TaskStateChange, type UpstreamRef } from '@awad/core';
import { prefectEventSchema } from './prefect-event-schema';
import { PREFECT_STATE_TYPES, taskStateOf, type PrefectStateType } from './state-map';

const MODULE = '@awad/prefect/from-prefect';
const TASK_RUN_EVENT = 'prefect.task-run.';
const TASK_RUN_RESOURCE = 'prefect.task-run.';
const FLOW_RUN_RESOURCE = 'prefect.flow-run.';

export interface PrefectMappingOptions {
  /**
   * Workflow key when the event does not name its flow. Prefect 3 task-run events carry the flow
   * run id but not the flow's name, so by default every task is in the workflow "prefect" and a
   * series is one task key (Prefect's task keys are unique per task function).
   */
  readonly workflowKey?: string;
}

export const DEFAULT_PREFECT_OPTIONS: Required<PrefectMappingOptions> = { workflowKey: 'prefect' };

export type PrefectMapping =
  | { readonly kind: 'event'; readonly event: TaskStateChange }
  | { readonly kind: 'ignored'; readonly reason: string };

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

function invalid(path: string, expected: string, received: unknown): never {
  const shown = describeValue(received);
  throw new ValidationError([{ code: received === undefined ? 'MISSING_FIELD' : 'INVALID_FIELD', path, expected, received: shown, message: `${MODULE}: expected \`${path}\` to be ${expected}, got ${shown}` }]);
}

/**
 * Maps a Prefect event to a TaskStateChange. Events other than `prefect.task-run.*`, and the
 * CANCELLING and PAUSED states, are ignored with a reason.
 * @throws ValidationError when the event lacks what the mapping needs.
 */
export function fromPrefectEvent(input: unknown, options: PrefectMappingOptions = {}): PrefectMapping {
  const parsed = prefectEventSchema.safeParse(input);
  if (!parsed.success) throw validationErrorFromZod(MODULE, parsed.error, input, 'the Prefect event');
  const e = parsed.data;
  if (!e.event.startsWith(TASK_RUN_EVENT)) return { kind: 'ignored', reason: `${e.event} is not a task-run state event` };
  const resourceId = e.resource['prefect.resource.id'] as string;
  if (!resourceId.startsWith(TASK_RUN_RESOURCE)) invalid('resource.prefect.resource.id', `a "${TASK_RUN_RESOURCE}<id>" resource id`, resourceId);
  const taskRunId = resourceId.slice(TASK_RUN_RESOURCE.length);

  const payload = e.payload ?? {};
  const validated = obj(payload.validated_state);
  const stateType = e.resource['prefect.state-type'] ?? str(validated?.type);
  if (!(PREFECT_STATE_TYPES as readonly string[]).includes(stateType ?? '')) invalid('resource.prefect.state-type', `one of ${PREFECT_STATE_TYPES.join(', ')}`, stateType);
  const stateName = e.resource['prefect.state-name'] ?? str(validated?.name);
  const state = taskStateOf(stateType as PrefectStateType, stateName);
  if (state === null) return { kind: 'ignored', reason: `state ${stateName ?? stateType} is not a task state change AWAD tracks` };

  const taskRun = obj(payload.task_run);
  const name = e.resource['prefect.resource.name'] ?? str(taskRun?.name);
  const taskKey = str(taskRun?.task_key) ?? (name ? name.replace(/-\d+$/, '') : taskRunId);
  const related = e.related ?? [];
  const flowRunRef = related.find((r) => r['prefect.resource.role'] === 'flow-run')?.['prefect.resource.id'];
  const flowRunId = str(taskRun?.flow_run_id) ?? (flowRunRef?.startsWith(FLOW_RUN_RESOURCE) ? flowRunRef.slice(FLOW_RUN_RESOURCE.length) : undefined);
  const flowName = related.find((r) => r['prefect.resource.role'] === 'flow')?.['prefect.resource.name'];
  const workflowKey = flowName ?? options.workflowKey ?? DEFAULT_PREFECT_OPTIONS.workflowKey;

  const runCountText = e.resource['prefect.run-count'];
  const runCount = runCountText !== undefined ? Number(runCountText) : typeof taskRun?.run_count === 'number' ? taskRun.run_count : undefined;
  const attempt = runCount !== undefined && Number.isInteger(runCount) && runCount >= 0 ? Math.max(1, runCount) : undefined;
  const message = e.resource['prefect.state-message'] ?? str(validated?.message);
  const tags = related.filter((r) => r['prefect.resource.role'] === 'tag').map((r) => (r['prefect.resource.id'] as string).replace(/^prefect\.tag\./, ''));
  const upstream = flowRunId !== undefined ? upstreamOf(taskRun?.task_inputs) : [];

  const event: TaskStateChange = {
    specVersion: '1',
    eventId: e.id,
    source: { system: 'prefect' },
    occurredAt: e.occurred,
    state,
    rawState: stateName ?? stateType,
    task: { key: taskKey, runId: taskRunId, ...(attempt !== undefined ? { attempt } : {}), ...(name ? { name } : {}) },
    workflow: { key: workflowKey, runId: flowRunId ?? taskRunId },
    ...(upstream.length > 0 ? { upstream } : {}),
    ...(state === 'FAILED' || state === 'CRASHED' ? { error: { message: message || `task run ${stateName ?? stateType}` } } : {}),
    ...(tags.length > 0 ? { tags } : {}),
  };
  return { kind: 'event', event };
}

/** Task runs this one read results from: `task_inputs` entries of type "task_run". */
function upstreamOf(taskInputs: unknown): UpstreamRef[] {
  const inputs = obj(taskInputs);
  if (inputs === undefined) return [];
  const ids = new Set<string>();
  for (const list of Object.values(inputs)) {
    if (!Array.isArray(list)) continue;
    for (const item of list) {
      const ref = obj(item);
      const id = str(ref?.id);
      if (ref?.input_type === 'task_run' && id !== undefined) ids.add(id);
    }
  }
  return [...ids].map((taskRunId) => ({ taskRunId }));
}
