// `GET /api/stats`: figures for managers, from the system of record.
import { accessOf } from '../auth/guard';
import { ROUTE_ROLES } from '../auth/roles';
import { municipalitiesInScope } from '../auth/scope';
import type { ApiContext } from '../context';
import { caseStats } from '../readModels/caseStats';
import { monthlyStats } from '../readModels/monthlyStats';
import { defineRoute, type Route } from '../route';
import { monthlyStatsQuerySchema, monthlyStatsSchema, statsQuerySchema, statsSchema } from '../schemas/stats';

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
    defineRoute({
      method: 'get',
      path: '/api/stats/monthly',
      operationId: 'getMonthlyStats',
      summary: 'The figures per month: provisional replies on time, days from receipt to decision, appeals by outcome',
      description: "Counts and days only, nothing that names a case or a person. Without a municipality filter, the figures cover the token's own municipalities.",
      tag: 'Managers',
      roles: ROUTE_ROLES.stats,
      query: monthlyStatsQuerySchema(Object.keys(ctx.policy.municipalities)),
      responses: { 200: { description: 'One entry per month, oldest first; a month with nothing in it has zeros.', schema: monthlyStatsSchema } },
      errors: ['validation_failed', 'unavailable'],
      handler: async ({ query, res }) => {
        const within = municipalitiesInScope(accessOf(res), query.municipality);
        res.json(await monthlyStats(ctx.db, ctx.policy, { municipality: query.municipality, within, months: query.months ?? 12 }));
      },
    }),
  ];
}
