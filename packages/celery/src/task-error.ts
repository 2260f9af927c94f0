// errorOf: a failed or retried Celery task's error (type, message) from its event.
// Reference: celery/worker/request.py (task-failed / task-retried carry `exception`, the repr
// of the exception, and `traceback`, Python's formatted traceback).
import type { TaskStateChange } from '@awad/core';
import type { CeleryEvent } from './celery-event';

/**
 * The error of a failed or retried attempt. The traceback's last line ("RuntimeError: boom")
 * names the exception best: with some pools Celery 5.2 sends `exception` as the repr of its
 * wrapper, "ExceptionWithTraceback()".
 */
export function errorOf(event: CeleryEvent, what: string, willRetry: boolean): NonNullable<TaskStateChange['error']> {
  const last = typeof event.traceback === 'string' ? lastExceptionLine(event.traceback) : undefined;
  if (last !== undefined) return { type: last.type, message: last.message || last.type, willRetry };
  const exception = event.exception;
  if (typeof exception !== 'string' || exception === '') return { message: `task ${what}`, willRetry };
  const type = /^([A-Za-z_][\w.]*)\(/.exec(exception)?.[1];
  return { ...(type ? { type } : {}), message: exception, willRetry };
}

/** "module.Error: message" from the last such line of a Python traceback. */
function lastExceptionLine(traceback: string): { type: string; message: string } | undefined {
  const lines = traceback.trimEnd().split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const match = /^([A-Za-z_][\w.]*)(?::\s?(.*))?$/.exec(lines[i] as string);
    if (match) return { type: match[1] as string, message: match[2] ?? '' };
    if (lines[i]?.startsWith('Traceback')) break;
  }
  return undefined;
}
