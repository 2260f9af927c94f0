// CeleryEvent: one event of Celery's event protocol, as the worker and clients publish it.
// Reference: Celery "Monitoring and Management Guide", Event Reference
// (https://docs.celeryq.dev/en/stable/userguide/monitoring.html#event-reference), and
// celery/worker/request.py, celery/worker/strategy.py, celery/app/amqp.py (5.2) for the fields.

/** The task event types Celery sends (task-cancelled is sent on a connection loss, then retried). */
export const CELERY_TASK_EVENT_TYPES = [
  'task-sent',
  'task-received',
  'task-started',
  'task-succeeded',
  'task-failed',
  'task-retried',
  'task-revoked',
  'task-rejected',
  'task-cancelled',
] as const;

export type CeleryTaskEventType = (typeof CELERY_TASK_EVENT_TYPES)[number];

/**
 * One Celery event. Only `type` and `timestamp` are always present; a task event carries `uuid`;
 * `name`, `root_id`, `parent_id` and `retries` come only with task-sent and task-received.
 */
export interface CeleryEvent {
  readonly type: string;
  /** Epoch seconds (float) on the sender's clock. */
  readonly timestamp: number;
  readonly hostname?: string;
  readonly utcoffset?: number;
  readonly pid?: number;
  readonly clock?: number;
  readonly uuid?: string;
  readonly name?: string;
  readonly root_id?: string | null;
  readonly parent_id?: string | null;
  readonly retries?: number;
  /** ISO-8601 time the task may run from (countdown, retry delay), or null. */
  readonly eta?: string | null;
  readonly expires?: string | null;
  /** task-succeeded: seconds the task body ran. */
  readonly runtime?: number;
  /** task-failed / task-retried: repr of the exception, e.g. "ValueError('bad row')". */
  readonly exception?: string;
  readonly traceback?: string;
  /** task-rejected: whether the message was put back on the queue. */
  readonly requeue?: boolean;
  /** task-revoked. */
  readonly terminated?: boolean;
  readonly expired?: boolean;
  readonly signum?: number | string | null;
  readonly [field: string]: unknown;
}

export function isTaskEventType(type: string): type is CeleryTaskEventType {
  return (CELERY_TASK_EVENT_TYPES as readonly string[]).includes(type);
}
