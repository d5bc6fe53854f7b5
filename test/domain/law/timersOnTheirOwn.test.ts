// What happens on its own, as dated examples worked out by hand: the contact deadline, foreløpig
// svar (fvl § 11 a), the re-evaluation, a time-limited grant's notice and end, and a termination.
// The office's own periods are never extended: what they trigger goes out on the last working day
// on or before the day they run out. Namsos, received Monday 1 March 2027 at 10.00 Oslo time.
import { describe, expect, it } from 'vitest';
import { isOverdue, latestAppealDeadline, nextRunningDeadline } from '../../../domain/case/caseDeadlines';
import { caseFacts, LawCase } from './caseDriver';

// contactWithin 1 week: Monday 8 March, to midnight (winter time).
const CONTACT_BY = '2027-03-08T23:00:00.000Z';
// provisionalReplyAfter 4 weeks: Monday 29 March is 2. påskedag; 28 a Sunday, 27 a Saturday,
// 26 langfredag, 25 skjærtorsdag: the office's deadline is the end of Wednesday 24 March, and the
// reply goes out at the start of that day.
const PROVISIONAL_REPLY_BY = '2027-03-24T23:00:00.000Z';
const PROVISIONAL_REPLY_OUT = '2027-03-23T23:00:00.000Z';
const DECIDED = '2027-03-05T10:00:00.000Z';
const FINAL = '2027-04-02T22:00:00.000Z'; // 4 weeks for Statsforvalteren, see appealPeriods.test.ts
// reEvaluationEvery 6 months from Saturday 3 April (the day the decision became final, Oslo):
// Sunday 3 October, so due by the end of Friday 1 October; the notice goes out at its start.
const RE_EVALUATION_BY = '2027-10-01T22:00:00.000Z';
const RE_EVALUATION_OUT = '2027-09-30T22:00:00.000Z';

const plusMs = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

function active(services: object[] = [{ code: 'home_nursing', hoursPerWeek: 5 }]): LawCase {
  const c = new LawCase(caseFacts({ services: ['home_nursing'] }));
  c.step('2027-03-02T09:00:00.000Z', 'contact', {});
  c.step(DECIDED, 'decision', { outcome: 'granted', services, justification: 'Vurdert.' });
  expect(c.fire(FINAL, 'appealDeadline').ok).toBe(true);
  return c;
}

describe('contact within a week', () => {
  it('flags the case overdue when the week has run out, not before', () => {
    const c = new LawCase();
    expect(c.view.deadlines.contactBy).toBe(CONTACT_BY);
    expect(c.fire(plusMs(CONTACT_BY, -1), 'contactDeadline').ok).toBe(false);
    expect(c.view.flags.contactOverdue).toBe(false);
    expect(isOverdue(c.view)).toBe(false);
    expect(c.fire(CONTACT_BY, 'contactDeadline').ok).toBe(true);
    expect(c.view.flags.contactOverdue).toBe(true);
    expect(isOverdue(c.view)).toBe(true);
    // Contact made late: no longer overdue now, but the record stays.
    c.step('2027-03-09T08:00:00.000Z', 'contact', {});
    expect(isOverdue(c.view)).toBe(false);
    expect(c.view.flags.contactOverdue).toBe(true);
  });

  it('has no contact deadline once contact is made', () => {
    const c = new LawCase();
    c.step('2027-03-02T09:00:00.000Z', 'contact', {});
    expect(c.fire(CONTACT_BY, 'contactDeadline').ok).toBe(false);
    expect(c.view.flags.contactOverdue).toBe(false);
  });
});

describe('foreløpig svar (fvl § 11 a)', () => {
  it('goes out by itself on the last working day before Easter', () => {
    const c = new LawCase();
    c.step('2027-03-02T09:00:00.000Z', 'contact', {});
    expect(c.view.deadlines.provisionalReplyBy).toBe(PROVISIONAL_REPLY_BY);
    expect(c.fire(plusMs(PROVISIONAL_REPLY_OUT, -1), 'provisionalReplyDue').ok).toBe(false);
    const sent = c.fire(PROVISIONAL_REPLY_OUT, 'provisionalReplyDue');
    expect(c.letters(sent)).toEqual(['provisional_reply']);
    expect(c.view.flags.provisionalReplySent).toBe(true);
    // Once sent, it is not sent again.
    expect(c.fire(PROVISIONAL_REPLY_BY, 'provisionalReplyDue').ok).toBe(false);
  });

  it('is not owed once the office has decided', () => {
    const c = new LawCase(caseFacts({ services: ['home_nursing'] }));
    c.step(DECIDED, 'decision', { outcome: 'granted', services: [{ code: 'home_nursing' }], justification: 'Ja.' });
    expect(c.fire(PROVISIONAL_REPLY_OUT, 'provisionalReplyDue').ok).toBe(false);
  });
});

describe('the periodic re-evaluation', () => {
  it('falls due six months after the decision became final, and flags the case', () => {
    const c = active();
    expect(c.view.status).toBe('active');
    expect(c.view.deadlines.nextReEvaluationAt).toBe(RE_EVALUATION_BY);
    expect(c.fire(plusMs(RE_EVALUATION_OUT, -1), 'reEvaluationDue').ok).toBe(false);
    const due = c.fire(RE_EVALUATION_OUT, 'reEvaluationDue');
    expect(c.letters(due)).toEqual(['re_evaluation_notice']);
    expect(c.view.flags.reEvaluationDue).toBe(true);
    expect(isOverdue(c.view)).toBe(true);
    // The decision a re-evaluation makes is allowed now, and only now.
    expect(c.try('2027-10-04T08:00:00.000Z', 'decision', { outcome: 'granted', services: [{ code: 'home_nursing' }], justification: 'Fortsatt behov.' }).ok).toBe(true);
  });

  it('does not take a new decision on an active case before a re-evaluation is due', () => {
    const c = active();
    const result = c.try('2027-05-01T08:00:00.000Z', 'decision', { outcome: 'granted', services: [{ code: 'home_nursing' }], justification: 'Ja.' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.refusal.code).toBe('invalid_transition');
  });

  it('a termination closes the case as terminated, with a letter, and can be appealed', () => {
    const c = active();
    const ended = c.step('2027-05-03T08:00:00.000Z', 're-evaluation', { outcome: 'terminated', justification: 'Behovet er borte.' });
    expect(c.view.status).toBe('closed');
    expect(c.view.closedReason).toBe('terminated');
    expect(c.view.decision?.terminates).toBe(true);
    expect(c.view.decision?.services.map((s) => s.outcome)).toEqual(['refused']);
    expect(c.letters(ended)).toEqual(['closing']);
    expect(c.try('2027-05-10T08:00:00.000Z', 'appeal', {}).ok).toBe(true);
  });
});

describe('a time-limited grant (tidsbegrenset vedtak)', () => {
  const twoServices = () => {
    const c = new LawCase();
    c.step(DECIDED, 'decision', {
      outcome: 'granted',
      services: [
        { code: 'home_nursing', until: '2027-06-30' },
        { code: 'safety_alarm', until: '2027-12-31' },
      ],
      justification: 'Tidsbegrenset.',
    });
    return c;
  };

  it('runs until the last of its services ends', () => {
    const c = twoServices();
    expect(c.view.deadlines.expiresAt).toBe('2027-12-31T23:00:00.000Z');
  });

  it('sends its notice four weeks before the last day (Friday 3 December), then ends', () => {
    const c = twoServices();
    c.fire(FINAL, 'appealDeadline');
    expect(c.view.status).toBe('active');
    expect(c.fire('2027-12-02T22:59:59.999Z', 'expiryNotice').ok).toBe(false);
    expect(c.letters(c.fire('2027-12-02T23:00:00.000Z', 'expiryNotice'))).toEqual(['expiry_notice']);
    expect(c.fire('2027-12-31T22:59:59.999Z', 'decisionExpiry').ok).toBe(false);
    expect(c.letters(c.fire('2027-12-31T23:00:00.000Z', 'decisionExpiry'))).toEqual(['closing']);
    expect(c.view.status).toBe('closed');
    expect(c.view.closedReason).toBe('expired');
  });
});

describe('what becomes of a decision when it is final', () => {
  it('a partly granted decision runs the granted services', () => {
    const c = new LawCase();
    c.step(DECIDED, 'decision', {
      outcome: 'partially_granted',
      services: [{ code: 'home_nursing', outcome: 'granted' }, { code: 'safety_alarm', outcome: 'refused' }],
      justification: 'Delvis.',
    });
    c.fire(FINAL, 'appealDeadline');
    expect(c.view.status).toBe('active');
  });

  it('a refusal closes the case as refused, with a closing letter', () => {
    const c = new LawCase();
    c.step(DECIDED, 'decision', { outcome: 'refused', services: [{ code: 'home_nursing' }, { code: 'safety_alarm' }], justification: 'Nei.' });
    const final = c.fire(FINAL, 'appealDeadline');
    expect(c.view.status).toBe('closed');
    expect(c.view.closedReason).toBe('refused');
    expect(c.letters(final)).toEqual(['closing']);
  });
});

describe('the next deadline a manager sorts by', () => {
  it('is the earliest one running in each status', () => {
    const c = new LawCase();
    expect(nextRunningDeadline(c.view)).toBe(CONTACT_BY);
    c.fire(CONTACT_BY, 'contactDeadline');
    expect(nextRunningDeadline(c.view)).toBe(PROVISIONAL_REPLY_BY);
    c.step('2027-03-09T08:00:00.000Z', 'home-visit', { scheduledAt: '2027-03-12T09:00:00.000Z' });
    expect(nextRunningDeadline(c.view)).toBe('2027-03-12T09:00:00.000Z');
    c.step('2027-03-12T10:00:00.000Z', 'home-visit/complete', {});
    expect(nextRunningDeadline(c.view)).toBe(PROVISIONAL_REPLY_BY);
    c.step('2027-03-15T10:00:00.000Z', 'decision', {
      outcome: 'granted',
      services: [{ code: 'home_nursing', until: '2027-04-06' }, { code: 'safety_alarm' }],
      justification: 'Ja.',
    });
    // Decided: the appeal period (Statsforvalteren, 4 weeks from Monday 15 March: Monday 12 April)
    // or the grant's end (6 April), whichever is first.
    expect(nextRunningDeadline(c.view)).toBe('2027-04-06T22:00:00.000Z');
  });

  it('is the re-evaluation on an active case, and nothing on a closed one', () => {
    const c = active();
    expect(nextRunningDeadline(c.view)).toBe(RE_EVALUATION_BY);
    c.step('2027-05-03T08:00:00.000Z', 're-evaluation', { outcome: 'terminated', justification: 'Behovet er borte.' });
    expect(nextRunningDeadline(c.view)).toBeNull();
  });

  it('is the appeal deadline on a decided case', () => {
    const c = new LawCase();
    c.step(DECIDED, 'decision', { outcome: 'granted', services: [{ code: 'home_nursing' }, { code: 'safety_alarm' }], justification: 'Ja.' });
    expect(nextRunningDeadline(c.view)).toBe(FINAL);
  });
});

describe('the latest of several appeal deadlines', () => {
  it('is the later one, in whichever order they come', () => {
    const a = '2027-03-30T22:00:00.000Z';
    const b = '2027-04-02T22:00:00.000Z';
    expect(latestAppealDeadline({ klagenemnd: a, statsforvalteren: b })).toBe(b);
    expect(latestAppealDeadline({ statsforvalteren: b, klagenemnd: a })).toBe(b);
    expect(latestAppealDeadline({ statsforvalteren: a, klagenemnd: b })).toBe(b);
    expect(latestAppealDeadline({})).toBeNull();
  });
});
