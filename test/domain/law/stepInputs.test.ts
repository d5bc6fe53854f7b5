// What a step sent to the workflow directly (not through the API) must say, and the answer when it
// does not: each bad field named, nothing changed. The bounds are the law's and the contract's.
import { describe, expect, it } from 'vitest';
import { caseFacts, LawCase } from './caseDriver';

const NOW = '2027-03-05T10:00:00.000Z';

function refusedFields(c: LawCase, step: Parameters<LawCase['try']>[1], input: object, at = NOW): string[] {
  const before = JSON.stringify(c.state);
  const result = c.try(at, step, input);
  expect(result.ok, `${step} ${JSON.stringify(input)} was accepted`).toBe(false);
  expect(JSON.stringify(c.state)).toBe(before);
  if (result.ok) return [];
  expect(result.refusal.code).toBe('validation_failed');
  return (result.refusal.problems ?? []).map((p) => p.field);
}

const nursing = (over: object = {}) => ({
  outcome: 'granted',
  services: [{ code: 'home_nursing', ...over }],
  justification: 'Vurdert etter kartlegging.',
});
const oneService = () => new LawCase(caseFacts({ services: ['home_nursing'] }));

describe('a decision', () => {
  it('takes hours per week from 0 to 168, the hours of a week', () => {
    for (const hoursPerWeek of [0, 7.5, 168]) expect(oneService().try(NOW, 'decision', nursing({ hoursPerWeek })).ok).toBe(true);
    for (const hoursPerWeek of [-1, 168.5, 169, '5']) {
      expect(refusedFields(oneService(), 'decision', nursing({ hoursPerWeek }))).toEqual(['services[0].hoursPerWeek']);
    }
  });

  it('needs its reasons (fvl § 24), an outcome and at least one service', () => {
    expect(refusedFields(oneService(), 'decision', { ...nursing(), justification: '   ' })).toEqual(['justification']);
    expect(refusedFields(oneService(), 'decision', { ...nursing(), justification: undefined })).toEqual(['justification']);
    expect(refusedFields(oneService(), 'decision', { ...nursing(), outcome: 'maybe' })).toEqual(['outcome']);
    expect(refusedFields(oneService(), 'decision', { ...nursing(), services: [] })).toEqual(['services']);
    // A service with no code, and so the home nursing applied for left undecided (fvl § 25).
    expect(refusedFields(oneService(), 'decision', { ...nursing(), services: [{ hoursPerWeek: 3 }] })).toEqual(['services[0].code', 'services']);
  });

  it('cannot have reached the applicant before the application came in, nor in the future', () => {
    expect(refusedFields(oneService(), 'decision', { ...nursing(), deliveredAt: '2027-03-01T08:59:59.999Z' })).toEqual(['deliveredAt']);
    expect(oneService().try(NOW, 'decision', { ...nursing(), deliveredAt: '2027-03-01T09:00:00.000Z' }).ok).toBe(true);
    expect(refusedFields(oneService(), 'decision', { ...nursing(), deliveredAt: '2027-03-06T10:00:00.000Z' })).toEqual(['deliveredAt']);
    // A clock a few minutes ahead is tolerated; more is not.
    expect(oneService().try(NOW, 'decision', { ...nursing(), deliveredAt: '2027-03-05T10:04:00.000Z' }).ok).toBe(true);
    expect(refusedFields(oneService(), 'decision', { ...nursing(), deliveredAt: '2027-03-05T10:06:00.000Z' })).toEqual(['deliveredAt']);
  });

  it('says granted or refused for each service of a partly granted decision, and agrees with a whole one', () => {
    const c = new LawCase();
    expect(
      refusedFields(c, 'decision', { outcome: 'partially_granted', services: [{ code: 'home_nursing', outcome: 'granted' }, { code: 'safety_alarm' }], justification: 'Delvis.' }),
    ).toEqual(['services[1].outcome']);
    expect(refusedFields(c, 'decision', { outcome: 'granted', services: [{ code: 'home_nursing', outcome: 'refused' }, { code: 'safety_alarm' }], justification: 'Ja.' })).toEqual([
      'services[0].outcome',
    ]);
    expect(refusedFields(c, 'decision', { outcome: 'refused', services: [{ code: 'home_nursing', outcome: 'granted' }, { code: 'safety_alarm' }], justification: 'Nei.' })).toEqual([
      'services[0].outcome',
    ]);
  });

  it('takes dates for from and until, and refuses what is not one', () => {
    expect(oneService().try(NOW, 'decision', nursing({ from: '2027-03-08', until: '2027-09-30' })).ok).toBe(true);
    expect(refusedFields(oneService(), 'decision', nursing({ until: '30.09.2027' }))).toEqual(['services[0].until']);
    expect(refusedFields(oneService(), 'decision', nursing({ from: '1999-12-31' }))).toEqual(['services[0].from']);
  });
});

describe('other steps', () => {
  it('a home visit is booked in the future', () => {
    expect(refusedFields(new LawCase(), 'home-visit', { scheduledAt: NOW })).toEqual(['scheduledAt']);
    expect(refusedFields(new LawCase(), 'home-visit', { scheduledAt: 'tomorrow' })).toEqual(['scheduledAt']);
    expect(refusedFields(new LawCase(), 'home-visit', {})).toEqual(['scheduledAt']);
    expect(new LawCase().try(NOW, 'home-visit', { scheduledAt: '2027-03-05T10:00:00.001Z' }).ok).toBe(true);
  });

  it('a provisional reply gives its reason and a date not already past', () => {
    expect(refusedFields(new LawCase(), 'provisional-reply', { reason: 'Venter.', expectedDecisionBy: '2027-03-04' })).toEqual(['expectedDecisionBy']);
    expect(new LawCase().try(NOW, 'provisional-reply', { reason: 'Venter.', expectedDecisionBy: '2027-03-05' }).ok).toBe(true);
    expect(refusedFields(new LawCase(), 'provisional-reply', { reason: ' ', expectedDecisionBy: '2027-04-01' })).toEqual(['reason']);
  });

  it('a withdrawal and a cancelled visit give their reason', () => {
    expect(refusedFields(new LawCase(), 'withdraw', {})).toEqual(['reason']);
    const c = new LawCase();
    c.step(NOW, 'home-visit', { scheduledAt: '2027-03-10T09:00:00.000Z' });
    expect(refusedFields(c, 'home-visit/cancel', { reason: '' })).toEqual(['reason']);
  });

  it('an appeal is not sent after it was received, nor before the decision', () => {
    const c = oneService();
    c.step(NOW, 'decision', nursing());
    expect(refusedFields(c, 'appeal', { receivedAt: '2027-03-10T08:00:00.000Z', sentAt: '2027-03-10T08:00:00.001Z' }, '2027-03-11T08:00:00.000Z')).toEqual(['sentAt']);
    expect(refusedFields(c, 'appeal', { sentAt: '2027-03-05T09:59:59.999Z' }, '2027-03-11T08:00:00.000Z')).toEqual(['sentAt']);
    expect(refusedFields(c, 'appeal', { receivedAt: '2027-03-05T09:59:59.999Z' }, '2027-03-11T08:00:00.000Z')).toEqual(['receivedAt']);
    expect(refusedFields(c, 'appeal', { services: ['safety_alarm'] }, '2027-03-11T08:00:00.000Z')).toEqual(['services[0]']);
    expect(refusedFields(c, 'appeal', { services: [] }, '2027-03-11T08:00:00.000Z')).toEqual(['services']);
  });

  it('a termination gives its reasons (fvl § 24); a re-evaluation names its outcome', () => {
    const c = oneService();
    c.step(NOW, 'decision', nursing());
    c.fire('2027-04-02T22:00:00.000Z', 'appealDeadline');
    expect(c.view.status).toBe('active');
    expect(refusedFields(c, 're-evaluation', { outcome: 'terminated' }, '2027-05-01T08:00:00.000Z')).toEqual(['justification']);
    expect(refusedFields(c, 're-evaluation', { outcome: 'changed' }, '2027-05-01T08:00:00.000Z')).toEqual(['decision']);
    expect(refusedFields(c, 're-evaluation', { outcome: 'stop' }, '2027-05-01T08:00:00.000Z')).toEqual(['outcome']);
  });
});
