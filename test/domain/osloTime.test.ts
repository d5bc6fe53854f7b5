import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  endOfOsloDay,
  isCalendarDate,
  osloDateOf,
  osloInstant,
  osloLocalTimeOf,
  startOfOsloDay,
  weekday,
} from '../../domain/calendar/osloTime';

const HOUR = 3_600_000;

describe('osloLocalTimeOf and osloDateOf', () => {
  it('is UTC+1 in winter and UTC+2 in summer', () => {
    expect(osloLocalTimeOf(new Date('2027-01-15T12:34:56.789Z'))).toEqual({ date: '2027-01-15', hour: 13, minute: 34, second: 56, ms: 789 });
    expect(osloLocalTimeOf(new Date('2027-07-15T12:34:56.789Z'))).toEqual({ date: '2027-07-15', hour: 14, minute: 34, second: 56, ms: 789 });
  });

  it('moves the clock on at 01:00 UTC on the last Sunday of March (2027-03-28)', () => {
    expect(osloLocalTimeOf(new Date('2027-03-28T00:59:59.999Z'))).toEqual({ date: '2027-03-28', hour: 1, minute: 59, second: 59, ms: 999 });
    expect(osloLocalTimeOf(new Date('2027-03-28T01:00:00.000Z'))).toEqual({ date: '2027-03-28', hour: 3, minute: 0, second: 0, ms: 0 });
  });

  it('moves the clock back at 01:00 UTC on the last Sunday of October (2026-10-25)', () => {
    expect(osloLocalTimeOf(new Date('2026-10-25T00:59:59.999Z'))).toEqual({ date: '2026-10-25', hour: 2, minute: 59, second: 59, ms: 999 });
    expect(osloLocalTimeOf(new Date('2026-10-25T01:00:00.000Z'))).toEqual({ date: '2026-10-25', hour: 2, minute: 0, second: 0, ms: 0 });
  });

  it('gives the Oslo date, not the UTC date, around midnight', () => {
    expect(osloDateOf(new Date('2027-03-04T23:00:00.000Z'))).toBe('2027-03-05');
    expect(osloDateOf(new Date('2027-03-04T22:59:59.999Z'))).toBe('2027-03-04');
    expect(osloDateOf(new Date('2027-06-30T22:00:00.000Z'))).toBe('2027-07-01');
    expect(osloDateOf(new Date('2026-12-31T23:00:00.000Z'))).toBe('2027-01-01');
  });

  it('agrees with the IANA Europe/Oslo zone (Intl, outside the sandbox) for 1996–2099', () => {
    const oslo = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Oslo',
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    fc.assert(
      fc.property(fc.date({ min: new Date('1996-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }), (instant) => {
        const parts = Object.fromEntries(oslo.formatToParts(instant).map((p) => [p.type, p.value]));
        const local = osloLocalTimeOf(instant);
        expect(local.date).toBe(`${parts.year}-${parts.month}-${parts.day}`);
        expect([local.hour, local.minute, local.second]).toEqual([Number(parts.hour), Number(parts.minute), Number(parts.second)]);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses an invalid Date', () => {
    expect(() => osloDateOf(new Date('nonsense'))).toThrow(RangeError);
  });
});

describe('osloInstant, startOfOsloDay and endOfOsloDay', () => {
  it('turns Oslo wall-clock time into the instant', () => {
    expect(osloInstant('2027-04-02', 10, 30).toISOString()).toBe('2027-04-02T08:30:00.000Z');
    expect(osloInstant('2027-01-05', 8, 5, 7, 9).toISOString()).toBe('2027-01-05T07:05:07.009Z');
  });

  it('takes the earlier instant in the hour that occurs twice in October', () => {
    expect(osloInstant('2026-10-25', 2, 30).toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(osloInstant('2026-10-25', 3, 0).toISOString()).toBe('2026-10-25T02:00:00.000Z');
  });

  it('moves a time in the hour skipped in March on by the hour', () => {
    expect(osloInstant('2027-03-28', 2, 30).toISOString()).toBe('2027-03-28T01:30:00.000Z'); // 03:30 CEST
    expect(osloInstant('2027-03-28', 1, 59).toISOString()).toBe('2027-03-28T00:59:00.000Z');
    expect(osloInstant('2027-03-28', 3, 0).toISOString()).toBe('2027-03-28T01:00:00.000Z');
  });

  it('refuses a time of day out of range', () => {
    expect(() => osloInstant('2027-03-28', 24, 0)).toThrow(RangeError);
    expect(() => osloInstant('2027-03-28', 10, 60)).toThrow(RangeError);
    expect(() => osloInstant('2027-03-28', 10, 0, 1.5)).toThrow(RangeError);
  });

  it('round-trips every existing wall-clock time', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1901-01-01T00:00:00Z'), max: new Date('2198-12-31T00:00:00Z'), noInvalidDate: true }), (instant) => {
        const local = osloLocalTimeOf(instant);
        const back = osloInstant(local.date, local.hour, local.minute, local.second, local.ms);
        // In the repeated October hour the earlier instant is chosen: exactly one hour before the later.
        expect([0, HOUR]).toContain(instant.getTime() - back.getTime());
        expect(osloLocalTimeOf(back)).toEqual(local);
      }),
      { numRuns: 2000 },
    );
  });

  it('gives midnight at the start and at the end of an Oslo day', () => {
    expect(startOfOsloDay('2027-01-05').toISOString()).toBe('2027-01-04T23:00:00.000Z');
    expect(endOfOsloDay('2027-01-05').toISOString()).toBe('2027-01-05T23:00:00.000Z');
    expect(startOfOsloDay('2027-07-05').toISOString()).toBe('2027-07-04T22:00:00.000Z');
    expect(endOfOsloDay('2027-03-30').toISOString()).toBe('2027-03-30T22:00:00.000Z');
  });

  it('makes the day the clocks change 23 hours long in March and 25 in October', () => {
    expect(endOfOsloDay('2027-03-28').getTime() - startOfOsloDay('2027-03-28').getTime()).toBe(23 * HOUR);
    expect(endOfOsloDay('2026-10-25').getTime() - startOfOsloDay('2026-10-25').getTime()).toBe(25 * HOUR);
    expect(endOfOsloDay('2027-03-27').toISOString()).toBe('2027-03-27T23:00:00.000Z'); // midnight before the change
    expect(endOfOsloDay('2027-03-28').toISOString()).toBe('2027-03-28T22:00:00.000Z');
    expect(endOfOsloDay('2026-10-24').toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(endOfOsloDay('2026-10-25').toISOString()).toBe('2026-10-25T23:00:00.000Z');
  });
});

describe('calendar arithmetic', () => {
  it('addDays crosses months, years and leap days', () => {
    expect(addDays('2027-03-05', 21)).toBe('2027-03-26');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addDays('2027-03-01', -1)).toBe('2027-02-28');
    expect(addDays('2100-02-28', 1)).toBe('2100-03-01'); // 2100 is not a leap year
    expect(addDays('0099-12-31', 1)).toBe('0100-01-01'); // no 19xx surprise from Date.UTC
  });

  it('addMonths keeps the day number or takes the month’s last day', () => {
    expect(addMonths('2027-01-31', 1)).toBe('2027-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2000-01-31', 1)).toBe('2000-02-29');
    expect(addMonths('2100-01-31', 1)).toBe('2100-02-28');
    expect(addMonths('2027-08-31', 1)).toBe('2027-09-30');
    expect(addMonths('2027-08-31', 6)).toBe('2028-02-29');
    expect(addMonths('2027-12-15', 1)).toBe('2028-01-15');
    expect(addMonths('2027-03-31', -1)).toBe('2027-02-28');
    expect(addMonths('2027-01-15', -1)).toBe('2026-12-15');
    expect(addMonths('2028-02-29', 12)).toBe('2029-02-28');
    expect(addMonths('2027-03-01', -24)).toBe('2025-03-01');
  });

  it('weekday is 0 for Sunday … 6 for Saturday', () => {
    expect(weekday('2027-03-01')).toBe(1);
    expect(weekday('2026-05-17')).toBe(0);
    expect(weekday('2027-03-06')).toBe(6);
    expect(weekday('2028-04-13')).toBe(4);
  });

  it('refuses what is not a calendar date', () => {
    for (const bad of ['2027-02-29', '2027-13-01', '2027-00-10', '2027-04-31', '27-03-01', '2027-3-1', '2027-03-01T00:00:00Z', '']) {
      expect(isCalendarDate(bad), bad).toBe(false);
      expect(() => weekday(bad), bad).toThrow(RangeError);
    }
    expect(() => addDays('2027-03-01', 0.5)).toThrow(RangeError);
    expect(isCalendarDate('2028-02-29')).toBe(true);
  });
});
