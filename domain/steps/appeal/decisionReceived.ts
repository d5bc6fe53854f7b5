// When the applicant got the decision (underretning): the appeal period counts from then, never
// ending before the date the letter stated.
import { appealDeadlines, laterDeadlines } from '../../case/caseDeadlines';
import { decidedCodes } from '../../case/decidedServices';
import { instant, notInFuture, stepBody } from '../fields';
import type { StepDefinition } from '../step';

export const decisionReceivedStepSchema = stepBody({
  receivedAt: instant
    .refine(notInFuture, { error: 'Must not be in the future.' })
    .meta({ description: 'When the applicant got the decision (from a receipt or their word); not before the decision.' }),
}).meta({
  id: 'DecisionReceivedStep',
  description: 'When the applicant got the decision: the appeal period counts from it, never ending before the date the letter stated.',
});

export const decisionReceived: StepDefinition<'decision-received'> = {
  // While the appeal period runs: it counts from when the applicant got the decision.
  allowedFrom: ['decided'],
  allowedWhen: (_view, _now, rules) => rules.appealRights,
  schema: decisionReceivedStepSchema,
  check(ch, input, _facts, state) {
    const at = ch.pastInstant('receivedAt', input.receivedAt, true);
    const decision = state.decision;
    if (at && decision && at.getTime() < Date.parse(decision.decidedAt)) ch.add('receivedAt', 'Must not be before the decision was made.');
  },
  apply(c, input, actor) {
    const { s, facts } = c;
    const decision = s.decision;
    if (!decision) return;
    const receivedAt = new Date(input.receivedAt);
    const fromReceipt = appealDeadlines(receivedAt, decidedCodes(decision, facts.services), facts.timers);
    const appealDeadlinesNow = laterDeadlines(decision.statedAppealDeadlines ?? decision.appealDeadlines, fromReceipt);
    s.decision = { ...decision, deliveredAt: receivedAt.toISOString(), receipt: 'registered', appealDeadlines: appealDeadlinesNow };
    c.event('decision_received', actor, { receivedAt: receivedAt.toISOString(), appealDeadlines: appealDeadlinesNow });
  },
};
