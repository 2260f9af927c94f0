// @awad/prefect: Prefect task-run events (automation webhooks, the events websocket, state hooks) as AWAD events.

export { fromPrefectEvent, DEFAULT_PREFECT_OPTIONS, type PrefectMappingOptions, type PrefectMapping } from './from-prefect';
export { PREFECT_STATE_TYPES, taskStateOf, type PrefectStateType } from './state-map';
export { prefectEventSchema, prefectResourceSchema, type PrefectEvent } from './prefect-event-schema';
export { PrefectEventSubscriber, DEFAULT_PREFECT_SUBSCRIBER_OPTIONS, eventsOutUrl, type PrefectSubscriberOptions, type PrefectSubscriberEvents } from './event-subscriber';
