// Prefect task-run events shaped like the ones Prefect 3 emits (docs "Task run events" example;
// `emit_task_run_state_change_event` in src/prefect/utilities/engine.py).
let counter = 0;

export const FLOW_RUN = 'e3755d32-cec5-42ca-9bcd-af236e308ba6';

export interface PrefectEventSpec {
  taskRunId: string;
  stateType: string;
  stateName: string;
  occurred: string;
  runCount?: number;
  taskKey?: string;
  name?: string;
  flowRunId?: string | null;
  message?: string;
  taskInputs?: Record<string, unknown[]>;
  tags?: string[];
  id?: string;
}

export function prefectEvent(s: PrefectEventSpec): Record<string, unknown> {
  const name = s.name ?? 'extract-data-0';
  return {
    occurred: s.occurred,
    event: `prefect.task-run.${s.stateName}`,
    resource: {
      'prefect.resource.id': `prefect.task-run.${s.taskRunId}`,
      'prefect.resource.name': name,
      'prefect.run-count': String(s.runCount ?? 1),
      'prefect.state-message': s.message ?? '',
      'prefect.state-name': s.stateName,
      'prefect.state-timestamp': s.occurred,
      'prefect.state-type': s.stateType,
      'prefect.orchestration': 'client',
    },
    related: (s.tags ?? []).map((t) => ({ 'prefect.resource.id': `prefect.tag.${t}`, 'prefect.resource.role': 'tag' })),
    payload: {
      intended: { from: null, to: s.stateType },
      initial_state: null,
      validated_state: { type: s.stateType, name: s.stateName, message: s.message ?? '', state_details: {} },
      task_run: {
        name,
        task_key: s.taskKey ?? 'extract_data',
        dynamic_key: '0',
        ...(s.flowRunId === null ? {} : { flow_run_id: s.flowRunId ?? FLOW_RUN }),
        run_count: s.runCount ?? 1,
        tags: s.tags ?? [],
        task_inputs: s.taskInputs ?? {},
      },
    },
    id: s.id ?? `b890c123-4567-89ab-cdef-${String(++counter).padStart(12, '0')}`,
  };
}

/** One task run's events: Pending, Running, then Completed (or Failed), `seconds` apart. */
export function taskRunEvents(taskRunId: string, startIso: string, seconds: number, opts: Partial<PrefectEventSpec> = {}): Record<string, unknown>[] {
  const t0 = Date.parse(startIso);
  const at = (s: number) => new Date(t0 + s * 1000).toISOString().replace('Z', '000Z'); // microseconds, as Prefect writes them
  return [
    prefectEvent({ ...opts, taskRunId, stateType: 'PENDING', stateName: 'Pending', occurred: at(0), runCount: 0 }),
    prefectEvent({ ...opts, taskRunId, stateType: 'RUNNING', stateName: 'Running', occurred: at(1), runCount: 1 }),
    prefectEvent({ ...opts, taskRunId, stateType: 'COMPLETED', stateName: 'Completed', occurred: at(1 + seconds), runCount: 1 }),
  ];
}
