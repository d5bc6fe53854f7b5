// A day that does not exist is no date: 30 February, 31 April, month 13. Date.parse in Node rolls
// some of them on (2027-02-30 becomes 2 March), so a step sent to the workflow past the API would
// have been taken for another day. The API's schemas refuse them too (zod's ISO date is exact).
import { describe, expect, it } from 'vitest';
import { withinDateBounds } from '../../../domain/calendar/dateBounds';
import { caseFacts, LawCase } from './caseDriver';

const NOW = '2027-03-05T10:00:00.000Z';

describe('the dates a case takes are days that exist', () => {
  it('a date that does not exist is not within the bounds, whatever its year', () => {
    for (const day of ['2000-13-45', '2027-02-29', '2027-02-30', '2027-04-31', '2100-02-29', '2027-00-10', '2027-01-00']) {
      expect(withinDateBounds(day), day).toBe(false);
    }
    // 2028 and 2000 are leap years (2000 divisible by 400); 2100 is not.
    for (const day of ['2028-02-29', '2000-02-29', '2027-04-30', '2027-12-31']) expect(withinDateBounds(day), day).toBe(true);
  });

  it('nor is an instant on such a day', () => {
    expect(withinDateBounds('2027-02-30T10:00:00Z')).toBe(false);
    expect(withinDateBounds('2027-04-31T00:00:00+02:00')).toBe(false);
    expect(withinDateBounds('2028-02-29T10:00:00Z')).toBe(true);
    // Nor with the year written in six digits, as ISO 8601 allows.
    expect(withinDateBounds('+002027-02-30T10:00:00Z')).toBe(false);
    expect(withinDateBounds('+002027-02-28T10:00:00Z')).toBe(true);
  });
});

describe('a step sent to the workflow directly, with a day that does not exist', () => {
  function refusal(c: LawCase, step: Parameters<LawCase['try']>[1], input: object) {
    const before = JSON.stringify(c.state);
    const result = c.try(NOW, step, input);
    expect(JSON.stringify(c.state)).toBe(before);
    return result.ok ? null : { code: result.refusal.code, problems: result.refusal.problems };
  }

  it('a decision whose service runs until 30 February: 400 naming services[0].until as no date', () => {
    const c = new LawCase(caseFacts({ services: ['home_nursing'] }));
    const input = { outcome: 'granted', services: [{ code: 'home_nursing', from: '2027-02-01', until: '2027-02-30' }], justification: 'Vurdert.' };
    expect(refusal(c, 'decision', input)).toEqual({
      code: 'validation_failed',
      problems: [{ field: 'services[0].until', message: 'Must be a date (YYYY-MM-DD) or an ISO-8601 date-time.' }],
    });
  });

  it('a home visit booked for 31 April: 400 naming scheduledAt as no date-time', () => {
    expect(refusal(new LawCase(), 'home-visit', { scheduledAt: '2027-04-31T10:00:00.000Z' })).toEqual({
      code: 'validation_failed',
      problems: [{ field: 'scheduledAt', message: 'Must be an ISO-8601 date-time, e.g. 2027-03-30T10:00:00.000Z.' }],
    });
  });
});
