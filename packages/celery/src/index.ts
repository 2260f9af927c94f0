// @awad/celery: Celery task events (from the worker's event stream on a Redis broker) as AWAD
// TaskStateChange events, judged live by a monitor.

export { CELERY_TASK_EVENT_TYPES, isTaskEventType, type CeleryEvent, type CeleryTaskEventType } from './celery-event';
export { decodeKombuMessage } from './kombu-envelope';
export { eventChannel, eventChannelPatterns, DEFAULT_EVENT_CHANNEL_OPTIONS, type EventChannelOptions } from './event-channel';
export {
  CeleryEventMapper,
  DEFAULT_CELERY_EVENT_MAPPER_OPTIONS,
  type CeleryEventMapperOptions,
  type CeleryTaskRecord,
  type MappedEvent,
  type SkipReason,
  type WorkflowKeyInput,
} from './celery-event-mapper';
export {
  createCeleryEventSource,
  DEFAULT_CELERY_EVENT_SOURCE_OPTIONS,
  type CeleryEventSource,
  type CeleryEventSourceOptions,
  type CeleryEventSourceStats,
  type CeleryVerdictState,
  type CeleryErrorState,
  type EventObserver,
} from './celery-event-source';
export { ParentWait } from './parent-wait';
