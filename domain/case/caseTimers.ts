// What happens on its own: the timers the case's state keeps running now. Pure: the workflow
// recomputes them whenever the case changes, and tells the decider when the earliest one fires.
import { appealCutOff } from './caseDeadlines';
import type { CaseTimerName } from './caseCommands';
import { appealOpenOnClosed, BEFORE_DECISION, type RuleSet } from './caseRules';
import { caseViewOf, type CaseFacts, type CaseState } from './caseState';

export interface DueTimer {
  name: CaseTimerName;
  at: number;
}

/** The rules a run decides by: those it started on. */
export function rulesOf(facts: Pick<CaseFacts, 'appealRights' | 'reductions'>): RuleSet {
  return { appealRights: facts.appealRights === true, ...(facts.reductions ? { reductions: true } : {}) };
}

export function runningTimers(facts: CaseFacts, state: CaseState): DueTimer[] {
  const view = caseViewOf(facts, state);
  const rules = rulesOf(facts);
  const timers: DueTimer[] = [];
  const add = (name: CaseTimerName, at: string | null | undefined) => {
    if (at) timers.push({ name, at: Date.parse(at) });
  };
  const { status, flags } = state;
  if (status === 'received' && !flags.contactOverdue) add('contactDeadline', view.deadlines.contactBy);
  if (status === 'visit_scheduled' && state.homeVisitReminderDue && state.homeVisit && !state.homeVisit.reminderSent) {
    add('homeVisitReminder', state.homeVisit.reminderAt);
  }
  // Foreløpig svar is owed on the application, on an appeal the office has not answered, and after a quash.
  if ((BEFORE_DECISION.includes(status) || status === 'under_reconsideration') && !flags.provisionalReplySent) {
    add('provisionalReplyDue', state.provisionalReplyDispatchAt);
  }
  // The date a provisional reply promised has passed undecided: a new reply is due (fvl § 11 a).
  if (rules.appealRights && (BEFORE_DECISION.includes(status) || status === 'under_reconsideration') && state.provisionalReplyExpectedBy) {
    add('provisionalReplyOverdue', state.provisionalReplyExpectedBy);
  }
  if (status === 'decided') add('appealDeadline', view.deadlines.appealBy);
  if (status === 'active' && !flags.reEvaluationDue) add('reEvaluationDue', state.reEvaluationDispatchAt);
  if ((status === 'decided' || status === 'active') && !state.expiryNoticeSent) add('expiryNotice', state.expiryNoticeAt);
  if (status === 'active') add('decisionExpiry', view.deadlines.expiresAt);
  if (status === 'closed' && state.decision && appealOpenOnClosed(state, Date.parse(state.decision.decidedAt), rules)) {
    timers.push({ name: 'appealRightLapses', at: appealCutOff(new Date(state.decision.decidedAt)).getTime() + 1 });
  }
  return timers;
}

export function earliest(timers: DueTimer[]): DueTimer | undefined {
  return timers.reduce<DueTimer | undefined>((a, b) => (a === undefined || b.at < a.at ? b : a), undefined);
}

/** Nothing more can happen to the case: closed, and no appeal can reopen it. The workflow ends. */
export function caseIsOver(state: CaseState, now: number, rules: RuleSet): boolean {
  return state.status === 'closed' && !appealOpenOnClosed(state, now, rules);
}
