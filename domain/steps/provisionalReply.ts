// The provisional reply (foreløpig svar, fvl § 11 a): when a decision takes time, the office says
// why and when to expect it; sent by a caseworker, or by the case when the period runs out, and
// again each time the date the last one gave passes undecided.
import { SYSTEM_ACTOR } from '../case/caseChange';
import { expectedDecisionDate } from '../case/caseDeadlines';
import { BEFORE_DECISION } from '../case/caseRules';
import type { CaseState } from '../case/caseState';
import type { ProvisionalReplyRegarding } from '../case/letterDetails';
import { endOfOsloDay, isCalendarDate, osloDateOf } from '../calendar/osloTime';
import { dateOrInstant, notInPast, stepBody, text } from './fields';
import type { StepDefinition, StepTimers } from './step';

const AUTOMATIC_PROVISIONAL_REASON: Record<ProvisionalReplyRegarding, string> = {
  application:
    'Vi har ikke fått behandlet søknaden ferdig ennå, fordi vi trenger mer tid til å kartlegge behovet ditt og vurdere hvilke tjenester som er riktige for deg.',
  appeal: 'Vi har ikke fått vurdert klagen din ferdig ennå, fordi vi trenger mer tid til å gå gjennom saken på nytt.',
  new_processing:
    'Vedtaket ble opphevet av klageinstansen, og vi behandler saken din på nytt. Vi trenger mer tid til å vurdere behovet ditt før vi gjør et nytt vedtak.',
};

const OVERDUE_PROVISIONAL_REASON: Record<ProvisionalReplyRegarding, string> = {
  application: 'Vi har dessverre ikke klart å gjøre vedtak innen datoen vi ga deg sist. Vi trenger fortsatt litt mer tid til å vurdere behovet ditt.',
  appeal: 'Vi har dessverre ikke klart å vurdere klagen din ferdig innen datoen vi ga deg sist. Vi trenger fortsatt litt mer tid til å gå gjennom saken.',
  new_processing: 'Vi har dessverre ikke klart å gjøre nytt vedtak innen datoen vi ga deg sist. Vi trenger fortsatt litt mer tid til å behandle saken på nytt.',
};

/** What a provisional reply answers in this state. */
function regardingNow(s: CaseState): ProvisionalReplyRegarding {
  return s.status === 'under_reconsideration' ? 'appeal' : s.appeal?.appealBodyDecision?.outcome === 'quashed' ? 'new_processing' : 'application';
}

/** The instant a provisional reply's date runs out: a date at the end of its Oslo day, an instant as it is. */
function endOfPromise(value: string): string {
  return isCalendarDate(value) ? endOfOsloDay(value).toISOString() : new Date(value).toISOString();
}

export const provisionalReplyStepSchema = stepBody({
  reason: text(5_000, 'the reason the decision takes longer'),
  expectedDecisionBy: dateOrInstant
    .refine(notInPast, { error: 'Must not be in the past.' })
    .meta({ description: 'When the applicant can expect the decision.' }),
}).meta({ id: 'ProvisionalReplyStep', description: 'Sends a provisional reply (foreløpig svar, fvl § 11 a) now.' });

export const provisionalReply: StepDefinition<'provisional-reply'> = {
  // While an appeal is reconsidered too, under the rules of "Appeal rights in every case".
  allowedFrom: [...BEFORE_DECISION, 'under_reconsideration'],
  allowedWhen: (view, _now, rules) => view.status !== 'under_reconsideration' || rules.appealRights,
  schema: provisionalReplyStepSchema,
  check(ch, input) {
    ch.text('reason', input.reason, true);
    if (ch.dateOrInstant('expectedDecisionBy', input.expectedDecisionBy, true)) {
      const by = input.expectedDecisionBy;
      const past = isCalendarDate(by) ? by < osloDateOf(new Date(ch.now)) : Date.parse(by) < ch.now;
      if (past) ch.add('expectedDecisionBy', 'Must not be in the past.');
    }
  },
  apply(c, input, actor) {
    const { s, facts } = c;
    const { reason, expectedDecisionBy } = input;
    s.flags.provisionalReplySent = true;
    if (facts.appealRights) {
      const regarding = regardingNow(s);
      // The reply's date is a promise: when it passes undecided, another reply is due.
      s.provisionalReplyExpectedBy = endOfPromise(expectedDecisionBy);
      c.event('provisional_reply_sent', actor, { automatic: false, expectedDecisionBy, regarding });
      c.letter('provisional_reply', { reason, expectedDecisionBy, regarding });
      return;
    }
    c.event('provisional_reply_sent', actor, { automatic: false, expectedDecisionBy });
    c.letter('provisional_reply', { reason, expectedDecisionBy, regarding: 'application' });
  },
};

export const provisionalReplyTimers: StepTimers<'provisionalReplyDue' | 'provisionalReplyOverdue'> = {
  provisionalReplyDue(c) {
    // The office has not answered within the period, so it says why and when.
    const { s, facts } = c;
    const regarding = regardingNow(s);
    const expectedDecisionBy = expectedDecisionDate(new Date(c.now), facts.timers).toISOString();
    s.flags.provisionalReplySent = true;
    if (facts.appealRights) s.provisionalReplyExpectedBy = expectedDecisionBy;
    c.event('provisional_reply_sent', SYSTEM_ACTOR, { automatic: true, expectedDecisionBy, regarding });
    c.letter('provisional_reply', { reason: AUTOMATIC_PROVISIONAL_REASON[regarding], expectedDecisionBy, regarding });
  },
  provisionalReplyOverdue(c) {
    // The date the last provisional reply gave has passed undecided: a new reply, with a new date.
    const { s, facts } = c;
    const regarding = regardingNow(s);
    const previousExpectedBy = s.provisionalReplyExpectedBy ?? '';
    const expectedDecisionBy = expectedDecisionDate(new Date(c.now), facts.timers).toISOString();
    s.flags.provisionalReplyOverdue = true;
    s.flags.provisionalReplySent = true;
    s.provisionalReplyExpectedBy = expectedDecisionBy;
    c.event('provisional_reply_overdue', SYSTEM_ACTOR, { expectedDecisionBy: previousExpectedBy, newExpectedDecisionBy: expectedDecisionBy, regarding });
    c.letter('provisional_reply', { reason: OVERDUE_PROVISIONAL_REASON[regarding], expectedDecisionBy, regarding, previousExpectedBy });
  },
};
