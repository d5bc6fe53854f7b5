// The dates the case takes: 2000-01-01 to 2199-12-31 on the Oslo calendar. The legal calendar
// (holidays, periods) is exact well inside these bounds, so nothing a case computes from a date it
// accepted can fall outside it.
import { isCalendarDate } from './osloTime';

export const EARLIEST_DATE = '2000-01-01';
export const LATEST_DATE = '2199-12-31';

// Instants: from the first moment of the first day to the last of the last day, in any offset Oslo uses.
const EARLIEST_MS = Date.UTC(2000, 0, 1) - 2 * 3_600_000;
const LATEST_MS = Date.UTC(2200, 0, 1) - 3_600_000;

export const DATE_BOUNDS_MESSAGE = `Must be from ${EARLIEST_DATE} to ${LATEST_DATE}.`;

/**
 * Whether a date or an instant names a day that does not exist (2027-02-30, 2000-13-45): Date.parse
 * rolls some of them on into the next month, so a step sent past the API would be taken for another day.
 */
export function namesNoSuchDay(value: string): boolean {
  // The year may be written with six digits and a sign (+002027), as ISO 8601 allows.
  const day = /^(?:[+-]\d\d)?(\d{4}-\d{2}-\d{2})/.exec(value)?.[1];
  return day !== undefined && !isCalendarDate(day);
}

/** Whether a date (YYYY-MM-DD) or an ISO-8601 instant lies within the bounds. Anything unparsable is not. */
export function withinDateBounds(value: string): boolean {
  if (namesNoSuchDay(value)) return false;
  // A date (YYYY-MM-DD) parses as its first instant in UTC, which lies within the instant bounds
  // exactly when the date lies within the date bounds.
  const ms = Date.parse(value);
  return !Number.isNaN(ms) && ms >= EARLIEST_MS && ms < LATEST_MS;
}
