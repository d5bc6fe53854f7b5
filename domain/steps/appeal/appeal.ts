// The appeal (klage) on a decision: timely when sent within the period (fvl § 30), still taken when
// late (fvl § 31), never more than a year after the decision. The office reconsiders it first
// (reconsideration.ts); the appeal body rules on what it upholds (appealBodyDecision.ts).
import { SYSTEM_ACTOR } from '../../case/caseChange';
import { appealCutOff, latestAppealDeadline } from '../../case/caseDeadlines';
import { appealableWhenFinal, appealOpenOnClosed } from '../../case/caseRules';
import type { CaseFacts, CaseState } from '../../case/caseState';
import { decidedCodes } from '../../case/decidedServices';
import { appealBodyFor } from '../../policy/catalogue';
import { instant, notInFuture, servicesSchema, stepBody, text } from '../fields';
import type { StepDefinition, StepTimers } from '../step';
import type { StepChecks } from '../stepChecks';

function appealProblems(ch: StepChecks, facts: CaseFacts, state: CaseState, i: { receivedAt?: string; sentAt?: string; text?: string; services?: unknown }): void {
  ch.text('text', i.text, false);
  const receivedAt = ch.pastInstant('receivedAt', i.receivedAt, false) ?? (i.receivedAt === undefined ? new Date(ch.now) : undefined);
  const sentAt = ch.pastInstant('sentAt', i.sentAt, false);
  const decision = state.decision;
  if (receivedAt && decision) {
    if (receivedAt > appealCutOff(new Date(decision.decidedAt))) {
      // fvl § 31 tredje ledd: never more than one year after the decision.
      ch.add('receivedAt', 'More than one year after the decision: the appeal cannot be taken (forvaltningsloven § 31).');
    }
    if (receivedAt < new Date(decision.decidedAt)) ch.add('receivedAt', 'Must not be before the decision was made.');
  }
  if (sentAt && receivedAt && sentAt > receivedAt) ch.add('sentAt', 'Must not be after the appeal was received.');
  if (sentAt && decision && sentAt.getTime() < Math.min(Date.parse(decision.decidedAt), Date.parse(decision.deliveredAt))) {
    ch.add('sentAt', 'Must not be before the decision was made.');
  }
  if (i.services !== undefined) {
    const decided = decision ? decidedCodes(decision, facts.services) : facts.services;
    if (!Array.isArray(i.services) || i.services.length === 0) {
      ch.add('services', 'Must list at least one service the decision decided.');
    } else {
      i.services.forEach((code: unknown, n: number) => {
        if (typeof code !== 'string' || !decided.includes(code)) ch.add(`services[${n}]`, `Must be a service the decision decided: ${decided.join(', ')}.`);
        else if (i.services && (i.services as unknown[]).indexOf(code) !== n) ch.add(`services[${n}]`, `${code} is listed twice.`);
      });
    }
  }
}

export const appealStepSchema = stepBody({
  receivedAt: instant
    .refine(notInFuture, { error: 'Must not be in the future.' })
    .optional()
    .meta({ description: 'When the appeal came in. Defaults to now.' }),
  sentAt: instant
    .refine(notInFuture, { error: 'Must not be in the future.' })
    .optional()
    .meta({ description: 'When the applicant posted or sent it (fvl § 30): the appeal is timely if this is on or before the deadline, whenever it arrived.' }),
  text: text(20_000, 'the text of the appeal').optional(),
  services: servicesSchema
    .optional()
    .meta({ description: 'The services appealed (default: every service of the decision): Statsforvalteren hears it if any is statutory, else the municipal appeals board.' }),
})
  .superRefine((body, ctx) => {
    if (body.sentAt && body.receivedAt && Date.parse(body.sentAt) > Date.parse(body.receivedAt)) {
      ctx.addIssue({ code: 'custom', path: ['sentAt'], message: 'Must not be after the appeal was received.' });
    }
  })
  .meta({ id: 'AppealStep' });

export const appeal: StepDefinition<'appeal'> = {
  // A granted decision made final can still be appealed (a late appeal, fvl § 31); so can a closed
  // refusal or termination, within one year of the decision (appealOpenOnClosed).
  allowedFrom: ['decided', 'active', 'closed'],
  allowedWhen(view, now, rules) {
    // Stryker disable next-line OptionalChaining: appealableWhenFinal is true only when the view has a decision
    if (view.status === 'active') return appealableWhenFinal(view) && view.decision?.outcome !== 'refused';
    if (view.status === 'closed') return appealOpenOnClosed(view, now, rules);
    return true;
  },
  refusedWhy: (view) => (view.status === 'active' ? 'the decision cannot be appealed: the appeal body has ruled on it, or nothing was granted' : undefined),
  schema: appealStepSchema,
  check(ch, input, facts, state) {
    appealProblems(ch, facts, state, input);
  },
  apply(c, i, actor) {
    const { s, facts } = c;
    const decision = s.decision;
    const receivedAt = i.receivedAt ? new Date(i.receivedAt) : new Date(c.now);
    const sentAt = i.sentAt ? new Date(i.sentAt).toISOString() : null;
    const services = i.services ?? (decision ? decidedCodes(decision, facts.services) : [...facts.services]);
    const body = appealBodyFor(services);
    const deadline = decision ? (decision.appealDeadlines[body] ?? latestAppealDeadline(decision.appealDeadlines)) : null;
    // Timely when posted or sent on or before the deadline, whenever it arrived (fvl § 30). A late
    // appeal is flagged, not refused: the office may still consider it (fvl § 31).
    const at = Date.parse(sentAt ?? receivedAt.toISOString());
    // Each service on its own period: the safety alarm's 3 weeks may have run out while the nursing's 4 weeks run.
    const lateServices =
      facts.appealRights && decision
        ? services.filter((code) => {
            const own = decision.appealDeadlines[appealBodyFor([code])] ?? deadline;
            return own !== null && at > Date.parse(own);
          })
        : null;
    const late = lateServices ? lateServices.length > 0 : deadline !== null && at > Date.parse(deadline);
    const reopened = s.status === 'closed';
    s.appeal = {
      receivedAt: receivedAt.toISOString(),
      sentAt,
      services,
      text: i.text ?? null,
      late,
      ...(lateServices ? { lateServices } : {}),
      reconsideration: null,
      appealBodyDecision: null,
    };
    s.flags.lateAppeal = late;
    s.appealBody = null;
    if (facts.appealRights) s.appealBodies = [];
    s.appealedFrom = { status: s.status, closedReason: s.closedReason };
    s.status = 'under_reconsideration';
    s.closedReason = null;
    c.owesProvisionalReply(receivedAt);
    c.event('appeal_received', actor, { receivedAt: receivedAt.toISOString(), sentAt, late, services, ...(lateServices ? { lateServices } : {}), ...(reopened ? { reopened: true } : {}) });
    c.letter('appeal_acknowledgement');
  },
};

export const appealTimers: StepTimers<'appealDeadline' | 'appealRightLapses'> = {
  appealDeadline(c) {
    // The appeal period ran out with no appeal: the decision is final.
    c.makeFinal();
    c.event('decision_final', SYSTEM_ACTOR, { status: c.s.status });
    if (c.s.status === 'closed') c.letter('closing');
  },
  appealRightLapses() {
    // Nothing to record: the case is over, and the workflow ends.
  },
};
