// Europe/Oslo local time computed by rule, not by Intl: this module runs inside the Temporal
// workflow sandbox, where the result must not depend on the host's time zone data.
// Norway keeps CET (UTC+1) and, under the EU rule, CEST (UTC+2) from 01:00 UTC on the last Sunday
// of March to 01:00 UTC on the last Sunday of October. The rule is applied to every year.
// Dates are 'YYYY-MM-DD' strings on the Oslo calendar; instants are Dates. Only UTC methods of
// Date are used, so the host's TZ setting never matters.

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const CET_MS = HOUR_MS;
const CEST_MS = 2 * HOUR_MS;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

interface CalendarDate {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
}

/** UTC midnight of a calendar date. setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999. */
function utcMidnightMs(year: number, month: number, day: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return d.getTime();
}

function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one.
  return new Date(utcMidnightMs(year, month + 1, 0)).getUTCDate();
}

function parseDate(date: string): CalendarDate {
  const match = typeof date === 'string' ? DATE_PATTERN.exec(date) : null;
  if (match) {
    const year = Number(match[1]);
    const month = Number(match[2]);
    const day = Number(match[3]);
    if (month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)) return { year, month, day };
  }
  throw new RangeError(`"${String(date)}" is not a calendar date (YYYY-MM-DD)`);
}

/** 'YYYY-MM-DD' of the UTC calendar fields of a millisecond value. */
function formatUtcDate(ms: number): string {
  const d = new Date(ms);
  const year = d.getUTCFullYear();
  if (year < 0 || year > 9999) throw new RangeError(`year ${year} is outside 0000–9999`);
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(year, 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
}

function checkInstant(instant: Date): number {
  const t = instant instanceof Date ? instant.getTime() : NaN;
  if (Number.isNaN(t)) throw new RangeError('not a valid instant');
  return t;
}

function checkWhole(n: number, what: string): void {
  if (!Number.isSafeInteger(n)) throw new RangeError(`${what} must be a whole number, got ${n}`);
}

/** Whether the string is a real calendar date written 'YYYY-MM-DD'. */
export function isCalendarDate(value: string): boolean {
  try {
    parseDate(value);
    return true;
  } catch {
    return false;
  }
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: string): number {
  const { year, month, day } = parseDate(date);
  return new Date(utcMidnightMs(year, month, day)).getUTCDay();
}

export function addDays(date: string, n: number): string {
  checkWhole(n, 'days');
  const { year, month, day } = parseDate(date);
  return formatUtcDate(utcMidnightMs(year, month, day) + n * DAY_MS);
}

/** The same day number n months on; where that month is shorter, its last day (domstolloven § 148). */
export function addMonths(date: string, n: number): string {
  checkWhole(n, 'months');
  const { year, month, day } = parseDate(date);
  const index = year * 12 + (month - 1) + n;
  const newYear = Math.floor(index / 12);
  const newMonth = index - newYear * 12 + 1;
  return formatUtcDate(utcMidnightMs(newYear, newMonth, Math.min(day, daysInMonth(newYear, newMonth))));
}

function lastSundayMs(year: number, month: number): number {
  const last = utcMidnightMs(year, month, daysInMonth(year, month));
  return last - new Date(last).getUTCDay() * DAY_MS;
}

/** Oslo's offset from UTC at an instant. The changes are in March and October, so the UTC year is the right year. */
function osloOffsetMs(t: number): number {
  const year = new Date(t).getUTCFullYear();
  const summerStarts = lastSundayMs(year, 3) + HOUR_MS;
  const summerEnds = lastSundayMs(year, 10) + HOUR_MS;
  return t >= summerStarts && t < summerEnds ? CEST_MS : CET_MS;
}

export function osloLocalTimeOf(instant: Date): { date: string; hour: number; minute: number; second: number; ms: number } {
  const t = checkInstant(instant);
  const local = new Date(t + osloOffsetMs(t));
  return {
    date: formatUtcDate(local.getTime()),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
    ms: local.getUTCMilliseconds(),
  };
}

/** The Oslo calendar date at an instant. */
export function osloDateOf(instant: Date): string {
  return osloLocalTimeOf(instant).date;
}

/**
 * The instant at an Oslo wall-clock time. In the October hour that occurs twice, the earlier (CEST);
 * in the March hour that does not exist, the clock is moved on by the hour (02:30 → 03:30 CEST).
 */
export function osloInstant(date: string, hour: number, minute: number, second = 0, ms = 0): Date {
  const { year, month, day } = parseDate(date);
  const parts: [number, number, string][] = [
    [hour, 23, 'hour'],
    [minute, 59, 'minute'],
    [second, 59, 'second'],
    [ms, 999, 'ms'],
  ];
  for (const [value, max, name] of parts) {
    if (!Number.isInteger(value) || value < 0 || value > max) throw new RangeError(`${name} must be a whole number 0–${max}, got ${value}`);
  }
  const wallClock = utcMidnightMs(year, month, day) + hour * HOUR_MS + minute * 60_000 + second * 1_000 + ms;
  const asSummer = wallClock - CEST_MS;
  if (osloOffsetMs(asSummer) === CEST_MS) return new Date(asSummer);
  // Winter time, or the skipped hour in March, which this reading puts an hour later on the clock.
  return new Date(wallClock - CET_MS);
}

/** 00:00 Oslo time on the date. */
export function startOfOsloDay(date: string): Date {
  return osloInstant(date, 0, 0);
}

/** Midnight at the end of the date, Oslo time: the start of the next day. A day is 23 or 25 hours long at the changes. */
export function endOfOsloDay(date: string): Date {
  return startOfOsloDay(addDays(date, 1));
}
