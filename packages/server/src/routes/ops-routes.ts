// GET /healthz (no auth: for load balancers and orchestrators) and GET /metrics (Prometheus text).
import type { FastifyInstance } from 'fastify';
import type { RouteContext } from './context';

export function registerHealthRoute(app: FastifyInstance, ctx: RouteContext): void {
  app.get('/healthz', async () => ({ status: 'ok', uptimeS: Math.round((Date.now() - ctx.startedAt) / 1000), events: ctx.monitor.stats().events }));
}

export function registerMetricsRoute(app: FastifyInstance, ctx: RouteContext): void {
  app.get('/metrics', async (_request, reply) => {
    reply.header('content-type', ctx.metrics.registry.contentType);
    return ctx.metrics.registry.metrics();
  });
}
