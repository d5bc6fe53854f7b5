// Applications in and cases out: `POST /api/cases`, `GET /api/cases`, `GET /api/cases/:id`.
import { QueryNotRegisteredError, QueryRejectedError, WorkflowNotFoundError } from '@temporalio/client';
import { z } from 'zod';
import type { CaseView } from '../../domain/case/caseTypes';
import { caseEntry, listEntry, writeAccessLog } from '../accessLog';
import { accessOf } from '../auth/guard';
import { ROUTE_ROLES } from '../auth/roles';
import { caseInScope, municipalitiesInScope, requireMunicipality } from '../auth/scope';
import { findCase, mayNeedWorkflow, withStoredFlags } from '../../db/caseStore';
import { workflowInput } from '../../temporal/workflowInput';
import { requestHash, storeCase } from '../caseRegistration';
import type { ApiContext } from '../context';
import { ApiError, toApiError } from '../errors';
import { listCases } from '../readModels/caseList';
import { defineRoute, type Route } from '../route';
import { caseListQuerySchema, casePageSchema, DEFAULT_PAGE_SIZE } from '../schemas/caseList';
import { caseSummary } from '../schemas/caseSummary';
import { caseViewSchema } from '../schemas/caseView';
import { caseParams, idempotencyKeyHeader } from '../schemas/common';
import { NEW_CASE_EXAMPLE, newCaseSchema } from '../schemas/newCase';

/** How long a replayed `POST /api/cases` waits for the workflow's view before answering with the stored one. */
const FIRST_VIEW_WAIT_MS = 2_000;

/**
 * The case view from its workflow (authoritative). When the workflow is gone (a closed case whose
 * history is no longer retained), the last view it stored; when it was never started (Temporal was
 * down when the application came in), it is started now and the stored view answers.
 */
export async function currentView(ctx: ApiContext, id: string): Promise<CaseView> {
  let view: CaseView;
  try {
    view = await ctx.workflows.view(id);
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError || err instanceof QueryNotRegisteredError || err instanceof QueryRejectedError)) throw err;
    const row = await findCase(ctx.db, id);
    if (!row) throw ApiError.caseNotFound(id);
    if (err instanceof WorkflowNotFoundError && mayNeedWorkflow(row)) await ctx.workflows.start(workflowInput(row, ctx.policy));
    view = row.view;
  }
  // The flags kept on the case row beside the workflow's view (an applicant found dead).
  return withStoredFlags(ctx.db, id, view);
}

export function caseRoutes(ctx: ApiContext): Route[] {
  const municipalities = Object.keys(ctx.policy.municipalities);
  return [
    defineRoute({
      method: 'post',
      path: '/api/cases',
      operationId: 'createCase',
      summary: 'Register an application',
      description:
        'Stores the application (personal data stays in PostgreSQL) and starts its case workflow, which sends the acknowledgement letter. ' +
        "With an Idempotency-Key, a retried request answers with the first one's case and starts nothing new; the same key with a different body is refused. " +
        'A 503 after the application was stored (Temporal down) carries its case id in `error.caseId` and `Location`: the case sweep starts its workflow within a minute of Temporal\'s return.',
      tag: 'Cases',
      roles: ROUTE_ROLES.register,
      body: newCaseSchema(municipalities),
      // In a municipality of this policy (the built-in one has namsos; another may not).
      bodyExample: { ...NEW_CASE_EXAMPLE, municipality: municipalities.includes(NEW_CASE_EXAMPLE.municipality) ? NEW_CASE_EXAMPLE.municipality : municipalities[0]! },
      headers: [{ name: 'Idempotency-Key', schema: idempotencyKeyHeader }],
      responses: {
        201: {
          description: 'The case, as registered.',
          schema: caseViewSchema,
          headers: { Location: { description: 'The case: /api/cases/{id}', schema: z.string() } },
        },
      },
      errors: ['validation_failed', 'payload_too_large', 'unavailable'],
      handler: async ({ body, headers, req, res }) => {
        const access = accessOf(res);
        requireMunicipality(access, body.municipality, 'municipality');
        const key = headers['Idempotency-Key'];
        const { row, replayed } = await storeCase(ctx.db, ctx.policy, body, key ? { key, hash: requestHash(req.body) } : undefined);
        ctx.metrics.registered(row.municipality, replayed);
        // Answered once the row is committed and Temporal has the workflow's start: nothing is lost after that.
        try {
          await ctx.workflows.start(workflowInput(row, ctx.policy, access.principal.sub));
        } catch (err) {
          const refusal = toApiError(err);
          if (refusal.code !== 'unavailable') throw err;
          // The application is stored (it has been received): say where it is, so the client follows it
          // instead of sending it again. The case sweep starts its workflow once Temporal is back.
          res.location(`/api/cases/${row.id}`);
          throw new ApiError(
            'unavailable',
            `${refusal.message} The application is stored as case ${row.id}; its case starts on its own when Temporal is back. Follow it at /api/cases/${row.id} rather than sending it again.`,
            undefined,
            err,
            row.id,
          );
        }
        // A new case's workflow starts from exactly the stored view, so asking it would only wait for a
        // worker's first task (seconds under load). A replayed key may name a case that has moved on: ask.
        let view: CaseView = row.view;
        // A back-dated application (a paper form stamped weeks ago) whose contact or provisional-reply
        // deadline has already run out is flagged by the workflow's first task: ask it, so the answer says so.
        const dueAtOnce = [row.view.deadlines.contactBy, row.view.deadlines.provisionalReplyBy].some((d) => d !== null && Date.parse(d) <= Date.now());
        if (replayed || dueAtOnce) {
          try {
            view = await ctx.workflows.view(row.id, FIRST_VIEW_WAIT_MS);
          } catch {
            // The workflow is started; it has just not answered yet. The stored view is what it starts from.
          }
        }
        await writeAccessLog(ctx.db, access, caseEntry('case.register', row.id, row.municipality));
        res.status(201).location(`/api/cases/${row.id}`).json(view);
      },
    }),

    defineRoute({
      method: 'get',
      path: '/api/cases',
      operationId: 'listCases',
      summary: 'A page of cases, newest first (or in deadline order: the work queue)',
      description:
        "Without a municipality filter, the token's own municipalities. A caseworker lists their own municipalities' cases too (the work queue). Each item is the case without its free text " +
        '(justifications, appeal text, visit notes): GET /api/cases/{id} shows those, and writes its own access-log row.',
      tag: 'Cases',
      roles: ROUTE_ROLES.listCases,
      query: caseListQuerySchema(municipalities),
      responses: { 200: { description: 'One page; follow nextCursor for the next.', schema: casePageSchema } },
      errors: ['validation_failed', 'unavailable'],
      handler: async ({ query, res }) => {
        const access = accessOf(res);
        const within = municipalitiesInScope(access, query.municipality);
        const { assignee, ...rest } = query;
        const whose = assignee === undefined ? undefined : assignee === 'none' ? { none: true as const } : { sub: assignee === 'me' ? access.principal.sub : assignee };
        const page = await listCases(ctx.db, { ...rest, ...(whose ? { assignee: whose } : {}), municipalities: within, limit: query.limit ?? DEFAULT_PAGE_SIZE });
        await writeAccessLog(ctx.db, access, listEntry('cases.list', within));
        res.json({ items: page.items.map((i) => ({ ...caseSummary(i.view), assignee: i.assignee, nextDeadline: i.nextDeadline, onHold: i.onHold })), nextCursor: page.nextCursor });
      },
    }),

    defineRoute({
      method: 'get',
      path: '/api/cases/:id',
      operationId: 'getCase',
      summary: 'The case as it stands',
      description: "From the case's workflow (authoritative); for a case whose workflow history is no longer kept, the last view it recorded.",
      tag: 'Cases',
      roles: ROUTE_ROLES.viewCase,
      params: caseParams,
      responses: { 200: { description: 'The case.', schema: caseViewSchema } },
      errors: ['not_found', 'unavailable'],
      handler: async ({ params, res }) => {
        const access = accessOf(res);
        // The stored case's municipality first: a case outside the token's is answered as if it did not
        // exist, before its workflow is asked anything (no answer, and no time, tells it apart).
        const municipality = await caseInScope(ctx.db, access, params.id);
        const view = await currentView(ctx, params.id);
        await writeAccessLog(ctx.db, access, caseEntry('case.view', params.id, municipality));
        res.json(view);
      },
    }),
  ];
}
