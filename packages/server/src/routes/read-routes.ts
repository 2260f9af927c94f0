// GET /v1/verdicts (filters: workflowKey, taskKey, anomalous, since, limit), GET /v1/labels,
// GET /v1/stats and GET /v1/stream (server-sent events, same filters but since/limit).
import { validationErrorFromZod } from '@awad/core';
import type { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { matchesVerdict, streamQuerySchema, verdictsQuerySchema } from '../verdict-filter';
import type { RouteContext } from './context';

const MODULE = '@awad/server/query';

function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.output<S> {
  const parsed = schema.safeParse(query);
  if (!parsed.success) throw validationErrorFromZod(MODULE, parsed.error, query, 'the query');
  return parsed.data;
}

export function registerReadRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get('/v1/verdicts', async (request) => {
    const q = parseQuery(verdictsQuerySchema, request.query);
    const limit = q.limit ?? 100;
    const all = ctx.monitor.recentVerdicts();
    const out = [];
    // Newest first while collecting; returned oldest first.
    for (let i = all.length - 1; i >= 0 && out.length < limit; i--) {
      const v = all[i];
      if (v !== undefined && matchesVerdict(v, q)) out.push(v);
    }
    out.reverse();
    return { count: out.length, verdicts: out };
  });

  app.get('/v1/labels', async () => ({ labels: ctx.monitor.labels() }));

  app.get('/v1/stats', async () => {
    const log = ctx.log();
    return {
      ...ctx.monitor.stats(),
      accepted: ctx.ingest.accepted,
      duplicates: ctx.ingest.duplicates,
      rejected: ctx.ingest.rejected,
      labels: ctx.monitor.labelStore.size,
      streamClients: ctx.hub.size,
      uptimeS: Math.round((Date.now() - ctx.startedAt) / 1000),
      wal: log ? { path: log.path, fsync: log.fsync, bytes: log.bytes, replayed: ctx.replay?.records ?? 0, skipped: ctx.replay?.skipped ?? 0, truncatedBytes: ctx.replay?.truncatedBytes ?? 0 } : null,
    };
  });

  app.get('/v1/stream', (request, reply) => {
    const q = parseQuery(streamQuerySchema, request.query);
    reply.hijack();
    ctx.hub.add(reply.raw, q);
  });
}
