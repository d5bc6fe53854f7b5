// What happened to a case, from the system of record: its events and its letters (also as PDF).
import { renderLetterPdf } from '../../letters/pdf';
import { caseEntry, writeAccessLog } from '../accessLog';
import { accessOf } from '../auth/guard';
import { ROUTE_ROLES } from '../auth/roles';
import { caseInScope } from '../auth/scope';
import type { ApiContext } from '../context';
import { ApiError } from '../errors';
import { findLetter, listEvents, listLetters } from '../readModels/caseHistory';
import { defineRoute, type Route } from '../route';
import { caseParams } from '../schemas/common';
import { caseEventListSchema, letterListSchema, letterParams } from '../schemas/history';

export function historyRoutes(ctx: ApiContext): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/cases/:id/events',
      operationId: 'listCaseEvents',
      summary: 'Every step and automatic event, oldest first',
      tag: 'History',
      roles: ROUTE_ROLES.caseHistory,
      params: caseParams,
      responses: { 200: { description: "The case's events.", schema: caseEventListSchema } },
      errors: ['not_found', 'unavailable'],
      handler: async ({ params, res }) => {
        const access = accessOf(res);
        const municipality = await caseInScope(ctx.db, access, params.id);
        const items = await listEvents(ctx.db, params.id);
        await writeAccessLog(ctx.db, access, caseEntry('case.events', params.id, municipality));
        res.json({ items });
      },
    }),

    defineRoute({
      method: 'get',
      path: '/api/cases/:id/letters',
      operationId: 'listCaseLetters',
      summary: 'Every letter and notice, oldest first',
      tag: 'History',
      roles: ROUTE_ROLES.caseHistory,
      params: caseParams,
      responses: { 200: { description: "The case's letters.", schema: letterListSchema } },
      errors: ['not_found', 'unavailable'],
      handler: async ({ params, res }) => {
        const access = accessOf(res);
        const municipality = await caseInScope(ctx.db, access, params.id);
        const items = await listLetters(ctx.db, params.id);
        await writeAccessLog(ctx.db, access, caseEntry('case.letters', params.id, municipality));
        res.json({ items });
      },
    }),

    defineRoute({
      method: 'get',
      path: '/api/cases/:id/letters/:letterId.pdf',
      operationId: 'getCaseLetterPdf',
      summary: 'A letter as a PDF, with the office named',
      tag: 'History',
      roles: ROUTE_ROLES.caseHistory,
      params: letterParams,
      responses: { 200: { description: 'The letter.', contentType: 'application/pdf' } },
      errors: ['not_found', 'unavailable'],
      handler: async ({ params, res }) => {
        const access = accessOf(res);
        await caseInScope(ctx.db, access, params.id);
        const letter = await findLetter(ctx.db, params.id, params.letterId);
        if (!letter) throw new ApiError('not_found', `Case ${params.id} has no letter ${params.letterId}.`);
        const municipality = ctx.policy.municipalities[letter.municipality];
        if (!municipality) throw new Error(`The policy no longer has municipality ${letter.municipality}`);
        const pdf = await renderLetterPdf({
          subject: letter.subject,
          body: letter.body,
          createdAt: letter.createdAt,
          municipalityName: municipality.name,
          office: municipality.office,
        });
        await writeAccessLog(ctx.db, access, caseEntry('case.letter_pdf', params.id, letter.municipality));
        res
          .status(200)
          .type('application/pdf')
          .setHeader('Content-Disposition', `inline; filename="${letter.kind}-${letter.id}.pdf"`)
          .send(pdf);
      },
    }),
  ];
}

