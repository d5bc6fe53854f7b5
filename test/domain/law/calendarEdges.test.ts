// The calendar's edges, each as an example with its answer written out: the dates a case takes
// (2000-01-01 to 2199-12-31 in any offset Oslo uses), the lengths a policy may write, the years the
// holidays are known for, the order of a year's holidays, the whole numbers and times the Oslo clock
// takes, the reason a national identity number is refused, and each refusal's own words.
import { describe, expect, it } from 'vitest';
import { withinDateBounds } from '../../../domain/calendar/dateBounds';
import { easterSunday, isHoliday, norwegianHolidays } from '../../../domain/calendar/holidays';
import { formatLength, isLegalPeriod, parseLength, plainDurationMs } from '../../../domain/calendar/length';
import { validateNationalId } from '../../../domain/people/nationalId';
import { formatNorwegianDate } from '../../../domain/calendar/norwegianDate';
import { addDays, addMonths, isCalendarDate, osloInstant, osloLocalTimeOf, weekday } from '../../../domain/calendar/osloTime';

const message = (f: () => unknown): string => {
  try {
    f();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
};

describe('the dates a case takes', () => {
  it('a date from 2000-01-01 to 2199-12-31', () => {
    expect(withinDateBounds('2000-01-01')).toBe(true);
    expect(withinDateBounds('1999-12-31')).toBe(false);
    expect(withinDateBounds('2199-12-31')).toBe(true);
    expect(withinDateBounds('2200-01-01')).toBe(false);
  });

  it('an instant from the first moment of the first day to the last of the last day, in an Oslo offset', () => {
    expect(withinDateBounds('2000-01-01T00:00:00+02:00')).toBe(true);
    expect(withinDateBounds('1999-12-31T23:59:59.999+02:00')).toBe(false);
    expect(withinDateBounds('2199-12-31T23:59:59.999+01:00')).toBe(true);
    expect(withinDateBounds('2200-01-01T00:00:00+01:00')).toBe(false);
    // An instant on the last day, read as one (not as a date with something after it).
    expect(withinDateBounds('2199-12-31T22:30:00Z')).toBe(true);
    // An ISO instant with an extended year is an instant too.
    expect(withinDateBounds('+002000-01-01T12:00:00Z')).toBe(true);
  });

  it('nothing unparsable', () => {
    expect(withinDateBounds('not a date')).toBe(false);
    expect(withinDateBounds('')).toBe(false);
  });
});

describe('a length as the policy writes it', () => {
  it('a whole number and a unit, singular or plural, with any spaces around', () => {
    expect(parseLength(' 4  weeks ')).toEqual({ amount: 4, unit: 'week' });
    expect(parseLength('1 day')).toEqual({ amount: 1, unit: 'day' });
    expect(parseLength('30 seconds')).toEqual({ amount: 30, unit: 'second' });
  });

  it('each refusal says what is wrong', () => {
    expect(message(() => parseLength('four weeks'))).toBe('"four weeks" is not a length: write "<whole number> <unit>", e.g. "4 weeks"');
    expect(message(() => parseLength('2 fortnights'))).toBe(
      '"2 fortnights" has an unknown unit: use one of second(s), minute(s), hour(s), day(s), week(s), month(s)',
    );
    expect(message(() => parseLength('0 days'))).toBe('"0 days" must be a positive whole number');
    expect(message(() => parseLength('99999999999999999999 days'))).toBe('"99999999999999999999 days" must be a positive whole number');
  });

  it('days, weeks and months are legal periods with no fixed length; the rest are plain durations', () => {
    expect(['day', 'week', 'month'].map((unit) => isLegalPeriod({ amount: 1, unit } as never))).toEqual([true, true, true]);
    expect(['second', 'minute', 'hour'].map((unit) => isLegalPeriod({ amount: 1, unit } as never))).toEqual([false, false, false]);
    expect(plainDurationMs({ amount: 2, unit: 'minute' })).toBe(120_000);
    expect(message(() => plainDurationMs({ amount: 2, unit: 'week' }))).toBe('2 week(s) is a calendar period, not a plain duration');
  });

  it('is written back as the policy writes it', () => {
    expect(formatLength({ amount: 1, unit: 'week' })).toBe('1 week');
    expect(formatLength({ amount: 4, unit: 'week' })).toBe('4 weeks');
  });
});

describe('the holidays', () => {
  it('are known for 1900–2199, and Easter for the Gregorian years 1583–9999', () => {
    expect(message(() => norwegianHolidays(1899))).toBe('Norwegian holidays are known for 1900–2199, got 1899');
    expect(message(() => norwegianHolidays(2200))).toBe('Norwegian holidays are known for 1900–2199, got 2200');
    expect(message(() => easterSunday(1582))).toBe('Easter is computed for Gregorian years 1583–9999, got 1582');
    expect(message(() => easterSunday(10000))).toBe('Easter is computed for Gregorian years 1583–9999, got 10000');
    // Easter 1583, the first Gregorian Easter after the reform: 10 April.
    expect(easterSunday(1583)).toBe('1583-04-10');
    expect(easterSunday(9999)).toMatch(/^9999-0[34]-\d\d$/);
  });

  it('come in date order; on a shared date the fixed day first (2027: 17 May is also 2. pinsedag)', () => {
    expect(norwegianHolidays(2027).map((h) => `${h.date} ${h.name}`)).toEqual([
      '2027-01-01 Første nyttårsdag',
      '2027-03-25 Skjærtorsdag',
      '2027-03-26 Langfredag',
      '2027-03-28 1. påskedag',
      '2027-03-29 2. påskedag',
      '2027-05-01 Offentlig høytidsdag',
      '2027-05-06 Kristi himmelfartsdag',
      '2027-05-16 1. pinsedag',
      '2027-05-17 Grunnlovsdag',
      '2027-05-17 2. pinsedag',
      '2027-12-25 1. juledag',
      '2027-12-26 2. juledag',
    ]);
    // 2008: Easter on 23 March, so Kristi himmelfartsdag was 1 May.
    expect(norwegianHolidays(2008).slice(5, 7).map((h) => h.name)).toEqual(['Offentlig høytidsdag', 'Kristi himmelfartsdag']);
  });

  it('answer the same asked twice', () => {
    expect([isHoliday('2027-05-17'), isHoliday('2027-05-17'), isHoliday('2027-05-18')]).toEqual([true, true, false]);
  });
});

describe('the Oslo calendar and clock take whole numbers and real dates only', () => {
  it('a date is a string YYYY-MM-DD of a day that exists', () => {
    expect(isCalendarDate('2027-02-28')).toBe(true);
    expect(isCalendarDate('2027-02-29')).toBe(false);
    expect(isCalendarDate('2027-00-10')).toBe(false);
    expect(isCalendarDate('2027-13-10')).toBe(false);
    expect(isCalendarDate('2027-01-00')).toBe(false);
    expect(isCalendarDate('x2027-01-01')).toBe(false);
    expect(isCalendarDate('2027-01-01x')).toBe(false);
    expect(isCalendarDate(new String('2027-01-01') as unknown as string)).toBe(false);
    expect(message(() => weekday('2027-02-29'))).toBe('"2027-02-29" is not a calendar date (YYYY-MM-DD)');
  });

  it('counts whole days and months only, and names which', () => {
    expect(message(() => addDays('2027-01-01', 1.5))).toBe('days must be a whole number, got 1.5');
    expect(message(() => addMonths('2027-01-01', 0.5))).toBe('months must be a whole number, got 0.5');
  });

  it('counts months across years both ways', () => {
    expect(addMonths('2027-11-30', 3)).toBe('2028-02-29');
    expect(addMonths('2027-01-31', -1)).toBe('2026-12-31');
    expect(addMonths('2027-03-31', -13)).toBe('2026-02-28');
  });

  it('stays within the years 0000–9999', () => {
    expect(addDays('9999-12-30', 1)).toBe('9999-12-31');
    expect(message(() => addDays('9999-12-31', 1))).toBe('year 10000 is outside 0000–9999');
    expect(addDays('0000-01-02', -1)).toBe('0000-01-01');
    expect(message(() => addDays('0000-01-01', -1))).toBe('year -1 is outside 0000–9999');
  });

  it('takes a wall-clock time with each part in range, and names the one that is not', () => {
    expect(osloInstant('2027-01-15', 23, 59, 59, 999).toISOString()).toBe('2027-01-15T22:59:59.999Z');
    expect(message(() => osloInstant('2027-01-15', 24, 0))).toBe('hour must be a whole number 0–23, got 24');
    expect(message(() => osloInstant('2027-01-15', -1, 0))).toBe('hour must be a whole number 0–23, got -1');
    expect(message(() => osloInstant('2027-01-15', 10, 60))).toBe('minute must be a whole number 0–59, got 60');
    expect(message(() => osloInstant('2027-01-15', 10, 0, 60))).toBe('second must be a whole number 0–59, got 60');
    expect(message(() => osloInstant('2027-01-15', 10, 0, 0, 1000))).toBe('ms must be a whole number 0–999, got 1000');
    expect(message(() => osloInstant('2027-01-15', 10.5, 0))).toBe('hour must be a whole number 0–23, got 10.5');
  });

  it('an invalid instant is refused as such', () => {
    expect(message(() => osloLocalTimeOf(new Date(NaN)))).toBe('not a valid instant');
  });
});

describe('a date written for a letter', () => {
  it('refuses what is neither a date nor an ISO instant, naming it', () => {
    expect(message(() => formatNorwegianDate('2027-02-30'))).toBe('"2027-02-30" is neither a date (YYYY-MM-DD) nor an ISO instant');
    expect(message(() => formatNorwegianDate('2027-02-30T10:00:00Z'))).toBe('"2027-02-30T10:00:00Z" is neither a date (YYYY-MM-DD) nor an ISO instant');
    expect(message(() => formatNorwegianDate('2 April 2027'))).toBe('"2 April 2027" is neither a date (YYYY-MM-DD) nor an ISO instant');
    expect(formatNorwegianDate('2027-04-02T21:30:00Z')).toBe('2. april 2027');
    expect(formatNorwegianDate('2027-04-02T22:30:00Z')).toBe('3. april 2027');
  });
});

// The check digits by Skatteetaten's rule, written here on their own: k1 makes the weighted sum of the
// first ten digits leave `k1Remainder` (0 before 2032; 0–3 after), k2 makes that of all eleven leave 0.
function withCheckDigits(nine: string, k1Remainder = 0): string | null {
  const w1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
  const w2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
  const sum = (digits: string, weights: number[]) => weights.reduce((s, w, i) => s + w * Number(digits[i]), 0);
  const k1 = [...Array(10).keys()].find((k) => (sum(nine, w1) + k) % 11 === k1Remainder);
  if (k1 === undefined) return null;
  const ten = nine + String(k1);
  const k2 = [...Array(10).keys()].find((k) => (sum(ten, w2) + k) % 11 === 0);
  return k2 === undefined ? null : ten + String(k2);
}

/** The first of individsiffer 000–999 that gives a number with both check digits. */
function numberFor(sixDate: string, k1Remainder = 0): string {
  for (let i = 0; i < 1000; i++) {
    const id = withCheckDigits(sixDate + String(i).padStart(3, '0'), k1Remainder);
    if (id) return id;
  }
  throw new Error(`no number for ${sixDate}`);
}

describe('a national identity number refused for its own reason', () => {
  it('a D-number (day + 40) whose month is 40 has a date that does not exist', () => {
    expect(validateNationalId(numberFor('414000'))).toEqual({ valid: false, reason: 'the date part is not a valid date' });
  });

  it('a D-number whose month is 80 is also an H-number (month + 40 = 80 is month 40 + 40)', () => {
    expect(validateNationalId(numberFor('418000'))).toEqual({ valid: false, reason: 'a D-number cannot also be an H-number' });
  });

  it('day 40 is no D-number: an H-number on day 40 has a date that does not exist', () => {
    expect(validateNationalId(numberFor('404100'))).toEqual({ valid: false, reason: 'the date part is not a valid date' });
  });

  it('day 0 does not exist', () => {
    expect(validateNationalId(numberFor('000100'))).toEqual({ valid: false, reason: 'the date part is not a valid date' });
  });

  it('the 2032 rule: a first check digit leaving 3 is accepted, one leaving 4 is not', () => {
    expect(validateNationalId(numberFor('150385', 3))).toEqual({ valid: true, kind: 'fnr' });
    expect(validateNationalId(numberFor('150385', 4))).toEqual({ valid: false, reason: 'the first check digit is wrong' });
  });

  it('anything but a string is not 11 digits', () => {
    expect(validateNationalId(15038512345 as unknown as string)).toEqual({ valid: false, reason: 'must be 11 digits' });
  });
});
