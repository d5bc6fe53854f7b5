// Which deadlines run on their own in each status, read off the law and written out here as a table
// (never taken from domain/caseTimers.ts): the contact deadline while the applicant waits, foreløpig
// svar (fvl § 11 a) before a decision and on an appeal, the appeal period (fvl § 29) while a decision
// is not final, the re-evaluation, the notice and end of a time-limited grant while it runs, and the
// one-year limit of a late appeal (fvl § 31) on a closed case a refusal ended.
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../../config/policy';
import type { CaseTimerName } from '../../../domain/case/caseCommands';
import { initialCaseState, type CaseFacts, type CaseState } from '../../../domain/case/caseState';
import { caseIsOver, earliest, rulesOf, runningTimers } from '../../../domain/case/caseTimers';
import type { CaseStatus, Decision } from '../../../domain/case/caseTypes';

const FACTS: CaseFacts = {
  caseId: '00000000-0000-4000-8000-0000000000bb',
  caseNumber: '2027/0043',
  municipality: 'namsos',
  services: ['home_nursing'],
  channel: 'digital',
  // Monday 1 March 2027, 10.00 in Oslo: contact within 1 week, by the end of Monday 8 March.
  receivedAt: '2027-03-01T09:00:00.000Z',
  timers: loadPolicy().municipalities.namsos!.timers,
  appealRights: true,
};
const CONTACT_BY = '2027-03-08T23:00:00.000Z';

// Every date a state can hold, each a different instant so a timer is known by its date.
const AT = {
  reminder: '2027-03-10T09:00:00.000Z',
  provisionalOut: '2027-03-23T23:00:00.000Z',
  expectedBy: '2027-04-30T22:00:00.000Z',
  appealBy: '2027-04-02T22:00:00.000Z',
  reEvaluationOut: '2027-09-30T22:00:00.000Z',
  expiryNotice: '2027-11-30T23:00:00.000Z',
  // until 2027-12-31: the grant runs to the end of that day, Oslo time (winter).
  expiresAt: '2027-12-31T23:00:00.000Z',
};
const DECIDED_AT = '2027-03-05T10:00:00.000Z';
// One year after Friday 5 March 2027 (Oslo): the end of Sunday 5 March 2028; the right lapses just after.
const APPEAL_RIGHT_LAPSES = Date.parse('2028-03-05T23:00:00.000Z') + 1;

function decision(over: Partial<Decision> = {}): Decision {
  return {
    outcome: 'granted',
    services: [{ code: 'home_nursing', outcome: 'granted', hoursPerWeek: 5, until: '2027-12-31' }],
    justification: 'Vurdert.',
    deliveredAt: DECIDED_AT,
    decidedAt: DECIDED_AT,
    appealDeadlines: { statsforvalteren: AT.appealBy },
    decidedBy: 'office',
    terminates: false,
    ...over,
  };
}

const REFUSAL = decision({ outcome: 'refused', services: [{ code: 'home_nursing', outcome: 'refused' }] });

/** A state in `status` with every date set and nothing done yet: what runs is up to the status alone. */
function stateIn(status: CaseStatus, over: Partial<CaseState> = {}): CaseState {
  const decided = !['received', 'contacted', 'visit_scheduled', 'under_assessment'].includes(status);
  return {
    ...initialCaseState(FACTS),
    status,
    closedReason: status === 'closed' ? 'refused' : null,
    homeVisit: { scheduledAt: '2027-03-11T09:00:00.000Z', reminderAt: AT.reminder, reminderSent: false, completedAt: null, notes: null },
    homeVisitReminderDue: true,
    decision: decided ? (status === 'closed' ? REFUSAL : decision()) : null,
    provisionalReplyDispatchAt: AT.provisionalOut,
    provisionalReplyExpectedBy: AT.expectedBy,
    reEvaluationDispatchAt: AT.reEvaluationOut,
    expiryNoticeAt: AT.expiryNotice,
    ...over,
  };
}

const names = (facts: CaseFacts, state: CaseState) => runningTimers(facts, state).map((t) => t.name).sort();
const sorted = (list: CaseTimerName[]) => [...list].sort();

// The law's table: the timers each status runs when nothing has happened yet.
const RUNNING: Record<CaseStatus, CaseTimerName[]> = {
  received: ['contactDeadline', 'provisionalReplyDue', 'provisionalReplyOverdue'],
  contacted: ['provisionalReplyDue', 'provisionalReplyOverdue'],
  visit_scheduled: ['homeVisitReminder', 'provisionalReplyDue', 'provisionalReplyOverdue'],
  under_assessment: ['provisionalReplyDue', 'provisionalReplyOverdue'],
  decided: ['appealDeadline', 'expiryNotice'],
  under_reconsideration: ['provisionalReplyDue', 'provisionalReplyOverdue'],
  with_appeal_body: [],
  active: ['reEvaluationDue', 'expiryNotice', 'decisionExpiry'],
  closed: ['appealRightLapses'],
};

describe('the timers each status runs', () => {
  for (const [status, expected] of Object.entries(RUNNING) as [CaseStatus, CaseTimerName[]][]) {
    it(`${status}: ${expected.join(', ') || 'none'}`, () => {
      expect(names(FACTS, stateIn(status))).toEqual(sorted(expected));
    });
  }

  it('fires each at its own date', () => {
    const at = (status: CaseStatus) => Object.fromEntries(runningTimers(FACTS, stateIn(status)).map((t) => [t.name, new Date(t.at).toISOString()]));
    expect(at('received')).toEqual({ contactDeadline: CONTACT_BY, provisionalReplyDue: AT.provisionalOut, provisionalReplyOverdue: AT.expectedBy });
    expect(at('visit_scheduled').homeVisitReminder).toBe(AT.reminder);
    expect(at('decided')).toEqual({ appealDeadline: AT.appealBy, expiryNotice: AT.expiryNotice });
    expect(at('active')).toEqual({ reEvaluationDue: AT.reEvaluationOut, expiryNotice: AT.expiryNotice, decisionExpiry: AT.expiresAt });
    expect(runningTimers(FACTS, stateIn('closed'))).toEqual([{ name: 'appealRightLapses', at: APPEAL_RIGHT_LAPSES }]);
  });
});

describe('a timer stops once what it waits for has happened', () => {
  it('no contact deadline once the case is flagged overdue', () => {
    const s = stateIn('received');
    expect(names(FACTS, { ...s, flags: { ...s.flags, contactOverdue: true } })).toEqual(sorted(['provisionalReplyDue', 'provisionalReplyOverdue']));
  });

  it('no home-visit reminder once sent, when the visit was booked too late for one, or without a visit', () => {
    const s = stateIn('visit_scheduled');
    const without = sorted(['provisionalReplyDue', 'provisionalReplyOverdue']);
    expect(names(FACTS, { ...s, homeVisit: { ...s.homeVisit!, reminderSent: true } })).toEqual(without);
    expect(names(FACTS, { ...s, homeVisitReminderDue: false })).toEqual(without);
    expect(names(FACTS, { ...s, homeVisit: null })).toEqual(without);
  });

  it('no foreløpig svar once sent, before a decision and on an appeal; a promised date still runs', () => {
    for (const status of ['received', 'under_assessment', 'under_reconsideration'] as const) {
      const s = stateIn(status);
      expect(names(FACTS, { ...s, flags: { ...s.flags, provisionalReplySent: true } })).not.toContain('provisionalReplyDue');
      expect(names(FACTS, { ...s, flags: { ...s.flags, provisionalReplySent: true } })).toContain('provisionalReplyOverdue');
    }
  });

  it('no new foreløpig svar without a promised date, nor on a run started before the appeal-rights rules', () => {
    expect(names(FACTS, stateIn('contacted', { provisionalReplyExpectedBy: null }))).toEqual(['provisionalReplyDue']);
    expect(names({ ...FACTS, appealRights: false }, stateIn('under_reconsideration'))).toEqual(['provisionalReplyDue']);
    expect(names({ ...FACTS, appealRights: undefined }, stateIn('received'))).toEqual(sorted(['contactDeadline', 'provisionalReplyDue']));
  });

  it('no re-evaluation timer once the re-evaluation is due', () => {
    const s = stateIn('active');
    expect(names(FACTS, { ...s, flags: { ...s.flags, reEvaluationDue: true } })).toEqual(sorted(['expiryNotice', 'decisionExpiry']));
  });

  it('no expiry notice once sent; a grant with no end has neither notice date nor end', () => {
    expect(names(FACTS, stateIn('decided', { expiryNoticeSent: true }))).toEqual(['appealDeadline']);
    expect(names(FACTS, stateIn('active', { expiryNoticeSent: true }))).toEqual(sorted(['reEvaluationDue', 'decisionExpiry']));
    const open = decision({ services: [{ code: 'home_nursing', outcome: 'granted' }] });
    expect(names(FACTS, stateIn('active', { decision: open, expiryNoticeAt: null }))).toEqual(['reEvaluationDue']);
  });
});

describe('the one-year limit of a late appeal on a closed case (fvl § 31)', () => {
  it('runs on a refusal, not on a case the applicant withdrew or one with nothing refused', () => {
    expect(names(FACTS, stateIn('closed', { closedReason: 'withdrawn' }))).toEqual([]);
    expect(names(FACTS, stateIn('closed', { closedReason: 'expired', decision: decision() }))).toEqual([]);
    expect(names(FACTS, stateIn('closed', { decision: null }))).toEqual([]);
  });

  it('keeps the case open until the year has run out, to the millisecond', () => {
    const s = stateIn('closed');
    const rules = rulesOf(FACTS);
    expect(caseIsOver(s, APPEAL_RIGHT_LAPSES - 1, rules)).toBe(false);
    expect(caseIsOver(s, APPEAL_RIGHT_LAPSES, rules)).toBe(true);
    // A withdrawn case is over at once; an open one never is.
    expect(caseIsOver(stateIn('closed', { closedReason: 'withdrawn' }), Date.parse(DECIDED_AT), rules)).toBe(true);
    expect(caseIsOver(stateIn('active'), APPEAL_RIGHT_LAPSES + 1, rules)).toBe(false);
  });
});

describe('the rules a run decides by', () => {
  it('are the appeal-rights rules only when the run started on them', () => {
    expect(rulesOf({ appealRights: true })).toEqual({ appealRights: true });
    expect(rulesOf({ appealRights: false })).toEqual({ appealRights: false });
    expect(rulesOf({})).toEqual({ appealRights: false });
  });
});

describe('the earliest timer', () => {
  it('is the one with the smallest instant; of two at once, the first listed', () => {
    expect(earliest([])).toBeUndefined();
    expect(earliest([{ name: 'expiryNotice', at: 30 }, { name: 'decisionExpiry', at: 10 }, { name: 'reEvaluationDue', at: 20 }])).toEqual({ name: 'decisionExpiry', at: 10 });
    expect(earliest([{ name: 'decisionExpiry', at: 10 }, { name: 'expiryNotice', at: 30 }])).toEqual({ name: 'decisionExpiry', at: 10 });
    expect(earliest([{ name: 'expiryNotice', at: 10 }, { name: 'decisionExpiry', at: 10 }])).toEqual({ name: 'expiryNotice', at: 10 });
  });
});
