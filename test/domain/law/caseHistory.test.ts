// What the case's history shows for each step before the decision (GET /events and /letters): each
// event with its data, each letter with what it says, written out for a case of Namsos received on
// Monday 1 March 2027 at 10.00. Dates worked out by hand on the Oslo calendar (Easter 2027 is 28 March,
// summer time from that day, Ascension Day 6 May, 2. pinsedag 17 May).
import { describe, expect, it } from 'vitest';
import type { Decided } from '../../../domain/decider';
import { LawCase } from './caseDriver';

type Line = [kind: 'event', type: string, actor: string, data: Record<string, unknown>] | [kind: 'letter', letter: string, details: object];

function history(result: Decided): Line[] {
  if (!result.ok) return expect.fail(`refused: ${result.refusal.message}`);
  return result.effects.flatMap((e): Line[] =>
    e.kind === 'event' ? [['event', e.type, e.actor, e.data]] : e.kind === 'letter' ? [['letter', e.letter, e.details]] : [],
  );
}

describe('contact (fvl § 11 a: within a week)', () => {
  it('the deadline is the end of Monday 8 March; when it passes, the case is flagged overdue by the system', () => {
    const c = new LawCase();
    expect(c.view.deadlines.contactBy).toBe('2027-03-08T23:00:00.000Z');
    expect(history(c.fire('2027-03-08T23:00:00.000Z', 'contactDeadline'))).toEqual([
      ['event', 'contact_overdue', 'system', { contactBy: '2027-03-08T23:00:00.000Z' }],
    ]);
    expect(c.view.flags.contactOverdue).toBe(true);
  });

  it('made by a caseworker, with the note they wrote, or none', () => {
    const c = new LawCase();
    expect(history(c.step('2027-03-02T08:00:00.000Z', 'contact', { note: 'Ringte søker.', actor: 'kari' }))).toEqual([
      ['event', 'contacted', 'kari', { note: 'Ringte søker.' }],
    ]);
    expect(c.view.status).toBe('contacted');
    expect(history(new LawCase().step('2027-03-02T08:00:00.000Z', 'contact', {}))).toEqual([['event', 'contacted', 'caseworker', { note: null }]]);
  });
});

describe('the home visit (hjemmebesøk)', () => {
  it('booked for Wednesday 10 March at 10.00: a confirmation, and a reminder due the day before at the same hour', () => {
    const c = new LawCase();
    expect(history(c.step('2027-03-02T08:05:00.000Z', 'home-visit', { scheduledAt: '2027-03-10T09:00:00.000Z' }))).toEqual([
      ['event', 'home_visit_scheduled', 'caseworker', { scheduledAt: '2027-03-10T09:00:00.000Z' }],
      ['letter', 'home_visit_confirmation', {}],
    ]);
    expect(c.view.status).toBe('visit_scheduled');
    expect(c.view.homeVisit).toEqual({ scheduledAt: '2027-03-10T09:00:00.000Z', reminderAt: '2027-03-09T09:00:00.000Z', reminderSent: false, completedAt: null, notes: null });
  });

  it('moved to Thursday 11 March at 13.00: a new confirmation, the reminder moves; it goes out once, then is not due', () => {
    const c = new LawCase();
    c.step('2027-03-02T08:05:00.000Z', 'home-visit', { scheduledAt: '2027-03-10T09:00:00.000Z' });
    expect(history(c.step('2027-03-03T08:05:00.000Z', 'home-visit', { scheduledAt: '2027-03-11T12:00:00.000Z' }))).toEqual([
      ['event', 'home_visit_moved', 'caseworker', { scheduledAt: '2027-03-11T12:00:00.000Z' }],
      ['letter', 'home_visit_confirmation', {}],
    ]);
    expect(c.view.homeVisit?.reminderAt).toBe('2027-03-10T12:00:00.000Z');
    expect(c.fire('2027-03-10T11:59:59.999Z', 'homeVisitReminder')).toEqual({ ok: false, refusal: { code: 'invalid_transition', message: 'The timer homeVisitReminder is not due.' } });
    expect(history(c.fire('2027-03-10T12:00:00.000Z', 'homeVisitReminder'))).toEqual([
      ['event', 'home_visit_reminder_sent', 'system', { scheduledAt: '2027-03-11T12:00:00.000Z' }],
      ['letter', 'home_visit_reminder', {}],
    ]);
    expect(c.view.homeVisit?.reminderSent).toBe(true);
    expect(c.fire('2027-03-10T12:00:00.000Z', 'homeVisitReminder').ok).toBe(false);
  });

  it('booked less than a day ahead: no reminder is due, the confirmation is all', () => {
    const c = new LawCase();
    c.step('2027-03-02T08:05:00.000Z', 'home-visit', { scheduledAt: '2027-03-03T08:05:00.000Z' });
    expect(c.fire('2027-03-02T08:05:00.000Z', 'homeVisitReminder').ok).toBe(false);
    // Exactly a day ahead: the reminder would go out the moment it is booked, so none does.
    const d = new LawCase();
    d.step('2027-03-02T08:05:00.000Z', 'home-visit', { scheduledAt: '2027-03-03T08:05:00.000Z' });
    expect(d.state.homeVisitReminderDue).toBe(false);
    const e = new LawCase();
    e.step('2027-03-02T08:05:00.000Z', 'home-visit', { scheduledAt: '2027-03-03T08:05:00.001Z' });
    expect(e.state.homeVisitReminderDue).toBe(true);
  });

  it('held: its notes and when, and the case is under assessment', () => {
    const c = new LawCase();
    c.step('2027-03-02T08:05:00.000Z', 'home-visit', { scheduledAt: '2027-03-11T12:00:00.000Z' });
    expect(history(c.step('2027-03-11T14:00:00.000Z', 'home-visit/complete', { notes: 'Trenger hjelp morgen og kveld.' }))).toEqual([
      ['event', 'home_visit_completed', 'caseworker', {}],
    ]);
    expect(c.view.status).toBe('under_assessment');
    expect(c.view.homeVisit).toMatchObject({ scheduledAt: '2027-03-11T12:00:00.000Z', completedAt: '2027-03-11T14:00:00.000Z', notes: 'Trenger hjelp morgen og kveld.' });
    const d = new LawCase();
    d.step('2027-03-02T08:05:00.000Z', 'home-visit', { scheduledAt: '2027-03-11T12:00:00.000Z' });
    d.step('2027-03-11T14:00:00.000Z', 'home-visit/complete', {});
    expect(d.view.homeVisit?.notes).toBeNull();
  });

  it('cancelled: the reason and the time it was booked for; back to contacted, with no visit and no reminder', () => {
    const c = new LawCase();
    c.step('2027-03-02T08:05:00.000Z', 'home-visit', { scheduledAt: '2027-03-11T12:00:00.000Z' });
    expect(history(c.step('2027-03-04T08:00:00.000Z', 'home-visit/cancel', { reason: 'Søker er innlagt.' }))).toEqual([
      ['event', 'home_visit_cancelled', 'caseworker', { scheduledAt: '2027-03-11T12:00:00.000Z', reason: 'Søker er innlagt.' }],
    ]);
    expect(c.view.status).toBe('contacted');
    expect(c.view.homeVisit).toBeNull();
    expect(c.state.homeVisitReminderDue).toBe(false);
    expect(c.fire('2027-03-10T12:00:00.000Z', 'homeVisitReminder').ok).toBe(false);
  });
});

describe('foreløpig svar (fvl § 11 a)', () => {
  it('sent by a caseworker: the reason and date they gave; the date runs to the end of that day in Oslo', () => {
    const c = new LawCase();
    expect(history(c.step('2027-03-12T09:00:00.000Z', 'provisional-reply', { reason: 'Venter på legeerklæring.', expectedDecisionBy: '2027-04-15' }))).toEqual([
      ['event', 'provisional_reply_sent', 'caseworker', { automatic: false, expectedDecisionBy: '2027-04-15', regarding: 'application' }],
      ['letter', 'provisional_reply', { reason: 'Venter på legeerklæring.', expectedDecisionBy: '2027-04-15', regarding: 'application' }],
    ]);
    expect(c.view.flags.provisionalReplySent).toBe(true);
    expect(c.state.provisionalReplyExpectedBy).toBe('2027-04-15T22:00:00.000Z');
    // A date-time is kept as the instant it is.
    const d = new LawCase();
    d.step('2027-03-12T09:00:00.000Z', 'provisional-reply', { reason: 'Venter.', expectedDecisionBy: '2027-04-15T10:00:00+02:00' });
    expect(d.state.provisionalReplyExpectedBy).toBe('2027-04-15T08:00:00.000Z');
  });

  it('when that date passes undecided: a new reply, four weeks on (Friday 14 May), saying the last date was missed', () => {
    const c = new LawCase();
    c.step('2027-03-12T09:00:00.000Z', 'provisional-reply', { reason: 'Venter.', expectedDecisionBy: '2027-04-15' });
    expect(history(c.fire('2027-04-15T22:00:00.000Z', 'provisionalReplyOverdue'))).toEqual([
      ['event', 'provisional_reply_overdue', 'system', { expectedDecisionBy: '2027-04-15T22:00:00.000Z', newExpectedDecisionBy: '2027-05-14T22:00:00.000Z', regarding: 'application' }],
      [
        'letter',
        'provisional_reply',
        {
          reason: 'Vi har dessverre ikke klart å gjøre vedtak innen datoen vi ga deg sist. Vi trenger fortsatt litt mer tid til å vurdere behovet ditt.',
          expectedDecisionBy: '2027-05-14T22:00:00.000Z',
          regarding: 'application',
          previousExpectedBy: '2027-04-15T22:00:00.000Z',
        },
      ],
    ]);
    expect(c.view.flags).toMatchObject({ provisionalReplyOverdue: true, provisionalReplySent: true });
    expect(c.state.provisionalReplyExpectedBy).toBe('2027-05-14T22:00:00.000Z');
  });

  it('sent by the case itself on Wednesday 24 March, the last working day before Easter: the decision expected four weeks on, by Wednesday 21 April', () => {
    const c = new LawCase();
    expect(c.view.deadlines.provisionalReplyBy).toBe('2027-03-24T23:00:00.000Z');
    expect(c.fire('2027-03-23T22:59:59.999Z', 'provisionalReplyDue').ok).toBe(false);
    expect(history(c.fire('2027-03-23T23:00:00.000Z', 'provisionalReplyDue'))).toEqual([
      ['event', 'provisional_reply_sent', 'system', { automatic: true, expectedDecisionBy: '2027-04-21T22:00:00.000Z', regarding: 'application' }],
      [
        'letter',
        'provisional_reply',
        {
          reason: 'Vi har ikke fått behandlet søknaden ferdig ennå, fordi vi trenger mer tid til å kartlegge behovet ditt og vurdere hvilke tjenester som er riktige for deg.',
          expectedDecisionBy: '2027-04-21T22:00:00.000Z',
          regarding: 'application',
        },
      ],
    ]);
    expect(c.view.flags.provisionalReplySent).toBe(true);
    expect(c.state.provisionalReplyExpectedBy).toBe('2027-04-21T22:00:00.000Z');
  });

  it('fired on Friday 26 March: the decision is expected by the end of Friday 23 April', () => {
    const c = new LawCase();
    c.fire('2027-03-26T08:00:00.000Z', 'provisionalReplyDue');
    expect(c.state.provisionalReplyExpectedBy).toBe('2027-04-23T22:00:00.000Z');
  });
});

describe('the decision', () => {
  it('granted on Tuesday 20 April: the letter, and an appeal deadline per body (4 weeks to Tuesday 18 May; 3 weeks to Tuesday 11 May)', () => {
    const c = new LawCase();
    const decided = c.step('2027-04-20T09:00:00.000Z', 'decision', {
      outcome: 'granted',
      services: [{ code: 'home_nursing', hoursPerWeek: 4 }, { code: 'safety_alarm' }],
      justification: 'Innvilget.',
    });
    expect(history(decided)).toEqual([
      [
        'event',
        'decision_issued',
        'caseworker',
        { outcome: 'granted', services: ['home_nursing', 'safety_alarm'], appealDeadlines: { statsforvalteren: '2027-05-18T22:00:00.000Z', klagenemnd: '2027-05-11T22:00:00.000Z' } },
      ],
      ['letter', 'decision', {}],
    ]);
    expect(c.view.status).toBe('decided');
  });
});

describe('withdrawal (søknaden trekkes)', () => {
  it('closes the case as withdrawn, with the reason in the event and the closing letter', () => {
    const c = new LawCase();
    expect(history(c.step('2027-03-03T08:00:00.000Z', 'withdraw', { reason: 'Flytter.' }))).toEqual([
      ['event', 'withdrawn', 'caseworker', { reason: 'Flytter.' }],
      ['letter', 'closing', { reason: 'Flytter.' }],
    ]);
    expect(c.view.status).toBe('closed');
    expect(c.view.closedReason).toBe('withdrawn');
  });
});
