// The applicant's representative: `POST /api/cases/:id/representative` registers a guardian,
// authorised representative or relative (one at a time; a new one replaces the last), and
// `DELETE /api/cases/:id/representative` ends the representation. The name and contact details go to
// PostgreSQL first; the case's workflow is told only the row's id and the role, and decides who
// gets the letters from then on (domain/people/representative.ts). A step the case refuses leaves
// nothing: the row it never took is removed again.
import { createHash, randomUUID } from 'node:crypto';
import { representativeSchema } from '../../domain/steps/representative';
import { dropRepresentative, storeRepresentative } from '../../db/representativeStore';
import * as m from '../../workflows/messages';
import { caseEntry, writeAccessLog } from '../accessLog';
import { accessOf } from '../auth/guard';
import { ROUTE_ROLES } from '../auth/roles';
import { caseInScope } from '../auth/scope';
import type { ApiContext } from '../context';
import { toApiError } from '../errors';
import { defineRoute, type Route } from '../route';
import { caseViewSchema } from '../schemas/caseView';
import { caseParams, idempotencyKeyHeader } from '../schemas/common';
import { sendStep } from './steps';

/** A retried request with the same Idempotency-Key names the same row: the case takes it once, and no second row is stored. */
function representativeId(caseId: string, key: string | undefined): string {
  if (!key) return randomUUID();
  const hex = createHash('sha256').update(`representative/${caseId}/${key}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}

/** The case refused the step (the body, its status, or no representative to end): it never took the row. */
function refused(err: unknown): boolean {
  const { code } = toApiError(err);
  return code === 'validation_failed' || code === 'invalid_transition' || code === 'case_closed' || code === 'no_representative' || code === 'not_found';
}

export function representativeRoutes(ctx: ApiContext): Route[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/cases/:id/representative',
      operationId: 'registerRepresentative',
      summary: 'A guardian (verge), authorised representative (fullmektig) or relative acts for the applicant from now on',
      description:
        'A guardian or authorised representative gets every letter from now on, addressed to them on the applicant\'s behalf, and the SMS and e-mail notices at their own phone and e-mail; ' +
        'the applicant gets a copy of each unless `copyToApplicant` is false. A relative is recorded and gets no letters. A new representative replaces the last. ' +
        'Needs an address, a phone number or an e-mail address. The name and contact details are kept in PostgreSQL only; the case view shows the role. Answers with the case after the step.',
      tag: 'Steps',
      roles: ROUTE_ROLES.step,
      params: caseParams,
      body: representativeSchema,
      headers: [{ name: 'Idempotency-Key', schema: idempotencyKeyHeader }],
      responses: { 200: { description: 'The case after the step.', schema: caseViewSchema } },
      errors: ['validation_failed', 'not_found', 'invalid_transition', 'case_closed', 'payload_too_large', 'unavailable'],
      handler: async ({ params, body, headers, res }) => {
        const access = accessOf(res);
        const municipality = await caseInScope(ctx.db, access, params.id);
        const given = headers['Idempotency-Key'];
        const key = given === undefined ? undefined : ctx.stepKeyHash(given);
        const id = representativeId(params.id, key);
        await storeRepresentative(ctx.db, {
          id,
          caseId: params.id,
          role: body.role,
          name: body.name,
          ...(body.address ? { address: body.address } : {}),
          ...(body.phone ? { phone: body.phone } : {}),
          ...(body.email ? { email: body.email } : {}),
        });
        let view;
        try {
          view = await sendStep<m.RepresentativeStepInput>(
            ctx,
            { step: 'representative', update: m.representativeUpdate },
            params.id,
            { representativeId: id, role: body.role, ...(body.copyToApplicant !== undefined ? { copyToApplicant: body.copyToApplicant } : {}) },
            access.principal.sub,
            key,
          );
        } catch (err) {
          // Only a refusal: after a timeout the case may have taken the row, and its letters need it.
          if (refused(err)) await dropRepresentative(ctx.db, params.id, id);
          throw err;
        }
        await writeAccessLog(ctx.db, access, caseEntry('case.step.representative', params.id, municipality));
        res.json(view);
      },
    }),

    defineRoute({
      method: 'delete',
      path: '/api/cases/:id/representative',
      operationId: 'endRepresentative',
      summary: "The representative's mandate ends: letters go to the applicant again",
      description: 'Answers with the case after the step; 409 no_representative when the case has none. The stored row is kept: the letters sent to the representative name them.',
      tag: 'Steps',
      roles: ROUTE_ROLES.step,
      params: caseParams,
      headers: [{ name: 'Idempotency-Key', schema: idempotencyKeyHeader }],
      responses: { 200: { description: 'The case after the step.', schema: caseViewSchema } },
      errors: ['not_found', 'invalid_transition', 'case_closed', 'no_representative', 'unavailable'],
      handler: async ({ params, headers, res }) => {
        const access = accessOf(res);
        const municipality = await caseInScope(ctx.db, access, params.id);
        const given = headers['Idempotency-Key'];
        const key = given === undefined ? undefined : ctx.stepKeyHash(given);
        const view = await sendStep<m.RepresentativeEndStepInput>(ctx, { step: 'representative/end', update: m.representativeEndUpdate }, params.id, {}, access.principal.sub, key);
        await writeAccessLog(ctx.db, access, caseEntry('case.step.representative/end', params.id, municipality));
        res.json(view);
      },
    }),
  ];
}
