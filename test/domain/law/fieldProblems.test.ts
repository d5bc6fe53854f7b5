// The answer to a step sent to the workflow with bad input (past the API, or when the case knows
// more than the API): 400 validation_failed, each bad field named with what is wrong, and nothing
// changed. Each row is a step a caseworker's system could send, and the problems it gets back.
import { describe, expect, it } from 'vitest';
import type { FieldProblem } from '../../../domain/case/refusals';
import { caseFacts, LawCase } from './caseDriver';

const NOW = '2027-03-05T10:00:00.000Z';

function problems(c: LawCase, step: Parameters<LawCase['try']>[1], input: unknown, at = NOW): { message: string; problems: FieldProblem[] } {
  const before = JSON.stringify(c.state);
  const result = c.try(at, step, input as object);
  expect(JSON.stringify(c.state), 'the case changed').toBe(before);
  if (result.ok) return expect.fail(`${step} ${JSON.stringify(input)} was accepted`);
  expect(result.refusal.code).toBe('validation_failed');
  return { message: result.refusal.message, problems: result.refusal.problems ?? [] };
}

const p = (field: string, message: string): FieldProblem => ({ field, message });
const nursing = { code: 'home_nursing' };
const granted = (over: object = {}) => ({ outcome: 'granted', services: [nursing], justification: 'Vurdert.', ...over });
const oneService = (over = {}) => new LawCase(caseFacts({ services: ['home_nursing'], ...over }));

describe('the body', () => {
  it('a body that is no object is refused as such, and the message lists every problem as field: message', () => {
    expect(problems(new LawCase(), 'contact', 'hei').problems).toEqual([p('body', 'Must be an object.')]);
    expect(problems(new LawCase(), 'contact', null).problems).toEqual([p('body', 'Must be an object.')]);
    expect(problems(oneService(), 'decision', { outcome: 'maybe', services: [nursing], justification: ' ' }).message).toBe(
      'outcome: Must be one of granted, partially_granted, refused.; justification: Must be a non-empty text.',
    );
  });
});

describe('texts: a reason, a note, a justification', () => {
  it('a required one missing is Required; one given must hold text', () => {
    expect(problems(new LawCase(), 'withdraw', {}).problems).toEqual([p('reason', 'Required.')]);
    expect(problems(new LawCase(), 'withdraw', { reason: '   ' }).problems).toEqual([p('reason', 'Must be a non-empty text.')]);
    expect(problems(new LawCase(), 'withdraw', { reason: 42 }).problems).toEqual([p('reason', 'Must be a non-empty text.')]);
    // An optional note may be left out, not sent empty.
    expect(new LawCase().try(NOW, 'contact', {}).ok).toBe(true);
    expect(problems(new LawCase(), 'contact', { note: '' }).problems).toEqual([p('note', 'Must be a non-empty text.')]);
  });
});

describe('a decision (vedtak)', () => {
  it('names its outcome, lists its services, and gives its reasons (fvl § 24)', () => {
    expect(problems(oneService(), 'decision', { services: [nursing], justification: 'J' }).problems).toEqual([p('outcome', 'Required.')]);
    expect(problems(oneService(), 'decision', granted({ services: [] })).problems).toEqual([p('services', 'Must list at least one service.')]);
    expect(problems(oneService(), 'decision', granted({ services: 'home_nursing' })).problems).toEqual([p('services', 'Must list at least one service.')]);
    expect(problems(oneService(), 'decision', granted({ justification: undefined })).problems).toEqual([p('justification', 'Required.')]);
  });

  it('decides every service applied for (fvl § 25), naming the one left out', () => {
    expect(problems(new LawCase(), 'decision', granted()).problems).toEqual([
      p('services', 'safety_alarm was applied for and is not decided: give it an outcome (granted or refused) and the reasons.'),
    ]);
  });

  it('each service: its code, its hours (0 to 168 a week), its dates', () => {
    expect(problems(oneService(), 'decision', granted({ services: [{ code: '' }] })).problems).toEqual([
      p('services[0].code', 'Must be a non-empty text.'),
      p('services', 'home_nursing was applied for and is not decided: give it an outcome (granted or refused) and the reasons.'),
    ]);
    expect(problems(oneService(), 'decision', granted({ services: [{ ...nursing, hoursPerWeek: 200 }] })).problems).toEqual([
      p('services[0].hoursPerWeek', 'Must be a number of hours from 0 to 168.'),
    ]);
    expect(problems(oneService(), 'decision', granted({ services: [{ ...nursing, from: 'mandag' }] })).problems).toEqual([
      p('services[0].from', 'Must be a date (YYYY-MM-DD) or an ISO-8601 date-time.'),
    ]);
    expect(problems(oneService(), 'decision', granted({ services: [{ ...nursing, until: '2200-01-01' }] })).problems).toEqual([
      p('services[0].until', 'Must be from 2000-01-01 to 2199-12-31.'),
    ]);
    expect(problems(oneService(), 'decision', granted({ services: [{ ...nursing, until: 20270930 }] })).problems).toEqual([
      p('services[0].until', 'Must be a date (YYYY-MM-DD) or an ISO-8601 date-time.'),
    ]);
    // An empty entry in the list is a service with no code, not a crash.
    expect(problems(oneService(), 'decision', granted({ services: [null] })).problems).toEqual([
      p('services[0].code', 'Required.'),
      p('services', 'home_nursing was applied for and is not decided: give it an outcome (granted or refused) and the reasons.'),
    ]);
  });

  it('each service’s outcome agrees with the decision’s, and is given on each of a partial grant', () => {
    expect(problems(oneService(), 'decision', granted({ services: [{ ...nursing, outcome: 'refused' }] })).problems).toEqual([
      p('services[0].outcome', 'Must be granted on a granted decision, or left out.'),
    ]);
    expect(problems(oneService(), 'decision', granted({ outcome: 'refused', services: [{ ...nursing, outcome: 'granted' }] })).problems).toEqual([
      p('services[0].outcome', 'Must be refused on a refused decision, or left out.'),
    ]);
    expect(problems(oneService(), 'decision', granted({ outcome: 'partially_granted' })).problems).toEqual([
      p('services[0].outcome', 'Required on each service of a partially_granted decision: granted or refused.'),
    ]);
    expect(problems(oneService(), 'decision', granted({ services: [{ ...nursing, outcome: 'maybe' }] })).problems).toEqual([
      p('services[0].outcome', 'Must be one of granted, refused, waiting_list.'),
      p('services[0].outcome', 'Must be granted on a granted decision, or left out.'),
    ]);
    // A partial grant takes both outcomes, one per service.
    const both = new LawCase();
    const partial = { outcome: 'partially_granted', services: [{ ...nursing, outcome: 'granted' }, { code: 'safety_alarm', outcome: 'refused' }], justification: 'Delvis.' };
    expect(both.try(NOW, 'decision', partial).ok).toBe(true);
  });

  it('the waiting list is for a long-term care home place only, and says the applicant qualifies (pbrl § 2-1 e)', () => {
    const stay = () => new LawCase(caseFacts({ services: ['long_term_stay', 'home_nursing'], reductions: true }));
    const decision = (outcome: string, services: object[]) => ({ outcome, services, justification: 'Venteliste.' });
    expect(problems(stay(), 'decision', decision('partially_granted', [{ code: 'home_nursing', outcome: 'waiting_list' }, { code: 'long_term_stay', outcome: 'refused' }])).problems).toEqual([
      p('services[0].outcome', 'waiting_list is only for long_term_stay.'),
    ]);
    expect(problems(stay(), 'decision', decision('refused', [{ code: 'long_term_stay', outcome: 'waiting_list' }, { code: 'home_nursing' }])).problems).toEqual([
      p('services[0].outcome', 'Must be refused on a refused decision, or left out: waiting_list says the applicant qualifies.'),
    ]);
    expect(stay().try(NOW, 'decision', decision('granted', [{ code: 'long_term_stay', outcome: 'waiting_list' }, { code: 'home_nursing' }])).ok).toBe(true);
    // A run registered before the waiting list refuses it, naming the service.
    const old = new LawCase(caseFacts({ services: ['long_term_stay'] }));
    expect(problems(old, 'decision', decision('granted', [{ code: 'long_term_stay', outcome: 'waiting_list' }])).problems).toEqual([
      p('services[0].outcome', 'This case was registered before the waiting list: use granted or refused.'),
    ]);
  });

  it('reached the applicant after the application came in, and not in the future', () => {
    expect(problems(oneService(), 'decision', granted({ deliveredAt: '2027-02-28T10:00:00.000Z' })).problems).toEqual([
      p('deliveredAt', 'Must not be before the application was received.'),
    ]);
    expect(problems(oneService(), 'decision', granted({ deliveredAt: '2027-03-05T10:05:00.001Z' })).problems).toEqual([p('deliveredAt', 'Must not be in the future.')]);
    expect(oneService().try(NOW, 'decision', granted({ deliveredAt: '2027-03-05T10:05:00.000Z' })).ok).toBe(true);
    expect(problems(oneService(), 'decision', granted({ deliveredAt: 'i går' })).problems).toEqual([
      p('deliveredAt', 'Must be an ISO-8601 date-time, e.g. 2027-03-30T10:00:00.000Z.'),
    ]);
    expect(problems(oneService(), 'decision', granted({ deliveredAt: '1999-12-31T12:00:00.000Z' })).problems).toEqual([p('deliveredAt', 'Must be from 2000-01-01 to 2199-12-31.')]);
  });
});

describe('dates of the steps before a decision', () => {
  it('a home visit: required, and in the future', () => {
    expect(problems(new LawCase(), 'home-visit', {}).problems).toEqual([p('scheduledAt', 'Required.')]);
    expect(problems(new LawCase(), 'home-visit', { scheduledAt: NOW }).problems).toEqual([p('scheduledAt', 'Must be in the future.')]);
  });

  it('a provisional reply: the date it gives is not already past, in Oslo', () => {
    expect(problems(new LawCase(), 'provisional-reply', { reason: 'Venter.' }).problems).toEqual([p('expectedDecisionBy', 'Required.')]);
    expect(problems(new LawCase(), 'provisional-reply', { reason: 'Venter.', expectedDecisionBy: '2027-03-04' }).problems).toEqual([
      p('expectedDecisionBy', 'Must not be in the past.'),
    ]);
    expect(problems(new LawCase(), 'provisional-reply', { reason: 'Venter.', expectedDecisionBy: '2027-03-05T09:59:59.999Z' }).problems).toEqual([
      p('expectedDecisionBy', 'Must not be in the past.'),
    ]);
    // Today in Oslo, though the UTC date is still yesterday (00.30 on Friday 5 March is 23.30 UTC on the 4th).
    expect(new LawCase().try('2027-03-04T23:30:00.000Z', 'provisional-reply', { reason: 'Venter.', expectedDecisionBy: '2027-03-05' }).ok).toBe(true);
    expect(new LawCase().try(NOW, 'provisional-reply', { reason: 'Venter.', expectedDecisionBy: NOW }).ok).toBe(true);
  });
});

describe('an appeal (klage) on a decision of Friday 5 March', () => {
  const decided = () => {
    const c = new LawCase();
    c.step(NOW, 'decision', { outcome: 'refused', services: [nursing, { code: 'safety_alarm' }], justification: 'Nei.' });
    return c;
  };
  const LATER = '2027-03-20T10:00:00.000Z';

  it('received and sent after the decision, sent before it was received', () => {
    expect(problems(decided(), 'appeal', { receivedAt: '2027-03-05T09:59:59.999Z' }, LATER).problems).toEqual([p('receivedAt', 'Must not be before the decision was made.')]);
    expect(problems(decided(), 'appeal', { receivedAt: '2027-03-10T10:00:00.000Z', sentAt: '2027-03-10T10:00:00.001Z' }, LATER).problems).toEqual([
      p('sentAt', 'Must not be after the appeal was received.'),
    ]);
    expect(problems(decided(), 'appeal', { sentAt: '2027-03-05T09:59:59.999Z' }, LATER).problems).toEqual([p('sentAt', 'Must not be before the decision was made.')]);
    expect(problems(decided(), 'appeal', { receivedAt: '2027-03-20T10:05:00.001Z' }, LATER).problems).toEqual([p('receivedAt', 'Must not be in the future.')]);
    // Sent the moment it was received, at the moment of the decision: in order.
    expect(decided().try(LATER, 'appeal', { receivedAt: NOW, sentAt: NOW }).ok).toBe(true);
  });

  it('names services the decision decided, each once', () => {
    expect(problems(decided(), 'appeal', { services: [] }, LATER).problems).toEqual([p('services', 'Must list at least one service the decision decided.')]);
    expect(problems(decided(), 'appeal', { services: ['practical_assistance'] }, LATER).problems).toEqual([
      p('services[0]', 'Must be a service the decision decided: home_nursing, safety_alarm.'),
    ]);
    expect(problems(decided(), 'appeal', { services: ['safety_alarm', 'safety_alarm'] }, LATER).problems).toEqual([p('services[1]', 'safety_alarm is listed twice.')]);
    expect(problems(decided(), 'appeal', { services: [7] }, LATER).problems).toEqual([p('services[0]', 'Must be a service the decision decided: home_nursing, safety_alarm.')]);
  });

  it('never received more than a year after the decision (fvl § 31): the end of Sunday 5 March 2028 is the last moment', () => {
    expect(problems(decided(), 'appeal', { receivedAt: '2028-03-05T23:00:00.001Z' }, '2028-03-06T10:00:00.000Z').problems).toEqual([
      p('receivedAt', 'More than one year after the decision: the appeal cannot be taken (forvaltningsloven § 31).'),
    ]);
    expect(decided().try('2028-03-06T10:00:00.000Z', 'appeal', { receivedAt: '2028-03-05T23:00:00.000Z' }).ok).toBe(true);
  });

  it('the decision received: not before the decision, not in the future, and given', () => {
    expect(problems(decided(), 'decision-received', {}, LATER).problems).toEqual([p('receivedAt', 'Required.')]);
    expect(problems(decided(), 'decision-received', { receivedAt: '2027-03-05T09:59:59.999Z' }, LATER).problems).toEqual([
      p('receivedAt', 'Must not be before the decision was made.'),
    ]);
    expect(decided().try(LATER, 'decision-received', { receivedAt: NOW }).ok).toBe(true);
  });
});

describe('the office and the appeal bodies answer', () => {
  const appealed = () => {
    const c = new LawCase();
    c.step(NOW, 'decision', { outcome: 'refused', services: [nursing, { code: 'safety_alarm' }], justification: 'Nei.' });
    c.step('2027-03-10T10:00:00.000Z', 'appeal', {});
    return c;
  };
  const LATER = '2027-03-20T10:00:00.000Z';

  it('a reconsideration names its outcome and reasons; a partial reversal gives its decision', () => {
    expect(problems(appealed(), 'reconsideration', { outcome: 'maybe', justification: 'J' }, LATER).problems).toEqual([
      p('outcome', 'Must be one of reversed, partially_reversed, upheld, dismissed.'),
    ]);
    expect(problems(appealed(), 'reconsideration', { outcome: 'upheld' }, LATER).problems).toEqual([p('justification', 'Required.')]);
    expect(problems(appealed(), 'reconsideration', { outcome: 'partially_reversed', justification: 'J' }, LATER).problems).toEqual([
      p('decision', 'Required for this outcome.'),
    ]);
    expect(problems(appealed(), 'reconsideration', { outcome: 'reversed', justification: 'J', decision: 'ja' }, LATER).problems).toEqual([
      p('decision', 'Must be an object with outcome, services and justification.'),
    ]);
    expect(problems(appealed(), 'reconsideration', { outcome: 'reversed', justification: 'J', decision: { outcome: 'granted', services: [], justification: 'J' } }, LATER).problems).toEqual([
      p('decision.services', 'Must list at least one service.'),
    ]);
  });

  it('while two bodies each hear a part, a ruling names its body, one that has not ruled yet', () => {
    const c = appealed();
    c.step(LATER, 'reconsideration', { outcome: 'upheld', justification: 'Opprettholdt.' });
    expect(problems(c, 'appeal-body-decision', { outcome: 'upheld' }, LATER).problems).toEqual([
      p('body', 'Required while statsforvalteren and klagenemnd each hear part of the appeal.'),
    ]);
    c.step(LATER, 'appeal-body-decision', { body: 'klagenemnd', outcome: 'upheld' });
    expect(problems(c, 'appeal-body-decision', { body: 'klagenemnd', outcome: 'upheld' }, LATER).problems).toEqual([
      p('body', 'Must be an appeal body that has not ruled yet: statsforvalteren.'),
    ]);
    expect(problems(c, 'appeal-body-decision', { outcome: 'kanskje', justification: '' }, LATER).problems).toEqual([
      p('outcome', 'Must be one of upheld, reversed, quashed.'),
      p('justification', 'Must be a non-empty text.'),
    ]);
  });
});

describe('a re-evaluation of a running service', () => {
  const active = (over = {}) => {
    const c = oneService(over);
    c.step(NOW, 'decision', { outcome: 'granted', services: [{ ...nursing, hoursPerWeek: 10 }], justification: 'Ja.' });
    c.fire(c.view.deadlines.appealBy!, 'appealDeadline');
    return c;
  };
  const MAY = '2027-05-03T08:00:00.000Z';

  it('a termination gives its reasons; a change its decision', () => {
    expect(problems(active(), 're-evaluation', { outcome: 'terminated', justification: ' ' }, MAY).problems).toEqual([p('justification', 'Must be a non-empty text.')]);
    expect(problems(active(), 're-evaluation', { outcome: 'changed' }, MAY).problems).toEqual([p('decision', 'Required for this outcome.')]);
    expect(problems(active(), 're-evaluation', {}, MAY).problems).toEqual([p('outcome', 'Required.')]);
  });

  it('a reduction says from when, not before the day of the step; urgency gives its reason', () => {
    const reduce = { outcome: 'changed', decision: { outcome: 'granted', services: [{ ...nursing, hoursPerWeek: 2 }], justification: 'Mindre.' } };
    expect(problems(active({ reductions: true }), 're-evaluation', reduce, MAY).problems).toEqual([
      p('effectiveFrom', 'Required when a service is reduced or ended: the date the change takes effect.'),
    ]);
    expect(problems(active({ reductions: true }), 're-evaluation', { ...reduce, effectiveFrom: '2027-05-02' }, MAY).problems).toEqual([
      p('effectiveFrom', 'Must not be before the day of the step: a change cannot take effect in the past.'),
    ]);
    // 23.30 UTC on Sunday 2 May is already Monday 3 May in Oslo.
    expect(problems(active({ reductions: true }), 're-evaluation', { ...reduce, effectiveFrom: '2027-05-02T21:59:59.999Z' }, MAY).problems).toEqual([
      p('effectiveFrom', 'Must not be before the day of the step: a change cannot take effect in the past.'),
    ]);
    expect(problems(active({ reductions: true }), 're-evaluation', { ...reduce, effectiveFrom: '1999-12-31' }, MAY).problems).toEqual([
      p('effectiveFrom', 'Must be from 2000-01-01 to 2199-12-31.'),
    ]);
    expect(problems(active({ reductions: true }), 're-evaluation', { ...reduce, effectiveFrom: 'snart' }, MAY).problems).toEqual([
      p('effectiveFrom', 'Must be a date (YYYY-MM-DD) or an ISO-8601 date-time.'),
    ]);
    expect(problems(active({ reductions: true }), 're-evaluation', { ...reduce, effectiveFrom: '2027-05-03', urgent: 'ja' }, MAY).problems).toEqual([
      p('urgent', 'Must be an object with the reason.'),
    ]);
    expect(problems(active({ reductions: true }), 're-evaluation', { ...reduce, effectiveFrom: '2027-05-03', urgent: {} }, MAY).problems).toEqual([
      p('urgent.reason', 'Required.'),
    ]);
    // An increase asks for no date; a continuation neither.
    const increase = { outcome: 'changed', decision: { outcome: 'granted', services: [{ ...nursing, hoursPerWeek: 12 }], justification: 'Mer.' } };
    expect(active({ reductions: true }).try(MAY, 're-evaluation', increase).ok).toBe(true);
    expect(active({ reductions: true }).try(MAY, 're-evaluation', { outcome: 'continue' }).ok).toBe(true);
  });
});
