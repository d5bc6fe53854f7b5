// `GET /api/stats`: figures for managers, from the system of record.
import type { ApiContext } from '../context';
import { caseStats } from '../readModels/caseStats';
import { defineRoute, type Route } from '../route';
import { statsQuerySchema, statsSchema } from '../schemas/stats';

export function statsRoutes(ctx: ApiContext): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/stats',
      operationId: 'getStats',
      summary: 'Open cases by status, overdue cases, provisional replies, appeals by outcome, processing time',
      tag: 'Managers',
      query: statsQuerySchema(Object.keys(ctx.policy.municipalities)),
      responses: { 200: { description: 'The figures, for one municipality or all.', schema: statsSchema } },
      errors: ['validation_failed', 'unavailable'],
      handler: async ({ query, res }) => {
        res.json(await caseStats(ctx.db, query.municipality));
      },
    }),
  ];
}
