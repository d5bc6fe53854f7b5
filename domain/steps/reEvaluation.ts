// The re-evaluation (revurdering) of a running service: it continues, is changed by a new decision,
// or is terminated (opphør, itself a decision that can be appealed).
import { SYSTEM_ACTOR } from '../case/caseChange';
import type { ReEvaluationInput } from '../case/caseCommands';
import type { CaseState } from '../case/caseState';
import { RE_EVALUATION_OUTCOMES, type DecisionInput } from '../case/caseTypes';
import { advanceNoticeMissing, changeOf, effectiveFromProblems, reducedServices, urgencyProblems, urgencySchema } from './advanceNotice';
import { decisionInputSchema } from './decision';
import { dateOrInstant, oneOf, requiredForOutcome, stepBody, text } from './fields';
import type { StepDefinition, StepTimers } from './step';
import type { StepChecks } from './stepChecks';

export const reEvaluationStepSchema = stepBody({
  outcome: oneOf(RE_EVALUATION_OUTCOMES),
  decision: decisionInputSchema.optional().meta({ description: 'The new decision: required when the outcome is changed.' }),
  justification: text(20_000, 'the justification')
    .optional()
    .meta({ description: 'Why: required when the outcome is terminated (a termination is a decision, and its letter gives the reasons).' }),
  effectiveFrom: dateOrInstant
    .optional()
    .meta({ description: 'When the change takes effect (for terminated: the day the services end). Required when a service is reduced or ended; not before the day of the step.' }),
  urgent: urgencySchema
    .optional()
    .meta({ description: 'The decision cannot wait for an advance notice (fvl § 16 third paragraph): the reason, which the letter states.' }),
})
  .superRefine(
    requiredForOutcome([
      ['changed', 'decision'],
      ['terminated', 'justification'],
    ]),
  )
  .meta({ id: 'ReEvaluationStep' });

export const reEvaluation: StepDefinition<'re-evaluation'> = {
  allowedFrom: ['active'],
  schema: reEvaluationStepSchema,
  check(ch, input, facts, state) {
    ch.oneOf('outcome', input.outcome, RE_EVALUATION_OUTCOMES);
    ch.decision('decision', input.decision, input.outcome === 'changed');
    // A termination is a decision: it must give its reasons (fvl § 24).
    ch.text('justification', input.justification, input.outcome === 'terminated');
    if (facts.reductions) changeProblems(ch, state, input);
  },
  apply(c, input, actor) {
    const { s } = c;
    switch (input.outcome) {
      case 'continue':
        c.scheduleReEvaluation();
        c.event('re_evaluation', actor, { outcome: input.outcome, nextReEvaluationAt: s.nextReEvaluationAt });
        // Each cycle starts a fresh run, so a case that runs for years keeps a short history.
        c.effects.push({ kind: 'continueAsNew' });
        return;
      case 'changed': {
        c.event('re_evaluation', actor, { outcome: input.outcome });
        const previous = s.decision;
        const decision = c.applyDecision(input.decision as DecisionInput);
        if (c.facts.reductions) s.decision = { ...decision, ...changeOf(previous, decision, input) };
        c.event('decision_issued', actor, { outcome: decision.outcome, reason: 're_evaluation', appealDeadlines: decision.appealDeadlines });
        c.letter('decision');
        return;
      }
      case 'terminated': {
        // Opphør is a decision: the services the case ran are refused from now on, and it can be appealed.
        const running = (s.decision?.services ?? []).filter((x) => x.outcome !== 'refused');
        const services = (running.length > 0 ? running : c.facts.services.map((code) => ({ code }))).map((x) => ({ ...x, outcome: 'refused' as const }));
        c.event('re_evaluation', actor, { outcome: input.outcome });
        const previous = s.decision;
        const decision = c.applyDecision({ outcome: 'refused', services, justification: (input.justification ?? '').trim() }, 'office', true);
        if (c.facts.reductions) s.decision = { ...decision, ...changeOf(previous, decision, input) };
        c.event('decision_issued', actor, { outcome: decision.outcome, reason: 'termination', appealDeadlines: decision.appealDeadlines });
        c.letter('closing', { reason: decision.justification });
        return;
      }
    }
  },
};

// ---- A change names what it replaces and from when (fvl §§ 24–25) ----

/** Whether the re-evaluation reduces or ends a running service. */
function reducesOrEnds(state: CaseState, input: ReEvaluationInput): boolean {
  if (input.outcome === 'terminated') return true;
  return input.outcome === 'changed' && !!input.decision && reducedServices(state.decision, input.decision).length > 0;
}

function changeProblems(ch: StepChecks, state: CaseState, input: ReEvaluationInput): void {
  const validDecision = input.outcome !== 'changed' || (ch.problems.length === 0 && !!input.decision);
  effectiveFromProblems(ch, input.effectiveFrom, validDecision && reducesOrEnds(state, input));
  urgencyProblems(ch, input.urgent);
}

/**
 * A reduction or termination waits for the advance notice's deadline (fvl § 16), unless urgent:
 * why it must wait, or null when it may go ahead.
 */
export function advanceNoticeStillOwed(state: CaseState, input: ReEvaluationInput, now: number): string | null {
  return reducesOrEnds(state, input) ? advanceNoticeMissing(state.decision, state.advanceNotice, input.urgent, now) : null;
}

export const reEvaluationTimers: StepTimers<'reEvaluationDue'> = {
  reEvaluationDue(c) {
    c.s.flags.reEvaluationDue = true;
    c.event('re_evaluation_due', SYSTEM_ACTOR, { nextReEvaluationAt: c.s.nextReEvaluationAt });
    c.letter('re_evaluation_notice');
  },
};
