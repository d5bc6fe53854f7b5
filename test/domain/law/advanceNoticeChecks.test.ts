// The advance notice (forhåndsvarsel, fvl § 16) as the workflow checks it, past the API: it says why,
// names running services once each, proposes from 0 to 168 hours a week, a reduction to fewer hours
// than the service has now, and a deadline for comments that is a date; and what a change reduces.
import { describe, expect, it } from 'vitest';
import type { Decided } from '../../../domain/decider';
import { caseFacts, LawCase } from './caseDriver';

/** Home nursing 10 hours a week, the safety alarm refused; final and running from the end of Friday 2 April 2027. */
function activeCase(): LawCase {
  const c = new LawCase(caseFacts({ reductions: true }));
  c.step('2027-03-05T10:00:00.000Z', 'decision', {
    outcome: 'partially_granted',
    services: [
      { code: 'home_nursing', outcome: 'granted', hoursPerWeek: 10 },
      { code: 'safety_alarm', outcome: 'refused' },
    ],
    justification: 'Hjemmesykepleie innvilges; trygghetsalarm avslås.',
  });
  c.fire(c.view.deadlines.appealBy!, 'appealDeadline');
  expect(c.view.status).toBe('active');
  return c;
}

const MONDAY = '2027-05-03T08:00:00.000Z';
const reason = 'Behovet er mindre etter opptreningen.';
const problems = (result: Decided) => (result.ok ? [] : result.refusal.problems);
const HOURS = 'Must be a number of hours from 0 to 168.';

describe('the advance notice refused, naming the field', () => {
  it('with no reason', () => {
    expect(problems(activeCase().try(MONDAY, 'advance-notice', { services: [{ code: 'home_nursing', proposal: 'terminate' }] }))).toEqual([{ field: 'reason', message: 'Required.' }]);
  });

  it('with an entry that is no service at all, first or after a good one', () => {
    const c = activeCase();
    expect(problems(c.try(MONDAY, 'advance-notice', { services: [null], reason }))).toEqual([
      { field: 'services[0].code', message: 'The case does not run this service: home_nursing.' },
      { field: 'services[0].proposal', message: 'Required.' },
    ]);
    expect(problems(c.try(MONDAY, 'advance-notice', { services: [{ code: 'home_nursing', proposal: 'terminate' }, null], reason }))).toEqual([
      { field: 'services[1].code', message: 'The case does not run this service: home_nursing.' },
      { field: 'services[1].proposal', message: 'Required.' },
    ]);
  });

  it('with a reduction of a service the case does not run', () => {
    expect(problems(activeCase().try(MONDAY, 'advance-notice', { services: [{ code: 'safety_alarm', proposal: 'reduce', hoursPerWeek: 1 }], reason }))).toEqual([
      { field: 'services[0].code', message: 'The case does not run this service: home_nursing.' },
    ]);
  });

  it.each([-1, 168.5, '5'])('with %j hours a week', (hoursPerWeek) => {
    expect(problems(activeCase().try(MONDAY, 'advance-notice', { services: [{ code: 'home_nursing', proposal: 'reduce', hoursPerWeek }], reason }))).toEqual([
      { field: 'services[0].hoursPerWeek', message: HOURS },
    ]);
  });

  it('with a deadline for comments that is no date', () => {
    expect(problems(activeCase().try(MONDAY, 'advance-notice', { services: [{ code: 'home_nursing', proposal: 'terminate' }], reason, commentsBy: 'next week' }))).toEqual([
      { field: 'commentsBy', message: 'Must be a date (YYYY-MM-DD) or an ISO-8601 date-time.' },
    ]);
  });
});

describe('the advance notice taken', () => {
  it('a reduction to 0 hours, the lowest', () => {
    const c = activeCase();
    c.step(MONDAY, 'advance-notice', { services: [{ code: 'home_nursing', proposal: 'reduce', hoursPerWeek: 0 }], reason });
    expect(c.state.advanceNotice?.services).toEqual([{ code: 'home_nursing', proposal: 'reduce', hoursPerWeek: 0, currentHoursPerWeek: 10 }]);
  });

  it('an ending, whatever hours it names (168, the most there are): a reduction’s rule is not an ending’s', () => {
    const c = activeCase();
    c.step(MONDAY, 'advance-notice', { services: [{ code: 'home_nursing', proposal: 'terminate', hoursPerWeek: 168 }], reason });
    expect(c.state.advanceNotice?.services[0]).toMatchObject({ code: 'home_nursing', proposal: 'terminate', hoursPerWeek: 168 });
  });

  it('an ending that names no hours keeps none', () => {
    const c = activeCase();
    c.step(MONDAY, 'advance-notice', { services: [{ code: 'home_nursing', proposal: 'terminate' }], reason });
    expect(c.state.advanceNotice?.services[0]).toStrictEqual({ code: 'home_nursing', proposal: 'terminate', currentHoursPerWeek: 10 });
  });
});

describe('what a change reduces', () => {
  it('a new decision that names no hours reduces none: it needs no advance notice', () => {
    const c = activeCase();
    const result = c.try(MONDAY, 're-evaluation', {
      outcome: 'changed',
      decision: { outcome: 'granted', services: [{ code: 'home_nursing' }, { code: 'safety_alarm' }], justification: 'Trygghetsalarm innvilges i tillegg.' },
    });
    expect(result.ok).toBe(true);
    expect(c.state.decision).not.toHaveProperty('reduces');
  });

  it('an urgency that is not an object with a reason is named', () => {
    const result = activeCase().try(MONDAY, 're-evaluation', { outcome: 'terminated', justification: 'Flyttet.', effectiveFrom: '2027-06-01', urgent: null });
    expect(problems(result)).toEqual([{ field: 'urgent', message: 'Must be an object with the reason.' }]);
  });
});
