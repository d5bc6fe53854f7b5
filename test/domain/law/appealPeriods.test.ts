// Klagefrist, late appeals and the one-year limit, stated as dated examples worked out by hand from
// the law (fvl §§ 29–31, pbrl § 7-5, domstolloven §§ 148–149), not read back from the code.
//
// The case: Namsos, received Monday 1 March 2027; decided Friday 5 March 2027 at 11.00 Oslo time,
// made available in the digital mailbox at once. Easter 2027: skjærtorsdag 25 March, langfredag
// 26 March, 2. påskedag 29 March; summer time from Sunday 28 March.
import { describe, expect, it } from 'vitest';
import { caseFacts, LawCase } from './caseDriver';

const DECIDED = '2027-03-05T10:00:00.000Z';
// Statsforvalteren (home nursing), 4 weeks: Friday 2 April 2027, to midnight (summer time).
const STATSFORVALTEREN_BY = '2027-04-02T22:00:00.000Z';
// Klagenemnd (safety alarm), 3 weeks: Friday 26 March is langfredag, then the weekend and
// 2. påskedag: Tuesday 30 March 2027, to midnight.
const KLAGENEMND_BY = '2027-03-30T22:00:00.000Z';
// One year after the decision, to the end of that day in Oslo (winter time): 5 March 2028.
const ONE_YEAR_AFTER = '2028-03-05T23:00:00.000Z';

const plusMs = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

function decided(outcome: 'granted' | 'refused' | 'partially_granted' = 'granted'): LawCase {
  const c = new LawCase();
  c.step('2027-03-02T09:00:00.000Z', 'contact', {});
  const services =
    outcome === 'partially_granted'
      ? [{ code: 'home_nursing', hoursPerWeek: 5, outcome: 'granted' }, { code: 'safety_alarm', outcome: 'refused' }]
      : [{ code: 'home_nursing', hoursPerWeek: 5 }, { code: 'safety_alarm' }];
  c.step(DECIDED, 'decision', { outcome, services, justification: 'Vurdert etter kartlegging.' });
  return c;
}

describe('klagefrist per appeal body, counted from delivery', () => {
  it('gives each body its own deadline and keeps the later one as appealBy', () => {
    const c = decided();
    expect(c.view.status).toBe('decided');
    expect(c.view.decision?.appealDeadlines).toEqual({ statsforvalteren: STATSFORVALTEREN_BY, klagenemnd: KLAGENEMND_BY });
    expect(c.view.deadlines.appealBy).toBe(STATSFORVALTEREN_BY);
  });

  it('counts from a later delivery (a letter that reached the applicant later)', () => {
    const c = new LawCase(caseFacts({ services: ['home_nursing'] }));
    // Made available Monday 8 March: 4 weeks is Monday 5 April 2027, an ordinary working day.
    c.step('2027-03-08T10:00:00.000Z', 'decision', { outcome: 'granted', services: [{ code: 'home_nursing' }], justification: 'Ja.', deliveredAt: '2027-03-08T09:00:00.000Z' });
    expect(c.view.decision?.appealDeadlines).toEqual({ statsforvalteren: '2027-04-05T22:00:00.000Z' });
  });

  it('lets the decision become final exactly when the period has run out, not a moment before', () => {
    const c = decided();
    const early = c.fire(plusMs(STATSFORVALTEREN_BY, -1), 'appealDeadline');
    expect(early.ok).toBe(false);
    expect(c.view.status).toBe('decided');
    expect(c.fire(STATSFORVALTEREN_BY, 'appealDeadline').ok).toBe(true);
    expect(c.view.status).toBe('active');
  });
});

describe('a late appeal is flagged, judged by when it was sent (fvl § 30)', () => {
  it('an appeal sent at the last instant of the period is in time', () => {
    const c = decided();
    c.step('2027-04-06T08:00:00.000Z', 'appeal', { sentAt: STATSFORVALTEREN_BY, receivedAt: '2027-04-06T08:00:00.000Z', services: ['home_nursing'] });
    expect(c.view.status).toBe('under_reconsideration');
    expect(c.view.flags.lateAppeal).toBe(false);
    expect(c.view.appeal?.late).toBe(false);
  });

  it('an appeal sent a moment after the period ran out is late, but still taken', () => {
    const c = decided();
    c.step('2027-04-06T08:00:00.000Z', 'appeal', { sentAt: plusMs(STATSFORVALTEREN_BY, 1), receivedAt: '2027-04-06T08:00:00.000Z', services: ['home_nursing'] });
    expect(c.view.status).toBe('under_reconsideration');
    expect(c.view.flags.lateAppeal).toBe(true);
    expect(c.view.appeal?.late).toBe(true);
  });

  it('an appeal on both services sent on the last day for Statsforvalteren is late for the alarm only', () => {
    const c = decided();
    c.step('2027-04-06T08:00:00.000Z', 'appeal', { sentAt: STATSFORVALTEREN_BY, receivedAt: '2027-04-06T08:00:00.000Z' });
    expect(c.view.flags.lateAppeal).toBe(true);
    expect(c.view.appeal?.lateServices).toEqual(['safety_alarm']);
  });

  it('an appeal on the safety alarm alone is judged on the klagenemnd period', () => {
    const c = decided();
    c.step('2027-03-31T08:00:00.000Z', 'appeal', { sentAt: plusMs(KLAGENEMND_BY, 1), services: ['safety_alarm'] });
    expect(c.view.flags.lateAppeal).toBe(true);
    const inTime = decided();
    inTime.step('2027-03-31T08:00:00.000Z', 'appeal', { sentAt: KLAGENEMND_BY, services: ['safety_alarm'] });
    expect(inTime.view.flags.lateAppeal).toBe(false);
  });

  it('is forwarded to the body of the services appealed', () => {
    const alarm = decided();
    alarm.step('2027-03-10T08:00:00.000Z', 'appeal', { services: ['safety_alarm'] });
    alarm.step('2027-03-12T08:00:00.000Z', 'reconsideration', { outcome: 'upheld', justification: 'Står fast.' });
    expect(alarm.view.status).toBe('with_appeal_body');
    expect(alarm.view.appealBody).toBe('klagenemnd');
    const nursing = decided();
    nursing.step('2027-03-10T08:00:00.000Z', 'appeal', { services: ['home_nursing'] });
    nursing.step('2027-03-12T08:00:00.000Z', 'reconsideration', { outcome: 'upheld', justification: 'Står fast.' });
    expect(nursing.view.appealBody).toBe('statsforvalteren');
  });
});

describe('never more than one year after the decision (fvl § 31 tredje ledd)', () => {
  function closedRefusal(): LawCase {
    const c = decided('refused');
    c.fire(STATSFORVALTEREN_BY, 'appealDeadline');
    expect(c.view.status).toBe('closed');
    expect(c.view.closedReason).toBe('refused');
    return c;
  }

  it('takes an appeal received on the last day of the year', () => {
    const c = closedRefusal();
    c.step(ONE_YEAR_AFTER, 'appeal', { receivedAt: ONE_YEAR_AFTER });
    expect(c.view.status).toBe('under_reconsideration');
    expect(c.view.flags.lateAppeal).toBe(true);
  });

  it('refuses a closed case a moment after the year has run out', () => {
    const c = closedRefusal();
    const result = c.try(plusMs(ONE_YEAR_AFTER, 1), 'appeal', {});
    expect(result.ok).toBe(false);
    expect(!result.ok && result.refusal.code).toBe('case_closed');
    expect(c.view.status).toBe('closed');
  });

  it('refuses an appeal received after the year on a case still open', () => {
    const c = decided('partially_granted');
    c.fire(STATSFORVALTEREN_BY, 'appealDeadline');
    expect(c.view.status).toBe('active');
    const late = c.try('2028-03-06T12:00:00.000Z', 'appeal', { receivedAt: plusMs(ONE_YEAR_AFTER, 1) });
    expect(late.ok).toBe(false);
    expect(!late.ok && late.refusal.problems?.map((p) => p.field)).toEqual(['receivedAt']);
    const inTime = c.try('2028-03-06T12:00:00.000Z', 'appeal', { receivedAt: ONE_YEAR_AFTER });
    expect(inTime.ok).toBe(true);
  });

  it('keeps a closed refusal open to appeal until the year ends, then lets the case end', () => {
    const c = closedRefusal();
    const lapse = c.fire(ONE_YEAR_AFTER, 'appealRightLapses');
    expect(lapse.ok).toBe(false);
    expect(c.fire(plusMs(ONE_YEAR_AFTER, 1), 'appealRightLapses').ok).toBe(true);
  });
});

describe('what the appeal body decides is final', () => {
  it('gives no new appeal period when the appeal body reverses', () => {
    const c = decided('refused');
    c.step('2027-03-10T08:00:00.000Z', 'appeal', { services: ['home_nursing'] });
    c.step('2027-03-20T08:00:00.000Z', 'reconsideration', { outcome: 'upheld', justification: 'Står fast.' });
    c.step('2027-05-20T08:00:00.000Z', 'appeal-body-decision', { outcome: 'reversed', justification: 'Klagen tas til følge.' });
    expect(c.view.status).toBe('active');
    expect(c.view.decision?.decidedBy).not.toBe('office');
    expect(c.view.decision?.appealDeadlines).toEqual({});
    expect(c.view.deadlines.appealBy).toBeNull();
  });

  it('does not reopen a refusal the appeal body upheld, even within the year', () => {
    const c = decided('refused');
    c.step('2027-03-10T08:00:00.000Z', 'appeal', { services: ['home_nursing'] });
    c.step('2027-03-20T08:00:00.000Z', 'reconsideration', { outcome: 'upheld', justification: 'Står fast.' });
    c.step('2027-05-20T08:00:00.000Z', 'appeal-body-decision', { outcome: 'upheld', justification: 'Vedtaket står.' });
    expect(c.view.status).toBe('closed');
    const again = c.try('2027-06-01T08:00:00.000Z', 'appeal', {});
    expect(again.ok).toBe(false);
    expect(!again.ok && again.refusal.code).toBe('case_closed');
  });

  it('does not take a new appeal on an active grant the appeal body ruled on', () => {
    const c = decided('partially_granted');
    c.step('2027-03-10T08:00:00.000Z', 'appeal', { services: ['home_nursing'] });
    c.step('2027-03-20T08:00:00.000Z', 'reconsideration', { outcome: 'upheld', justification: 'Står fast.' });
    c.step('2027-05-20T08:00:00.000Z', 'appeal-body-decision', { outcome: 'upheld' });
    expect(c.view.status).toBe('active');
    const again = c.try('2027-06-01T08:00:00.000Z', 'appeal', {});
    expect(again.ok).toBe(false);
    expect(!again.ok && again.refusal.code).toBe('invalid_transition');
  });
});
