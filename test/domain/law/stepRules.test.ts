// Rules of single steps, each as examples with the answer written out: what a provisional reply is
// about, what counts as a reduction, which advance notice counts, when a deferral holds, and how a
// run started before the appeal-rights rules keeps behaving.
import { describe, expect, it } from 'vitest';
import type { DecidedService, Decision, DeferralAnswer } from '../../../domain/case/caseTypes';
import type { Decided } from '../../../domain/decider';
import { advanceNoticeMissing, reducedServices } from '../../../domain/steps/advanceNotice';
import { deferrable, deferredNow, endedDeferral } from '../../../domain/steps/deferral';
import { onWaitingList, placeOfferedDecision, waitingServices } from '../../../domain/steps/waitingList';
import { caseFacts, LawCase } from './caseDriver';

function history(result: Decided): unknown[] {
  if (!result.ok) return expect.fail(`refused: ${result.refusal.message}`);
  return result.effects.map((e) => (e.kind === 'event' ? ['event', e.type, e.data] : e.kind === 'letter' ? ['letter', e.letter, e.details] : [e.kind]));
}

const REFUSAL = { outcome: 'refused', services: [{ code: 'home_nursing' }], justification: 'Nei.' };

describe('what a provisional reply is about (fvl § 11 a)', () => {
  function appealed(): LawCase {
    const c = new LawCase(caseFacts({ services: ['home_nursing'] }));
    c.step('2027-03-05T10:00:00.000Z', 'decision', REFUSAL);
    c.step('2027-03-10T10:00:00.000Z', 'appeal', {});
    return c;
  }

  it('an appeal received on 10 March that the office has not answered by Wednesday 7 April: a reply about the appeal, expecting an answer by 5 May', () => {
    const c = appealed();
    expect(c.state.provisionalReplyDispatchAt).toBe('2027-04-06T22:00:00.000Z');
    expect(history(c.fire('2027-04-06T22:00:00.000Z', 'provisionalReplyDue'))).toEqual([
      ['event', 'provisional_reply_sent', { automatic: true, expectedDecisionBy: '2027-05-05T22:00:00.000Z', regarding: 'appeal' }],
      [
        'letter',
        'provisional_reply',
        {
          reason: 'Vi har ikke fått vurdert klagen din ferdig ennå, fordi vi trenger mer tid til å gå gjennom saken på nytt.',
          expectedDecisionBy: '2027-05-05T22:00:00.000Z',
          regarding: 'appeal',
        },
      ],
    ]);
    expect(history(appealed().step('2027-04-08T10:00:00.000Z', 'provisional-reply', { reason: 'Vi venter på legen.', expectedDecisionBy: '2027-05-01' }))[0]).toEqual([
      'event',
      'provisional_reply_sent',
      { automatic: false, expectedDecisionBy: '2027-05-01', regarding: 'appeal' },
    ]);
  });

  it('after the appeal body quashed the decision: about the new processing, and again when its date passes', () => {
    const c = appealed();
    c.step('2027-05-03T10:00:00.000Z', 'reconsideration', { outcome: 'upheld', justification: 'Opprettholdt.' });
    c.step('2027-05-04T10:00:00.000Z', 'appeal-body-decision', { outcome: 'quashed' });
    expect(history(c.fire('2027-06-01T08:00:00.000Z', 'provisionalReplyDue'))).toEqual([
      ['event', 'provisional_reply_sent', { automatic: true, expectedDecisionBy: '2027-06-29T22:00:00.000Z', regarding: 'new_processing' }],
      [
        'letter',
        'provisional_reply',
        {
          reason: 'Vedtaket ble opphevet av klageinstansen, og vi behandler saken din på nytt. Vi trenger mer tid til å vurdere behovet ditt før vi gjør et nytt vedtak.',
          expectedDecisionBy: '2027-06-29T22:00:00.000Z',
          regarding: 'new_processing',
        },
      ],
    ]);
    expect(history(c.fire('2027-06-29T22:00:00.000Z', 'provisionalReplyOverdue'))[1]).toEqual([
      'letter',
      'provisional_reply',
      {
        reason: 'Vi har dessverre ikke klart å gjøre nytt vedtak innen datoen vi ga deg sist. Vi trenger fortsatt litt mer tid til å behandle saken på nytt.',
        expectedDecisionBy: '2027-07-28T22:00:00.000Z',
        regarding: 'new_processing',
        previousExpectedBy: '2027-06-29T22:00:00.000Z',
      },
    ]);
  });

  it('before the appeal-rights rules: about the application, with no promised date kept and no reply on an appeal', () => {
    const o = new LawCase(caseFacts({ services: ['home_nursing'], appealRights: false }));
    expect(history(o.step('2027-03-05T10:00:00.000Z', 'provisional-reply', { reason: 'R', expectedDecisionBy: '2027-05-01' }))).toEqual([
      ['event', 'provisional_reply_sent', { automatic: false, expectedDecisionBy: '2027-05-01' }],
      ['letter', 'provisional_reply', { reason: 'R', expectedDecisionBy: '2027-05-01', regarding: 'application' }],
    ]);
    expect(o.state.provisionalReplyExpectedBy ?? null).toBeNull();
    o.step('2027-03-05T10:00:00.000Z', 'decision', REFUSAL);
    o.step('2027-03-10T10:00:00.000Z', 'appeal', {});
    expect(o.try('2027-03-12T10:00:00.000Z', 'provisional-reply', { reason: 'R', expectedDecisionBy: '2027-05-01' })).toMatchObject({ ok: false, refusal: { code: 'invalid_transition' } });
    // And a withdrawal while the appeal is pending ends the case, as it did then.
    expect(history(o.step('2027-03-12T10:00:00.000Z', 'withdraw', { reason: 'Flytter.' }))).toEqual([
      ['event', 'withdrawn', { reason: 'Flytter.' }],
      ['letter', 'closing', { reason: 'Flytter.' }],
    ]);
    expect(o.view.closedReason).toBe('withdrawn');
  });
});

describe('what a new decision reduces or ends', () => {
  const decided = (services: DecidedService[], outcome: Decision['outcome'] = 'granted'): Decision => ({
    outcome,
    services,
    justification: 'J',
    deliveredAt: '2027-03-03T09:00:00.000Z',
    decidedAt: '2027-03-03T09:00:00.000Z',
    appealDeadlines: {},
    decidedBy: 'office',
    terminates: false,
  });
  const before = decided([{ code: 'home_nursing', hoursPerWeek: 10 }, { code: 'safety_alarm' }, { code: 'practical_assistance', hoursPerWeek: 0, outcome: 'granted' }]);

  it('a service left out, or given fewer hours; not one given as many or more, nor one whose hours are not said', () => {
    expect(reducedServices(before, { outcome: 'granted', services: [{ code: 'home_nursing', hoursPerWeek: 9.5 }, { code: 'practical_assistance', hoursPerWeek: 0 }] })).toEqual([
      'home_nursing',
      'safety_alarm',
    ]);
    expect(reducedServices(before, { outcome: 'granted', services: [{ code: 'home_nursing', hoursPerWeek: 10 }, { code: 'safety_alarm' }, { code: 'practical_assistance' }] })).toEqual([]);
    expect(reducedServices(before, { outcome: 'granted', services: [{ code: 'home_nursing' }, { code: 'safety_alarm' }, { code: 'practical_assistance', hoursPerWeek: 0 }] })).toEqual([]);
  });

  it('a service refused by the new decision is ended; nothing is reduced where nothing ran', () => {
    expect(reducedServices(before, { outcome: 'partially_granted', services: [{ code: 'home_nursing', outcome: 'refused' }, { code: 'safety_alarm', outcome: 'granted' }, { code: 'practical_assistance', outcome: 'granted' }] })).toEqual([
      'home_nursing',
    ]);
    expect(reducedServices(null, { outcome: 'granted', services: [{ code: 'home_nursing', hoursPerWeek: 1 }] })).toEqual([]);
  });
});

describe('which advance notice counts (fvl § 16)', () => {
  const decision = { decidedAt: '2027-03-03T09:00:00.000Z' } as Decision;
  const notice = (sentAt: string, commentsBy = '2027-05-18T22:00:00.000Z') => ({ services: [], reason: 'R', sentAt, commentsBy });
  const MAY_20 = Date.parse('2027-05-20T08:00:00.000Z');

  it('one sent after the decision in force, once its deadline has passed', () => {
    expect(advanceNoticeMissing(decision, notice('2027-05-03T08:00:00.000Z'), undefined, MAY_20)).toBeNull();
    expect(advanceNoticeMissing(decision, notice('2027-03-03T09:00:00.000Z'), undefined, MAY_20)).toBeNull();
  });

  it('not one sent before the decision in force, nor none', () => {
    expect(advanceNoticeMissing(decision, notice('2027-03-03T08:59:59.999Z'), undefined, MAY_20)).toMatch(/^A service is reduced or ended: send an advance notice first/);
    expect(advanceNoticeMissing(decision, null, undefined, MAY_20)).toMatch(/^A service is reduced or ended/);
    expect(advanceNoticeMissing(null, notice('2027-05-03T08:00:00.000Z'), undefined, MAY_20)).toMatch(/^A service is reduced or ended/);
  });

  it('urgency stands in for the notice only with a reason', () => {
    expect(advanceNoticeMissing(decision, null, { reason: 'Fare for liv.' }, MAY_20)).toBeNull();
    expect(advanceNoticeMissing(decision, null, { reason: '  ' }, MAY_20)).toMatch(/^A service is reduced or ended/);
    expect(advanceNoticeMissing(decision, null, { reason: 5 } as never, MAY_20)).toMatch(/^A service is reduced or ended/);
  });
});

describe('deferred implementation (fvl § 42)', () => {
  const answer = (over: Partial<DeferralAnswer> = {}): DeferralAnswer => ({ granted: true, justification: 'J', at: '2027-09-12T08:00:00.000Z', decisionAt: '2027-09-11T08:00:00.000Z', endedAt: null, ...over });
  const reducing = { decidedAt: '2027-09-11T08:00:00.000Z', reduces: ['home_nursing'] } as Decision;
  const NOW = Date.parse('2027-09-20T08:00:00.000Z');

  it('only a decision that reduces or ends a service has something to defer', () => {
    expect(deferrable(reducing)).toBe(true);
    expect(deferrable({ reduces: [] })).toBe(false);
    expect(deferrable({ } as Decision)).toBe(false);
    expect(deferrable(null)).toBe(false);
  });

  it('holds while the decision it was asked on can be appealed or its appeal is heard', () => {
    for (const status of ['decided', 'under_reconsideration', 'with_appeal_body'] as const) {
      expect(endedDeferral(answer(), status, reducing, NOW)).toEqual(answer());
    }
  });

  it('ends when the decision is final, or replaced by another, with when; an answer that ended stays as it was', () => {
    expect(endedDeferral(answer(), 'active', reducing, NOW)).toEqual(answer({ endedAt: '2027-09-20T08:00:00.000Z' }));
    expect(endedDeferral(answer(), 'decided', { ...reducing, decidedAt: '2027-09-15T08:00:00.000Z' }, NOW)).toEqual(answer({ endedAt: '2027-09-20T08:00:00.000Z' }));
    expect(endedDeferral(answer(), 'decided', null, NOW)).toEqual(answer({ endedAt: '2027-09-20T08:00:00.000Z' }));
    const ended = answer({ endedAt: '2027-09-19T08:00:00.000Z' });
    expect(endedDeferral(ended, 'active', reducing, NOW)).toBe(ended);
    expect(endedDeferral(null, 'active', reducing, NOW)).toBeNull();
    expect(endedDeferral(undefined, 'active', reducing, NOW)).toBeUndefined();
  });

  it('the services go on as before only while a yes holds', () => {
    expect(deferredNow(answer())).toBe(true);
    expect(deferredNow(answer({ granted: false }))).toBe(false);
    expect(deferredNow(answer({ endedAt: '2027-09-19T08:00:00.000Z' }))).toBe(false);
    expect(deferredNow(null)).toBe(false);
  });
});

describe('the waiting list (pbrl § 2-1 e)', () => {
  it('a case waits while its decision puts a service on the list', () => {
    expect(onWaitingList({ services: [{ code: 'long_term_stay', outcome: 'waiting_list' }, { code: 'home_nursing', outcome: 'granted' }] })).toBe(true);
    expect(waitingServices({ services: [{ code: 'long_term_stay', outcome: 'waiting_list' }, { code: 'home_nursing', outcome: 'granted' }] })).toEqual([
      { code: 'long_term_stay', outcome: 'waiting_list' },
    ]);
    expect(onWaitingList({ services: [{ code: 'long_term_stay', outcome: 'granted' }] })).toBe(false);
    expect(onWaitingList(null)).toBe(false);
    expect(onWaitingList(undefined)).toBe(false);
  });

  it('a blank justification for the place offered is no justification: the standard sentence is used', () => {
    const previous = { outcome: 'granted', services: [{ code: 'long_term_stay', outcome: 'waiting_list' }] } as Decision;
    expect(placeOfferedDecision(previous, '2027-04-01', '   ').justification).toBe('Du står på venteliste for langtidsopphold i sykehjem, og det er nå ledig plass til deg.');
  });
});
