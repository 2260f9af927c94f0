// Readers for the optional facets AWAD uses: they return undefined on any shape they do not
// expect (facets are producer-defined; a surprising one never rejects the event).
// Reference: OpenLineage facets ErrorMessageRunFacet, ProcessingEngineRunFacet,
// OutputStatisticsOutputDatasetFacet, and the Airflow provider's `airflow` run facet.

type Json = Record<string, unknown>;

function obj(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** `errorMessage` run facet: message and language. */
export function readError(facets: Json | undefined): { message: string; type?: string } | undefined {
  const f = obj(facets?.errorMessage);
  const message = str(f?.message);
  if (message === undefined) return undefined;
  const language = str(f?.programmingLanguage);
  return language === undefined ? { message } : { message, type: language };
}

/** `processing_engine` run facet: the engine that ran the job (Airflow, Spark, dbt...). */
export function readEngine(facets: Json | undefined): { name?: string; version?: string } {
  const f = obj(facets?.processing_engine);
  const name = str(f?.name);
  const version = str(f?.version);
  return { ...(name ? { name } : {}), ...(version ? { version } : {}) };
}

/** Rows and bytes written, summed over the outputs' `outputStatistics` facets. */
export function readOutputStatistics(outputs: readonly unknown[] | undefined): { rows?: number; bytes?: number } {
  let rows: number | undefined;
  let bytes: number | undefined;
  for (const output of outputs ?? []) {
    const stats = obj(obj(obj(output)?.outputFacets)?.outputStatistics);
    const r = num(stats?.rowCount);
    const b = num(stats?.size);
    if (r !== undefined) rows = (rows ?? 0) + r;
    if (b !== undefined) bytes = (bytes ?? 0) + b;
  }
  return { ...(rows !== undefined ? { rows } : {}), ...(bytes !== undefined ? { bytes } : {}) };
}

/** What the Airflow provider's `airflow` run facet says about a task instance. */
export interface AirflowTaskInfo {
  readonly dagId?: string;
  readonly taskId?: string;
  readonly tryNumber?: number;
  readonly mapIndex?: number;
  readonly upstreamTaskIds: readonly string[];
}

/** The `airflow` run facet of a task event, when there is one. */
export function readAirflow(facets: Json | undefined): AirflowTaskInfo | undefined {
  const f = obj(facets?.airflow);
  if (f === undefined) return undefined;
  const task = obj(f.task);
  const ti = obj(f.taskInstance);
  const dagId = str(obj(f.dag)?.dag_id) ?? str(obj(f.dagRun)?.dag_id);
  const taskId = str(task?.task_id);
  const tryNumber = num(ti?.try_number);
  const mapIndex = num(ti?.map_index);
  return {
    ...(dagId ? { dagId } : {}),
    ...(taskId ? { taskId } : {}),
    ...(tryNumber !== undefined && tryNumber >= 1 ? { tryNumber } : {}),
    ...(mapIndex !== undefined && mapIndex >= 0 ? { mapIndex } : {}),
    upstreamTaskIds: taskIds(task?.upstream_task_ids),
  };
}

/** The provider serialises task id lists as a Python repr ("['a', 'b']"); newer ones as arrays. */
function taskIds(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string' && v.length > 0);
  if (typeof value !== 'string') return [];
  return [...value.matchAll(/'([^']+)'|"([^"]+)"/g)].map((m) => (m[1] ?? m[2]) as string);
}
