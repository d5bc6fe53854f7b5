// `GET /api/access-log`: for auditors, who was shown what, in their own municipalities; and
// `GET /api/cases/:id/readers.pdf`: who has read one case, as a PDF to hand to the applicant (innsyn).
import { renderReadersPdf, type AccessRow } from '../../letters/readersPdf';
import { caseEntry, writeAccessLog } from '../accessLog';
import { accessOf } from '../auth/guard';
import { caseInScope } from '../auth/scope';
import { caseParams } from '../schemas/common';
import { ROUTE_ROLES } from '../auth/roles';
import type { ApiContext } from '../context';
import { readAccessLog } from '../readModels/accessLog';
import { defineRoute, type Route } from '../route';
import { accessLogPageSchema, accessLogQuerySchema } from '../schemas/accessLog';
import { DEFAULT_PAGE_SIZE } from '../schemas/caseList';

/** Enough for years of a case's lookups; a longer log is searched on the page. */
const READERS_PDF_MAX_ROWS = 5_000;

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
    defineRoute({
      method: 'get',
      path: '/api/cases/:id/readers.pdf',
      operationId: 'readersOfCasePdf',
      summary: '"Who has read this case" as a PDF in bokmål, for an applicant who asks (innsyn)',
      description:
        'Every person the access log shows reading the case (role, how often, first and last time), then each lookup, oldest first (at most ' +
        `${READERS_PDF_MAX_ROWS}; the PDF says when there are more). That the PDF was made is itself written to the access log (\`case.readers.pdf\`) before it is sent, and it lists itself.`,
      tag: 'Auditors',
      roles: ROUTE_ROLES.accessLog,
      params: caseParams,
      responses: { 200: { description: 'The PDF.', contentType: 'application/pdf' } },
      errors: ['not_found', 'unavailable'],
      handler: async ({ params, res }) => {
        const access = accessOf(res);
        const municipality = await caseInScope(ctx.db, access, params.id);
        const office = ctx.policy.municipalities[municipality];
        if (!office) throw new Error(`municipality ${municipality} is not in the policy`);
        // Logged first: the report is a lookup of the case's readers, and it shows in itself.
        await writeAccessLog(ctx.db, access, caseEntry('case.readers.pdf', params.id, municipality));
        const [rows, found] = await Promise.all([
          ctx
            .db('access_log')
            .where({ case_id: params.id })
            .whereIn('municipality', access.principal.municipalities)
            .orderBy([{ column: 'at' }, { column: 'id' }])
            .limit(READERS_PDF_MAX_ROWS + 1)
            .select('at', 'actor', 'role', 'action') as Promise<AccessRow[]>,
          ctx.db('cases').where({ id: params.id }).first('case_number') as Promise<{ case_number: string | null }>,
        ]);
        const pdf = await renderReadersPdf({
          municipalityName: office.name,
          office: office.office,
          caseId: params.id,
          caseNumber: found.case_number,
          madeBy: access.principal.sub,
          madeAt: new Date(),
          rows: rows.slice(0, READERS_PDF_MAX_ROWS).map((r) => ({ ...r, at: new Date(r.at) })),
          truncated: rows.length > READERS_PDF_MAX_ROWS,
        });
        res
          .status(200)
          .type('application/pdf')
          .setHeader('Content-Disposition', `inline; filename="hvem-har-lest-${params.id}.pdf"`)
          .send(pdf);
      },
    }),
  ];
}
