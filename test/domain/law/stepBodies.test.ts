// The body of each step as the API checks it (the step's own schema, which the 400 answer and the
// OpenAPI document come from): the rules that look at more than one field. Each problem is named as
// the API names it (`services[0].until`), with its message. The clock is set to Friday 5 March 2027,
// 11.00 in Oslo, for the rules that look at "now".
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { z } from 'zod';
import { STEPS } from '../../../domain/decider';
import type { CaseStep } from '../../../domain/case/caseRules';

const NOW = '2027-03-05T10:00:00.000Z';

beforeAll(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(NOW));
});
afterAll(() => {
  vi.useRealTimers();
});

/** The field each problem names, as the API's 400 answer writes it, and its message. */
function problems(step: CaseStep, body: unknown): [field: string, message: string][] {
  const result = (STEPS[step].schema as z.ZodType).safeParse(body);
  if (result.success) return [];
  return result.error.issues.map((issue) => [
    issue.path.reduce<string>((name, part) => (typeof part === 'number' ? `${name}[${part}]` : name ? `${name}.${String(part)}` : String(part)), ''),
    issue.message,
  ]);
}

const decision = (services: object[], outcome = 'granted') => ({ outcome, services, justification: 'Vurdert.' });

describe('a decision’s services', () => {
  it('a service does not end before it starts: the same day is one day of service', () => {
    expect(problems('decision', decision([{ code: 'home_nursing', from: '2027-03-10', until: '2027-03-09' }]))).toEqual([['services[0].until', 'Must not be before from.']]);
    expect(problems('decision', decision([{ code: 'home_nursing', from: '2027-03-10', until: '2027-03-10' }]))).toEqual([]);
    // A date is its first moment: from 10.00 on the 10th, until the 10th, ends before it starts.
    expect(problems('decision', decision([{ code: 'home_nursing', from: '2027-03-10T10:00:00Z', until: '2027-03-10' }]))).toEqual([['services[0].until', 'Must not be before from.']]);
    expect(problems('decision', decision([{ code: 'home_nursing', from: '2027-03-10', until: '2027-03-10T00:00:00Z' }]))).toEqual([]);
    // One end alone is no order to check.
    expect(problems('decision', decision([{ code: 'home_nursing', until: '2027-03-09' }]))).toEqual([]);
    expect(problems('decision', decision([{ code: 'home_nursing', from: '2027-03-10' }]))).toEqual([]);
  });

  it('each service once, the second named', () => {
    expect(problems('decision', decision([{ code: 'home_nursing' }, { code: 'safety_alarm' }, { code: 'home_nursing' }]))).toEqual([
      ['services[2].code', 'home_nursing is listed twice.'],
    ]);
  });

  it('each outcome agrees with the decision’s; a partial grant says one for each service', () => {
    expect(problems('decision', decision([{ code: 'home_nursing', outcome: 'refused' }]))).toEqual([['services[0].outcome', 'Must be granted on a granted decision, or left out.']]);
    expect(problems('decision', decision([{ code: 'home_nursing', outcome: 'granted' }], 'refused'))).toEqual([
      ['services[0].outcome', 'Must be refused on a refused decision, or left out.'],
    ]);
    expect(problems('decision', decision([{ code: 'home_nursing', outcome: 'granted' }]))).toEqual([]);
    expect(problems('decision', decision([{ code: 'home_nursing', outcome: 'granted' }, { code: 'safety_alarm' }], 'partially_granted'))).toEqual([
      ['services[1].outcome', 'Required on each service of a partially_granted decision: granted or refused.'],
    ]);
    expect(problems('decision', decision([{ code: 'home_nursing', outcome: 'granted' }, { code: 'safety_alarm', outcome: 'refused' }], 'partially_granted'))).toEqual([]);
  });

  it('the waiting list: a long-term care home place only, on a decision that does not refuse it', () => {
    expect(problems('decision', decision([{ code: 'home_nursing', outcome: 'waiting_list' }]))).toEqual([['services[0].outcome', 'waiting_list is only for long_term_stay.']]);
    expect(problems('decision', decision([{ code: 'long_term_stay', outcome: 'waiting_list' }], 'refused'))).toEqual([
      ['services[0].outcome', 'Must be refused on a refused decision, or left out: waiting_list says the applicant qualifies.'],
    ]);
    expect(problems('decision', decision([{ code: 'long_term_stay', outcome: 'waiting_list' }]))).toEqual([]);
    expect(problems('decision', decision([{ code: 'long_term_stay', outcome: 'waiting_list' }, { code: 'home_nursing', outcome: 'refused' }], 'partially_granted'))).toEqual([]);
  });
});

describe('the dates that look at now', () => {
  it('a home visit is booked after now', () => {
    expect(problems('home-visit', { scheduledAt: NOW })).toEqual([['scheduledAt', 'Must be in the future.']]);
    expect(problems('home-visit', { scheduledAt: '2027-03-05T10:00:00.001Z' })).toEqual([]);
  });

  it('an appeal was sent no later than it was received; either alone is fine', () => {
    expect(problems('appeal', { receivedAt: '2027-03-04T10:00:00.000Z', sentAt: '2027-03-04T10:00:00.001Z' })).toEqual([['sentAt', 'Must not be after the appeal was received.']]);
    expect(problems('appeal', { receivedAt: '2027-03-04T10:00:00.000Z', sentAt: '2027-03-04T10:00:00.000Z' })).toEqual([]);
    expect(problems('appeal', { sentAt: '2027-03-04T10:00:00.000Z' })).toEqual([]);
    expect(problems('appeal', { receivedAt: '2027-03-04T10:00:00.000Z' })).toEqual([]);
  });
});
