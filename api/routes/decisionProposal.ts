// A co-signer before a decision (to-trinnskontroll): where the municipality's policy says
// `coSignDecisions`, one caseworker proposes a decision (`POST /api/cases/:id/decision/proposal`)
// and another approves it (`…/proposal/approve`), which sends it; the proposer cannot approve their
// own. Either may return it (`…/proposal/return`). The plain decision step is then refused (403).
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { z } from 'zod';
import * as m from '../../workflows/messages';
import { caseEntry, writeAccessLog } from '../accessLog';
import { accessOf } from '../auth/guard';
import { ROUTE_ROLES } from '../auth/roles';
import { caseInScope } from '../auth/scope';
import type { ApiContext } from '../context';
import { ApiError } from '../errors';
import { defineRoute, type Route } from '../route';
import { caseViewSchema } from '../schemas/caseView';
import { caseParams } from '../schemas/common';
import { decisionInputSchema } from '../schemas/steps';
import { decisionAsItWouldBe } from './decisionPreview';
import { sendStep } from './steps';

const STATES = ['pending', 'approved', 'returned'] as const;

const proposalSchema = z
  .object({
    id: z.string(),
    state: z.enum(STATES).meta({ description: 'pending: waits for a co-signer; approved: the decision was sent; returned: not sent.' }),
    decision: z.record(z.string(), z.unknown()).meta({ description: 'The body of POST /api/cases/{id}/decision, as proposed.' }),
    proposedBy: z.string(),
    proposedAt: z.string().meta({ format: 'date-time' }),
    settledBy: z.string().nullable().meta({ description: 'Who approved or returned it.' }),
    settledAt: z.string().nullable().meta({ format: 'date-time' }),
  })
  .meta({ id: 'DecisionProposal' });

export const decisionProposalsSchema = z
  .object({
    coSignRequired: z.boolean().meta({ description: "Whether the case's municipality needs a second caseworker's approval of a decision (the policy's coSignDecisions)." }),
    pending: proposalSchema.nullable().meta({ description: 'The proposal waiting for a co-signer; null when none waits.' }),
    history: z.array(proposalSchema).meta({ description: 'Every proposal of the case, oldest first.' }),
  })
  .meta({ id: 'DecisionProposals' });

const proposalRefSchema = z
  .strictObject({ proposalId: z.uuid({ error: 'Give the id of the proposal (GET /api/cases/{id}/decision/proposal: pending.id).' }) })
  .meta({ id: 'DecisionProposalRef' });

type Proposal = z.output<typeof proposalSchema>;
interface Row {
  id: string;
  state: Proposal['state'];
  decision: Record<string, unknown>;
  proposed_by: string;
  proposed_at: Date;
  settled_by: string | null;
  settled_at: Date | null;
}

function proposal(r: Row): Proposal {
  return {
    id: r.id,
    state: r.state,
    decision: r.decision,
    proposedBy: r.proposed_by,
    proposedAt: r.proposed_at.toISOString(),
    settledBy: r.settled_by,
    settledAt: r.settled_at ? r.settled_at.toISOString() : null,
  };
}

/** Whether the municipality's decisions need a co-signer. */
export function coSignRequired(ctx: ApiContext, municipality: string): boolean {
  return ctx.policy.municipalities[municipality]?.coSignDecisions === true;
}

async function answer(ctx: ApiContext, caseId: string, municipality: string): Promise<z.output<typeof decisionProposalsSchema>> {
  const rows = ((await ctx.db('decision_proposals').where({ case_id: caseId }).orderBy('proposed_at').select('*')) as Row[]).map(proposal);
  return { coSignRequired: coSignRequired(ctx, municipality), pending: rows.find((p) => p.state === 'pending') ?? null, history: rows };
}

/** The proposal, locked; 404 when the case has no such proposal, 409 when it no longer waits (someone acted first). */
async function lockedPending(trx: Knex.Transaction, caseId: string, proposalId: string): Promise<Row> {
  const row = (await trx('decision_proposals').where({ id: proposalId, case_id: caseId }).forUpdate().first('*')) as Row | undefined;
  if (!row) throw new ApiError('not_found', `The case has no decision proposal ${proposalId}.`);
  if (row.state !== 'pending') {
    throw new ApiError('invalid_transition', `The proposal was already ${row.state} by ${row.settled_by ?? 'someone'} at ${row.settled_at?.toISOString() ?? 'an earlier time'}.`);
  }
  return row;
}

export function decisionProposalRoutes(ctx: ApiContext): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/cases/:id/decision/proposal',
      operationId: 'getDecisionProposals',
      summary: 'The decision waiting for a co-signer, and every proposal of the case',
      tag: 'Steps',
      roles: ROUTE_ROLES.step,
      params: caseParams,
      responses: { 200: { description: 'Whether a co-signer is needed, the waiting proposal and the history.', schema: decisionProposalsSchema } },
      errors: ['not_found', 'unavailable'],
      handler: async ({ params, res }) => {
        const access = accessOf(res);
        const municipality = await caseInScope(ctx.db, access, params.id);
        const body = await answer(ctx, params.id, municipality);
        // A proposal holds the decision's justification: reading one is logged (an empty answer reads nothing of the case).
        if (body.history.length > 0) await writeAccessLog(ctx.db, access, caseEntry('case.decision.proposal.read', params.id, municipality));
        res.json(body);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/cases/:id/decision/proposal',
      operationId: 'proposeDecision',
      summary: "Propose a decision for a second caseworker's approval (to-trinnskontroll)",
      description:
        'Takes the body of POST /api/cases/{id}/decision and refuses what that step would refuse now (400, 409), but sends nothing: the decision waits until another caseworker approves it. ' +
        'One proposal waits at a time (409 invalid_transition while another waits).',
      tag: 'Steps',
      roles: ROUTE_ROLES.step,
      params: caseParams,
      body: decisionInputSchema,
      responses: { 201: { description: 'The proposal waits for a co-signer.', schema: decisionProposalsSchema } },
      errors: ['validation_failed', 'not_found', 'invalid_transition', 'case_closed', 'unavailable'],
      handler: async ({ params, body, res }) => {
        // The case decides the step as it would now (a query: nothing applied).
        const { access, municipality } = await decisionAsItWouldBe(ctx, res, params.id, body);
        try {
          await ctx.db('decision_proposals').insert({ id: randomUUID(), case_id: params.id, decision: JSON.stringify(body), proposed_by: access.principal.sub });
        } catch (err) {
          if ((err as { code?: string }).code !== '23505') throw err;
          const waiting = (await ctx.db('decision_proposals').where({ case_id: params.id, state: 'pending' }).first('proposed_by')) as { proposed_by: string } | undefined;
          throw new ApiError('invalid_transition', `A decision proposed by ${waiting?.proposed_by ?? 'another caseworker'} waits for a co-signer: approve or return it first.`);
        }
        await writeAccessLog(ctx.db, access, caseEntry('case.decision.proposal', params.id, municipality));
        res.status(201).json(await answer(ctx, params.id, municipality));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/cases/:id/decision/proposal/approve',
      operationId: 'approveDecisionProposal',
      summary: 'Approve the proposed decision as its co-signer: the decision is made and its letter sent',
      description:
        "Another caseworker than the proposer (403 forbidden for the proposer's own). 409 invalid_transition when the proposal no longer waits (someone approved or returned it first), " +
        'or when the case no longer allows the decision (the proposal then still waits, to be returned). The approver is the decision\'s actor. Answers with the case after the decision.',
      tag: 'Steps',
      roles: ROUTE_ROLES.step,
      params: caseParams,
      body: proposalRefSchema,
      responses: { 200: { description: 'The case after the decision.', schema: caseViewSchema } },
      errors: ['validation_failed', 'forbidden', 'not_found', 'invalid_transition', 'case_closed', 'unavailable'],
      handler: async ({ params, body, res }) => {
        const access = accessOf(res);
        const municipality = await caseInScope(ctx.db, access, params.id);
        const me = access.principal.sub;
        // The row stays locked while the decision is sent: a second co-signer waits, then finds it approved (409).
        // If the case refuses the decision, nothing is marked: the transaction rolls back.
        const view = await ctx.db.transaction(async (trx) => {
          const row = await lockedPending(trx, params.id, body.proposalId);
          if (row.proposed_by === me) throw new ApiError('forbidden', 'You proposed this decision: another caseworker must approve it (to-trinnskontroll).');
          // Keyed by the proposal: a retry after a lost answer makes the decision once.
          const key = ctx.stepKeyHash(`decision-proposal:${row.id}`);
          const decided = await sendStep<m.DecisionStepInput>(ctx, { step: 'decision', update: m.decisionUpdate }, params.id, row.decision as Omit<m.DecisionStepInput, 'actor' | 'idempotencyKey'>, me, key);
          await trx('decision_proposals').where({ id: row.id }).update({ state: 'approved', settled_by: me, settled_at: trx.fn.now() });
          return decided;
        });
        await writeAccessLog(ctx.db, access, caseEntry('case.step.decision', params.id, municipality));
        res.json(view);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/cases/:id/decision/proposal/return',
      operationId: 'returnDecisionProposal',
      summary: 'Return the proposed decision unsent (the proposer withdraws it, or the co-signer sends it back)',
      description: '409 invalid_transition when the proposal no longer waits (someone approved or returned it first).',
      tag: 'Steps',
      roles: ROUTE_ROLES.step,
      params: caseParams,
      body: proposalRefSchema,
      responses: { 200: { description: 'The proposals after the change.', schema: decisionProposalsSchema } },
      errors: ['validation_failed', 'not_found', 'invalid_transition', 'unavailable'],
      handler: async ({ params, body, res }) => {
        const access = accessOf(res);
        const municipality = await caseInScope(ctx.db, access, params.id);
        await ctx.db.transaction(async (trx) => {
          const row = await lockedPending(trx, params.id, body.proposalId);
          await trx('decision_proposals').where({ id: row.id }).update({ state: 'returned', settled_by: access.principal.sub, settled_at: trx.fn.now() });
        });
        await writeAccessLog(ctx.db, access, caseEntry('case.decision.proposal.return', params.id, municipality));
        res.json(await answer(ctx, params.id, municipality));
      },
    }),
  ];
}
