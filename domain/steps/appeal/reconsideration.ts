// The office reconsiders its decision on appeal (fvl § 33, underinstans): it reverses it (omgjøring),
// reverses it in part, upholds it and forwards the appeal to the appeal body, or dismisses it (avvisning).
import { appealBodiesFor, appealBodyFor } from '../../policy/catalogue';
import { RECONSIDERATION_OUTCOMES } from '../../case/caseTypes';
import { grantedInFull } from '../../case/decidedServices';
import { applicantDeadline } from '../../calendar/periods';
import { decisionInputSchema } from '../decision';
import { oneOf, requiredForOutcome, stepBody, text } from '../fields';
import type { StepDefinition } from '../step';

/** A dismissal (avvisning) is a decision that can be appealed within 3 weeks (fvl §§ 2 tredje ledd, 29). */
export const DISMISSAL_APPEAL_WINDOW = Object.freeze({ amount: 3, unit: 'week' as const });

export const reconsiderationStepSchema = stepBody({
  outcome: oneOf(RECONSIDERATION_OUTCOMES),
  justification: text(20_000, 'the justification'),
  decision: decisionInputSchema
    .optional()
    .meta({ description: 'The new decision: required for partially_reversed; for reversed, defaults to granting what was applied for.' }),
})
  .superRefine(requiredForOutcome([['partially_reversed', 'decision']]))
  .meta({ id: 'ReconsiderationStep' });

export const reconsideration: StepDefinition<'reconsideration'> = {
  allowedFrom: ['under_reconsideration'],
  schema: reconsiderationStepSchema,
  check(ch, { outcome, justification, decision }) {
    ch.oneOf('outcome', outcome, RECONSIDERATION_OUTCOMES);
    ch.text('justification', justification, true);
    ch.decision('decision', decision, outcome === 'partially_reversed');
  },
  apply(c, i, actor) {
    const { s, facts } = c;
    if (s.appeal) s.appeal = { ...s.appeal, reconsideration: { outcome: i.outcome, justification: i.justification, at: c.nowIso } };
    // The office has answered the appeal: no provisional reply is owed on it any more.
    s.provisionalReplyDispatchAt = null;
    c.event('reconsideration', actor, { outcome: i.outcome });
    switch (i.outcome) {
      case 'reversed': {
        // Omgjøring: the office grants the appeal; a new decision with a new appeal period.
        const decision = c.applyDecision(i.decision ?? grantedInFull(s.decision, facts.services, i.justification));
        c.event('decision_issued', actor, { outcome: decision.outcome, reason: 'reconsideration', appealDeadlines: decision.appealDeadlines });
        c.letter('decision');
        return;
      }
      case 'partially_reversed':
      case 'upheld': {
        if (i.outcome === 'partially_reversed' && i.decision) {
          // Delvis omgjøring is a new decision; what remains of the appeal goes on to the appeal body.
          const decision = c.applyDecision(i.decision);
          c.event('decision_issued', actor, { outcome: decision.outcome, reason: 'reconsideration', appealDeadlines: decision.appealDeadlines });
          c.letter('decision');
        }
        if (facts.appealRights) {
          // Each body gets its own services (fvl § 28 andre ledd, pbrl § 7-2): one forwarding, one letter, one ruling each.
          const services = s.appeal?.services ?? facts.services;
          const parts = appealBodiesFor([...services]).map((body) => ({ body, services: services.filter((code) => appealBodyFor([code]) === body), outcome: null }));
          s.appealBodies = parts;
          s.appealBody = parts.length === 1 ? parts[0]!.body : null;
          s.status = 'with_appeal_body';
          for (const part of parts) {
            c.event('appeal_forwarded', actor, { appealBody: part.body, services: part.services });
            c.letter('appeal_forwarded', { appealBody: part.body });
          }
          return;
        }
        const body = appealBodyFor(s.appeal?.services ?? facts.services);
        s.appealBody = body;
        s.status = 'with_appeal_body';
        c.event('appeal_forwarded', actor, { appealBody: body });
        c.letter('appeal_forwarded');
        return;
      }
      case 'dismissed': {
        // Avvist: the decision stands. A closed case closes again as it was; a decision whose appeal
        // period still runs is decided again; one that was final before the (late) appeal goes on as it was.
        if (facts.appealRights && s.appeal?.reconsideration) {
          // The dismissal is itself a decision (fvl § 2 tredje ledd): appealable within 3 weeks to the body that hears the appeal.
          const appealBody = appealBodyFor(s.appeal.services);
          const appealBy = applicantDeadline(new Date(c.now), DISMISSAL_APPEAL_WINDOW).toISOString();
          s.appeal = { ...s.appeal, reconsideration: { ...s.appeal.reconsideration, appealBy, appealBody } };
        }
        const { finalNow } = c.returnToDecision();
        c.event(finalNow ? 'decision_final' : 'appeal_dismissed', actor, { status: s.status });
        c.letter('appeal_outcome');
        if (finalNow && s.status === 'closed') c.letter('closing');
        return;
      }
    }
  },
};
