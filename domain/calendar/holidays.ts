// The Norwegian public holidays (helligdager etter helligdagsloven, and 1 and 17 May, which lov
// 26. april 1947 § 1 puts on a par with Sundays), the days on which a period does not end
// (domstolloven § 149). Julaften (24 Dec) and nyttårsaften (31 Dec) are not among them.
// Today's list is applied to every year of the supported range.

import { addDays, weekday } from './osloTime';

export const FIRST_HOLIDAY_YEAR = 1900;
export const LAST_HOLIDAY_YEAR = 2199;

export interface Holiday {
  date: string;
  name: string;
}

/** Easter Sunday (1. påskedag) in the Gregorian calendar, by the Meeus/Jones/Butcher algorithm. */
export function easterSunday(year: number): string {
  if (!Number.isInteger(year) || year < 1583 || year > 9999) {
    throw new RangeError(`Easter is computed for Gregorian years 1583–9999, got ${year}`);
  }
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * The holidays of a year, sorted by date. Two holidays can fall on one date (17 May 2027 is also
 * 2. pinsedag); each keeps its own entry.
 */
export function norwegianHolidays(year: number): Holiday[] {
  if (!Number.isInteger(year) || year < FIRST_HOLIDAY_YEAR || year > LAST_HOLIDAY_YEAR) {
    throw new RangeError(`Norwegian holidays are known for ${FIRST_HOLIDAY_YEAR}–${LAST_HOLIDAY_YEAR}, got ${year}`);
  }
  const y = String(year);
  const easter = easterSunday(year);
  const holidays: Holiday[] = [
    { date: `${y}-01-01`, name: 'Første nyttårsdag' },
    { date: addDays(easter, -3), name: 'Skjærtorsdag' },
    { date: addDays(easter, -2), name: 'Langfredag' },
    { date: easter, name: '1. påskedag' },
    { date: addDays(easter, 1), name: '2. påskedag' },
    { date: `${y}-05-01`, name: 'Offentlig høytidsdag' },
    { date: `${y}-05-17`, name: 'Grunnlovsdag' },
    { date: addDays(easter, 39), name: 'Kristi himmelfartsdag' },
    { date: addDays(easter, 49), name: '1. pinsedag' },
    { date: addDays(easter, 50), name: '2. pinsedag' },
    { date: `${y}-12-25`, name: '1. juledag' },
    { date: `${y}-12-26`, name: '2. juledag' },
  ];
  // Array.prototype.sort is stable: on a shared date the fixed day stays before the movable one.
  return holidays.sort((p, q) => (p.date < q.date ? -1 : p.date > q.date ? 1 : 0));
}

// Pure memo of each year's holiday dates: the same answer every time, so safe in the workflow sandbox.
const holidayDatesByYear = new Map<number, ReadonlySet<string>>();

function holidayDates(year: number): ReadonlySet<string> {
  let dates = holidayDatesByYear.get(year);
  // Stryker disable next-line ConditionalExpression: a memo; computing the year again gives the same dates
  if (!dates) {
    dates = new Set(norwegianHolidays(year).map((h) => h.date));
    holidayDatesByYear.set(year, dates);
  }
  return dates;
}

/** Whether the date is a Norwegian public holiday. Throws a RangeError outside 1900–2199. */
export function isHoliday(date: string): boolean {
  weekday(date); // validates the date
  return holidayDates(Number(date.slice(0, 4))).has(date);
}

/** A virkedag: not a Saturday, not a Sunday, not a public holiday. */
export function isWorkingDay(date: string): boolean {
  if (isHoliday(date)) return false;
  const day = weekday(date);
  return day !== 0 && day !== 6;
}
