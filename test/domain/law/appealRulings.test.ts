// The answers to an appeal beyond the plain ones: the office's partial reversal, a late appeal on a
// final grant dismissed, the appeal body's own decision, and what counts as "after the decision"
// when the applicant had it before it was registered. Each event and decision written out.
import { describe, expect, it } from 'vitest';
import type { Decided } from '../../../domain/decider';
import { caseFacts, LawCase } from './caseDriver';

function history(result: Decided): unknown[] {
  if (!result.ok) return expect.fail(`refused: ${result.refusal.message}`);
  return result.effects.map((e) => (e.kind === 'event' ? ['event', e.type, e.data] : e.kind === 'letter' ? ['letter', e.letter, e.details] : [e.kind]));
}

const nursingOnly = () => new LawCase(caseFacts({ services: ['home_nursing'] }));

describe('the office reverses in part (delvis omgjøring)', () => {
  it('a new decision of 3 hours with its own appeal period, and what remains of the appeal goes on to each body', () => {
    const c = new LawCase();
    c.step('2027-03-05T10:00:00.000Z', 'decision', { outcome: 'refused', services: [{ code: 'home_nursing', hoursPerWeek: 5 }, { code: 'safety_alarm' }], justification: 'Nei.' });
    c.step('2027-03-10T10:00:00.000Z', 'appeal', {});
    const partial = { outcome: 'partially_granted', services: [{ code: 'home_nursing', outcome: 'granted', hoursPerWeek: 3 }, { code: 'safety_alarm', outcome: 'refused' }], justification: 'Delvis omgjort.' };
    expect(history(c.step('2027-03-12T10:00:00.000Z', 'reconsideration', { outcome: 'partially_reversed', justification: 'Delvis.', decision: partial }))).toEqual([
      ['event', 'reconsideration', { outcome: 'partially_reversed' }],
      ['event', 'decision_issued', { outcome: 'partially_granted', reason: 'reconsideration', appealDeadlines: { statsforvalteren: '2027-04-09T22:00:00.000Z', klagenemnd: '2027-04-02T22:00:00.000Z' } }],
      ['letter', 'decision', {}],
      ['event', 'appeal_forwarded', { appealBody: 'statsforvalteren', services: ['home_nursing'] }],
      ['letter', 'appeal_forwarded', { appealBody: 'statsforvalteren' }],
      ['event', 'appeal_forwarded', { appealBody: 'klagenemnd', services: ['safety_alarm'] }],
      ['letter', 'appeal_forwarded', { appealBody: 'klagenemnd' }],
    ]);
    expect(c.view.status).toBe('with_appeal_body');
    // Statsforvalteren then reverses on the nursing without a decision of its own: the nursing granted as it stands, the alarm as it was.
    c.step('2027-04-12T10:00:00.000Z', 'appeal-body-decision', { body: 'statsforvalteren', outcome: 'reversed' });
    expect(c.view.decision).toMatchObject({
      outcome: 'partially_granted',
      services: [
        { code: 'home_nursing', outcome: 'granted', hoursPerWeek: 3 },
        { code: 'safety_alarm', outcome: 'refused' },
      ],
      justification: 'Klagen er tatt til følge.',
      decidedBy: 'statsforvalteren',
    });
    expect(c.state.appealBodies).toEqual([
      { body: 'statsforvalteren', services: ['home_nursing'], outcome: 'reversed' },
      { body: 'klagenemnd', services: ['safety_alarm'], outcome: null },
    ]);
  });
});

describe('a late appeal on a grant already final, dismissed (avvist)', () => {
  it('the grant goes on (active), and the dismissal can be appealed to Statsforvalteren within 3 weeks: Sunday 23 May rolls to Monday 24 May', () => {
    const c = nursingOnly();
    c.step('2027-03-05T10:00:00.000Z', 'decision', { outcome: 'granted', services: [{ code: 'home_nursing' }], justification: 'Ja.' });
    c.fire('2027-04-02T22:00:00.000Z', 'appealDeadline');
    c.step('2027-05-01T10:00:00.000Z', 'appeal', {});
    expect(history(c.step('2027-05-02T10:00:00.000Z', 'reconsideration', { outcome: 'dismissed', justification: 'For sent.' }))).toEqual([
      ['event', 'reconsideration', { outcome: 'dismissed' }],
      ['event', 'appeal_dismissed', { status: 'active' }],
      ['letter', 'appeal_outcome', {}],
    ]);
    expect(c.view.status).toBe('active');
    expect(c.state.appeal?.reconsideration).toEqual({ outcome: 'dismissed', justification: 'For sent.', at: '2027-05-02T10:00:00.000Z', appealBy: '2027-05-24T22:00:00.000Z', appealBody: 'statsforvalteren' });
  });

  it('before the appeal-rights rules a dismissal gave no deadline of its own', () => {
    const c = new LawCase(caseFacts({ services: ['home_nursing'], appealRights: false }));
    c.step('2027-03-05T10:00:00.000Z', 'decision', { outcome: 'refused', services: [{ code: 'home_nursing' }], justification: 'Nei.' });
    c.step('2027-03-10T10:00:00.000Z', 'appeal', {});
    c.step('2027-03-12T10:00:00.000Z', 'reconsideration', { outcome: 'dismissed', justification: 'Avvist.' });
    expect(c.state.appeal?.reconsideration).toEqual({ outcome: 'dismissed', justification: 'Avvist.', at: '2027-03-12T10:00:00.000Z' });
  });
});

describe('the appeal body reverses', () => {
  function forwarded(): LawCase {
    const c = nursingOnly();
    c.step('2027-03-05T10:00:00.000Z', 'decision', { outcome: 'refused', services: [{ code: 'home_nursing', hoursPerWeek: 5 }], justification: 'Nei.' });
    c.step('2027-03-10T10:00:00.000Z', 'appeal', {});
    c.step('2027-03-12T10:00:00.000Z', 'reconsideration', { outcome: 'upheld', justification: 'Opprettholdt.' });
    return c;
  }

  it('with a decision of its own: 2 hours, final at once, with no appeal period', () => {
    const c = forwarded();
    const own = { outcome: 'granted', services: [{ code: 'home_nursing', hoursPerWeek: 2 }], justification: 'Statsforvalteren gir 2 timer.' };
    expect(history(c.step('2027-04-12T10:00:00.000Z', 'appeal-body-decision', { outcome: 'reversed', justification: 'Delvis rett.', decision: own }))).toEqual([
      ['event', 'appeal_body_decision', { outcome: 'reversed', appealBody: 'statsforvalteren', status: 'active' }],
      ['letter', 'appeal_outcome', {}],
    ]);
    expect(c.view.decision).toMatchObject({ outcome: 'granted', services: [{ code: 'home_nursing', hoursPerWeek: 2, outcome: 'granted' }], justification: 'Statsforvalteren gir 2 timer.', appealDeadlines: {}, decidedBy: 'statsforvalteren' });
    expect(c.state.appealBodies).toEqual([{ body: 'statsforvalteren', services: ['home_nursing'], outcome: 'reversed' }]);
    expect(c.state.appeal?.appealBodyDecision).toEqual({ outcome: 'reversed', justification: 'Delvis rett.', at: '2027-04-12T10:00:00.000Z' });
  });

  it('without one: what was applied for granted, the 5 hours the refusal named kept', () => {
    const c = forwarded();
    c.step('2027-04-12T10:00:00.000Z', 'appeal-body-decision', { outcome: 'reversed' });
    expect(c.view.decision?.services).toEqual([{ code: 'home_nursing', outcome: 'granted', hoursPerWeek: 5 }]);
    expect(c.view.status).toBe('active');
  });
});

describe('an appeal sent after the applicant had the decision', () => {
  it('handed over at the visit on Thursday 4 March and registered on Friday 5: an appeal posted on the 4th at 13.00 is in order', () => {
    const c = nursingOnly();
    c.step('2027-03-05T10:00:00.000Z', 'decision', { outcome: 'refused', services: [{ code: 'home_nursing' }], justification: 'Nei.', deliveredAt: '2027-03-04T10:00:00.000Z' });
    expect(c.try('2027-03-10T10:00:00.000Z', 'appeal', { sentAt: '2027-03-04T09:59:59.999Z' })).toMatchObject({
      ok: false,
      refusal: { problems: [{ field: 'sentAt', message: 'Must not be before the decision was made.' }] },
    });
    expect(history(c.step('2027-03-10T10:00:00.000Z', 'appeal', { sentAt: '2027-03-04T12:00:00.000Z' }))[0]).toEqual([
      'event',
      'appeal_received',
      { receivedAt: '2027-03-10T10:00:00.000Z', sentAt: '2027-03-04T12:00:00.000Z', late: false, services: ['home_nursing'], lateServices: [] },
    ]);
  });
});
