// What the case's history shows when a running service is re-evaluated, reduced or ended (fvl §§ 16,
// 24–25, 42), when a time-limited grant runs out, and when a waiting place is offered (pbrl § 2-1 e).
// Namsos grants 10 hours of home nursing and a safety alarm on Wednesday 3 March 2027; the grant is
// final at the end of Wednesday 31 March (4 weeks). Each event, letter and date written out.
import { describe, expect, it } from 'vitest';
import type { Decided } from '../../../domain/decider';
import { caseFacts, LawCase } from './caseDriver';

type Line = [kind: 'event', type: string, actor: string, data: Record<string, unknown>] | [kind: 'letter', letter: string, details: object] | [kind: string];

function history(result: Decided): Line[] {
  if (!result.ok) return expect.fail(`refused: ${result.refusal.message}`);
  return result.effects.map((e): Line => (e.kind === 'event' ? ['event', e.type, e.actor, e.data] : e.kind === 'letter' ? ['letter', e.letter, e.details] : [e.kind]));
}

const GRANT = { outcome: 'granted', services: [{ code: 'home_nursing', hoursPerWeek: 10 }, { code: 'safety_alarm' }], justification: 'Du trenger hjelp.' };
const FINAL = '2027-03-31T22:00:00.000Z';

function running(): LawCase {
  const c = new LawCase(caseFacts({ reductions: true }));
  c.step('2027-03-03T09:00:00.000Z', 'decision', GRANT);
  expect(history(c.fire(FINAL, 'appealDeadline'))).toEqual([['event', 'decision_final', 'system', { status: 'active' }]]);
  return c;
}

describe('the periodic re-evaluation (revurdering)', () => {
  it('falls due six months after the grant became final: the end of Friday 1 October, with a notice', () => {
    const c = running();
    expect(c.state.nextReEvaluationAt).toBe('2027-10-01T22:00:00.000Z');
    expect(history(c.fire('2027-09-30T22:00:00.000Z', 'reEvaluationDue'))).toEqual([
      ['event', 're_evaluation_due', 'system', { nextReEvaluationAt: '2027-10-01T22:00:00.000Z' }],
      ['letter', 're_evaluation_notice', {}],
    ]);
    expect(c.view.flags.reEvaluationDue).toBe(true);
  });

  it('continued on Friday 10 September: the next one six months on, and the case starts a fresh run', () => {
    const c = running();
    c.fire('2027-09-30T22:00:00.000Z', 'reEvaluationDue');
    expect(history(c.step('2027-09-10T08:00:00.000Z', 're-evaluation', { outcome: 'continue' }))).toEqual([
      ['event', 're_evaluation', 'caseworker', { outcome: 'continue', nextReEvaluationAt: '2028-03-10T23:00:00.000Z' }],
      ['continueAsNew'],
    ]);
    expect(c.view.flags.reEvaluationDue).toBe(false);
  });
});

describe('the advance notice (forhåndsvarsel, fvl § 16)', () => {
  it('proposing 4 hours instead of 10 and an end to the alarm: comments by Tuesday 18 May (17 May is a holiday); the reason as written, trimmed', () => {
    const c = running();
    const sent = c.step('2027-05-03T08:00:00.000Z', 'advance-notice', {
      services: [
        { code: 'home_nursing', proposal: 'reduce', hoursPerWeek: 4 },
        { code: 'safety_alarm', proposal: 'terminate' },
      ],
      reason: ' Du klarer mer selv. ',
    });
    expect(history(sent)).toEqual([
      [
        'event',
        'advance_notice_sent',
        'caseworker',
        {
          services: [
            { code: 'home_nursing', proposal: 'reduce' },
            { code: 'safety_alarm', proposal: 'terminate' },
          ],
          commentsBy: '2027-05-18T22:00:00.000Z',
        },
      ],
      ['letter', 'advance_notice', {}],
    ]);
    expect(c.view.advanceNotice).toEqual({
      services: [
        { code: 'home_nursing', proposal: 'reduce', hoursPerWeek: 4, currentHoursPerWeek: 10 },
        { code: 'safety_alarm', proposal: 'terminate', currentHoursPerWeek: null },
      ],
      reason: 'Du klarer mer selv.',
      commentsBy: '2027-05-18T22:00:00.000Z',
      sentAt: '2027-05-03T08:00:00.000Z',
    });
  });

  it('a deadline the office sets: a date runs to the end of that day in Oslo, an instant as it is; neither may have passed', () => {
    const c = running();
    c.step('2027-05-03T08:00:00.000Z', 'advance-notice', { services: [{ code: 'safety_alarm', proposal: 'terminate' }], reason: 'R', commentsBy: '2027-05-24' });
    expect(c.view.advanceNotice?.commentsBy).toBe('2027-05-24T22:00:00.000Z');
    const d = running();
    d.step('2027-05-03T08:00:00.000Z', 'advance-notice', { services: [{ code: 'safety_alarm', proposal: 'terminate' }], reason: 'R', commentsBy: '2027-05-24T10:00:00+02:00' });
    expect(d.view.advanceNotice?.commentsBy).toBe('2027-05-24T08:00:00.000Z');
    for (const commentsBy of ['2027-05-02', '2027-05-03T08:00:00.000Z']) {
      const result = running().try('2027-05-03T08:00:00.000Z', 'advance-notice', { services: [{ code: 'safety_alarm', proposal: 'terminate' }], reason: 'R', commentsBy });
      expect(!result.ok && result.refusal.problems).toEqual([{ field: 'commentsBy', message: 'Must be in the future: the applicant needs time to comment.' }]);
    }
    // Today's date still runs until midnight in Oslo.
    expect(running().try('2027-05-03T08:00:00.000Z', 'advance-notice', { services: [{ code: 'safety_alarm', proposal: 'terminate' }], reason: 'R', commentsBy: '2027-05-03' }).ok).toBe(true);
  });

  it('names only services the case runs, each once, and a reduction to fewer hours than now', () => {
    const refused = (services: unknown) => {
      const result = running().try('2027-05-03T08:00:00.000Z', 'advance-notice', { services, reason: 'R' });
      return !result.ok && result.refusal.problems;
    };
    expect(refused([{ code: 'practical_assistance', proposal: 'terminate' }])).toEqual([
      { field: 'services[0].code', message: 'The case does not run this service: home_nursing, safety_alarm.' },
    ]);
    expect(refused([{ code: 'safety_alarm', proposal: 'terminate' }, { code: 'safety_alarm', proposal: 'terminate' }])).toEqual([
      { field: 'services[1].code', message: 'safety_alarm is listed twice.' },
    ]);
    expect(refused([{ code: 'home_nursing', proposal: 'reduce', hoursPerWeek: 10 }])).toEqual([
      { field: 'services[0].hoursPerWeek', message: 'A reduction must propose fewer than the 10 hours a week the service has now.' },
    ]);
    expect(refused([{ code: 'home_nursing', proposal: 'reduce', hoursPerWeek: 169 }])).toEqual([
      { field: 'services[0].hoursPerWeek', message: 'Must be a number of hours from 0 to 168.' },
    ]);
    expect(refused([{ code: 'home_nursing', proposal: 'less' }])).toEqual([{ field: 'services[0].proposal', message: 'Must be one of reduce, terminate.' }]);
    expect(refused([])).toEqual([{ field: 'services', message: 'Must list at least one running service the notice is about.' }]);
    // 9.5 hours is a reduction from 10.
    expect(running().try('2027-05-03T08:00:00.000Z', 'advance-notice', { services: [{ code: 'home_nursing', proposal: 'reduce', hoursPerWeek: 9.5 }], reason: 'R' }).ok).toBe(true);
  });
});

describe('a termination (opphør) after the notice', () => {
  function noticed(): LawCase {
    const c = running();
    c.step('2027-05-03T08:00:00.000Z', 'advance-notice', { services: [{ code: 'home_nursing', proposal: 'terminate' }, { code: 'safety_alarm', proposal: 'terminate' }], reason: 'R' });
    return c;
  }
  const TERMINATE = { outcome: 'terminated', justification: ' Behovet er borte. ', effectiveFrom: '2027-06-01' };

  it('waits for the deadline for comments: 409 naming it, until the end of Tuesday 18 May', () => {
    const c = noticed();
    expect(c.try('2027-05-18T21:59:59.999Z', 're-evaluation', TERMINATE)).toEqual({
      ok: false,
      refusal: {
        code: 'advance_notice_required',
        message:
          'The deadline for comments on the advance notice runs until 2027-05-18T22:00:00.000Z: the decision can be made after it, or now with "urgent": { "reason" } (forvaltningsloven § 16 tredje ledd).',
      },
    });
    // At midnight, as 19 May begins, the deadline has run out.
    expect(c.try('2027-05-18T22:00:00.000Z', 're-evaluation', TERMINATE).ok).toBe(true);
  });

  it('without a notice: 409 saying to send one first', () => {
    expect(running().try('2027-05-19T08:00:00.000Z', 're-evaluation', TERMINATE)).toEqual({
      ok: false,
      refusal: {
        code: 'advance_notice_required',
        message:
          'A service is reduced or ended: send an advance notice first (POST advance-notice, forvaltningsloven § 16) and wait for its deadline for comments, or give "urgent": { "reason" } (§ 16 tredje ledd).',
      },
    });
  });

  it('on Wednesday 19 May: a refusal of what the case ran, naming what it replaces and from when, appealable to 16 June and 9 June; the case closes', () => {
    const c = noticed();
    expect(history(c.step('2027-05-19T08:00:00.000Z', 're-evaluation', TERMINATE))).toEqual([
      ['event', 're_evaluation', 'caseworker', { outcome: 'terminated' }],
      ['event', 'decision_issued', 'caseworker', { outcome: 'refused', reason: 'termination', appealDeadlines: { statsforvalteren: '2027-06-16T22:00:00.000Z', klagenemnd: '2027-06-09T22:00:00.000Z' } }],
      ['letter', 'closing', { reason: 'Behovet er borte.' }],
    ]);
    expect(c.view.decision).toMatchObject({
      outcome: 'refused',
      services: [
        { code: 'home_nursing', hoursPerWeek: 10, outcome: 'refused' },
        { code: 'safety_alarm', outcome: 'refused' },
      ],
      justification: 'Behovet er borte.',
      terminates: true,
      replaces: { decidedAt: '2027-03-03T09:00:00.000Z', services: [{ code: 'home_nursing', hoursPerWeek: 10, outcome: 'granted' }, { code: 'safety_alarm', outcome: 'granted' }] },
      effectiveFrom: '2027-06-01',
      reduces: ['home_nursing', 'safety_alarm'],
    });
    expect([c.view.status, c.view.closedReason]).toEqual(['closed', 'terminated']);
  });
});

describe('an urgent reduction (fvl § 16 tredje ledd), and deferred implementation (fvl § 42)', () => {
  const REDUCE = {
    outcome: 'changed',
    decision: { outcome: 'granted', services: [{ code: 'home_nursing', hoursPerWeek: 3 }, { code: 'safety_alarm' }], justification: 'Mindre behov.' },
    effectiveFrom: '2027-09-11',
    urgent: { reason: ' Fare for liv. ' },
  };

  function reduced(): LawCase {
    const c = running();
    c.fire('2027-09-30T22:00:00.000Z', 'reEvaluationDue');
    expect(history(c.step('2027-09-11T08:00:00.000Z', 're-evaluation', REDUCE))).toEqual([
      ['event', 're_evaluation', 'caseworker', { outcome: 'changed' }],
      ['event', 'decision_issued', 'caseworker', { outcome: 'granted', reason: 're_evaluation', appealDeadlines: { statsforvalteren: '2027-10-11T22:00:00.000Z', klagenemnd: '2027-10-04T22:00:00.000Z' } }],
      ['letter', 'decision', {}],
    ]);
    return c;
  }

  it('taken at once, naming the 10 hours it replaces, from when, the urgency and the one service it reduces', () => {
    const c = reduced();
    expect(c.view.decision).toMatchObject({
      replaces: { decidedAt: '2027-03-03T09:00:00.000Z' },
      effectiveFrom: '2027-09-11',
      urgent: { reason: 'Fare for liv.' },
      reduces: ['home_nursing'],
    });
    expect(c.view.status).toBe('decided');
  });

  it('the office lets it wait: the answer with its reasons and a letter; it ends when the decision becomes final', () => {
    const c = reduced();
    expect(history(c.step('2027-09-12T08:00:00.000Z', 'deferral', { granted: true, justification: ' Vi venter. ' }))).toEqual([
      ['event', 'deferral_answered', 'caseworker', { granted: true }],
      ['letter', 'deferral_answer', {}],
    ]);
    expect(c.state.deferral).toEqual({ granted: true, justification: 'Vi venter.', at: '2027-09-12T08:00:00.000Z', decisionAt: '2027-09-11T08:00:00.000Z', endedAt: null });
    c.fire('2027-10-11T22:00:00.000Z', 'appealDeadline');
    expect(c.state.deferral?.endedAt).toBe('2027-10-11T22:00:00.000Z');
  });

  it('while the appeal is heard the deferral holds; it ends with the appeal body’s ruling', () => {
    const c = reduced();
    c.step('2027-09-12T08:00:00.000Z', 'deferral', { granted: true, justification: 'Vi venter.' });
    c.step('2027-09-13T08:00:00.000Z', 'appeal', { services: ['home_nursing'] });
    c.step('2027-09-20T08:00:00.000Z', 'reconsideration', { outcome: 'upheld', justification: 'Opprettholdt.' });
    expect(c.view.status).toBe('with_appeal_body');
    expect(c.state.deferral?.endedAt).toBeNull();
    c.step('2027-11-02T09:00:00.000Z', 'appeal-body-decision', { outcome: 'upheld' });
    expect(c.state.deferral).toMatchObject({ granted: true, endedAt: '2027-11-02T09:00:00.000Z' });
  });

  it('the answer must say yes or no', () => {
    const c = reduced();
    const missing = c.try('2027-09-12T08:00:00.000Z', 'deferral', { justification: 'J' });
    expect(!missing.ok && missing.refusal.problems).toEqual([{ field: 'granted', message: 'Required.' }]);
    const word = c.try('2027-09-12T08:00:00.000Z', 'deferral', { granted: 'ja', justification: '' });
    expect(!word.ok && word.refusal.problems).toEqual([
      { field: 'granted', message: 'Must be true or false.' },
      { field: 'justification', message: 'Must be a non-empty text.' },
    ]);
  });
});

describe('a time-limited grant (tidsbegrenset vedtak) to 31 December', () => {
  it('gives notice at the start of Friday 3 December and ends at the end of 31 December, closing the case', () => {
    const c = new LawCase(caseFacts({ services: ['home_nursing'] }));
    c.step('2027-03-03T09:00:00.000Z', 'decision', { outcome: 'granted', services: [{ code: 'home_nursing', until: '2027-12-31' }], justification: 'Tidsbegrenset.' });
    c.fire(FINAL, 'appealDeadline');
    expect(c.state.expiryNoticeAt).toBe('2027-12-02T23:00:00.000Z');
    expect(history(c.fire('2027-12-02T23:00:00.000Z', 'expiryNotice'))).toEqual([
      ['event', 'expiry_notice_sent', 'system', { expiresAt: '2027-12-31T23:00:00.000Z' }],
      ['letter', 'expiry_notice', {}],
    ]);
    expect(c.state.expiryNoticeSent).toBe(true);
    expect(history(c.fire('2027-12-31T23:00:00.000Z', 'decisionExpiry'))).toEqual([
      ['event', 'expired', 'system', { expiresAt: '2027-12-31T23:00:00.000Z' }],
      ['letter', 'closing', {}],
    ]);
    expect([c.view.status, c.view.closedReason]).toEqual(['closed', 'expired']);
  });
});

describe('a place offered from the waiting list (pbrl § 2-1 e)', () => {
  it('the grant from 1 April, with the standard justification when none is given, appealable for 4 weeks', () => {
    const c = new LawCase(caseFacts({ services: ['long_term_stay'], reductions: true }));
    c.step('2027-03-03T09:00:00.000Z', 'decision', { outcome: 'granted', services: [{ code: 'long_term_stay', outcome: 'waiting_list' }], justification: 'Venteliste.' });
    expect(history(c.step('2027-03-10T09:00:00.000Z', 'place-offered', { from: '2027-04-01' }))).toEqual([
      ['event', 'place_offered', 'caseworker', { from: '2027-04-01', services: ['long_term_stay'], appealDeadlines: { statsforvalteren: '2027-04-07T22:00:00.000Z' } }],
      ['letter', 'decision', {}],
    ]);
    expect(c.view.decision).toMatchObject({
      outcome: 'granted',
      services: [{ code: 'long_term_stay', outcome: 'granted', from: '2027-04-01' }],
      justification: 'Du står på venteliste for langtidsopphold i sykehjem, og det er nå ledig plass til deg.',
    });
  });

  it('beside a service granted at once, the grant is partial while another waits; a justification given is kept, trimmed', () => {
    const c = new LawCase(caseFacts({ services: ['long_term_stay', 'home_nursing'], reductions: true }));
    c.step('2027-03-03T09:00:00.000Z', 'decision', {
      outcome: 'partially_granted',
      services: [{ code: 'long_term_stay', outcome: 'waiting_list' }, { code: 'home_nursing', outcome: 'refused' }],
      justification: 'Venteliste.',
    });
    c.step('2027-03-10T09:00:00.000Z', 'place-offered', { from: '2027-04-01', justification: ' Plass på Namsos sykehjem. ' });
    expect(c.view.decision).toMatchObject({
      outcome: 'partially_granted',
      services: [
        { code: 'long_term_stay', outcome: 'granted', from: '2027-04-01' },
        { code: 'home_nursing', outcome: 'refused' },
      ],
      justification: 'Plass på Namsos sykehjem.',
    });
    const blank = c.try('2027-03-10T09:00:00.000Z', 'place-offered', { from: '2027-04-01' });
    expect(!blank.ok && blank.refusal.code).toBe('invalid_transition');
  });
});
