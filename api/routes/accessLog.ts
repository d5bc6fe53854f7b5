// `GET /api/access-log`: for auditors, who was shown what, in their own municipalities.
import { accessOf } from '../auth/guard';
import { ROUTE_ROLES } from '../auth/roles';
import type { ApiContext } from '../context';
import { readAccessLog } from '../readModels/accessLog';
import { defineRoute, type Route } from '../route';
import { accessLogPageSchema, accessLogQuerySchema } from '../schemas/accessLog';
import { DEFAULT_PAGE_SIZE } from '../schemas/caseList';

export function accessLogRoutes(ctx: ApiContext): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/access-log',
      operationId: 'readAccessLog',
      summary: 'The access log (tilgangslogg): who was shown which case, newest first',
      description:
        "Rows in the auditor's own municipalities. `?caseId=` answers \"who read my case?\"; `actor`, `from` and `to` narrow it further. " +
        'Every answer that showed a case (its view, events, letters, a PDF, a step, a registration) or a list of cases has a row, written before the answer was sent.',
      tag: 'Auditors',
      roles: ROUTE_ROLES.accessLog,
      query: accessLogQuerySchema,
      responses: { 200: { description: 'One page; follow nextCursor for the next.', schema: accessLogPageSchema } },
      errors: ['validation_failed', 'unavailable'],
      handler: async ({ query, res }) => {
        const access = accessOf(res);
        res.json(await readAccessLog(ctx.db, { ...query, within: access.principal.municipalities, limit: query.limit ?? DEFAULT_PAGE_SIZE }));
      },
    }),
  ];
}
