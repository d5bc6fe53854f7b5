// The decision (vedtak): every service applied for granted or refused, with its reasons (fvl §§ 24, 25).
// It opens the appeal period; a time-limited decision gives notice before it expires, and expires.
import { SYSTEM_ACTOR } from '../case/caseChange';
import { BEFORE_DECISION } from '../case/caseRules';
import type { CaseFacts, CaseState } from '../case/caseState';
import { advanceNoticeMissing, changeOf, reducedServices } from './advanceNotice';
import { z } from 'zod';
import { DECISION_OUTCOMES, SERVICE_OUTCOMES, WAITING_LIST_SERVICE, type DecisionInput } from '../case/caseTypes';
import { dateOrInstant, instant, notInFuture, oneOf, serviceCodeSchema, text, whenPresent } from './fields';
import type { StepDefinition, StepTimers } from './step';
import { MAX_HOURS_PER_WEEK, type StepChecks } from './stepChecks';

/** A decision decides every service applied for (fvl § 25): one left out would be refused without reasons. */
function everyServiceDecided(ch: StepChecks, facts: CaseFacts, input: { services?: unknown }): void {
  // An empty or malformed list is refused on its own already.
  if (!Array.isArray(input.services) || input.services.length === 0) return;
  const decided = new Set(input.services.map((s: unknown) => (typeof s === 'object' && s !== null ? (s as { code?: unknown }).code : undefined)));
  for (const code of facts.services) {
    if (!decided.has(code)) ch.add('services', `${code} was applied for and is not decided: give it an outcome (granted or refused) and the reasons.`);
  }
}

/** The first instant of a date or the instant itself, to compare `from` and `until`. */
function startOf(value: string): number {
  return Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
}

export const decidedServiceSchema = z
  .strictObject({
    code: serviceCodeSchema,
    outcome: oneOf(SERVICE_OUTCOMES)
      .optional()
      .meta({ description: "granted, refused, or waiting_list (long_term_stay only: the applicant qualifies and waits for a place, pbrl § 2-1 e). Defaults to the decision's outcome; required on each service of a partially_granted decision." }),
    hoursPerWeek: z
      .number({ error: whenPresent('Must be a number of hours.') })
      .min(0, { error: 'Must be from 0 to 168 hours.' })
      .max(MAX_HOURS_PER_WEEK, { error: 'Must be from 0 to 168 hours.' })
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

/** A decision's body: the decision step's, and the changed decision of a reconsideration, a ruling or a re-evaluation. */
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
      } else if (service.outcome === 'waiting_list') {
        // Venteliste (pbrl § 2-1 e): a long-term care home place only, and the applicant qualifies.
        if (service.code !== WAITING_LIST_SERVICE) ctx.addIssue({ code: 'custom', path: ['services', i, 'outcome'], message: `waiting_list is only for ${WAITING_LIST_SERVICE}.` });
        else if (decision.outcome === 'refused') ctx.addIssue({ code: 'custom', path: ['services', i, 'outcome'], message: 'Must be refused on a refused decision, or left out: waiting_list says the applicant qualifies.' });
      } else if (decision.outcome !== 'partially_granted' && service.outcome && service.outcome !== decision.outcome) {
        ctx.addIssue({ code: 'custom', path: ['services', i, 'outcome'], message: `Must be ${decision.outcome} on a ${decision.outcome} decision, or left out.` });
      }
    });
  })
  .meta({ id: 'DecisionInput' });

export const decision: StepDefinition<'decision'> = {
  // From `active` too, but only when a re-evaluation is due.
  allowedFrom: [...BEFORE_DECISION, 'active'],
  allowedWhen: (view) => view.status !== 'active' || view.flags.reEvaluationDue,
  refusedWhy: (view) => (view.status === 'active' ? 'an active case gets a new decision only when a re-evaluation is due' : undefined),
  schema: decisionInputSchema,
  check(ch, input, facts) {
    ch.decision('', input, true);
    if (facts.appealRights) everyServiceDecided(ch, facts, input);
    // A run started before the waiting list keeps deciding as it did.
    if (!facts.reductions) {
      (Array.isArray(input.services) ? input.services : []).forEach((s, i) => {
        if (s?.outcome === 'waiting_list') ch.add(`services[${i}].outcome`, 'This case was registered before the waiting list: use granted or refused.');
      });
    }
  },
  apply(c, input, actor) {
    // On a running case, a new decision changes the one it runs: it says what it replaces and reduces.
    const previous = c.facts.decisionNotice && c.s.status === 'active' ? c.s.decision : null;
    let decided = c.applyDecision(input);
    if (previous) decided = c.s.decision = { ...decided, ...changeOf(previous, decided, {}) };
    c.event('decision_issued', actor, {
      outcome: decided.outcome,
      services: decided.services.map((x) => x.code),
      appealDeadlines: decided.appealDeadlines,
    });
    c.letter('decision');
  },
};

/**
 * A decision on a running case that reduces or ends a service waits for the advance notice's
 * deadline like a re-evaluation does (fvl § 16): why, or null. The decision's body has no `urgent`;
 * an urgent change is a re-evaluation with `urgent`.
 */
export function decisionNoticeOwed(state: CaseState, input: DecisionInput, now: number): string | null {
  if (state.status !== 'active' || !input || !Array.isArray(input.services)) return null;
  if (reducedServices(state.decision, input).length === 0) return null;
  const missing = advanceNoticeMissing(state.decision, state.advanceNotice, undefined, now);
  return missing && `${missing} A decision takes no "urgent": an urgent reduction or termination is a re-evaluation with "urgent".`;
}

/** A time-limited decision (tidsbegrenset vedtak): notice before it runs out, then the case closes. */
export const decisionTimers: StepTimers<'expiryNotice' | 'decisionExpiry'> = {
  expiryNotice(c, view) {
    c.s.expiryNoticeSent = true;
    c.event('expiry_notice_sent', SYSTEM_ACTOR, { expiresAt: view.deadlines.expiresAt });
    c.letter('expiry_notice');
  },
  decisionExpiry(c, view) {
    c.close('expired');
    c.event('expired', SYSTEM_ACTOR, { expiresAt: view.deadlines.expiresAt });
    c.letter('closing');
  },
};
