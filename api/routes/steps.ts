// The caseworker's steps: `POST /api/cases/:id/<step>` → the workflow Update of the same name.
// The body is checked here first; the workflow's validator then refuses a step the status does not allow
// (409), and a refused step leaves nothing behind.
import { WorkflowNotFoundError } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { z } from 'zod';
import type { CaseStep } from '../../domain/case/caseRules';
import { allowedSteps, stepRefusal } from '../../domain/decider';
import { caseClosedMessage } from '../../domain/case/refusals';
import type { CaseView } from '../../domain/case/caseTypes';
import * as m from '../../workflows/messages';
import { caseEntry, writeAccessLog } from '../accessLog';
import { accessOf } from '../auth/guard';
import { ROUTE_ROLES } from '../auth/roles';
import { caseInScope } from '../auth/scope';
import { findCase, mayNeedWorkflow, withStoredFlags } from '../../db/caseStore';
import { workflowInput } from '../../temporal/workflowInput';
import type { ApiContext } from '../context';
import { ApiError, toApiError } from '../errors';
import { defineRoute, type Route } from '../route';
import { caseViewSchema } from '../schemas/caseView';
import { caseParams, idempotencyKeyHeader } from '../schemas/common';
import * as s from '../schemas/steps';
import { currentView } from './cases';
import { advanceNoticeStepSchema } from '../../domain/steps/advanceNotice';
import { deferralStepSchema } from '../../domain/steps/deferral';
import { placeOfferedStepSchema } from '../../domain/steps/waitingList';

interface StepSpec<I extends m.StepActor> {
  step: CaseStep;
  update: UpdateDefinition<CaseView, [I]>;
  /** Its output must be what the Update takes, less what the API sets itself (the actor, the token's `sub`, and the Idempotency-Key). */
  body: z.ZodType<Omit<I, 'actor' | 'idempotencyKey'>>;
  summary: string;
  operationId: string;
}

function stepSpec<I extends m.StepActor>(spec: StepSpec<I>): StepSpec<I> {
  return spec;
}

const STEPS = [
  stepSpec({ step: 'contact', update: m.contactUpdate, body: s.contactStepSchema, operationId: 'contactApplicant', summary: 'The office has been in touch with the applicant' }),
  stepSpec({ step: 'home-visit', update: m.homeVisitUpdate, body: s.homeVisitStepSchema, operationId: 'scheduleHomeVisit', summary: 'Book or move the home visit' }),
  stepSpec({ step: 'home-visit/complete', update: m.homeVisitCompleteUpdate, body: s.homeVisitCompleteStepSchema, operationId: 'completeHomeVisit', summary: 'The home visit took place' }),
  stepSpec({ step: 'home-visit/cancel', update: m.homeVisitCancelUpdate, body: s.homeVisitCancelStepSchema, operationId: 'cancelHomeVisit', summary: 'Cancel the booked home visit' }),
  stepSpec({ step: 'provisional-reply', update: m.provisionalReplyUpdate, body: s.provisionalReplyStepSchema, operationId: 'sendProvisionalReply', summary: 'Send a provisional reply (foreløpig svar) now' }),
  stepSpec({ step: 'decision', update: m.decisionUpdate, body: s.decisionInputSchema, operationId: 'issueDecision', summary: 'Issue a decision (vedtak)' }),
  stepSpec({ step: 'appeal', update: m.appealUpdate, body: s.appealStepSchema, operationId: 'registerAppeal', summary: 'Register an appeal (klage) against the decision' }),
  stepSpec({ step: 'reconsideration', update: m.reconsiderationUpdate, body: s.reconsiderationStepSchema, operationId: 'reconsiderDecision', summary: "The office's reconsideration of its decision on appeal" }),
  stepSpec({ step: 'appeal-body-decision', update: m.appealBodyDecisionUpdate, body: s.appealBodyDecisionStepSchema, operationId: 'recordAppealBodyDecision', summary: "Record the appeal body's ruling" }),
  stepSpec({ step: 're-evaluation', update: m.reEvaluationUpdate, body: s.reEvaluationStepSchema, operationId: 'reEvaluate', summary: 'Record the periodic re-evaluation' }),
  stepSpec({ step: 'withdraw', update: m.withdrawUpdate, body: s.withdrawStepSchema, operationId: 'withdrawApplication', summary: 'The applicant withdraws; the case closes (while an appeal is pending: the appeal only)' }),
  stepSpec({
    step: 'appeal/withdraw',
    update: m.appealWithdrawUpdate,
    body: s.appealWithdrawStepSchema,
    operationId: 'withdrawAppeal',
    summary: 'The applicant withdraws the appeal; the case returns to where its decision left it (409 when no appeal is pending)',
  }),
  stepSpec({
    step: 'decision-received',
    update: m.decisionReceivedUpdate,
    body: s.decisionReceivedStepSchema,
    operationId: 'registerDecisionReceived',
    summary: 'When the applicant got the decision; the appeal period counts from it',
  }),
  stepSpec({
    step: 'advance-notice',
    update: m.advanceNoticeUpdate,
    body: advanceNoticeStepSchema,
    operationId: 'sendAdvanceNotice',
    summary: 'Send the advance notice (forhåndsvarsel, fvl § 16) before a running service is reduced or ended',
  }),
  stepSpec({
    step: 'deferral',
    update: m.deferralUpdate,
    body: deferralStepSchema,
    operationId: 'answerDeferral',
    summary: "The office's answer to a request that a decision reducing or ending a service waits until the appeal is decided (utsatt iverksetting, fvl § 42)",
  }),
  stepSpec({
    step: 'place-offered',
    update: m.placeOfferedUpdate,
    body: placeOfferedStepSchema,
    operationId: 'offerPlace',
    summary: 'A long-term care home place is offered to an applicant on the waiting list (pbrl § 2-1 e): the grant',
  }),
];

/**
 * A step on a closed case, answered from the stored case: the rule's own refusal where there is one,
 * else 409 case_closed (a closed case whose workflow has ended stays closed: nothing could reopen it).
 */
function refusalOfClosedCase(view: CaseView, step: CaseStep): ApiError | undefined {
  if (view.status !== 'closed') return undefined;
  const refusal = stepRefusal(step, view, Date.now());
  if (refusal) return new ApiError(refusal.code, refusal.message);
  return new ApiError('case_closed', caseClosedMessage(view.closedReason));
}

/**
 * The workflow is not there to take the step: the case is unknown (404), closed and its workflow
 * finished (409 case_closed), or its workflow was never started (Temporal was down when the
 * application came in): then it is started now and the step is sent again.
 */
async function whenWorkflowGone(ctx: ApiContext, id: string, spec: Pick<StepSpec<m.StepActor>, 'step'>, retry: () => Promise<CaseView>): Promise<CaseView> {
  const row = await findCase(ctx.db, id);
  if (!row) throw ApiError.caseNotFound(id);
  const closed = refusalOfClosedCase(row.view, spec.step);
  if (closed) throw closed;
  if (mayNeedWorkflow(row)) {
    await ctx.workflows.start(workflowInput(row, ctx.policy));
    return retry();
  }
  throw new Error(`Case ${id} is ${row.status} but has no workflow to take the step ${spec.step}`);
}

function stepRoute<I extends m.StepActor>(ctx: ApiContext, spec: StepSpec<I>): Route {
  return defineRoute({
    method: 'post',
    path: `/api/cases/:id/${spec.step}`,
    operationId: spec.operationId,
    summary: spec.summary,
    description:
      'Answers with the case after the step. A step the status does not allow is refused with 409 and changes nothing. ' +
      'With an Idempotency-Key, a retried step is applied once and answers with the case as it is then (409 case_closed when the step closed the case). ' +
      "The token's `sub` is the step's actor.",
    tag: 'Steps',
    roles: ROUTE_ROLES.step,
    params: caseParams,
    body: spec.body,
    headers: [{ name: 'Idempotency-Key', schema: idempotencyKeyHeader }],
    responses: { 200: { description: 'The case after the step.', schema: caseViewSchema } },
    errors: [
      'validation_failed',
      ...(spec.step === 'decision' ? (['forbidden'] as const) : []),
      'not_found',
      'invalid_transition',
      'case_closed',
      ...(spec.step === 're-evaluation' ? (['advance_notice_required'] as const) : []),
      'payload_too_large',
      'unavailable',
    ],
    handler: async ({ params, body, headers, res }) => {
      const access = accessOf(res);
      const municipality = await caseInScope(ctx.db, access, params.id);
      if (spec.step === 'decision' && ctx.policy.municipalities[municipality]?.coSignDecisions === true) {
        // To-trinnskontroll: no caseworker decides alone here; the decision goes through a proposal and a co-signer.
        throw new ApiError(
          'forbidden',
          `${ctx.policy.municipalities[municipality]?.name ?? municipality} needs a second caseworker's approval of a decision: propose it (POST /api/cases/${params.id}/decision/proposal) and another caseworker approves it.`,
        );
      }
      // The client's key never reaches Temporal, only its keyed hash: the same key makes the same hash.
      const given = headers['Idempotency-Key'];
      const key = given === undefined ? undefined : ctx.stepKeyHash(given);
      const view = await sendStep(ctx, spec, params.id, body as Omit<I, 'actor' | 'idempotencyKey'>, access.principal.sub, key);
      // The step is taken; its answer shows the case, so it is logged before it is sent.
      await writeAccessLog(ctx.db, access, caseEntry(`case.step.${spec.step}`, params.id, municipality));
      res.json(view);
    },
  });
}

/**
 * Sends a step's Update to the case's workflow: the view after it, or its refusal (400, 409) as the
 * workflow gives it. `key` is the keyed hash of the request's Idempotency-Key, if any.
 */
export async function sendStep<I extends m.StepActor>(
  ctx: ApiContext,
  spec: Pick<StepSpec<I>, 'step' | 'update'>,
  id: string,
  body: Omit<I, 'actor' | 'idempotencyKey'>,
  actor: string,
  key: string | undefined,
): Promise<CaseView> {
  // The workflow remembers the key, so a retry is applied once even after the case continued as new.
  const input = { ...body, actor, ...(key ? { idempotencyKey: key } : {}) } as I;
  // The Update id is the step and the key: the same key on another step is another step.
  const send = () => ctx.workflows.step(id, spec.update, input, key ? `${spec.step}:${key}` : undefined);
  try {
    // The flags kept on the case row beside the workflow's view (an applicant found dead).
    return await withStoredFlags(ctx.db, id, await send());
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) {
      // A step sent while the closed case's workflow was finishing: the stored case says why it is
      // refused. The workflow's own refusals (400, 409) stand as they are.
      const code = toApiError(err).code;
      if (code !== 'internal' && code !== 'unavailable') throw err;
      const row = await findCase(ctx.db, id);
      const closed = row && refusalOfClosedCase(row.view, spec.step);
      throw closed ?? err;
    }
    return withStoredFlags(ctx.db, id, await whenWorkflowGone(ctx, id, spec, send));
  }
}

export function stepRoutes(ctx: ApiContext): Route[] {
  return [allowedStepsRoute(ctx), ...STEPS.map((spec) => stepRoute(ctx, spec as StepSpec<m.StepActor>))];
}

export const allowedStepsSchema = z
  .object({
    status: z.string().meta({ description: 'The status the list was made for.' }),
    items: z.array(
      z.object({
        step: z.string().meta({ description: 'The step: POST /api/cases/{id}/<step>.' }),
        summary: z.string(),
        body: z.record(z.string(), z.unknown()).meta({ description: "The step's body as JSON Schema (draft 2020-12), its named parts under $defs: the same schema the step checks." }),
      }),
    ),
  })
  .meta({ id: 'AllowedSteps' });

/** Each step's body as JSON Schema, made once: the schema the step route checks, so a form built from it asks for what the step takes. */
const BODY_SCHEMAS = new Map(
  STEPS.map((spec) => [
    spec.step,
    z.toJSONSchema(spec.body, {
      target: 'draft-2020-12',
      io: 'input',
      unrepresentable: 'any',
      override: ({ jsonSchema }) => {
        if (jsonSchema.format === 'date-time' || jsonSchema.format === 'date') delete jsonSchema.pattern;
      },
    }) as Record<string, unknown>,
  ]),
);

/** `GET /api/cases/:id/steps`: the steps the case allows now, with their bodies, for the pages' forms. */
function allowedStepsRoute(ctx: ApiContext): Route {
  return defineRoute({
    method: 'get',
    path: '/api/cases/:id/steps',
    operationId: 'listAllowedSteps',
    summary: 'The steps the case allows now, each with the JSON Schema of its body',
    description:
      "The steps the case's status (and the law's further conditions) allow now, as the step routes decide them, by the current rules; the workflow still has the last word (409). " +
      'Each step carries the JSON Schema of its body, so a form can ask for exactly what the step takes. Writes an access-log row.',
    tag: 'Steps',
    roles: ROUTE_ROLES.step,
    params: caseParams,
    responses: { 200: { description: 'The steps allowed now.', schema: allowedStepsSchema } },
    errors: ['not_found', 'unavailable'],
    handler: async ({ params, res }) => {
      const access = accessOf(res);
      const municipality = await caseInScope(ctx.db, access, params.id);
      const view = await currentView(ctx, params.id);
      const allowed = new Set<CaseStep>(allowedSteps(view, Date.now()));
      const items = STEPS.filter((spec) => allowed.has(spec.step)).map((spec) => ({ step: spec.step, summary: spec.summary, body: BODY_SCHEMAS.get(spec.step)! }));
      await writeAccessLog(ctx.db, access, caseEntry('case.steps', params.id, municipality));
      res.json({ status: view.status, items });
    },
  });
}
