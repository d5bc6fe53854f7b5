// Who works on a case (saksbehandler): `POST /api/cases/:id/assignee` takes, releases or (a manager)
// reassigns it; `GET` shows who has it and every change. The history is append-only (case_assignments).
import type { Knex } from 'knex';
import { z } from 'zod';
import { caseEntry, writeAccessLog } from '../accessLog';
import { accessOf } from '../auth/guard';
import { ROUTE_ROLES, type Access } from '../auth/roles';
import { caseInScope } from '../auth/scope';
import type { ApiContext } from '../context';
import { ApiError } from '../errors';
import { defineRoute, type Route } from '../route';
import { caseParams } from '../schemas/common';

const SUB = /^[\x21-\x7e]{1,200}$/;

export const assigneeBodySchema = z
  .object({
    sub: z
      .string({ error: "Give the person's sub (their token's sub), or null to release the case." })
      .regex(SUB, { error: "A person's sub: 1-200 visible characters, as their token carries it." })
      .nullable(),
  })
  .meta({ id: 'AssigneeChange', description: '`sub`: who takes the case; null releases it. A caseworker may take an untaken case or release their own; a manager may assign to anyone.' });

const assignmentSchema = z.object({
  assignee: z.string().nullable(),
  previous: z.string().nullable(),
  actor: z.string().meta({ description: 'Who made the change.' }),
  at: z.string().meta({ format: 'date-time' }),
});

export const assigneeSchema = z
  .object({
    caseId: z.string(),
    assignee: z.string().nullable().meta({ description: 'Who works on the case now; null when nobody does.' }),
    history: z.array(assignmentSchema).meta({ description: 'Every change, oldest first.' }),
  })
  .meta({ id: 'CaseAssignee' });

type AssigneeAnswer = z.output<typeof assigneeSchema>;

async function answer(db: Knex, caseId: string, assignee: string | null): Promise<AssigneeAnswer> {
  const rows = (await db('case_assignments').where({ case_id: caseId }).orderBy('id').select('assignee', 'previous', 'actor', 'at')) as Array<{
    assignee: string | null;
    previous: string | null;
    actor: string;
    at: Date;
  }>;
  return { caseId, assignee, history: rows.map((r) => ({ assignee: r.assignee, previous: r.previous, actor: r.actor, at: r.at.toISOString() })) };
}

/** Whether this change is the caller's to make; the reason it is not. */
function refusal(access: Access, current: string | null, wanted: string | null): ApiError | null {
  if (access.principal.roles.includes('manager')) return null;
  const me = access.principal.sub;
  if (wanted !== null && wanted !== me) return new ApiError('forbidden', 'A caseworker may take a case for themself only; a manager assigns it to others.');
  if (current !== null && current !== me) {
    // Someone else was first: shown as such, not as a fault (the page says who has it).
    return new ApiError('invalid_transition', `The case is already taken by ${current}; a manager can reassign it.`);
  }
  return null;
}

export function assignmentRoutes(ctx: ApiContext): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/cases/:id/assignee',
      operationId: 'getCaseAssignee',
      summary: 'Who works on the case, and every change',
      tag: 'Cases',
      roles: ROUTE_ROLES.assign,
      params: caseParams,
      responses: { 200: { description: 'The assignee and its history.', schema: assigneeSchema } },
      errors: ['not_found', 'unavailable'],
      handler: async ({ params, res }) => {
        const access = accessOf(res);
        await caseInScope(ctx.db, access, params.id);
        const row = (await ctx.db('cases').where({ id: params.id }).first('assignee')) as { assignee: string | null };
        res.json(await answer(ctx.db, params.id, row.assignee));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/cases/:id/assignee',
      operationId: 'assignCase',
      summary: 'Take, release or reassign the case',
      description:
        'A caseworker takes a case nobody has (`sub`: their own) or releases their own (`null`); a case another caseworker took first is 409 invalid_transition. ' +
        'A manager assigns to anyone, or releases. Every change is kept in the history.',
      tag: 'Cases',
      roles: ROUTE_ROLES.assign,
      params: caseParams,
      body: assigneeBodySchema,
      responses: { 200: { description: 'The assignee after the change, and its history.', schema: assigneeSchema } },
      errors: ['validation_failed', 'forbidden', 'not_found', 'invalid_transition', 'case_closed', 'unavailable'],
      handler: async ({ params, body, res }) => {
        const access = accessOf(res);
        const municipality = await caseInScope(ctx.db, access, params.id);
        const assignee = await ctx.db.transaction(async (trx) => {
          // Locked: of two caseworkers taking the same case at once, the second sees the first's.
          const row = (await trx('cases').where({ id: params.id }).forUpdate().first('assignee', 'status', 'view')) as {
            assignee: string | null;
            status: string;
            view: { closedReason?: string | null };
          };
          if (row.status === 'closed' && body.sub !== null) throw new ApiError('case_closed', `The case is closed (${row.view.closedReason ?? 'closed'}); it cannot be taken.`);
          const refused = refusal(access, row.assignee, body.sub);
          if (refused) throw refused;
          if (row.assignee === body.sub) return row.assignee;
          await trx('cases').where({ id: params.id }).update({ assignee: body.sub });
          await trx('case_assignments').insert({ case_id: params.id, assignee: body.sub, previous: row.assignee, actor: access.principal.sub });
          return body.sub;
        });
        await writeAccessLog(ctx.db, access, caseEntry('case.assignee', params.id, municipality));
        res.json(await answer(ctx.db, params.id, assignee));
      },
    }),
  ];
}
