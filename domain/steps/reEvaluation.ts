// The re-evaluation (revurdering) of a running service: it continues, is changed by a new decision,
// or is terminated (opphør, itself a decision that can be appealed).
import { SYSTEM_ACTOR } from '../case/caseChange';
import { RE_EVALUATION_OUTCOMES, type DecisionInput } from '../case/caseTypes';
import { decisionInputSchema } from './decision';
import { oneOf, requiredForOutcome, stepBody, text } from './fields';
import type { StepDefinition, StepTimers } from './step';

export const reEvaluationStepSchema = stepBody({
  outcome: oneOf(RE_EVALUATION_OUTCOMES),
  decision: decisionInputSchema.optional().meta({ description: 'The new decision: required when the outcome is changed.' }),
  justification: text(20_000, 'the justification')
    .optional()
    .meta({ description: 'Why: required when the outcome is terminated (a termination is a decision, and its letter gives the reasons).' }),
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
  check(ch, input) {
    ch.oneOf('outcome', input.outcome, RE_EVALUATION_OUTCOMES);
    ch.decision('decision', input.decision, input.outcome === 'changed');
    // A termination is a decision: it must give its reasons (fvl § 24).
    ch.text('justification', input.justification, input.outcome === 'terminated');
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
        const decision = c.applyDecision(input.decision as DecisionInput);
        c.event('decision_issued', actor, { outcome: decision.outcome, reason: 're_evaluation', appealDeadlines: decision.appealDeadlines });
        c.letter('decision');
        return;
      }
      case 'terminated': {
        // Opphør is a decision: the services the case ran are refused from now on, and it can be appealed.
        const running = (s.decision?.services ?? []).filter((x) => x.outcome !== 'refused');
        const services = (running.length > 0 ? running : c.facts.services.map((code) => ({ code }))).map((x) => ({ ...x, outcome: 'refused' as const }));
        c.event('re_evaluation', actor, { outcome: input.outcome });
        const decision = c.applyDecision({ outcome: 'refused', services, justification: (input.justification ?? '').trim() }, 'office', true);
        c.event('decision_issued', actor, { outcome: decision.outcome, reason: 'termination', appealDeadlines: decision.appealDeadlines });
        c.letter('closing', { reason: decision.justification });
        return;
      }
    }
  },
};

export const reEvaluationTimers: StepTimers<'reEvaluationDue'> = {
  reEvaluationDue(c) {
    c.s.flags.reEvaluationDue = true;
    c.event('re_evaluation_due', SYSTEM_ACTOR, { nextReEvaluationAt: c.s.nextReEvaluationAt });
    c.letter('re_evaluation_notice');
  },
};
