// The small deadline rules a manager's list and the refusals rest on, each pinned by an example
// whose answer is written out: which deadline runs in which status, when a case is overdue, what
// a refused step tells the caseworker.
import { describe, expect, it } from 'vitest';
import { expiryNoticeAt, isOverdue, latestAppealDeadline, nextRunningDeadline } from '../../../domain/case/caseDeadlines';
import { stepRefusal } from '../../../domain/decider';
import type { CaseView } from '../../../domain/case/caseTypes';
import { caseFacts, LawCase } from './caseDriver';

const DECIDED = '2027-03-05T10:00:00.000Z';
const FINAL = '2027-04-02T22:00:00.000Z';

describe('the latest appeal deadline', () => {
  it('skips a body with no deadline', () => {
    expect(latestAppealDeadline({ statsforvalteren: undefined, klagenemnd: '2027-03-30T22:00:00.000Z' })).toBe('2027-03-30T22:00:00.000Z');
    expect(latestAppealDeadline({ klagenemnd: '2027-03-30T22:00:00.000Z', statsforvalteren: undefined })).toBe('2027-03-30T22:00:00.000Z');
  });
});

describe('the notice before a time-limited grant ends', () => {
  it('counts a plain duration back from the end, to the millisecond', () => {
    const end = new Date('2027-06-30T22:00:00.000Z');
    expect(expiryNoticeAt(end, { amount: 2, unit: 'hour' }).toISOString()).toBe('2027-06-30T20:00:00.000Z');
  });
});

describe('the next deadline, status by status', () => {
  it('runs the provisional reply while the case is contacted or has a visit booked', () => {
    const c = new LawCase();
    c.step('2027-03-02T09:00:00.000Z', 'contact', {});
    expect(nextRunningDeadline(c.view)).toBe('2027-03-24T23:00:00.000Z');
    // A visit booked after the provisional reply's date: the reply comes first.
    c.step('2027-03-03T09:00:00.000Z', 'home-visit', { scheduledAt: '2027-04-20T09:00:00.000Z' });
    expect(nextRunningDeadline(c.view)).toBe('2027-03-24T23:00:00.000Z');
  });

  it('runs a time-limited grant that ends before the next re-evaluation', () => {
    const c = new LawCase(caseFacts({ services: ['home_nursing'] }));
    c.step(DECIDED, 'decision', { outcome: 'granted', services: [{ code: 'home_nursing', until: '2027-05-31' }], justification: 'Tidsbegrenset.' });
    c.fire(FINAL, 'appealDeadline');
    expect(c.view.status).toBe('active');
    expect(nextRunningDeadline(c.view)).toBe('2027-05-31T22:00:00.000Z');
  });

  it('leaves out the re-evaluation once it is due, and keeps the grant’s end', () => {
    const c = new LawCase(caseFacts({ services: ['home_nursing'] }));
    c.step(DECIDED, 'decision', { outcome: 'granted', services: [{ code: 'home_nursing', until: '2028-12-31' }], justification: 'Tidsbegrenset.' });
    c.fire(FINAL, 'appealDeadline');
    expect(nextRunningDeadline(c.view)).toBe('2027-10-01T22:00:00.000Z');
    c.fire('2027-09-30T22:00:00.000Z', 'reEvaluationDue');
    expect(nextRunningDeadline(c.view)).toBe('2028-12-31T23:00:00.000Z');
  });

  it('runs no grant’s end before a decision', () => {
    const c = new LawCase();
    c.step('2027-03-02T09:00:00.000Z', 'contact', {});
    c.step('2027-03-03T09:00:00.000Z', 'home-visit', { scheduledAt: '2027-03-04T09:00:00.000Z' });
    c.step('2027-03-04T10:00:00.000Z', 'home-visit/complete', {});
    expect(c.view.status).toBe('under_assessment');
    expect(nextRunningDeadline({ ...c.view, deadlines: { ...c.view.deadlines, expiresAt: '2027-03-10T00:00:00.000Z' } })).toBe('2027-03-24T23:00:00.000Z');
  });
});

describe('overdue', () => {
  const base = (): CaseView => new LawCase().view;
  it('is a re-evaluation due on an active case only', () => {
    const view = base();
    expect(isOverdue({ ...view, status: 'active', flags: { ...view.flags, reEvaluationDue: true } })).toBe(true);
    expect(isOverdue({ ...view, status: 'active', flags: { ...view.flags, reEvaluationDue: false } })).toBe(false);
    expect(isOverdue({ ...view, status: 'decided', flags: { ...view.flags, reEvaluationDue: true } })).toBe(false);
    expect(isOverdue({ ...view, status: 'contacted', flags: { ...view.flags, contactOverdue: true } })).toBe(false);
  });
});

describe('a refused step tells the caseworker why and what they can do', () => {
  it('names the status, the rule and the steps allowed now, without the one refused', () => {
    const c = new LawCase(caseFacts({ services: ['home_nursing'] }));
    c.step(DECIDED, 'decision', { outcome: 'granted', services: [{ code: 'home_nursing' }], justification: 'Ja.' });
    c.fire(FINAL, 'appealDeadline');
    const refusal = stepRefusal('decision', c.view, Date.parse('2027-05-01T08:00:00.000Z'));
    expect(refusal).toEqual({
      code: 'invalid_transition',
      message: expect.stringMatching(/^The case is active: an active case gets a new decision only when a re-evaluation is due\. Allowed now: [a-z, -]+\.$/),
    });
    expect(refusal?.message).toContain('re-evaluation, withdraw');
    expect(refusal?.message.split('Allowed now: ')[1]).not.toMatch(/\bdecision\b/);
  });

  it('says which statuses a step is taken from', () => {
    const c = new LawCase();
    expect(stepRefusal('reconsideration', c.view, Date.parse('2027-03-02T08:00:00.000Z'))?.message).toBe(
      "The case is received: 'reconsideration' is allowed when the case is under_reconsideration. Allowed now: contact, home-visit, provisional-reply, decision, withdraw, representative.",
    );
  });

  it('says why a closed case takes no step', () => {
    const c = new LawCase();
    c.step('2027-03-02T08:00:00.000Z', 'withdraw', { reason: 'Trenger det ikke lenger.' });
    expect(stepRefusal('contact', c.view, Date.parse('2027-03-03T08:00:00.000Z'))).toEqual({
      code: 'case_closed',
      message: 'The case is closed (withdrawn); no step can be taken on it.',
    });
  });
});
