// `POST /api/cases/:id/decision/preview`: the letter a decision would send, before it is sent. The
// case's workflow decides the step exactly as it would (a query: nothing applied, nothing in its
// history); the letter is rendered from that view with the same templates as the real one.
import type { Response } from 'express';
import { z } from 'zod';
import { renderLetter } from '../../letters/render';
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

export const decisionPreviewSchema = z
  .object({
    subject: z.string(),
    body: z.string().meta({ description: 'The decision letter as it would be sent now.' }),
    view: caseViewSchema.meta({ description: 'The case as the decision would leave it.' }),
  })
  .meta({ id: 'DecisionPreview' });

/**
 * The decision as the case would decide it now (a workflow query: nothing applied), for the case in
 * the caller's scope; refused (400, 409) as the decision step itself would refuse it.
 */
export async function decisionAsItWouldBe(ctx: ApiContext, res: Response, caseId: string, body: z.infer<typeof decisionInputSchema>) {
  const access = accessOf(res);
  const municipality = await caseInScope(ctx.db, access, caseId);
  const previewed = await ctx.workflows.previewDecision(caseId, { ...body, actor: access.principal.sub });
  if (!previewed.ok) throw new ApiError(previewed.code, previewed.message, previewed.problems);
  return { access, municipality, view: previewed.view };
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

export function decisionPreviewRoutes(ctx: ApiContext): Route[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/cases/:id/decision/preview',
      operationId: 'previewDecision',
      summary: 'The letter a decision would send, before it is sent (applies nothing)',
      description: 'Takes the body of POST /api/cases/{id}/decision and answers as that step would (400, 409), but changes nothing. Writes an access-log row.',
      tag: 'Steps',
      roles: ROUTE_ROLES.decisionPreview,
      params: caseParams,
      body: decisionInputSchema,
      responses: { 200: { description: 'The letter and the case as the decision would leave it.', schema: decisionPreviewSchema } },
      errors: ['validation_failed', 'not_found', 'invalid_transition', 'case_closed', 'unavailable'],
      handler: async ({ params, body, res }) => {
        const { access, municipality, view } = await decisionAsItWouldBe(ctx, res, params.id, body);
        const row = (await ctx.db('cases').where({ id: params.id }).first('applicant')) as { applicant: Record<string, unknown> };
        const office = ctx.policy.municipalities[municipality];
        if (!office) throw new Error(`municipality ${municipality} is not in the policy`);
        const name = text(row.applicant.name) ?? '';
        const address = text(row.applicant.address);
        // The letter's addressee only: never the national id (as the real letter).
        const letter = renderLetter({ kind: 'decision', view, municipality: office, applicant: { name, ...(address ? { address } : {}) }, details: {} });
        await writeAccessLog(ctx.db, access, caseEntry('case.decision.preview', params.id, municipality));
        res.json({ ...letter, view });
      },
    }),
  ];
}
