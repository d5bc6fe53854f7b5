// Dates as a Norwegian letter writes them: "2. april 2027", "2. april 2027 kl. 10.30" (Oslo time).
// Month names by table, not Intl, so the output is the same on every host and in the workflow sandbox.

import { isCalendarDate, osloDateOf, osloLocalTimeOf } from './osloTime';

const MONTHS = ['januar', 'februar', 'mars', 'april', 'mai', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'desember'];

function formatCalendarDate(date: string): string {
  // Stryker disable next-line ConditionalExpression,StringLiteral: every caller passes a date already checked or made from an instant
  if (!isCalendarDate(date)) throw new RangeError(`"${date}" is not a calendar date (YYYY-MM-DD)`);
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return `${day}. ${MONTHS[month - 1]} ${year}`;
}

/** A Date gives its Oslo date; a 'YYYY-MM-DD' string is taken as it is; another ISO string is read as an instant. */
export function formatNorwegianDate(x: Date | string): string {
  if (x instanceof Date) return formatCalendarDate(osloDateOf(x));
  if (isCalendarDate(x)) return formatCalendarDate(x);
  // Only an ISO date-time is read as an instant: Date itself would turn '2027-02-30' into 2 March.
  const instant = /^\d{4}-\d{2}-\d{2}T/.test(x) && isCalendarDate(x.slice(0, 10)) ? new Date(x) : new Date(NaN);
  if (Number.isNaN(instant.getTime())) throw new RangeError(`"${x}" is neither a date (YYYY-MM-DD) nor an ISO instant`);
  return formatCalendarDate(osloDateOf(instant));
}

/** "2. april 2027 kl. 10.30", Oslo time (the hour with two digits, as in "kl. 08.05"). */
export function formatNorwegianDateTime(x: Date): string {
  const local = osloLocalTimeOf(x);
  const hh = String(local.hour).padStart(2, '0');
  const mm = String(local.minute).padStart(2, '0');
  return `${formatCalendarDate(local.date)} kl. ${hh}.${mm}`;
}
