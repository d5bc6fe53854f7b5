// The body of each caseworker step (`POST /api/cases/:id/<step>`). Checked here first, so bad input
// never reaches the workflow; the workflow's validator then decides whether the case's status allows it.
import { z } from 'zod';
import {
  APPEAL_BODIES,
  APPEAL_BODY_OUTCOMES,
  DECISION_OUTCOMES,
  RE_EVALUATION_OUTCOMES,
  RECONSIDERATION_OUTCOMES,
  SERVICE_OUTCOMES,
} from '../../domain/case/caseTypes';
import { CLOCK_TOLERANCE_MS } from '../../domain/steps/stepChecks';
import { notInFuture, serviceCodeSchema, servicesSchema } from './newCase';
import { dateOrInstant, instant, text, whenPresent } from './common';

function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: whenPresent(`Must be one of ${values.join(', ')}.`) });
}

/** A date may be today somewhere in the world; an instant may lag the server's clock a little. */
function notInPast(value: string): boolean {
  if (value.length === 10) return value >= new Date(Date.now() - 24 * 3_600_000).toISOString().slice(0, 10);
  return Date.parse(value) >= Date.now() - CLOCK_TOLERANCE_MS;
}

/** The first instant of a date or the instant itself, to compare `from` and `until`. */
function startOf(value: string): number {
  return Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
}

function object<T extends z.core.$ZodLooseShape>(shape: T) {
  return z.strictObject(shape, { error: whenPresent('The body must be a JSON object.') });
}

export const decidedServiceSchema = z
  .strictObject({
    code: serviceCodeSchema,
    outcome: oneOf(SERVICE_OUTCOMES)
      .optional()
      .meta({ description: "granted or refused. Defaults to the decision's outcome; required on each service of a partially_granted decision." }),
    hoursPerWeek: z
      .number({ error: whenPresent('Must be a number of hours.') })
      .min(0, { error: 'Must be from 0 to 168 hours.' })
      .max(168, { error: 'Must be from 0 to 168 hours.' })
      .optional(),
    from: dateOrInstant.optional().meta({ description: 'When the service starts.' }),
    until: dateOrInstant.optional().meta({ description: 'The last day the service runs: makes the decision time-limited.' }),
  })
  .superRefine((service, ctx) => {
    if (service.from && service.until && startOf(service.until) < startOf(service.from)) {
      ctx.addIssue({ code: 'custom', path: ['until'], message: 'Must not be before from.' });
    }
  })
  .meta({ id: 'DecidedService' });

export const decisionInputSchema = z
  .strictObject(
    {
      outcome: oneOf(DECISION_OUTCOMES),
      services: z
        .array(decidedServiceSchema, { error: whenPresent('Must be a list of services.') })
        .min(1, { error: 'List at least one service the decision covers.' })
        .superRefine((services, ctx) => {
          const codes = services.map((s) => s.code);
          codes.forEach((code, i) => {
            if (codes.indexOf(code) !== i) ctx.addIssue({ code: 'custom', path: [i, 'code'], message: `${code} is listed twice.` });
          });
        }),
      justification: text(20_000, 'the justification (begrunnelse)'),
      deliveredAt: instant
        .refine(notInFuture, { error: 'Must not be in the future.' })
        .optional()
        .meta({ description: 'When the applicant got the decision; the appeal period counts from it. Defaults to the time of the step.' }),
    },
    { error: whenPresent('Must be an object with outcome, services and justification.') },
  )
  .superRefine((decision, ctx) => {
    // Each service's outcome: the decision's own, or given per service on a partial grant.
    decision.services.forEach((service, i) => {
      if (decision.outcome === 'partially_granted' && !service.outcome) {
        ctx.addIssue({ code: 'custom', path: ['services', i, 'outcome'], message: 'Required on each service of a partially_granted decision: granted or refused.' });
      } else if (decision.outcome !== 'partially_granted' && service.outcome && service.outcome !== decision.outcome) {
        ctx.addIssue({ code: 'custom', path: ['services', i, 'outcome'], message: `Must be ${decision.outcome} on a ${decision.outcome} decision, or left out.` });
      }
    });
  })
  .meta({ id: 'DecisionInput' });

export const contactStepSchema = object({ note: text(5_000, 'a note').optional() }).meta({ id: 'ContactStep' });

export const homeVisitStepSchema = object({
  scheduledAt: instant.refine((value) => Date.parse(value) > Date.now(), { error: 'Must be in the future.' }),
}).meta({ id: 'HomeVisitStep', description: 'Books the home visit, or moves it when one is booked.' });

export const homeVisitCompleteStepSchema = object({ notes: text(20_000, 'notes').optional() }).meta({ id: 'HomeVisitCompleteStep' });

export const homeVisitCancelStepSchema = object({ reason: text(5_000, 'the reason') }).meta({ id: 'HomeVisitCancelStep' });

export const provisionalReplyStepSchema = object({
  reason: text(5_000, 'the reason the decision takes longer'),
  expectedDecisionBy: dateOrInstant
    .refine(notInPast, { error: 'Must not be in the past.' })
    .meta({ description: 'When the applicant can expect the decision.' }),
}).meta({ id: 'ProvisionalReplyStep', description: 'Sends a provisional reply (foreløpig svar, fvl § 11 a) now.' });

export const appealStepSchema = object({
  receivedAt: instant
    .refine(notInFuture, { error: 'Must not be in the future.' })
    .optional()
    .meta({ description: 'When the appeal came in. Defaults to now.' }),
  sentAt: instant
    .refine(notInFuture, { error: 'Must not be in the future.' })
    .optional()
    .meta({ description: 'When the applicant posted or sent it (fvl § 30): the appeal is timely if this is on or before the deadline, whenever it arrived.' }),
  text: text(20_000, 'the text of the appeal').optional(),
  services: servicesSchema
    .optional()
    .meta({ description: 'The services appealed (default: every service of the decision): Statsforvalteren hears it if any is statutory, else the municipal appeals board.' }),
})
  .superRefine((body, ctx) => {
    if (body.sentAt && body.receivedAt && Date.parse(body.sentAt) > Date.parse(body.receivedAt)) {
      ctx.addIssue({ code: 'custom', path: ['sentAt'], message: 'Must not be after the appeal was received.' });
    }
  })
  .meta({ id: 'AppealStep' });

export const reconsiderationStepSchema = object({
  outcome: oneOf(RECONSIDERATION_OUTCOMES),
  justification: text(20_000, 'the justification'),
  decision: decisionInputSchema
    .optional()
    .meta({ description: 'The new decision: required for partially_reversed; for reversed, defaults to granting what was applied for.' }),
})
  .superRefine((body, ctx) => {
    if (body.outcome === 'partially_reversed' && !body.decision) {
      ctx.addIssue({ code: 'custom', path: ['decision'], message: 'Required when the outcome is partially_reversed.' });
    }
  })
  .meta({ id: 'ReconsiderationStep' });

export const appealBodyDecisionStepSchema = object({
  body: oneOf(APPEAL_BODIES).optional().meta({ description: 'Which appeal body ruled: required while two hear parts of the appeal.' }),
  outcome: oneOf(APPEAL_BODY_OUTCOMES),
  justification: text(20_000, 'the justification').optional(),
  decision: decisionInputSchema.optional().meta({ description: "The appeal body's changed decision, when it reversed the office's." }),
}).meta({ id: 'AppealBodyDecisionStep' });

export const reEvaluationStepSchema = object({
  outcome: oneOf(RE_EVALUATION_OUTCOMES),
  decision: decisionInputSchema.optional().meta({ description: 'The new decision: required when the outcome is changed.' }),
  justification: text(20_000, 'the justification')
    .optional()
    .meta({ description: 'Why: required when the outcome is terminated (a termination is a decision, and its letter gives the reasons).' }),
})
  .superRefine((body, ctx) => {
    if (body.outcome === 'changed' && !body.decision) {
      ctx.addIssue({ code: 'custom', path: ['decision'], message: 'Required when the outcome is changed.' });
    }
    if (body.outcome === 'terminated' && !body.justification) {
      ctx.addIssue({ code: 'custom', path: ['justification'], message: 'Required when the outcome is terminated.' });
    }
  })
  .meta({ id: 'ReEvaluationStep' });

export const withdrawStepSchema = object({ reason: text(5_000, 'the reason') }).meta({ id: 'WithdrawStep' });

export const decisionReceivedStepSchema = object({
  receivedAt: instant
    .refine(notInFuture, { error: 'Must not be in the future.' })
    .meta({ description: 'When the applicant got the decision (from a receipt or their word); not before the decision.' }),
}).meta({
  id: 'DecisionReceivedStep',
  description: 'When the applicant got the decision: the appeal period counts from it, never ending before the date the letter stated.',
});

export const appealWithdrawStepSchema = object({ reason: text(5_000, 'the reason') }).meta({
  id: 'AppealWithdrawStep',
  description: 'The applicant withdraws the appeal only: the case returns to where its decision left it.',
});
