// Utsatt iverksetting (forvaltningsloven § 42): the applicant may ask that a decision reducing or
// ending a service is not implemented before the appeal period has run out or the appeal is decided.
// The office answers, yes or no, with its reasons; while deferred, the services go on as before.
// A refusal cannot be appealed, but must be answered. Issue 24.
import { z } from 'zod';
import type { CaseStatus, Decision, DeferralAnswer } from '../caseTypes';

export type { DeferralAnswer };

/** While the decision can still be appealed, or its appeal is pending. */
export const DEFERRAL_ALLOWED_FROM: readonly CaseStatus[] = ['decided', 'under_reconsideration', 'with_appeal_body'];

export interface DeferralInput {
  granted: boolean;
  justification: string;
}


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
