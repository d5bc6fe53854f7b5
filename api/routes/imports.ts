// The office's open cases brought over from its old system, one case a request: `POST /api/imports/cases`.
// The CLI (`npm run import`) is its client; nobody gets round the API, so an import is checked,
// authorised, rate-limited and access-logged like any registration.
import { z } from 'zod';
import { caseEntry, writeAccessLog } from '../accessLog';
import { accessOf } from '../auth/guard';
import { ROUTE_ROLES } from '../auth/roles';
import { requireMunicipality } from '../auth/scope';
import { mayNeedWorkflow } from '../../db/caseStore';
import { workflowInput } from '../../temporal/workflowInput';
import { checkImport, findImported, storeImportedCase } from '../caseImport';
import type { ApiContext } from '../context';
import { ApiError, toApiError } from '../errors';
import { defineRoute, type Route } from '../route';
import { caseImportSchema } from '../schemas/caseImport';
import { queryParam } from '../schemas/common';
import { caseStatusSchema } from '../schemas/caseView';
import { whenPresent } from '../../domain/steps/fields';

const importResultSchema = z
  .object({
    sourceId: z.string(),
    status: caseStatusSchema.meta({ description: 'Where the case stands once imported (before any deadline already past falls due).' }),
    created: z.boolean().meta({ description: 'false: an earlier run imported this sourceId already; nothing was added.' }),
    dryRun: z.boolean(),
    caseId: z.string().meta({ format: 'uuid' }).nullable().meta({ description: 'The case here; null on a dry run of a case not yet imported.' }),
    caseNumber: z.string().nullable(),
  })
  .meta({ id: 'CaseImportResult' });

export function importRoutes(ctx: ApiContext): Route[] {
  const municipalities = Object.keys(ctx.policy.municipalities);
  return [
    defineRoute({
      method: 'post',
      path: '/api/imports/cases',
      operationId: 'importCase',
      summary: "Bring one open case over from the office's old system",
      description:
        'One line of the import format (docs/import.md, import/caseImport.schema.json). The steps already taken are checked against the rules at their dates; ' +
        "the case is stored with a new case number (the old one kept and quoted in letters) and its workflow starts where the case stands: deadlines already past fall due at once, and no letter goes out for a step taken before. " +
        'Once per sourceId in the municipality: a second request answers 200 with the first one\'s case and adds nothing. `dryRun=true` checks and starts nothing.',
      tag: 'Import',
      roles: ROUTE_ROLES.importCase,
      query: z.object({
        dryRun: queryParam(z.enum(['true', 'false'], { error: whenPresent('Must be true or false.') }).transform((value) => value === 'true')).meta({
          description: 'true: check the case (and whether it is already imported) and start nothing.',
        }),
      }),
      body: caseImportSchema(municipalities),
      responses: {
        200: { description: 'Already imported (nothing added), or a dry run.', schema: importResultSchema },
        201: {
          description: 'Imported: the case is stored and its workflow started.',
          schema: importResultSchema,
          headers: { Location: { description: 'The case: /api/cases/{id}', schema: z.string() } },
        },
      },
      errors: ['validation_failed', 'payload_too_large', 'unavailable'],
      handler: async ({ body, query, res }) => {
        const access = accessOf(res);
        requireMunicipality(access, body.municipality, 'municipality');
        const checked = checkImport(ctx.policy, body, access.principal.sub);
        if (!checked.ok) throw ApiError.validation(checked.problems, `The case cannot be brought over as recorded: ${[...new Set(checked.problems.map((p) => p.field))].join(', ')}. See details.`);
        const status = checked.state.status;
        if (query.dryRun) {
          const existing = await findImported(ctx.db, body.municipality, body.sourceId);
          if (existing) await writeAccessLog(ctx.db, access, caseEntry('case.import', existing.id, existing.municipality));
          res.json({ sourceId: body.sourceId, status: existing?.view.status ?? status, created: false, dryRun: true, caseId: existing?.id ?? null, caseNumber: existing?.case_number ?? null });
          return;
        }
        const { row, created } = await storeImportedCase(ctx.db, body, checked);
        // A first run that stored the case but could not start it (Temporal down): this run starts it.
        if (created || mayNeedWorkflow(row)) {
          try {
            await ctx.workflows.start(workflowInput(row, ctx.policy, access.principal.sub));
          } catch (err) {
            const refusal = toApiError(err);
            if (refusal.code !== 'unavailable') throw err;
            res.location(`/api/cases/${row.id}`);
            throw new ApiError('unavailable', `${refusal.message} The case is stored as ${row.id}; its workflow starts on its own when Temporal is back. Running the import again adds nothing.`, undefined, err, row.id);
          }
        }
        await writeAccessLog(ctx.db, access, caseEntry('case.import', row.id, row.municipality));
        res
          .status(created ? 201 : 200)
          .location(`/api/cases/${row.id}`)
          .json({ sourceId: body.sourceId, status: row.view.status, created, dryRun: false, caseId: row.id, caseNumber: row.case_number });
      },
    }),
  ];
}
