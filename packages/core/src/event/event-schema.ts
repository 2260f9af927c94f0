// The zod schema of TaskStateChange: structural checks; semantic ones live in validate-event.ts.
// Reference: ARCHITECTURE.md section 3. Exported so servers can reuse it (z.toJSONSchema).
import { z } from 'zod';
import { TASK_STATES, type TaskState } from './task-state';
import type { TaskStateChange } from './task-state-change';

const id = z.string().min(1);
const state = z.enum(TASK_STATES);
const count = z.number().int().min(1);

/** Structural schema of a TaskStateChange (timestamps are checked as strings here). */
export const taskStateChangeSchema = z.object({
  specVersion: z.literal('1'),
  eventId: id,
  source: z.object({ system: id, version: z.string().optional() }),
  occurredAt: z.string(),
  state,
  previousState: state.optional(),
  rawState: z.string().optional(),
  task: z.object({ key: id, runId: id, attempt: count.optional(), maxAttempts: count.optional(), name: z.string().optional() }),
  workflow: z.object({ key: id, runId: id, parentRunId: z.string().optional() }),
  upstream: z.array(z.object({ taskRunId: id.optional(), taskKey: id.optional() })).optional(),
  timing: z
    .object({
      scheduledAt: z.string().optional(),
      startedAt: z.string().optional(),
      endedAt: z.string().optional(),
      durationMs: z.number().optional(),
      queueWaitMs: z.number().optional(),
    })
    .optional(),
  error: z.object({ type: z.string().optional(), message: z.string(), willRetry: z.boolean().optional() }).optional(),
  metrics: z.record(z.string(), z.number()).optional(),
  context: z.record(z.string(), z.union([z.number(), z.string()])).optional(),
  tags: z.array(z.string()).optional(),
});

// Compile-time check that the schema and the hand-written interface agree.
type Parsed = z.infer<typeof taskStateChangeSchema>;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesInterface: Same<Parsed['state'], TaskState> & (Parsed extends TaskStateChange ? true : false) = true;
void schemaMatchesInterface;
