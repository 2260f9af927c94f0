// The filters of GET /v1/verdicts and GET /v1/stream, parsed from a query string with zod.
import { z } from 'zod';
import { parseIsoTime, type Verdict } from '@awad/core';

const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const since = z.string().min(1).transform((v, ctx) => {
  const t = /^\d+$/.test(v) ? Number(v) : parseIsoTime(v);
  if (!Number.isFinite(t)) {
    ctx.addIssue({ code: 'custom', message: 'an ISO-8601 time with a zone or epoch milliseconds' });
    return z.NEVER;
  }
  return t;
});

export const streamQuerySchema = z.strictObject({
  workflowKey: z.string().min(1).optional(),
  taskKey: z.string().min(1).optional(),
  anomalous: flag.optional(),
});

export const verdictsQuerySchema = streamQuerySchema.extend({
  since: since.optional(),
  limit: z.coerce.number().int().min(1).max(100_000).optional(),
});

export interface VerdictFilter {
  readonly workflowKey?: string;
  readonly taskKey?: string;
  readonly anomalous?: boolean;
  /** Epoch ms: verdicts about events at or after it. */
  readonly since?: number;
}

export function matchesVerdict(v: Verdict, f: VerdictFilter): boolean {
  return (
    (f.workflowKey === undefined || v.workflowKey === f.workflowKey) &&
    (f.taskKey === undefined || v.taskKey === f.taskKey) &&
    (f.anomalous !== true || v.isAnomaly) &&
    (f.since === undefined || v.time >= f.since)
  );
}
