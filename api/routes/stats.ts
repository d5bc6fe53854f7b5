// `GET /api/stats`: figures for managers, from the system of record.
import { accessOf } from '../auth/guard';
import { ROUTE_ROLES } from '../auth/roles';
import { municipalitiesInScope } from '../auth/scope';
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
      description: "Without a municipality filter, the figures cover the token's own municipalities.",
      tag: 'Managers',
      roles: ROUTE_ROLES.stats,
      query: statsQuerySchema(Object.keys(ctx.policy.municipalities)),
      responses: { 200: { description: 'The figures, for one municipality or all.', schema: statsSchema } },
      errors: ['validation_failed', 'unavailable'],
      handler: async ({ query, res }) => {
        const within = municipalitiesInScope(accessOf(res), query.municipality);
        res.json(await caseStats(ctx.db, { municipality: query.municipality, within }));
      },
    }),
  ];
}
