// Venteliste for langtidsopphold (pasient- og brukerrettighetsloven § 2-1 e, helse- og
// omsorgstjenesteloven § 3-2 a): an applicant who qualifies for a long-term care home place but must
// wait gets a decision saying so, which can be appealed. The case stays open (`active`, flag
// `onWaitingList`) until a place is offered: `place-offered` issues the grant.
import { z } from 'zod';
import type { StepDefinition } from './step';
import type { DecidedService, Decision, DecisionInput } from '../case/caseTypes';
import { dateOrInstant } from './fields';

/** The services the decision puts on the waiting list. */
export function waitingServices(decision: Pick<Decision, 'services'> | null | undefined): DecidedService[] {
  return (decision?.services ?? []).filter((s) => s.outcome === 'waiting_list');
}

/** Whether the case waits for a place: its decision puts a service on the waiting list. */
export function onWaitingList(decision: Pick<Decision, 'services'> | null | undefined): boolean {
  return waitingServices(decision).length > 0;
}

/** Said in the decision when the caseworker gives no justification of their own. */
export const PLACE_OFFERED_JUSTIFICATION = 'Du står på venteliste for langtidsopphold i sykehjem, og det er nå ledig plass til deg.';

export const placeOfferedStepSchema = z
  .strictObject(
    {
      from: dateOrInstant.meta({ description: 'When the place is available to the applicant.' }),
      justification: z
        .string({ error: 'Must be a text.' })
        .trim()
        .min(1, { error: 'Must not be empty.' })
        .max(20_000, { error: 'Must be at most 20000 characters.' })
        .optional()
        .meta({ description: "The grant's justification; a plain sentence that a place is free when left out." }),
    },
    { error: 'The body must be a JSON object.' },
  )
  .meta({ id: 'PlaceOfferedStep', description: 'A long-term care home place offered to an applicant on the waiting list (pbrl § 2-1 e): the grant.' });

/** The grant: every waiting service granted from `from`; the decision's other services as they were. */
export function placeOfferedDecision(previous: Decision, from: string, justification: string | undefined): DecisionInput {
  const services = previous.services.map((s) => (s.outcome === 'waiting_list' ? { ...s, outcome: 'granted' as const, from } : { ...s }));
  const outcome = services.every((s) => s.outcome === 'granted') ? 'granted' : 'partially_granted';
  return { outcome, services, justification: justification?.trim() || PLACE_OFFERED_JUSTIFICATION };
}

/** The place offered, as a step of the law (domain/steps/step.ts). */
export const placeOffered: StepDefinition<'place-offered'> = {
  // While the waiting-list decision can be appealed, and once it is final.
  allowedFrom: ['decided', 'active'],
  allowedWhen: (view, _now, rules) => rules.reductions === true && onWaitingList(view.decision),
  refusedWhy: (view) =>
    view.status === 'decided' || view.status === 'active' ? 'the case is not on the waiting list: no service of its decision has the outcome waiting_list' : undefined,
  schema: placeOfferedStepSchema,
  check(ch, input) {
    ch.dateOrInstant('from', input.from, true);
    ch.text('justification', input.justification, false);
  },
  apply(c, input, actor) {
    // Allowed only while the decision puts a service on the waiting list, so there is a decision.
    const previous = c.s.decision as Decision;
    const granted = c.applyDecision(placeOfferedDecision(previous, input.from, input.justification));
    c.event('place_offered', actor, {
      from: input.from,
      services: waitingServices(previous).map((s) => s.code),
      appealDeadlines: granted.appealDeadlines,
    });
    c.letter('decision');
  },
};
