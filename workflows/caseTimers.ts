// What happens on its own: each legal deadline a named timer, and what the case does when it fires.
import { expectedDecisionDate } from '../domain/caseDeadlines';
import { BEFORE_DECISION } from '../domain/caseRules';
import { closeCase, makeFinal } from './caseDecisions';
import { SYSTEM_ACTOR, type CaseRecord } from './caseRecord';

export type CaseTimerName =
  | 'contactDeadline'
  | 'homeVisitReminder'
  | 'provisionalReplyDue'
  | 'appealDeadline'
  | 'reEvaluationDue'
  | 'expiryNotice'
  | 'decisionExpiry';

export interface DueTimer {
  name: CaseTimerName;
  at: number;
}

/** The timers the case's status keeps running now. Pure: recomputed whenever the case changes. */
export function runningTimers(c: CaseRecord): DueTimer[] {
  const { view, state } = c;
  const timers: DueTimer[] = [];
  const add = (name: CaseTimerName, at: string | null | undefined) => {
    if (at) timers.push({ name, at: Date.parse(at) });
  };
  if (view.status === 'received' && !view.flags.contactOverdue) add('contactDeadline', view.deadlines.contactBy);
  if (view.status === 'visit_scheduled' && state.homeVisitReminderDue && view.homeVisit && !view.homeVisit.reminderSent) {
    add('homeVisitReminder', view.homeVisit.reminderAt);
  }
  if (BEFORE_DECISION.includes(view.status) && !view.flags.provisionalReplySent) {
    add('provisionalReplyDue', state.provisionalReplyDispatchAt);
  }
  if (view.status === 'decided') add('appealDeadline', view.deadlines.appealBy);
  if (view.status === 'active' && !view.flags.reEvaluationDue) add('reEvaluationDue', state.reEvaluationDispatchAt);
  if ((view.status === 'decided' || view.status === 'active') && !state.expiryNoticeSent) add('expiryNotice', state.expiryNoticeAt);
  if (view.status === 'active') add('decisionExpiry', view.deadlines.expiresAt);
  return timers;
}

export function earliest(timers: DueTimer[]): DueTimer | undefined {
  return timers.reduce<DueTimer | undefined>((a, b) => (a === undefined || b.at < a.at ? b : a), undefined);
}

/** What each timer does when it fires. */
export async function fireTimer(c: CaseRecord, name: CaseTimerName): Promise<void> {
  const view = c.view;
  switch (name) {
    case 'contactDeadline':
      view.flags.contactOverdue = true;
      await c.record('contact_overdue', SYSTEM_ACTOR, { contactBy: view.deadlines.contactBy });
      return;
    case 'homeVisitReminder':
      if (view.homeVisit) view.homeVisit.reminderSent = true;
      await c.record('home_visit_reminder_sent', SYSTEM_ACTOR, { scheduledAt: view.homeVisit?.scheduledAt ?? null });
      await c.sendLetter('home_visit_reminder');
      return;
    case 'provisionalReplyDue': {
      // Foreløpig svar (fvl § 11 a): the office has not decided within the period, so it says why and when.
      const expectedDecisionBy = expectedDecisionDate(c.now(), c.timers).toISOString();
      const reason =
        'Vi har ikke fått behandlet søknaden ferdig ennå, fordi vi trenger mer tid til å kartlegge behovet ditt og vurdere hvilke tjenester som er riktige for deg.';
      view.flags.provisionalReplySent = true;
      await c.record('provisional_reply_sent', SYSTEM_ACTOR, { automatic: true, expectedDecisionBy });
      await c.sendLetter('provisional_reply', { reason, expectedDecisionBy });
      return;
    }
    case 'appealDeadline':
      // The appeal period ran out with no appeal: the decision is final.
      makeFinal(c);
      await c.record('decision_final', SYSTEM_ACTOR, { status: view.status });
      if (view.status === 'closed') await c.sendLetter('closing');
      return;
    case 'reEvaluationDue':
      view.flags.reEvaluationDue = true;
      await c.record('re_evaluation_due', SYSTEM_ACTOR, { nextReEvaluationAt: view.deadlines.nextReEvaluationAt });
      await c.sendLetter('re_evaluation_notice');
      return;
    case 'expiryNotice':
      c.state.expiryNoticeSent = true;
      await c.record('expiry_notice_sent', SYSTEM_ACTOR, { expiresAt: view.deadlines.expiresAt });
      await c.sendLetter('expiry_notice');
      return;
    case 'decisionExpiry':
      closeCase(c, 'expired');
      await c.record('expired', SYSTEM_ACTOR, { expiresAt: view.deadlines.expiresAt });
      await c.sendLetter('closing');
      return;
  }
}
