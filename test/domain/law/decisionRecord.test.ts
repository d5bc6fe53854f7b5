// What a decision records, and when the case moves on from it: when the applicant had it (the office's
// letter by post some days after it is handed in; the appeal body's at once, and final), the appeal
// period its letter stated, the notice before a time-limited decision ends, and who took the step.
import { describe, expect, it } from 'vitest';
import { caseFacts, LawCase, namsosTimers } from './caseDriver';

const nursing = { outcome: 'granted', services: [{ code: 'home_nursing' }], justification: 'Ja.' };

describe('a decision by post (pbrl § 7-5: the period counts from when the applicant had it)', () => {
  it('is presumed delivered after the municipality’s presumed postal delivery: 3 days from Thursday 4 March is Sunday 7 March', () => {
    const c = new LawCase(caseFacts({ services: ['home_nursing'], channel: 'paper', timers: { ...namsosTimers, presumedPostalDelivery: { amount: 3, unit: 'day' } } }));
    c.step('2027-03-04T14:00:00.000Z', 'decision', nursing);
    expect(c.state.decision).toMatchObject({ deliveredAt: '2027-03-06T23:00:00.000Z', receipt: 'post' });
  });

  it('7 days in Namsos: Thursday 11 March', () => {
    const c = new LawCase(caseFacts({ services: ['home_nursing'], channel: 'paper' }));
    c.step('2027-03-04T14:00:00.000Z', 'decision', nursing);
    expect(c.state.decision).toMatchObject({ deliveredAt: '2027-03-10T23:00:00.000Z', receipt: 'post' });
  });
});

describe("the appeal body's own decision", () => {
  it('on a paper case: had when it is recorded, final at once, with no appeal period of its own to state', () => {
    const c = new LawCase(caseFacts({ services: ['home_nursing'], channel: 'paper' }));
    c.step('2027-03-05T10:00:00.000Z', 'decision', { outcome: 'refused', services: [{ code: 'home_nursing' }], justification: 'Nei.' });
    c.step('2027-03-15T10:00:00.000Z', 'appeal', {});
    c.step('2027-03-16T10:00:00.000Z', 'reconsideration', { outcome: 'upheld', justification: 'Opprettholdt.' });
    c.step('2027-04-12T10:00:00.000Z', 'appeal-body-decision', { outcome: 'reversed', decision: { ...nursing, justification: 'Klagen tas til følge.' } });
    const decision = c.state.decision!;
    expect(decision).toMatchObject({ decidedBy: 'statsforvalteren', outcome: 'granted', deliveredAt: '2027-04-12T10:00:00.000Z', appealDeadlines: {} });
    expect(decision).not.toHaveProperty('receipt');
    expect(decision).not.toHaveProperty('statedAppealDeadlines');
    expect(c.view.status).toBe('active');
  });
});

describe('the appeal period the letter stated', () => {
  it('is kept with the decision under the rules of appeal rights in every case', () => {
    const c = new LawCase(caseFacts({ services: ['home_nursing'] }));
    c.step('2027-03-05T10:00:00.000Z', 'decision', nursing);
    expect(c.state.decision?.statedAppealDeadlines).toEqual({ statsforvalteren: '2027-04-02T22:00:00.000Z' });
  });

  it('is not, on a run from before them (its history replays as it ran)', () => {
    const c = new LawCase(caseFacts({ services: ['home_nursing'], appealRights: false }));
    c.step('2027-03-05T10:00:00.000Z', 'decision', nursing);
    expect(c.state.decision).not.toHaveProperty('statedAppealDeadlines');
  });
});

describe('the notice before a time-limited decision ends (4 weeks before, in Namsos)', () => {
  const until = (date: string) => ({ outcome: 'granted', services: [{ code: 'home_nursing', until: date }], justification: 'Ja, for en periode.' });

  it('to the end of 30 June: the notice on Wednesday 2 June', () => {
    const c = new LawCase(caseFacts({ services: ['home_nursing'] }));
    c.step('2027-06-01T21:59:59.999Z', 'decision', until('2027-06-30'));
    expect(c.state.expiryNoticeAt).toBe('2027-06-01T22:00:00.000Z');
  });

  it('decided at the very start of 2 June, or later: no separate notice, the decision letter says when it ends', () => {
    const c = new LawCase(caseFacts({ services: ['home_nursing'] }));
    c.step('2027-06-01T22:00:00.000Z', 'decision', until('2027-06-30'));
    expect(c.state.expiryNoticeAt).toBeNull();
    const d = new LawCase(caseFacts({ services: ['home_nursing'] }));
    d.step('2027-06-10T10:00:00.000Z', 'decision', until('2027-06-30'));
    expect(d.state.expiryNoticeAt).toBeNull();
  });
});

describe('a new decision when a re-evaluation is due', () => {
  it('is that re-evaluation: the case no longer has one due', () => {
    const c = new LawCase(caseFacts({ services: ['home_nursing'] }));
    c.step('2027-03-05T10:00:00.000Z', 'decision', nursing);
    c.fire('2027-04-02T22:00:00.000Z', 'appealDeadline');
    c.fire(new Date(Date.parse(c.state.reEvaluationDispatchAt!)).toISOString(), 'reEvaluationDue');
    expect(c.view.flags.reEvaluationDue).toBe(true);
    c.step('2027-10-05T10:00:00.000Z', 'decision', { ...nursing, services: [{ code: 'home_nursing', hoursPerWeek: 4 }] });
    expect(c.view.flags.reEvaluationDue).toBe(false);
    expect(c.view.status).toBe('decided');
  });
});

describe('an appeal withdrawn (4 weeks from Friday 5 March: the period ends with Friday 2 April)', () => {
  const appealed = () => {
    const c = new LawCase(caseFacts({ services: ['home_nursing'] }));
    c.step('2027-03-05T10:00:00.000Z', 'decision', nursing);
    c.step('2027-03-10T10:00:00.000Z', 'appeal', {});
    return c;
  };

  it('while the period runs, the decision can still be appealed: decided', () => {
    const c = appealed();
    c.step('2027-04-02T21:59:59.999Z', 'appeal/withdraw', { reason: 'Angrer.' });
    expect(c.view.status).toBe('decided');
  });

  it('once it has run out, the decision is final: active', () => {
    const c = appealed();
    c.step('2027-04-02T22:00:00.000Z', 'appeal/withdraw', { reason: 'Angrer.' });
    expect(c.view.status).toBe('active');
  });
});

describe('who took the step', () => {
  it('is the actor the API gave, without the spaces around it', () => {
    const c = new LawCase(caseFacts({ services: ['home_nursing'] }));
    const result = c.step('2027-03-02T10:00:00.000Z', 'contact', { actor: '  caseworker-3  ' });
    expect(result.effects[0]).toMatchObject({ type: 'contacted', actor: 'caseworker-3' });
  });
});
