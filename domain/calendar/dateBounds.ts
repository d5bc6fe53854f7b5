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

// The bounds as JSON Schema can say them (the OpenAPI document), as whole patterns beside `format:
// date` / `date-time`, so a generator can draw from them. A date: years 2000 to 2199. An instant: the
// same, less the first and the last two days, where an offset (up to ±24 h) may carry it outside;
// the document admits a little less than the API takes, never more.
const MONTH_DAY = '(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])';
export const DATE_BOUNDS_PATTERN = `^2[01][0-9]{2}-${MONTH_DAY}$`;
const INSTANT_DAY =
  '(?:2000-(?:01-(?:0[2-9]|[12][0-9]|3[01])|(?:0[2-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01]))' +
  `|(?:200[1-9]|20[1-9][0-9]|21[0-8][0-9]|219[0-8])-${MONTH_DAY}` +
  '|2199-(?:(?:0[1-9]|1[01])-(?:0[1-9]|[12][0-9]|3[01])|12-(?:0[1-9]|[12][0-9])))';
export const INSTANT_BOUNDS_PATTERN = `^${INSTANT_DAY}T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\\.[0-9]+)?(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])$`;
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
