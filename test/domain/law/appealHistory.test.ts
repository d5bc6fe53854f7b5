// What the case's history shows from the decision on: the appeal (fvl §§ 28–33), the office's
// reconsideration, the appeal bodies' rulings, a withdrawn appeal, a later receipt of the decision.
// Namsos refuses home nursing (Statsforvalteren, 4 weeks) and a safety alarm (the klagenemnd, 3
// weeks) on Friday 5 March 2027: the 4 weeks run to Friday 2 April; the 3 weeks end on Good Friday
// 26 March and roll past Easter to Tuesday 30 March. Each event and letter written out.
import { describe, expect, it } from 'vitest';
import type { Decided } from '../../../domain/decider';
import { caseFacts, LawCase } from './caseDriver';

type Line = [kind: 'event', type: string, actor: string, data: Record<string, unknown>] | [kind: 'letter', letter: string, details: object];

function history(result: Decided): Line[] {
  if (!result.ok) return expect.fail(`refused: ${result.refusal.message}`);
  return result.effects.flatMap((e): Line[] =>
    e.kind === 'event' ? [['event', e.type, e.actor, e.data]] : e.kind === 'letter' ? [['letter', e.letter, e.details]] : [],
  );
}

const DECIDED = '2027-03-05T10:00:00.000Z';
const REFUSAL = { outcome: 'refused', services: [{ code: 'home_nursing' }, { code: 'safety_alarm' }], justification: 'Vilkårene er ikke oppfylt.' };
const NURSING_BY = '2027-04-02T22:00:00.000Z';
const ALARM_BY = '2027-03-30T22:00:00.000Z';

function refused(over = {}): LawCase {
  const c = new LawCase(caseFacts(over));
  c.step(DECIDED, 'decision', REFUSAL);
  return c;
}

describe('the appeal (klage)', () => {
  it('the decision gives each body its own deadline', () => {
    expect(refused().view.decision?.appealDeadlines).toEqual({ statsforvalteren: NURSING_BY, klagenemnd: ALARM_BY });
  });

  it('posted on 30 March, the alarm’s last day, and received the next: in time for both; acknowledged, with a provisional reply owed by Wednesday 28 April', () => {
    const c = refused();
    expect(history(c.step('2027-03-31T10:00:00.000Z', 'appeal', { sentAt: '2027-03-30T10:00:00.000Z', text: 'Jeg klager.' }))).toEqual([
      [
        'event',
        'appeal_received',
        'caseworker',
        { receivedAt: '2027-03-31T10:00:00.000Z', sentAt: '2027-03-30T10:00:00.000Z', late: false, services: ['home_nursing', 'safety_alarm'], lateServices: [] },
      ],
      ['letter', 'appeal_acknowledgement', {}],
    ]);
    expect(c.view.status).toBe('under_reconsideration');
    expect(c.state.appeal).toEqual({
      receivedAt: '2027-03-31T10:00:00.000Z',
      sentAt: '2027-03-30T10:00:00.000Z',
      services: ['home_nursing', 'safety_alarm'],
      text: 'Jeg klager.',
      late: false,
      lateServices: [],
      reconsideration: null,
      appealBodyDecision: null,
    });
    expect(c.view.flags.lateAppeal).toBe(false);
    expect(c.state.provisionalReplyBy).toBe('2027-04-28T22:00:00.000Z');
  });

  it('posted on 31 March: late for the alarm only, and flagged; before the appeal-rights rules only the 4 weeks counted', () => {
    const c = refused();
    expect(history(c.step('2027-04-01T10:00:00.000Z', 'appeal', { sentAt: '2027-03-31T10:00:00.000Z' }))[0]).toEqual([
      'event',
      'appeal_received',
      'caseworker',
      { receivedAt: '2027-04-01T10:00:00.000Z', sentAt: '2027-03-31T10:00:00.000Z', late: true, services: ['home_nursing', 'safety_alarm'], lateServices: ['safety_alarm'] },
    ]);
    expect(c.view.flags.lateAppeal).toBe(true);
    const old = refused({ appealRights: false });
    expect(history(old.step('2027-04-01T10:00:00.000Z', 'appeal', { sentAt: '2027-03-31T10:00:00.000Z' }))[0]).toEqual([
      'event',
      'appeal_received',
      'caseworker',
      { receivedAt: '2027-04-01T10:00:00.000Z', sentAt: '2027-03-31T10:00:00.000Z', late: false, services: ['home_nursing', 'safety_alarm'] },
    ]);
  });

  it('on a refusal closed when its period ran out: reopened, late, and withdrawn again it is closed as it was', () => {
    const c = refused();
    expect(history(c.fire(NURSING_BY, 'appealDeadline'))).toEqual([
      ['event', 'decision_final', 'system', { status: 'closed' }],
      ['letter', 'closing', {}],
    ]);
    expect(history(c.step('2027-05-01T10:00:00.000Z', 'appeal', { services: ['home_nursing'] }))[0]).toEqual([
      'event',
      'appeal_received',
      'caseworker',
      { receivedAt: '2027-05-01T10:00:00.000Z', sentAt: null, late: true, services: ['home_nursing'], lateServices: ['home_nursing'], reopened: true },
    ]);
    expect(c.view.status).toBe('under_reconsideration');
    expect(c.view.closedReason).toBeNull();
    expect(history(c.step('2027-05-02T10:00:00.000Z', 'withdraw', { reason: 'Angrer.' }))).toEqual([
      ['event', 'appeal_withdrawn', 'caseworker', { reason: 'Angrer.', status: 'closed' }],
      ['letter', 'appeal_withdrawn', { reason: 'Angrer.' }],
    ]);
    expect([c.view.status, c.view.closedReason]).toEqual(['closed', 'refused']);
  });
});

describe('the office reconsiders (fvl § 33)', () => {
  it('upholds an appeal on both services: forwarded to each body with its own, one letter each', () => {
    const c = refused();
    c.step('2027-03-31T10:00:00.000Z', 'appeal', {});
    expect(history(c.step('2027-04-05T10:00:00.000Z', 'reconsideration', { outcome: 'upheld', justification: 'Opprettholdt.' }))).toEqual([
      ['event', 'reconsideration', 'caseworker', { outcome: 'upheld' }],
      ['event', 'appeal_forwarded', 'caseworker', { appealBody: 'statsforvalteren', services: ['home_nursing'] }],
      ['letter', 'appeal_forwarded', { appealBody: 'statsforvalteren' }],
      ['event', 'appeal_forwarded', 'caseworker', { appealBody: 'klagenemnd', services: ['safety_alarm'] }],
      ['letter', 'appeal_forwarded', { appealBody: 'klagenemnd' }],
    ]);
    expect(c.view.status).toBe('with_appeal_body');
    expect(c.state.appealBody).toBeNull();
    expect(c.state.appeal?.reconsideration).toEqual({ outcome: 'upheld', justification: 'Opprettholdt.', at: '2027-04-05T10:00:00.000Z' });
    // The office has answered: no provisional reply is owed on the appeal any more.
    expect(c.state.provisionalReplyDispatchAt).toBeNull();
  });

  it('before the appeal-rights rules: one forwarding, to Statsforvalteren, with no list of bodies', () => {
    const c = refused({ appealRights: false });
    c.step('2027-03-31T10:00:00.000Z', 'appeal', {});
    expect(history(c.step('2027-04-05T10:00:00.000Z', 'reconsideration', { outcome: 'upheld', justification: 'Opprettholdt.' }))).toEqual([
      ['event', 'reconsideration', 'caseworker', { outcome: 'upheld' }],
      ['event', 'appeal_forwarded', 'caseworker', { appealBody: 'statsforvalteren' }],
      ['letter', 'appeal_forwarded', {}],
    ]);
    expect(c.state.appealBody).toBe('statsforvalteren');
  });

  it('reverses it (omgjøring): a new decision granting both, with a new appeal period from Friday 12 March', () => {
    const c = refused();
    c.step('2027-03-10T10:00:00.000Z', 'appeal', { services: ['home_nursing'] });
    expect(history(c.step('2027-03-12T10:00:00.000Z', 'reconsideration', { outcome: 'reversed', justification: 'Omgjort.' }))).toEqual([
      ['event', 'reconsideration', 'caseworker', { outcome: 'reversed' }],
      [
        'event',
        'decision_issued',
        'caseworker',
        { outcome: 'granted', reason: 'reconsideration', appealDeadlines: { statsforvalteren: '2027-04-09T22:00:00.000Z', klagenemnd: '2027-04-02T22:00:00.000Z' } },
      ],
      ['letter', 'decision', {}],
    ]);
    expect(c.view.status).toBe('decided');
  });

  it('dismisses an appeal on the alarm (avvisning): the decision stands, and the dismissal can be appealed to the klagenemnd within 3 weeks', () => {
    const c = refused();
    c.step('2027-03-10T10:00:00.000Z', 'appeal', { services: ['safety_alarm'] });
    expect(history(c.step('2027-03-12T10:00:00.000Z', 'reconsideration', { outcome: 'dismissed', justification: 'Avvist.' }))).toEqual([
      ['event', 'reconsideration', 'caseworker', { outcome: 'dismissed' }],
      ['event', 'appeal_dismissed', 'caseworker', { status: 'decided' }],
      ['letter', 'appeal_outcome', {}],
    ]);
    expect(c.state.appeal?.reconsideration).toEqual({
      outcome: 'dismissed',
      justification: 'Avvist.',
      at: '2027-03-12T10:00:00.000Z',
      appealBy: '2027-04-02T22:00:00.000Z',
      appealBody: 'klagenemnd',
    });
  });
});

describe('the appeal bodies rule', () => {
  function forwarded(): LawCase {
    const c = refused();
    c.step('2027-03-31T10:00:00.000Z', 'appeal', {});
    c.step('2027-04-05T10:00:00.000Z', 'reconsideration', { outcome: 'upheld', justification: 'Opprettholdt.' });
    return c;
  }

  it('the klagenemnd reverses on the alarm: the alarm granted by its decision, the nursing still refused, and the case waits for Statsforvalteren', () => {
    const c = forwarded();
    expect(history(c.step('2027-05-05T10:00:00.000Z', 'appeal-body-decision', { body: 'klagenemnd', outcome: 'reversed', justification: 'Tatt til følge.' }))).toEqual([
      ['event', 'appeal_body_decision', 'caseworker', { outcome: 'reversed', appealBody: 'klagenemnd', services: ['safety_alarm'], status: 'with_appeal_body' }],
      ['letter', 'appeal_outcome', { appealBody: 'klagenemnd' }],
    ]);
    expect(c.view.decision).toMatchObject({
      outcome: 'partially_granted',
      services: [
        { code: 'home_nursing', outcome: 'refused' },
        { code: 'safety_alarm', outcome: 'granted' },
      ],
      justification: 'Tatt til følge.',
      decidedBy: 'klagenemnd',
      appealDeadlines: {},
    });
    // Then Statsforvalteren upholds (the one body left need not be named): final, and the alarm runs.
    expect(history(c.step('2027-05-06T10:00:00.000Z', 'appeal-body-decision', { outcome: 'upheld' }))).toEqual([
      ['event', 'appeal_body_decision', 'caseworker', { outcome: 'upheld', appealBody: 'statsforvalteren', services: ['home_nursing'], status: 'active' }],
      ['letter', 'appeal_outcome', { appealBody: 'statsforvalteren' }],
    ]);
    expect(c.state.appeal?.appealBodyDecision).toEqual({ outcome: 'upheld', justification: null, at: '2027-05-06T10:00:00.000Z' });
  });

  it('Statsforvalteren quashes (opphevet) and the klagenemnd upholds: new processing, with a provisional reply owed by Wednesday 2 June', () => {
    const c = forwarded();
    expect(history(c.step('2027-05-05T10:00:00.000Z', 'appeal-body-decision', { body: 'statsforvalteren', outcome: 'quashed' }))[0]).toEqual([
      'event',
      'appeal_body_decision',
      'caseworker',
      { outcome: 'quashed', appealBody: 'statsforvalteren', services: ['home_nursing'], status: 'with_appeal_body' },
    ]);
    expect(history(c.step('2027-05-05T11:00:00.000Z', 'appeal-body-decision', { outcome: 'upheld', justification: 'Riktig.' }))[0]).toEqual([
      'event',
      'appeal_body_decision',
      'caseworker',
      { outcome: 'upheld', appealBody: 'klagenemnd', services: ['safety_alarm'], status: 'under_assessment' },
    ]);
    expect(c.view.status).toBe('under_assessment');
    expect(c.state.provisionalReplyBy).toBe('2027-06-02T22:00:00.000Z');
  });

  it('before the appeal-rights rules, Statsforvalteren reverses: both granted by its decision with its default reasons, final at once', () => {
    const c = refused({ appealRights: false });
    c.step('2027-03-31T10:00:00.000Z', 'appeal', {});
    c.step('2027-04-05T10:00:00.000Z', 'reconsideration', { outcome: 'upheld', justification: 'Opprettholdt.' });
    expect(history(c.step('2027-04-06T10:00:00.000Z', 'appeal-body-decision', { outcome: 'reversed' }))).toEqual([
      ['event', 'appeal_body_decision', 'caseworker', { outcome: 'reversed', appealBody: 'statsforvalteren', status: 'active' }],
      ['letter', 'appeal_outcome', {}],
    ]);
    expect(c.view.decision).toMatchObject({
      outcome: 'granted',
      services: [
        { code: 'home_nursing', outcome: 'granted' },
        { code: 'safety_alarm', outcome: 'granted' },
      ],
      justification: 'Klagen er tatt til følge.',
      decidedBy: 'statsforvalteren',
    });
  });
});

describe('the appeal withdrawn, and the decision received later', () => {
  it('withdrawn while the period runs: decided again, and final when it runs out, closing the refusal', () => {
    const c = refused();
    c.step('2027-03-10T10:00:00.000Z', 'appeal', {});
    expect(history(c.step('2027-03-12T10:00:00.000Z', 'appeal/withdraw', { reason: 'Angrer.' }))).toEqual([
      ['event', 'appeal_withdrawn', 'caseworker', { reason: 'Angrer.', status: 'decided' }],
      ['letter', 'appeal_withdrawn', { reason: 'Angrer.' }],
    ]);
    expect(c.state.appeal?.withdrawn).toEqual({ reason: 'Angrer.', at: '2027-03-12T10:00:00.000Z' });
    expect(c.state.provisionalReplyDispatchAt).toBeNull();
    expect(c.state.provisionalReplyExpectedBy).toBeNull();
    expect(history(c.fire(NURSING_BY, 'appealDeadline'))).toEqual([
      ['event', 'decision_final', 'system', { status: 'closed' }],
      ['letter', 'closing', {}],
    ]);
  });

  it('received on Sunday 14 March: the periods count from then, to Monday 12 April and Monday 5 April', () => {
    const c = refused();
    expect(history(c.step('2027-03-15T10:00:00.000Z', 'decision-received', { receivedAt: '2027-03-14T10:00:00.000Z' }))).toEqual([
      ['event', 'decision_received', 'caseworker', { receivedAt: '2027-03-14T10:00:00.000Z', appealDeadlines: { statsforvalteren: '2027-04-12T22:00:00.000Z', klagenemnd: '2027-04-05T22:00:00.000Z' } }],
    ]);
    expect(c.view.decision).toMatchObject({ deliveredAt: '2027-03-14T10:00:00.000Z', receipt: 'registered' });
  });
});
