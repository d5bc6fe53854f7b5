// Utsatt iverksetting (forvaltningsloven § 42): the applicant may ask that a decision reducing or
// ending a service is not implemented before the appeal period has run out or the appeal is decided.
// The office answers, yes or no, with its reasons; while deferred, the services go on as before.
// A refusal cannot be appealed, but must be answered.
import { z } from 'zod';
import type { StepDefinition } from './step';
import type { DeferralInput } from '../case/caseCommands';
import type { CaseStatus, Decision, DeferralAnswer } from '../case/caseTypes';

export type { DeferralAnswer };

/** While the decision can still be appealed, or its appeal is pending. */
export const DEFERRAL_ALLOWED_FROM: readonly CaseStatus[] = ['decided', 'under_reconsideration', 'with_appeal_body'];

export type { DeferralInput };


export const deferralStepSchema = z
  .strictObject(
    {
      granted: z.boolean({ error: 'Must be true or false.' }).meta({ description: 'Whether the decision waits until the appeal is decided.' }),
      justification: z.string({ error: 'Must be a text.' }).trim().min(1, { error: 'Must not be empty.' }).max(20_000, { error: 'Must be at most 20000 characters.' }),
    },
    { error: 'The body must be a JSON object.' },
  )
  .meta({ id: 'DeferralStep', description: "The office's answer to a request for deferred implementation (utsatt iverksetting, fvl § 42)." });

/** Only a decision that reduces or ends a service has anything to defer. */
export function deferrable(decision: Pick<Decision, 'reduces'> | null | undefined): boolean {
  return (decision?.reduces ?? []).length > 0;
}

/** The answer the case keeps. */
export function deferralOf(input: DeferralInput, decision: Decision, now: number): DeferralAnswer {
  return { granted: input.granted, justification: input.justification.trim(), at: new Date(now).toISOString(), decisionAt: decision.decidedAt, endedAt: null };
}

/**
 * The deferral ends when the appeal is decided or the decision became final: the case has left the
 * statuses it was asked in, or carries another decision. The answer stays, with when it ended.
 */
export function endedDeferral(answer: DeferralAnswer | null | undefined, status: CaseStatus, decision: Decision | null, now: number): DeferralAnswer | null | undefined {
  if (!answer || answer.endedAt !== null) return answer;
  const same = decision?.decidedAt === answer.decisionAt;
  return same && DEFERRAL_ALLOWED_FROM.includes(status) ? answer : { ...answer, endedAt: new Date(now).toISOString() };
}

/** Whether the services go on as before now. */
export function deferredNow(answer: DeferralAnswer | null | undefined): boolean {
  return !!answer && answer.granted && answer.endedAt === null;
}

/** The office's answer on deferred implementation as a step of the law (domain/steps/step.ts). */
export const deferral: StepDefinition<'deferral'> = {
  allowedFrom: DEFERRAL_ALLOWED_FROM,
  allowedWhen: (view, _now, rules) => rules.reductions === true && deferrable(view.decision),
  refusedWhy: (view) => (DEFERRAL_ALLOWED_FROM.includes(view.status) ? 'the decision reduces or ends no service, so there is nothing to defer' : undefined),
  schema: deferralStepSchema,
  check(ch, input) {
    if (typeof input.granted !== 'boolean') ch.add('granted', input.granted === undefined ? 'Required.' : 'Must be true or false.');
    ch.text('justification', input.justification, true);
  },
  apply(c, input, actor) {
    // Allowed only while the decision reduces or ends a service, so there is a decision.
    c.s.deferral = deferralOf(input, c.s.decision as Decision, c.now);
    c.event('deferral_answered', actor, { granted: input.granted });
    c.letter('deferral_answer');
  },
};
