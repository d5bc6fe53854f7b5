// `GET /metrics`: the API's Prometheus metrics (see api/metrics.ts). Open like /api/health: it holds
// counts by pattern, code and municipality, never a case's id or anything personal.
import type { ApiContext } from '../context';
import { defineRoute, type Route } from '../route';

export function metricsRoutes(ctx: ApiContext): Route[] {
  return [
    defineRoute({
      method: 'get',
    roles: 'public',
      path: '/metrics',
      operationId: 'getMetrics',
      summary: 'Prometheus metrics: requests, steps, registrations, open and overdue cases, letter deliveries',
      tag: 'Operations',
      responses: { 200: { description: 'The Prometheus text exposition format.', contentType: 'text/plain; version=0.0.4' } },
      errors: [],
      handler: async ({ res }) => {
        const text = await ctx.metrics.text();
        res.setHeader('Content-Type', ctx.metrics.contentType);
        res.send(text);
      },
    }),
  ];
}
