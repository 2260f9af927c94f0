// POST /v1/events (one TaskStateChange or a batch) and POST /v1/feedback.
import type { FastifyInstance } from 'fastify';
import type { RouteContext } from './context';
import { ingestBody } from './ingest-reply';

export function registerEventRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.post('/v1/events', (request, reply) => ingestBody(ctx, request.body, reply));

  app.post('/v1/feedback', async (request) => {
    const label = ctx.ingest.feedback(request.body);
    ctx.metrics.feedback.inc({ label: label.label });
    await ctx.ingest.durable();
    return { label };
  });
}
