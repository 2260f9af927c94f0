// A structural check of TaskStateChange written for speed: no copy, no allocation. It accepts
// exactly what the zod schema accepts (a property test pins the two together); when it says
// no, the zod schema runs to name every problem.
// Reference: event-schema.ts (the source of truth); ARCHITECTURE.md "the hot path is fast".
import { isTaskState } from './task-state';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isId = (v: unknown): boolean => typeof v === 'string' && v.length > 0;
const optStr = (v: unknown): boolean => v === undefined || typeof v === 'string';
const optNum = (v: unknown): boolean => v === undefined || (typeof v === 'number' && Number.isFinite(v));
const optCount = (v: unknown): boolean => v === undefined || (typeof v === 'number' && Number.isInteger(v) && v >= 1);

/** True when `input` passes the zod schema; false means "run the schema for the details". */
export function isWellFormedEvent(input: unknown): boolean {
  if (!isObj(input)) return false;
  if (input.specVersion !== '1' || !isId(input.eventId) || typeof input.occurredAt !== 'string') return false;
  if (!isTaskState(input.state) || (input.previousState !== undefined && !isTaskState(input.previousState)) || !optStr(input.rawState)) return false;
  const source = input.source;
  if (!isObj(source) || !isId(source.system) || !optStr(source.version)) return false;
  const task = input.task;
  if (!isObj(task) || !isId(task.key) || !isId(task.runId) || !optCount(task.attempt) || !optCount(task.maxAttempts) || !optStr(task.name)) return false;
  const workflow = input.workflow;
  if (!isObj(workflow) || !isId(workflow.key) || !isId(workflow.runId) || !optStr(workflow.parentRunId)) return false;
  const upstream = input.upstream;
  if (upstream !== undefined) {
    if (!Array.isArray(upstream)) return false;
    for (const ref of upstream) {
      if (!isObj(ref)) return false;
      if ((ref.taskRunId !== undefined && !isId(ref.taskRunId)) || (ref.taskKey !== undefined && !isId(ref.taskKey))) return false;
    }
  }
  const timing = input.timing;
  if (timing !== undefined) {
    if (!isObj(timing) || !optStr(timing.scheduledAt) || !optStr(timing.startedAt) || !optStr(timing.endedAt) || !optNum(timing.durationMs) || !optNum(timing.queueWaitMs)) return false;
  }
  const error = input.error;
  if (error !== undefined && (!isObj(error) || typeof error.message !== 'string' || !optStr(error.type) || (error.willRetry !== undefined && typeof error.willRetry !== 'boolean'))) return false;
  const metrics = input.metrics;
  if (metrics !== undefined) {
    if (!isObj(metrics)) return false;
    for (const key in metrics) if (!Object.hasOwn(metrics, key) || typeof metrics[key] !== 'number' || !Number.isFinite(metrics[key])) return false;
  }
  const context = input.context;
  if (context !== undefined) {
    if (!isObj(context)) return false;
    for (const key in context) {
      const v = context[key];
      if (!Object.hasOwn(context, key) || !(typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)))) return false;
    }
  }
  const tags = input.tags;
  if (tags !== undefined && (!Array.isArray(tags) || !tags.every((t) => typeof t === 'string'))) return false;
  return true;
}
