// @awad/openlineage: OpenLineage RunEvents (Airflow, Spark, dbt, Dagster...) as AWAD events.

export { fromOpenLineage, DEFAULT_OPENLINEAGE_OPTIONS, type OpenLineageOptions, type OpenLineageMapping } from './from-openlineage';
export { OPENLINEAGE_EVENT_TYPES, OPENLINEAGE_STATES, openLineageEventId, type OpenLineageEventType } from './event-type';
export { openLineageRunEventSchema, parentRunFacetSchema, type OpenLineageRunEvent } from './run-event-schema';
export { readAirflow, readEngine, readError, readOutputStatistics, type AirflowTaskInfo } from './facets';
