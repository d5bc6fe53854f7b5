// The state rules and the case's deadlines, read and tested apart from Temporal.
import { describe, expect, it } from 'vitest';
import {
  appealDeadlines,
  decisionExpiry,
  expiryNoticeAt,
  isOverdue,
  latestAppealDeadline,
  nextRunningDeadline,
  provisionalReplyDeadline,
} from '../../domain/case/caseDeadlines';
import type { CaseStep } from '../../domain/case/caseRules';
import { allowedSteps, stepRefusal } from '../../domain/decider';
import type { CaseStatus, CaseView, Decision } from '../../domain/case/caseTypes';
import { initialCaseView } from '../../domain/case/initialCaseView';
import { loadPolicy } from '../../config/policy';

// A moment some weeks after the decisions below: within a year of each.
const NOW = Date.parse('2027-04-01T10:00:00.000Z');
const timers = loadPolicy().municipalities.namsos!.timers;
const received = (receivedAt = '2027-03-01T09:00:00.000Z') =>
  initialCaseView({ caseId: 'c1', municipality: 'namsos', services: ['home_nursing'], channel: 'digital', receivedAt, timers });
const withStatus = (status: CaseStatus, extra: Partial<CaseView> = {}): CaseView => ({ ...received(), status, ...extra });
const decision = (over: Partial<Decision> = {}): Decision => ({
  outcome: 'granted',
  services: [{ code: 'home_nursing' }],
  justification: 'x',
  deliveredAt: '2027-03-05T10:00:00.000Z',
  decidedAt: '2027-03-05T10:00:00.000Z',
  appealDeadlines: {},
  decidedBy: 'office',
  terminates: false,
  ...over,
});

describe('which step each status allows (the contract table)', () => {
  const expected: Record<CaseStatus, CaseStep[]> = {
    received: ['contact', 'home-visit', 'provisional-reply', 'decision', 'withdraw', 'representative'],
    contacted: ['home-visit', 'provisional-reply', 'decision', 'withdraw', 'representative'],
    visit_scheduled: ['home-visit', 'home-visit/complete', 'home-visit/cancel', 'provisional-reply', 'decision', 'withdraw', 'representative'],
    under_assessment: ['provisional-reply', 'decision', 'withdraw', 'representative'],
    decided: ['appeal', 'withdraw', 'decision-received', 'representative'],
    under_reconsideration: ['provisional-reply', 'reconsideration', 'withdraw', 'appeal/withdraw', 'representative'],
    with_appeal_body: ['appeal-body-decision', 'withdraw', 'appeal/withdraw', 'representative'],
    active: ['appeal', 're-evaluation', 'withdraw', 'advance-notice', 'representative'],
    closed: [],
  };
  it('closed: a refusal or a termination takes an appeal within one year of the decision (fvl § 31), nothing else', () => {
    const refused = withStatus('closed', { closedReason: 'refused', decision: decision({ outcome: 'refused' }) });
    expect(allowedSteps(refused, NOW)).toEqual(['appeal']);
    expect(allowedSteps({ ...refused, closedReason: 'terminated' }, NOW)).toEqual(['appeal']);
    expect(allowedSteps({ ...refused, closedReason: 'withdrawn' }, NOW)).toEqual([]);
    expect(allowedSteps({ ...refused, closedReason: 'withdrawn' }, NOW, { appealRights: false })).toEqual([]);
    // A time-limited grant that expired, with a service refused in the same decision: appealable for the year.
    const partly = decision({ outcome: 'partially_granted', services: [{ code: 'short_term_stay', outcome: 'granted' }, { code: 'long_term_stay', outcome: 'refused' }] });
    expect(allowedSteps(withStatus('closed', { closedReason: 'expired', decision: partly }), NOW)).toEqual(['appeal']);
    expect(allowedSteps(withStatus('closed', { closedReason: 'expired', decision: partly }), NOW, { appealRights: false })).toEqual([]);
    expect(allowedSteps(withStatus('closed', { closedReason: 'expired', decision: decision() }), NOW)).toEqual([]);
    // The year runs to the end of 5 March 2028, Oslo time.
    expect(allowedSteps(refused, Date.parse('2028-03-05T22:59:59.000Z'))).toEqual(['appeal']);
    expect(stepRefusal('appeal', refused, Date.parse('2028-03-05T23:00:01.000Z'))?.code).toBe('case_closed');
  });
  for (const [status, steps] of Object.entries(expected) as [CaseStatus, CaseStep[]][]) {
    it(status, () => {
      expect(allowedSteps(withStatus(status, { decision: decision() }), NOW)).toEqual(steps);
    });
  }

  it('says the status and what is allowed when it refuses', () => {
    const refusal = stepRefusal('appeal', withStatus('received'), NOW);
    expect(refusal?.code).toBe('invalid_transition');
    expect(refusal?.message).toContain('The case is received');
    expect(refusal?.message).toContain('Allowed now: contact, home-visit, provisional-reply, decision, withdraw, representative.');
    expect(stepRefusal('contact', withStatus('closed', { closedReason: 'withdrawn' }), NOW)?.code).toBe('case_closed');
  });

  it('lets an active case take a new decision only when a re-evaluation is due', () => {
    const active = withStatus('active', { decision: decision() });
    expect(stepRefusal('decision', active, NOW)?.code).toBe('invalid_transition');
    expect(stepRefusal('decision', { ...active, flags: { ...active.flags, reEvaluationDue: true } }, NOW)).toBeNull();
  });

  it('takes no appeal on a final refusal, nor on a decision the appeal body ruled on', () => {
    expect(stepRefusal('appeal', withStatus('active', { decision: decision({ outcome: 'refused' }) }), NOW)).not.toBeNull();
    expect(stepRefusal('appeal', withStatus('active', { decision: decision({ decidedBy: 'statsforvalteren' }) }), NOW)).not.toBeNull();
    const ruled = {
      receivedAt: '2027-03-10T10:00:00.000Z', sentAt: null, services: ['home_nursing'], text: null, late: false, reconsideration: null,
      appealBodyDecision: { outcome: 'upheld' as const, justification: null, at: '2027-05-01T10:00:00.000Z' },
    };
    expect(stepRefusal('appeal', withStatus('active', { decision: decision(), appeal: ruled }), NOW)).not.toBeNull();
    // A new decision after the ruling (a quashed appeal, a re-evaluation) can be appealed again.
    expect(stepRefusal('appeal', withStatus('active', { decision: decision({ decidedAt: '2027-06-01T10:00:00.000Z' }), appeal: ruled }), NOW)).toBeNull();
  });
});

describe('the case deadlines', () => {
  it('counts the appeal period per appeal body and takes the later one (brief § 10, scenarios 1 and 2)', () => {
    const deadlines = appealDeadlines(new Date('2027-03-05T10:00:00.000Z'), ['practical_assistance', 'sheltered_housing'], timers);
    // The instant is the end of the last day, Oslo time: 2 April and 30 March 2027.
    expect(deadlines).toEqual({ statsforvalteren: '2027-04-02T22:00:00.000Z', klagenemnd: '2027-03-30T22:00:00.000Z' });
    expect(latestAppealDeadline(deadlines)).toBe('2027-04-02T22:00:00.000Z');
  });

  it('sends the provisional reply on the last working day before the period runs out (scenario 17)', () => {
    const { dueAt, dispatchAt } = provisionalReplyDeadline(new Date('2027-03-01T09:00:00.000Z'), timers);
    expect(dispatchAt.toISOString()).toBe('2027-03-23T23:00:00.000Z'); // 00:00 Wed 24 March, Oslo
    expect(dueAt.toISOString()).toBe('2027-03-24T23:00:00.000Z');
  });

  it('ends a time-limited decision after its last day, with the notice four weeks before (scenario 23)', () => {
    const expires = decisionExpiry({ outcome: 'granted', services: [{ code: 'short_term_stay', from: '2027-01-04', until: '2027-01-31' }] });
    expect(expires?.toISOString()).toBe('2027-01-31T23:00:00.000Z'); // from 1 February, Oslo
    // Four weeks before Sunday 31 January is Sunday 3 January; Saturday 2 and New Year's Day are no
    // working days, so the notice goes out on Thursday 31 December 2026.
    expect(expiryNoticeAt(expires!, timers.expiryNoticeBefore).toISOString()).toBe('2026-12-30T23:00:00.000Z');
  });

  it('names the earliest running deadline, and calls a case overdue only while the office is late', () => {
    const view = received();
    expect(nextRunningDeadline(view)).toBe(view.deadlines.contactBy);
    expect(isOverdue({ ...view, flags: { ...view.flags, contactOverdue: true } })).toBe(true);
    expect(isOverdue({ ...view, status: 'contacted', flags: { ...view.flags, contactOverdue: true } })).toBe(false);
    expect(nextRunningDeadline({ ...view, status: 'closed' })).toBeNull();
  });
});
