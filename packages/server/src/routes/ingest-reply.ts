// The shared shape of POST routes that take one event or a batch: one verdict, or per-batch
// verdicts with the rejected entries by index (a batch where nothing was accepted is a 400).
import { ValidationError, type AwadError, type TaskStateChange, type Verdict } from '@awad/core';
import type { FastifyReply } from 'fastify';
import { errorReply } from '../error-reply';
import type { RouteContext } from './context';

/** What an adapter made of one foreign event: an event, or a reason to ignore it. */
export type Mapped = { readonly kind: 'event'; readonly event: TaskStateChange } | { readonly kind: 'ignored'; readonly reason: string };

export interface BatchReply {
  readonly accepted: number;
  readonly rejected: number;
  readonly ignored?: number;
  readonly verdicts: Verdict[];
  readonly errors: { readonly index: number; readonly code: string; readonly message: string; readonly path?: string; readonly expected?: string; readonly received?: string }[];
  readonly skipped?: { readonly index: number; readonly reason: string }[];
}

function tooLarge(reply: FastifyReply, n: number, max: number) {
  return reply.code(413).send({ error: { code: 'BATCH_TOO_LARGE', message: `@awad/server: expected a batch of at most ${max} events, got ${n}`, path: '', expected: `at most ${max} events`, received: `${n} events` } });
}

/**
 * Handles a single item or a batch. `map` turns a raw item into an event (adapters) or passes
 * it through (native events); it throws ValidationError on a malformed item.
 */
export async function ingestBody(ctx: RouteContext, body: unknown, reply: FastifyReply, map?: (raw: unknown) => Mapped): Promise<unknown> {
  if (!Array.isArray(body)) {
    if (map) {
      const m = map(body);
      if (m.kind === 'ignored') return { ignored: true, reason: m.reason };
      body = m.event;
    }
    const verdict = ctx.ingest.observe(body);
    await ctx.ingest.durable();
    return { verdict };
  }
  if (body.length > ctx.maxBatch) return tooLarge(reply, body.length, ctx.maxBatch);
  if (body.length === 0) throw new ValidationError([{ code: 'MISSING_FIELD', path: '', expected: 'at least one event', received: 'an empty array', message: '@awad/server: expected at least one event, got an empty array' }]);
  const verdicts: Verdict[] = [];
  const errors: { index: number; error: AwadError }[] = [];
  const skipped: { index: number; reason: string }[] = [];
  for (let index = 0; index < body.length; index++) {
    try {
      let item: unknown = body[index];
      if (map) {
        const m = map(item);
        if (m.kind === 'ignored') {
          skipped.push({ index, reason: m.reason });
          continue;
        }
        item = m.event;
      }
      verdicts.push(ctx.ingest.observe(item));
    } catch (error) {
      if (error instanceof ValidationError) errors.push({ index, error });
      else throw error;
    }
  }
  if (verdicts.length === 0 && errors.length > 0) {
    const first = errors[0] as { index: number; error: AwadError };
    const { body: err } = errorReply(first.error);
    return reply.code(400).send({ error: { ...err.error, message: `@awad/server: every event of the batch was rejected; item ${first.index}: ${first.error.message}` }, errors: errors.map(({ index, error }) => ({ index, ...errorReply(error).body.error })) });
  }
  await ctx.ingest.durable();
  const out: BatchReply = {
    accepted: verdicts.length,
    rejected: errors.length,
    verdicts,
    errors: errors.map(({ index, error }) => {
      const { code, message, path, expected, received } = errorReply(error).body.error;
      return { index, code, message, ...(path !== undefined ? { path } : {}), ...(expected !== undefined ? { expected } : {}), ...(received !== undefined ? { received } : {}) };
    }),
    ...(map ? { ignored: skipped.length, skipped } : {}),
  };
  return out;
}
