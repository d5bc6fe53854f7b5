// The edges of the appeal rules, each as an example with the answer written out: when the period
// runs out while the appeal is pending, a refusal upheld to the end, the old rules' single period,
// a corrected receipt, and the field each problem names. Decision: Friday 5 March 2027, refusing
// home nursing (to 2 April) and a safety alarm (to 30 March).
import { describe, expect, it } from 'vitest';
import type { Decided } from '../../../domain/decider';
import { caseFacts, LawCase } from './caseDriver';

function history(result: Decided): unknown[] {
  if (!result.ok) return expect.fail(`refused: ${result.refusal.message}`);
  return result.effects.map((e) => (e.kind === 'event' ? ['event', e.type, e.data] : e.kind === 'letter' ? ['letter', e.letter, e.details] : [e.kind]));
}

function fields(result: Decided): [string, string][] {
  if (result.ok) return expect.fail('accepted');
  return (result.refusal.problems ?? []).map((p) => [p.field, p.message]);
}

const REFUSAL = { outcome: 'refused', services: [{ code: 'home_nursing' }, { code: 'safety_alarm' }], justification: 'Nei.' };

function refused(over = {}): LawCase {
  const c = new LawCase(caseFacts(over));
  c.step('2027-03-05T10:00:00.000Z', 'decision', REFUSAL);
  return c;
}

function appealed(over = {}): LawCase {
  const c = refused(over);
  c.step('2027-03-10T10:00:00.000Z', 'appeal', {});
  return c;
}

describe('the period runs out while the appeal is pending', () => {
  it('dismissed on Monday 5 April: the refusal is final at once and the case closes, with both letters', () => {
    expect(history(appealed().step('2027-04-05T10:00:00.000Z', 'reconsideration', { outcome: 'dismissed', justification: 'Avvist.' }))).toEqual([
      ['event', 'reconsideration', { outcome: 'dismissed' }],
      ['event', 'decision_final', { status: 'closed' }],
      ['letter', 'appeal_outcome', {}],
      ['letter', 'closing', {}],
    ]);
  });

  it('withdrawn on Monday 5 April: final, said so in the event, and the case closes', () => {
    const c = appealed();
    c.step('2027-03-12T10:00:00.000Z', 'reconsideration', { outcome: 'upheld', justification: 'Opprettholdt.' });
    expect(history(c.step('2027-04-05T10:00:00.000Z', 'appeal/withdraw', { reason: 'Angrer.' }))).toEqual([
      ['event', 'appeal_withdrawn', { reason: 'Angrer.', status: 'closed', final: true }],
      ['letter', 'appeal_withdrawn', { reason: 'Angrer.' }],
      ['letter', 'closing', {}],
    ]);
    expect(c.view.flags.provisionalReplyOverdue).toBe(false);
  });
});

describe('a refusal upheld by the appeal body is final, and the case closes', () => {
  it('one body: its letter, then the closing letter', () => {
    const c = new LawCase(caseFacts({ services: ['home_nursing'] }));
    c.step('2027-03-05T10:00:00.000Z', 'decision', { outcome: 'refused', services: [{ code: 'home_nursing' }], justification: 'Nei.' });
    c.step('2027-03-10T10:00:00.000Z', 'appeal', {});
    c.step('2027-03-12T10:00:00.000Z', 'reconsideration', { outcome: 'upheld', justification: 'Opprettholdt.' });
    expect(history(c.step('2027-04-12T10:00:00.000Z', 'appeal-body-decision', { outcome: 'upheld' }))).toEqual([
      ['event', 'appeal_body_decision', { outcome: 'upheld', appealBody: 'statsforvalteren', status: 'closed' }],
      ['letter', 'appeal_outcome', {}],
      ['letter', 'closing', {}],
    ]);
  });

  it('two bodies: the closing letter comes with the second ruling', () => {
    const c = appealed();
    c.step('2027-03-12T10:00:00.000Z', 'reconsideration', { outcome: 'upheld', justification: 'Opprettholdt.' });
    expect(history(c.step('2027-04-12T10:00:00.000Z', 'appeal-body-decision', { body: 'klagenemnd', outcome: 'upheld' }))).toHaveLength(2);
    expect(history(c.step('2027-04-13T10:00:00.000Z', 'appeal-body-decision', { outcome: 'upheld' }))).toEqual([
      ['event', 'appeal_body_decision', { outcome: 'upheld', appealBody: 'statsforvalteren', services: ['home_nursing'], status: 'closed' }],
      ['letter', 'appeal_outcome', { appealBody: 'statsforvalteren' }],
      ['letter', 'closing', {}],
    ]);
  });

  it('a ruling names a body that has not ruled, of the two; its changed decision is checked as a decision', () => {
    const c = appealed();
    c.step('2027-03-12T10:00:00.000Z', 'reconsideration', { outcome: 'upheld', justification: 'Opprettholdt.' });
    expect(fields(c.try('2027-04-12T10:00:00.000Z', 'appeal-body-decision', { body: 'fylkesmannen', outcome: 'upheld' }))).toEqual([
      ['body', 'Must be an appeal body that has not ruled yet: statsforvalteren, klagenemnd.'],
    ]);
    expect(fields(c.try('2027-04-12T10:00:00.000Z', 'appeal-body-decision', { body: 'klagenemnd', outcome: 'reversed', decision: { outcome: 'ja', services: [{ code: 'safety_alarm' }], justification: 'J' } }))).toEqual([
      ['decision.outcome', 'Must be one of granted, partially_granted, refused.'],
    ]);
  });

  it('before the appeal-rights rules, the body named in a ruling is not looked at', () => {
    const c = appealed({ appealRights: false });
    c.step('2027-03-12T10:00:00.000Z', 'reconsideration', { outcome: 'upheld', justification: 'Opprettholdt.' });
    expect(c.try('2027-04-12T10:00:00.000Z', 'appeal-body-decision', { body: 'klagenemnd', outcome: 'upheld' }).ok).toBe(true);
  });
});

describe('the appeal itself', () => {
  it('a second appeal starts with no appeal bodies; before the rules there is no such list', () => {
    const c = appealed();
    c.step('2027-03-12T10:00:00.000Z', 'reconsideration', { outcome: 'upheld', justification: 'Opprettholdt.' });
    c.step('2027-03-15T10:00:00.000Z', 'appeal/withdraw', { reason: 'Angrer.' });
    c.step('2027-03-16T10:00:00.000Z', 'appeal', { services: ['home_nursing'] });
    expect(c.state.appealBodies).toEqual([]);
    expect(appealed({ appealRights: false }).state.appealBodies).toBeUndefined();
  });

  it('before the rules, one period per appeal: the alarm’s 3 weeks for an appeal on the alarm alone, else the later one, to the millisecond', () => {
    const alarm = refused({ appealRights: false }).step('2027-04-01T10:00:00.000Z', 'appeal', { services: ['safety_alarm'], sentAt: '2027-03-31T10:00:00.000Z' });
    expect(history(alarm)[0]).toEqual(['event', 'appeal_received', { receivedAt: '2027-04-01T10:00:00.000Z', sentAt: '2027-03-31T10:00:00.000Z', late: true, services: ['safety_alarm'] }]);
    const onTime = refused({ appealRights: false }).step('2027-04-05T10:00:00.000Z', 'appeal', { sentAt: '2027-04-02T22:00:00.000Z' });
    expect(history(onTime)[0]).toMatchObject(['event', 'appeal_received', { late: false }]);
    const late = refused({ appealRights: false }).step('2027-04-05T10:00:00.000Z', 'appeal', { sentAt: '2027-04-02T22:00:00.001Z' });
    expect(history(late)[0]).toMatchObject(['event', 'appeal_received', { late: true }]);
  });

  it('each problem names its field: the text, when it was sent, when received', () => {
    expect(fields(refused().try('2027-03-20T10:00:00.000Z', 'appeal', { text: ' ' }))).toEqual([['text', 'Must be a non-empty text.']]);
    expect(fields(refused().try('2027-03-20T10:00:00.000Z', 'appeal', { sentAt: 'i går' }))).toEqual([['sentAt', 'Must be an ISO-8601 date-time, e.g. 2027-03-30T10:00:00.000Z.']]);
    // A bad receipt is that one problem, not also "more than a year" reckoned from now.
    expect(fields(refused().try('2028-06-01T10:00:00.000Z', 'appeal', { receivedAt: 'i går' }))).toEqual([['receivedAt', 'Must be an ISO-8601 date-time, e.g. 2027-03-30T10:00:00.000Z.']]);
    // With none given, the appeal is received now: more than a year after the decision.
    expect(fields(refused().try('2028-06-01T10:00:00.000Z', 'appeal', {}))).toEqual([
      ['receivedAt', 'More than one year after the decision: the appeal cannot be taken (forvaltningsloven § 31).'],
    ]);
  });

  it('is not taken before a decision, and the refusal says where it is allowed', () => {
    expect(new LawCase().try('2027-03-05T10:00:00.000Z', 'appeal', {})).toEqual({
      ok: false,
      refusal: {
        code: 'invalid_transition',
        message: "The case is received: 'appeal' is allowed when the case is decided, active, closed. Allowed now: contact, home-visit, provisional-reply, decision, withdraw.",
      },
    });
  });
});

describe('an appeal on the alarm alone goes to the klagenemnd alone', () => {
  it('forwarded with its one service, under the rules and before them', () => {
    const c = refused();
    c.step('2027-03-10T10:00:00.000Z', 'appeal', { services: ['safety_alarm'] });
    expect(history(c.step('2027-03-12T10:00:00.000Z', 'reconsideration', { outcome: 'upheld', justification: 'Opprettholdt.' })).slice(1)).toEqual([
      ['event', 'appeal_forwarded', { appealBody: 'klagenemnd', services: ['safety_alarm'] }],
      ['letter', 'appeal_forwarded', { appealBody: 'klagenemnd' }],
    ]);
    expect(c.state.appealBody).toBe('klagenemnd');
    const old = refused({ appealRights: false });
    old.step('2027-03-10T10:00:00.000Z', 'appeal', { services: ['safety_alarm'] });
    expect(history(old.step('2027-03-12T10:00:00.000Z', 'reconsideration', { outcome: 'upheld', justification: 'Opprettholdt.' })).slice(1)).toEqual([
      ['event', 'appeal_forwarded', { appealBody: 'klagenemnd' }],
      ['letter', 'appeal_forwarded', {}],
    ]);
  });
});

describe('the appeal bodies reverse', () => {
  it('both, each on its own part: everything granted in the end, a whole grant', () => {
    const c = appealed();
    c.step('2027-03-12T10:00:00.000Z', 'reconsideration', { outcome: 'upheld', justification: 'Opprettholdt.' });
    c.step('2027-04-12T10:00:00.000Z', 'appeal-body-decision', { body: 'klagenemnd', outcome: 'reversed' });
    expect(c.view.decision?.outcome).toBe('partially_granted');
    c.step('2027-04-13T10:00:00.000Z', 'appeal-body-decision', { outcome: 'reversed' });
    expect(c.view.decision).toMatchObject({
      outcome: 'granted',
      services: [
        { code: 'home_nursing', outcome: 'granted' },
        { code: 'safety_alarm', outcome: 'granted' },
      ],
    });
    expect(c.view.status).toBe('active');
  });

  it('the klagenemnd alone, on the alarm: its ruling names it; before the rules no list of bodies is kept', () => {
    const c = refused();
    c.step('2027-03-10T10:00:00.000Z', 'appeal', { services: ['safety_alarm'] });
    c.step('2027-03-12T10:00:00.000Z', 'reconsideration', { outcome: 'upheld', justification: 'Opprettholdt.' });
    expect(history(c.step('2027-04-12T10:00:00.000Z', 'appeal-body-decision', { outcome: 'upheld' }))[0]).toEqual([
      'event',
      'appeal_body_decision',
      { outcome: 'upheld', appealBody: 'klagenemnd', status: 'closed' },
    ]);
    const old = appealed({ appealRights: false });
    old.step('2027-03-12T10:00:00.000Z', 'reconsideration', { outcome: 'upheld', justification: 'Opprettholdt.' });
    old.step('2027-04-12T10:00:00.000Z', 'appeal-body-decision', { outcome: 'upheld' });
    expect(old.state.appealBodies).toBeUndefined();
  });
});

describe('a receipt corrected', () => {
  it('registered as Saturday 20 March, then corrected to Sunday 14 March: the periods count from the 14th (to 12 April and 5 April), not from the receipt it replaces', () => {
    const c = refused();
    expect(history(c.step('2027-03-21T10:00:00.000Z', 'decision-received', { receivedAt: '2027-03-20T10:00:00.000Z' }))[0]).toEqual([
      'event',
      'decision_received',
      { receivedAt: '2027-03-20T10:00:00.000Z', appealDeadlines: { statsforvalteren: '2027-04-19T22:00:00.000Z', klagenemnd: '2027-04-12T22:00:00.000Z' } },
    ]);
    c.step('2027-03-22T10:00:00.000Z', 'decision-received', { receivedAt: '2027-03-14T10:00:00.000Z' });
    expect(c.view.decision?.appealDeadlines).toEqual({ statsforvalteren: '2027-04-12T22:00:00.000Z', klagenemnd: '2027-04-05T22:00:00.000Z' });
  });
});
