import { describe, expect, it } from 'vitest';
import { easterSunday, isHoliday, isWorkingDay, norwegianHolidays } from '../../domain/calendar/holidays';
import { addDays, weekday } from '../../domain/calendar/osloTime';

// Easter Sunday as python-dateutil's easter() gives it (EASTER_WESTERN), an independent implementation.
const EASTER_FROM_DATEUTIL: Record<number, string> = {
  1900: '1900-04-15',
  1943: '1943-04-25',
  1961: '1961-04-02',
  1981: '1981-04-19',
  2000: '2000-04-23',
  2008: '2008-03-23',
  2011: '2011-04-24',
  2019: '2019-04-21',
  2024: '2024-03-31',
  2025: '2025-04-20',
  2026: '2026-04-05',
  2027: '2027-03-28',
  2028: '2028-04-16',
  2029: '2029-04-01',
  2030: '2030-04-21',
  2038: '2038-04-25',
  2100: '2100-03-28',
  2160: '2160-03-23',
  2199: '2199-04-14',
};

/** Gauss's Easter algorithm with its two exceptions: a second, independent computation. */
function gaussEaster(year: number): string {
  const a = year % 19;
  const b = year % 4;
  const c = year % 7;
  const k = Math.floor(year / 100);
  const p = Math.floor((13 + 8 * k) / 25);
  const q = Math.floor(k / 4);
  const M = (15 - p + k - q) % 30;
  const N = (4 + k - q) % 7;
  const d = (19 * a + M) % 30;
  const e = (2 * b + 4 * c + 6 * d + N) % 7;
  let marchDay = 22 + d + e;
  if (d === 29 && e === 6) marchDay = 31 + 19;
  else if (d === 28 && e === 6 && (11 * M + 11) % 30 < 19) marchDay = 31 + 18;
  return marchDay <= 31 ? `${year}-03-${String(marchDay).padStart(2, '0')}` : `${year}-04-${String(marchDay - 31).padStart(2, '0')}`;
}

describe('easterSunday', () => {
  it.each(Object.entries(EASTER_FROM_DATEUTIL))('%s: %s', (year, expected) => {
    expect(easterSunday(Number(year))).toBe(expected);
  });

  it('agrees with Gauss’s algorithm and is a Sunday between 22 March and 25 April, 1900–2199', () => {
    for (let year = 1900; year <= 2199; year++) {
      const easter = easterSunday(year);
      expect(easter, String(year)).toBe(gaussEaster(year));
      expect(weekday(easter), easter).toBe(0);
      expect(easter >= `${year}-03-22` && easter <= `${year}-04-25`, easter).toBe(true);
    }
  });

  it('refuses a year before the Gregorian calendar or not a whole number', () => {
    expect(() => easterSunday(1582)).toThrow(RangeError);
    expect(() => easterSunday(2027.5)).toThrow(RangeError);
  });
});

describe('norwegianHolidays', () => {
  it('2026 (17 May a Sunday, 26 December a Saturday)', () => {
    expect(norwegianHolidays(2026)).toEqual([
      { date: '2026-01-01', name: 'Første nyttårsdag' },
      { date: '2026-04-02', name: 'Skjærtorsdag' },
      { date: '2026-04-03', name: 'Langfredag' },
      { date: '2026-04-05', name: '1. påskedag' },
      { date: '2026-04-06', name: '2. påskedag' },
      { date: '2026-05-01', name: 'Offentlig høytidsdag' },
      { date: '2026-05-14', name: 'Kristi himmelfartsdag' },
      { date: '2026-05-17', name: 'Grunnlovsdag' },
      { date: '2026-05-24', name: '1. pinsedag' },
      { date: '2026-05-25', name: '2. pinsedag' },
      { date: '2026-12-25', name: '1. juledag' },
      { date: '2026-12-26', name: '2. juledag' },
    ]);
  });

  it('2027 (17 May is also 2. pinsedag: both kept)', () => {
    expect(norwegianHolidays(2027)).toEqual([
      { date: '2027-01-01', name: 'Første nyttårsdag' },
      { date: '2027-03-25', name: 'Skjærtorsdag' },
      { date: '2027-03-26', name: 'Langfredag' },
      { date: '2027-03-28', name: '1. påskedag' },
      { date: '2027-03-29', name: '2. påskedag' },
      { date: '2027-05-01', name: 'Offentlig høytidsdag' },
      { date: '2027-05-06', name: 'Kristi himmelfartsdag' },
      { date: '2027-05-16', name: '1. pinsedag' },
      { date: '2027-05-17', name: 'Grunnlovsdag' },
      { date: '2027-05-17', name: '2. pinsedag' },
      { date: '2027-12-25', name: '1. juledag' },
      { date: '2027-12-26', name: '2. juledag' },
    ]);
  });

  it('2028', () => {
    expect(norwegianHolidays(2028)).toEqual([
      { date: '2028-01-01', name: 'Første nyttårsdag' },
      { date: '2028-04-13', name: 'Skjærtorsdag' },
      { date: '2028-04-14', name: 'Langfredag' },
      { date: '2028-04-16', name: '1. påskedag' },
      { date: '2028-04-17', name: '2. påskedag' },
      { date: '2028-05-01', name: 'Offentlig høytidsdag' },
      { date: '2028-05-17', name: 'Grunnlovsdag' },
      { date: '2028-05-25', name: 'Kristi himmelfartsdag' },
      { date: '2028-06-04', name: '1. pinsedag' },
      { date: '2028-06-05', name: '2. pinsedag' },
      { date: '2028-12-25', name: '1. juledag' },
      { date: '2028-12-26', name: '2. juledag' },
    ]);
  });

  it('holds twelve holidays every year 1900–2199, sorted, the movable ones at their Easter offsets', () => {
    for (let year = 1900; year <= 2199; year++) {
      const holidays = norwegianHolidays(year);
      expect(holidays).toHaveLength(12);
      const dates = holidays.map((h) => h.date);
      expect([...dates].sort()).toEqual(dates);
      const easter = easterSunday(year);
      const byName = new Map(holidays.map((h) => [h.name, h.date]));
      expect(byName.get('Skjærtorsdag')).toBe(addDays(easter, -3));
      expect(byName.get('Kristi himmelfartsdag')).toBe(addDays(easter, 39));
      expect(weekday(byName.get('Kristi himmelfartsdag')!)).toBe(4);
      expect(weekday(byName.get('2. pinsedag')!)).toBe(1);
    }
  });

  it('throws a RangeError outside 1900–2199', () => {
    expect(() => norwegianHolidays(1899)).toThrow(RangeError);
    expect(() => norwegianHolidays(2200)).toThrow(RangeError);
    expect(() => norwegianHolidays(2027.5)).toThrow(RangeError);
    expect(norwegianHolidays(1900)[0]).toEqual({ date: '1900-01-01', name: 'Første nyttårsdag' });
    expect(norwegianHolidays(2199)).toHaveLength(12);
  });
});

describe('isHoliday and isWorkingDay', () => {
  it('julaften and nyttårsaften are not holidays (helligdagsloven does not list them)', () => {
    for (const date of ['2026-12-24', '2026-12-31', '2027-12-24', '2027-12-31', '2028-12-24', '2028-12-31']) {
      expect(isHoliday(date), date).toBe(false);
    }
    expect(isWorkingDay('2026-12-24')).toBe(true); // a Thursday
    expect(isWorkingDay('2026-12-31')).toBe(true);
  });

  it('every listed holiday of 2026–2028 is a holiday and not a working day', () => {
    for (const year of [2026, 2027, 2028]) {
      for (const { date } of norwegianHolidays(year)) {
        expect(isHoliday(date), date).toBe(true);
        expect(isWorkingDay(date), date).toBe(false);
      }
    }
  });

  it('counts the days of 2027: 365 − 104 weekend days − 6 holiday weekdays = 255 working days', () => {
    // On weekdays: 1 Jan, skjærtorsdag, langfredag, 2. påskedag, Kristi himmelfart, 17 May (= 2. pinsedag).
    // On a Saturday or Sunday: 1 May, 1. påskedag, 1. pinsedag, 25 and 26 Dec.
    let working = 0;
    for (let date = '2027-01-01'; date <= '2027-12-31'; date = addDays(date, 1)) if (isWorkingDay(date)) working++;
    expect(working).toBe(255);
  });

  it('weekends are not working days; ordinary weekdays are', () => {
    expect(isWorkingDay('2027-03-06')).toBe(false); // Saturday
    expect(isWorkingDay('2027-03-07')).toBe(false); // Sunday
    expect(isWorkingDay('2027-03-08')).toBe(true); // Monday
    expect(isWorkingDay('2027-05-18')).toBe(true); // the day after 17 May = 2. pinsedag
    expect(isHoliday('2026-05-17')).toBe(true); // a Sunday, a holiday too
  });

  it('refuses a malformed date or a year outside 1900–2199', () => {
    expect(() => isHoliday('2027-02-29')).toThrow(RangeError);
    expect(() => isWorkingDay('27-03-01')).toThrow(RangeError);
    expect(() => isHoliday('2200-01-01')).toThrow(RangeError);
    expect(() => isWorkingDay('2200-01-03')).toThrow(RangeError);
  });
});
