// "On hold" (satt på vent) in the work queue: `POST /api/cases/:id/hold` `{ "reason": <code> | null }`
// puts the case on hold with a reason code, or takes it off; `GET` shows the reason now and every
// change. A queue property, not a step of the law: no deadline stops, no event, no letter. The
// history is append-only (case_holds), beside the assignment's (case_assignments).
import type { Knex } from 'knex';
import { z } from 'zod';
import { HOLD_REASONS } from '../../domain/case/holdReasons';
import { whenPresent } from '../../domain/steps/fields';
import { caseEntry, writeAccessLog } from '../accessLog';
import { accessOf } from '../auth/guard';
import { ROUTE_ROLES } from '../auth/roles';
import { caseInScope } from '../auth/scope';
import type { ApiContext } from '../context';
import { ApiError } from '../errors';
import { defineRoute, type Route } from '../route';
import { onHoldSchema } from '../schemas/caseList';
import { caseParams } from '../schemas/common';

const REASON_MESSAGE = `Give one of ${HOLD_REASONS.join(', ')}, or null to take the case off hold.`;

export const holdBodySchema = z
  .strictObject(
    {
      reason: z.enum(HOLD_REASONS, { error: REASON_MESSAGE }).nullable().meta({ description: 'Why the case waits (a code, never free text); null takes it off hold.' }),
    },
    { error: whenPresent('Must be an object with reason.') },
  )
  .meta({ id: 'HoldChange' });

const holdChangeSchema = z.object({
  reason: z.enum(HOLD_REASONS).nullable().meta({ description: 'The reason from this change on; null: taken off hold.' }),
  previous: z.enum(HOLD_REASONS).nullable(),
  actor: z.string().meta({ description: 'Who made the change.' }),
  at: z.string().meta({ format: 'date-time' }),
});

export const caseHoldSchema = z
  .object({
    caseId: z.string(),
    onHold: onHoldSchema,
    history: z.array(holdChangeSchema).meta({ description: 'Every change, oldest first.' }),
  })
  .meta({ id: 'CaseHold' });

type HoldAnswer = z.output<typeof caseHoldSchema>;
type Reason = (typeof HOLD_REASONS)[number];

async function answer(db: Knex, caseId: string): Promise<HoldAnswer> {
  const row = (await db('cases').where({ id: caseId }).first('on_hold', 'on_hold_since')) as { on_hold: Reason | null; on_hold_since: Date | null };
  const rows = (await db('case_holds').where({ case_id: caseId }).orderBy('id').select('reason', 'previous', 'actor', 'at')) as Array<{
    reason: Reason | null;
    previous: Reason | null;
    actor: string;
    at: Date;
  }>;
  return {
    caseId,
    onHold: row.on_hold && row.on_hold_since ? { reason: row.on_hold, since: row.on_hold_since.toISOString() } : null,
    history: rows.map((r) => ({ reason: r.reason, previous: r.previous, actor: r.actor, at: r.at.toISOString() })),
  };
}

export function holdRoutes(ctx: ApiContext): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/cases/:id/hold',
      operationId: 'getCaseHold',
      summary: 'Whether the case is on hold, why, and every change',
      tag: 'Cases',
      roles: ROUTE_ROLES.assign,
      params: caseParams,
      responses: { 200: { description: 'The reason now and its history.', schema: caseHoldSchema } },
      errors: ['not_found', 'unavailable'],
      handler: async ({ params, res }) => {
        await caseInScope(ctx.db, accessOf(res), params.id);
        res.json(await answer(ctx.db, params.id));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/cases/:id/hold',
      operationId: 'holdCase',
      summary: 'Put the case on hold with a reason, or take it off hold',
      description:
        'A reason code puts the case on hold (or changes the reason); null takes it off. The work queue shows it (`onHold`) and filters by it (`onHold=true|false`). ' +
        'No legal deadline stops. A closed case cannot be put on hold (409 case_closed). Every change is kept in the history.',
      tag: 'Cases',
      roles: ROUTE_ROLES.assign,
      params: caseParams,
      body: holdBodySchema,
      responses: { 200: { description: 'The reason after the change, and its history.', schema: caseHoldSchema } },
      errors: ['validation_failed', 'not_found', 'case_closed', 'unavailable'],
      handler: async ({ params, body, res }) => {
        const access = accessOf(res);
        const municipality = await caseInScope(ctx.db, access, params.id);
        await ctx.db.transaction(async (trx) => {
          // Locked: two changes at once are both in the history, each with the reason it replaced.
          const row = (await trx('cases').where({ id: params.id }).forUpdate().first('on_hold', 'status', 'view')) as {
            on_hold: Reason | null;
            status: string;
            view: { closedReason?: string | null };
          };
          if (row.status === 'closed' && body.reason !== null) throw new ApiError('case_closed', `The case is closed (${row.view.closedReason ?? 'closed'}); it cannot be put on hold.`);
          if (row.on_hold === body.reason) return;
          await trx('cases')
            .where({ id: params.id })
            .update({ on_hold: body.reason, on_hold_since: body.reason === null ? null : trx.fn.now() });
          await trx('case_holds').insert({ case_id: params.id, reason: body.reason, previous: row.on_hold, actor: access.principal.sub });
        });
        await writeAccessLog(ctx.db, access, caseEntry('case.hold', params.id, municipality));
        res.json(await answer(ctx.db, params.id));
      },
    }),
  ];
}
