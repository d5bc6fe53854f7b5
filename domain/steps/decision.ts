// The decision (vedtak): every service applied for granted or refused, with its reasons (fvl §§ 24, 25).
// It opens the appeal period; a time-limited decision gives notice before it expires, and expires.
import { SYSTEM_ACTOR } from '../case/caseChange';
import { BEFORE_DECISION } from '../case/caseRules';
import type { CaseFacts } from '../case/caseState';
import type { StepDefinition, StepTimers } from './step';
import type { StepChecks } from './stepChecks';

/** A decision decides every service applied for (fvl § 25): one left out would be refused without reasons. */
function everyServiceDecided(ch: StepChecks, facts: CaseFacts, input: { services?: unknown }): void {
  // An empty or malformed list is refused on its own already.
  if (!Array.isArray(input.services) || input.services.length === 0) return;
  const decided = new Set(input.services.map((s: unknown) => (typeof s === 'object' && s !== null ? (s as { code?: unknown }).code : undefined)));
  for (const code of facts.services) {
    if (!decided.has(code)) ch.add('services', `${code} was applied for and is not decided: give it an outcome (granted or refused) and the reasons.`);
  }
}

export const decision: StepDefinition<'decision'> = {
  // From `active` too, but only when a re-evaluation is due.
  allowedFrom: [...BEFORE_DECISION, 'active'],
  allowedWhen: (view) => view.status !== 'active' || view.flags.reEvaluationDue,
  refusedWhy: (view) => (view.status === 'active' ? 'an active case gets a new decision only when a re-evaluation is due' : undefined),
  check(ch, input, facts) {
    ch.decision('', input, true);
    if (facts.appealRights) everyServiceDecided(ch, facts, input);
  },
  apply(c, input, actor) {
    const decided = c.applyDecision(input);
    c.event('decision_issued', actor, {
      outcome: decided.outcome,
      services: decided.services.map((x) => x.code),
      appealDeadlines: decided.appealDeadlines,
    });
    c.letter('decision');
  },
};

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
