// Adapter routes: POST /api/v1/lineage (OpenLineage RunEvents: the path the OpenLineage HTTP
// transport posts to by default) and POST /v1/prefect/events (Prefect events: one, a batch, or a
// websocket-style { type: "event", event } message, e.g. from an automation's webhook action).
import { fromOpenLineage } from '@awad/openlineage';
import { fromPrefectEvent } from '@awad/prefect';
import type { FastifyInstance } from 'fastify';
import type { RouteContext } from './context';
import { ingestBody } from './ingest-reply';

/** A Prefect event, or a message wrapping one ({ event: {...} }: a Prefect event's own `event` is its name, a string). */
function unwrapPrefect(raw: unknown): unknown {
  if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
    const inner = (raw as { event?: unknown }).event;
    if (typeof inner === 'object' && inner !== null && !Array.isArray(inner)) return inner;
  }
  return raw;
}

export function registerAdapterRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.post('/api/v1/lineage', async (request, reply) => {
    const result = await ingestBody(ctx, request.body, reply, (raw) => fromOpenLineage(raw, ctx.openlineage));
    return reply.sent ? reply : reply.code(201).send(result);
  });

  app.post('/v1/prefect/events', (request, reply) => {
    const body = unwrapPrefect(request.body);
    return ingestBody(ctx, body, reply, (raw) => fromPrefectEvent(unwrapPrefect(raw), ctx.prefect));
  });
}
