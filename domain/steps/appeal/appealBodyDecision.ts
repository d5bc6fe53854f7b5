// The appeal body's ruling (Statsforvalteren or the municipal appeals board): upheld, reversed, or
// quashed (opphevet: the office decides again). Where two bodies each hear part of an appeal, each rules on its own.
import type { CaseChange } from '../../case/caseChange';
import type { StepInputs } from '../../case/caseCommands';
import { APPEAL_BODIES, APPEAL_BODY_OUTCOMES, type AppealBodyPart, type Decision, type DecisionInput } from '../../case/caseTypes';
import { grantedInFull } from '../../case/decidedServices';
import { decisionInputSchema } from '../decision';
import { oneOf, stepBody, text } from '../fields';
import type { StepDefinition } from '../step';

type Ruling = StepInputs['appeal-body-decision'];

/** What the body's reversal decides: its own services granted, the rest of the decision as it was. */
function grantedFor(previous: Decision | null, codes: readonly string[], justification: string): DecisionInput {
  const services = (previous?.services ?? []).map((service) => {
    if (!codes.includes(service.code)) return service;
    const { hoursPerWeek, ...rest } = service;
    return { ...rest, ...(hoursPerWeek ? { hoursPerWeek } : {}), outcome: 'granted' as const };
  });
  for (const code of codes) if (!services.some((x) => x.code === code)) services.push({ code, outcome: 'granted' });
  const outcome = services.every((x) => x.outcome === 'granted') ? 'granted' : 'partially_granted';
  return { outcome, services, justification };
}

/** One of two appeal bodies rules on its part; the case moves on once both have. */
function applyPartRuling(c: CaseChange, i: Ruling, actor: string, parts: AppealBodyPart[]): void {
  const { s } = c;
  const pending = parts.filter((p) => p.outcome === null);
  const body = i.body ?? pending[0]!.body;
  const part = parts.find((p) => p.body === body)!;
  if (i.outcome === 'reversed') {
    c.applyDecision(i.decision ?? grantedFor(s.decision, part.services, i.justification ?? 'Klagen er tatt til følge.'), body);
  }
  s.appealBodies = parts.map((p) => (p.body === body ? { ...p, outcome: i.outcome } : p));
  const ruled = s.appealBodies;
  if (ruled.some((p) => p.outcome === null)) {
    s.status = 'with_appeal_body';
  } else if (ruled.some((p) => p.outcome === 'quashed')) {
    s.status = 'under_assessment';
    c.owesProvisionalReply(new Date(c.now));
  } else {
    c.makeFinal();
  }
  if (s.appeal) s.appeal = { ...s.appeal, appealBodyDecision: { outcome: i.outcome, justification: i.justification ?? null, at: c.nowIso } };
  c.event('appeal_body_decision', actor, { outcome: i.outcome, appealBody: body, services: part.services, status: s.status });
  c.letter('appeal_outcome', { appealBody: body });
  if (s.status === 'closed') c.letter('closing');
}

export const appealBodyDecisionStepSchema = stepBody({
  body: oneOf(APPEAL_BODIES).optional().meta({ description: 'Which appeal body ruled: required while two hear parts of the appeal.' }),
  outcome: oneOf(APPEAL_BODY_OUTCOMES),
  justification: text(20_000, 'the justification').optional(),
  decision: decisionInputSchema.optional().meta({ description: "The appeal body's changed decision, when it reversed the office's." }),
}).meta({ id: 'AppealBodyDecisionStep' });

export const appealBodyDecision: StepDefinition<'appeal-body-decision'> = {
  allowedFrom: ['with_appeal_body'],
  schema: appealBodyDecisionStepSchema,
  check(ch, input, facts, state) {
    const pending = (state.appealBodies ?? []).filter((p) => p.outcome === null).map((p) => p.body);
    const body = input.body;
    if (facts.appealRights && pending.length > 0) {
      if (body === undefined && pending.length > 1) ch.add('body', `Required while ${pending.join(' and ')} each hear part of the appeal.`);
      else if (body !== undefined && !pending.includes(body)) ch.add('body', `Must be an appeal body that has not ruled yet: ${pending.join(', ')}.`);
    }
    ch.oneOf('outcome', input.outcome, APPEAL_BODY_OUTCOMES);
    ch.text('justification', input.justification, false);
    ch.decision('decision', input.decision, false);
  },
  apply(c, i, actor) {
    const { s, facts } = c;
    const parts = s.appealBodies ?? [];
    if (facts.appealRights && parts.length > 1) {
      applyPartRuling(c, i, actor, parts);
      return;
    }
    if (facts.appealRights && parts.length === 1) s.appealBodies = [{ ...parts[0]!, outcome: i.outcome }];
    const body = s.appealBody ?? 'statsforvalteren';
    if (i.outcome === 'quashed') {
      // Opphevet: sent back for new processing and a new decision; a provisional reply is owed if it takes time.
      s.status = 'under_assessment';
      c.owesProvisionalReply(new Date(c.now));
    } else {
      if (i.outcome === 'reversed') {
        c.applyDecision(i.decision ?? grantedInFull(s.decision, facts.services, i.justification ?? 'Klagen er tatt til følge.'), body);
      }
      c.makeFinal();
    }
    // Set after any new decision, so the ruling is known to postdate the decision it made final.
    if (s.appeal) s.appeal = { ...s.appeal, appealBodyDecision: { outcome: i.outcome, justification: i.justification ?? null, at: c.nowIso } };
    c.event('appeal_body_decision', actor, { outcome: i.outcome, appealBody: body, status: s.status });
    c.letter('appeal_outcome');
    if (s.status === 'closed') c.letter('closing');
  },
};
