// CeleryEventMapper: turns Celery task events into TaskStateChange events, remembering per task
// (uuid) what only some events carry: the name, root and parent (task-sent / task-received) and
// the attempt. Bounded: an LRU of `maxTasks` task records.
// Reference: Celery Event Reference (https://docs.celeryq.dev/en/stable/userguide/monitoring.html#event-reference);
// docs/events.md for the target states; Celery canvas (https://docs.celeryq.dev/en/stable/userguide/canvas.html):
// every task of a workflow carries its root_id, a chain's next task has the one before as
// parent_id, and a chord's header tasks and body share the parent_id of the chord (the task
// before it in a chain), so the body's edges from its header are inferred (see `chordHeaderOf`).
import { ConfigError, parseIsoTime, type TaskState, type TaskStateChange, type UpstreamRef } from '@awad/core';
import { LRUMap } from 'mnemonist';
import type { CeleryEvent } from './celery-event';
import { invalidMessage } from './invalid-message';
import { errorOf } from './task-error';
import { chordHeaderOf, keyOf } from './task-links';

const MODULE = '@awad/celery/celery-event-mapper';

/** What the workflow key is made of, for `workflowKey`. */
export interface WorkflowKeyInput {
  /** The workflow run: the root task's uuid. */
  readonly rootId: string;
  /** The root task's name, when the mapper has seen the root task. */
  readonly rootName: string | undefined;
  /** The name of the task being mapped. */
  readonly name: string;
}

export interface CeleryEventMapperOptions {
  /** Most task records kept (uuid -> name, root, parent, attempt); least recently seen go first. Default 100,000. */
  readonly maxTasks?: number;
  /** The workflow key of a task's run. Default: the root task's name (the task's own when the root was not seen). */
  readonly workflowKey?: (input: WorkflowKeyInput) => string;
  /** `source.system` of the events. Default `celery`. */
  readonly system?: string;
}

export const DEFAULT_CELERY_EVENT_MAPPER_OPTIONS = { maxTasks: 100_000, system: 'celery' } as const;

/** Why an event produced no TaskStateChange. */
export type SkipReason =
  /** Not a task event (worker-online, worker-heartbeat, custom events). */
  | 'not-a-task-event'
  /** A task event for a uuid whose task-received (or task-sent) was never seen or was evicted. */
  | 'unknown-task'
  /** A task-sent for a task already known: a retry's new message, which task-retried and task-received report. */
  | 'known-task-sent';

export type MappedEvent = { readonly kind: 'event'; readonly event: TaskStateChange } | { readonly kind: 'skipped'; readonly reason: SkipReason };

/** What the mapper remembers about one task (all its attempts). */
export interface CeleryTaskRecord {
  readonly uuid: string;
  readonly name: string;
  /** The task key in its workflow: the name, with `#n` for the n-th task of that name on one path (a chain of `add | add`). */
  readonly key: string;
  readonly rootId: string;
  readonly parentId: string | undefined;
  readonly workflowKey: string;
  /** The parent's edge, when the parent is known and in the same workflow run. */
  readonly upstream: readonly UpstreamRef[] | undefined;
  /** Tasks whose parent this is, in the order they were first seen (at most MAX_CHILDREN). */
  readonly children: string[];
  attempt: number;
  state: TaskState | undefined;
  /** Epoch ms from which the current attempt may run (countdown, retry delay). */
  eta: number | undefined;
  /** Epoch ms the current attempt was ready to run: its eta, or the earliest of its task-sent and task-received. */
  readyAt: number | undefined;
  /** Epoch ms of the first event of this task (when it was sent or received). */
  readonly firstSeenAt: number;
  /** Epoch ms of the latest start. */
  startedAt: number | undefined;
  /** Whether the first start looked for a chord header already. */
  headerChecked: boolean;
}

const WAITING_OR_QUEUED: ReadonlySet<TaskState | undefined> = new Set(['QUEUED', 'WAITING']);
/** Children remembered per task, for chord bodies (a bigger header gets edges from its first ones). */
const MAX_CHILDREN = 1024;

export class CeleryEventMapper {
  readonly maxTasks: number;
  private readonly tasks: LRUMap<string, CeleryTaskRecord>;
  private readonly workflowKeyOf: (input: WorkflowKeyInput) => string;
  private readonly system: string;

  constructor(options: CeleryEventMapperOptions = {}) {
    const d = DEFAULT_CELERY_EVENT_MAPPER_OPTIONS;
    const maxTasks = options.maxTasks ?? d.maxTasks;
    if (!Number.isInteger(maxTasks) || maxTasks < 1) throw new ConfigError(MODULE, 'maxTasks', 'a positive integer', maxTasks);
    if (options.workflowKey !== undefined && typeof options.workflowKey !== 'function') throw new ConfigError(MODULE, 'workflowKey', 'a function', options.workflowKey);
    this.maxTasks = maxTasks;
    this.tasks = new LRUMap(maxTasks);
    this.workflowKeyOf = options.workflowKey ?? ((input) => input.rootName ?? input.name);
    this.system = options.system ?? d.system;
  }

  /** Task records held now. */
  get size(): number {
    return this.tasks.size;
  }

  /** The record of a task, without marking it recently used. */
  getTask(uuid: string): Readonly<CeleryTaskRecord> | undefined {
    return this.tasks.peek(uuid);
  }

  /**
   * Maps one Celery event. Task-sent and task-received create the task's record; other task
   * events of a task never received are skipped (`unknown-task`).
   * @throws ValidationError when a task event lacks its uuid or timestamp (or task-received its name).
   */
  map(event: CeleryEvent): MappedEvent {
    const type = event.type;
    if (!type.startsWith('task-')) return { kind: 'skipped', reason: 'not-a-task-event' };
    const uuid = event.uuid;
    if (typeof uuid !== 'string' || uuid === '') throw invalidMessage(MODULE, 'uuid', 'a non-empty string', uuid, uuid === undefined ? 'MISSING_FIELD' : 'INVALID_FIELD');
    if (typeof event.timestamp !== 'number' || !Number.isFinite(event.timestamp)) {
      throw invalidMessage(MODULE, 'timestamp', 'epoch seconds (a finite number)', event.timestamp, event.timestamp === undefined ? 'MISSING_FIELD' : 'INVALID_FIELD');
    }

    let record = this.tasks.get(uuid);
    if (type === 'task-sent' || type === 'task-received') {
      if (type === 'task-sent' && record !== undefined) return { kind: 'skipped', reason: 'known-task-sent' };
      const retries = typeof event.retries === 'number' && event.retries >= 0 ? event.retries : 0;
      if (record === undefined) {
        record = this.newRecord(uuid, event);
        record.attempt = retries + 1;
      } else {
        // A new message for a task that already ran or was queued: the attempt after the last one
        // (retries counts Celery retries; a requeue or a redelivery does not bump it).
        const next = WAITING_OR_QUEUED.has(record.state) ? record.attempt : record.attempt + 1;
        const attempt = Math.max(retries + 1, next);
        if (attempt !== record.attempt) record.readyAt = undefined;
        record.attempt = attempt;
      }
      record.eta = etaOf(event.eta);
      const time = event.timestamp * 1000;
      // task-sent is stamped after the message is published, so a worker can receive (even start)
      // the task before the client's stamp: the attempt was ready by the earlier of the two.
      record.readyAt = record.eta ?? Math.min(record.readyAt ?? time, time);
      const state: TaskState = record.eta !== undefined && record.eta > time ? 'WAITING' : 'QUEUED';
      return this.emit(record, event, state, record.attempt, record.upstream ? { upstream: record.upstream } : {});
    }

    if (record === undefined) return { kind: 'skipped', reason: 'unknown-task' };
    switch (type) {
      case 'task-started': {
        const time = event.timestamp * 1000;
        const scheduledAt = record.eta !== undefined && record.eta <= time ? new Date(record.eta).toISOString() : undefined;
        const queueWaitMs = record.readyAt === undefined ? undefined : Math.max(0, time - record.readyAt);
        const header = record.headerChecked ? undefined : chordHeaderOf(record, (id) => this.tasks.peek(id));
        record.headerChecked = true;
        record.startedAt = time;
        return this.emit(record, event, 'RUNNING', record.attempt, {
          ...(queueWaitMs !== undefined ? { timing: { ...(scheduledAt ? { scheduledAt } : {}), queueWaitMs } } : {}),
          ...(header ? { upstream: [...(record.upstream ?? []), ...header] } : {}),
        });
      }
      case 'task-succeeded': {
        const runtime = event.runtime;
        const timing = typeof runtime === 'number' && Number.isFinite(runtime) && runtime >= 0 ? { durationMs: runtime * 1000 } : undefined;
        return this.emit(record, event, 'SUCCEEDED', record.attempt, timing ? { timing } : {});
      }
      case 'task-failed':
        return this.emit(record, event, 'FAILED', record.attempt, { error: errorOf(event, 'failed', false) });
      case 'task-retried': {
        // With a prefork pool the retry's task-received can come first: this retry ended the attempt before.
        const late = WAITING_OR_QUEUED.has(record.state) && record.attempt > 1;
        return this.emit(record, event, 'RETRYING', late ? record.attempt - 1 : record.attempt, { error: errorOf(event, 'retried', true), keepState: late });
      }
      case 'task-revoked': {
        const reason = event.expired === true ? 'expired' : event.terminated === true ? 'terminated' : 'revoked';
        return this.emit(record, event, 'CANCELLED', record.attempt, { context: { reason } });
      }
      case 'task-rejected': {
        const requeue = event.requeue === true;
        return this.emit(record, event, requeue ? 'RETRYING' : 'FAILED', record.attempt, {
          error: { type: 'Rejected', message: requeue ? 'rejected by the worker and requeued' : 'rejected by the worker', willRetry: requeue },
        });
      }
      case 'task-cancelled':
        // Sent when the worker lost its broker connection: Celery marks the task for retry.
        return this.emit(record, event, 'RETRYING', record.attempt, { error: { type: 'Cancelled', message: 'cancelled by Celery (connection lost); it will be retried', willRetry: true } });
      default:
        return { kind: 'skipped', reason: 'not-a-task-event' };
    }
  }

  private newRecord(uuid: string, event: CeleryEvent): CeleryTaskRecord {
    const name = event.name;
    if (typeof name !== 'string' || name === '') throw invalidMessage(MODULE, 'name', `a non-empty task name on ${event.type}`, name, name === undefined ? 'MISSING_FIELD' : 'INVALID_FIELD');
    const rootId = typeof event.root_id === 'string' && event.root_id !== '' ? event.root_id : uuid;
    const parentId = typeof event.parent_id === 'string' && event.parent_id !== '' && event.parent_id !== uuid ? event.parent_id : undefined;
    const root = rootId === uuid ? undefined : this.tasks.peek(rootId);
    const workflowKey = root?.workflowKey ?? this.workflowKeyOf({ rootId, rootName: rootId === uuid ? name : root?.name, name });
    if (typeof workflowKey !== 'string' || workflowKey === '') throw new ConfigError(MODULE, 'workflowKey', 'a function returning a non-empty string', workflowKey);
    const parent = parentId === undefined ? undefined : this.tasks.peek(parentId);
    const inRun = parent !== undefined && parent.rootId === rootId;
    const record: CeleryTaskRecord = {
      uuid, name, key: keyOf(name, rootId, parentId, (id) => this.tasks.peek(id)), rootId, parentId, workflowKey,
      upstream: inRun ? [{ taskRunId: parent.uuid, taskKey: parent.key }] : undefined,
      children: [], attempt: 1, state: undefined, eta: undefined, readyAt: undefined,
      firstSeenAt: event.timestamp * 1000, startedAt: undefined, headerChecked: false,
    };
    if (inRun && parent.children.length < MAX_CHILDREN) parent.children.push(uuid);
    this.tasks.set(uuid, record);
    return record;
  }

  private emit(
    record: CeleryTaskRecord,
    event: CeleryEvent,
    state: TaskState,
    attempt: number,
    extra: { upstream?: readonly UpstreamRef[]; timing?: TaskStateChange['timing']; error?: TaskStateChange['error']; context?: Record<string, string>; keepState?: boolean },
  ): MappedEvent {
    if (!extra.keepState) record.state = state;
    const context: Record<string, string> = { ...extra.context };
    if (typeof event.hostname === 'string') context.hostname = event.hostname;
    const out: TaskStateChange = {
      specVersion: '1',
      eventId: `celery:${record.uuid}:${attempt}:${event.type}`,
      source: { system: this.system },
      occurredAt: new Date(Math.round(event.timestamp * 1000)).toISOString(),
      state,
      rawState: event.type,
      task: { key: record.key, runId: record.uuid, attempt, name: record.name },
      workflow: { key: record.workflowKey, runId: record.rootId },
      ...(extra.upstream ? { upstream: extra.upstream } : {}),
      ...(extra.timing ? { timing: extra.timing } : {}),
      ...(extra.error ? { error: extra.error } : {}),
      ...(Object.keys(context).length > 0 ? { context } : {}),
    };
    return { kind: 'event', event: out };
  }
}

/** Epoch ms of a Celery eta (ISO-8601; a naive one is UTC, as Celery sends them with enable_utc). */
function etaOf(eta: unknown): number | undefined {
  if (typeof eta !== 'string' || eta === '') return undefined;
  let ms = parseIsoTime(eta);
  if (Number.isNaN(ms)) ms = parseIsoTime(`${eta}Z`);
  return Number.isNaN(ms) ? undefined : ms;
}
