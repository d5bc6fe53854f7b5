// The contract's period rules. A length in days, weeks or months is a legal period (frist) counted
// on the Oslo calendar as domstolloven § 148 counts it; seconds, minutes and hours are plain durations.
// A deadline is the instant the period has run out: midnight at the end of its last day, Oslo time.

import { isWorkingDay } from './holidays';
import { isLegalPeriod, plainDurationMs, type Length } from './length';
import { addDays, addMonths, endOfOsloDay, osloDateOf, osloInstant, osloLocalTimeOf, startOfOsloDay } from './osloTime';

/**
 * The last day of a legal period starting on `date` (domstolloven § 148): the start day does not
 * count; weeks end on the same weekday; months on the same date, or the month's last day.
 */
export function periodEndDate(date: string, length: Length): string {
  switch (length.unit) {
    case 'day':
      return addDays(date, length.amount);
    case 'week':
      return addDays(date, 7 * length.amount);
    case 'month':
      return addMonths(date, length.amount);
    default:
      throw new RangeError(`${length.amount} ${length.unit}(s) is a plain duration, not a calendar period`);
  }
}

/** The date itself if it is a working day (virkedag), else the next one. */
export function nextWorkingDayOnOrAfter(date: string): string {
  let day = date;
  while (!isWorkingDay(day)) day = addDays(day, 1);
  return day;
}

/** The date itself if it is a working day, else the one before it. */
export function lastWorkingDayOnOrBefore(date: string): string {
  let day = date;
  while (!isWorkingDay(day)) day = addDays(day, -1);
  return day;
}

/**
 * The applicant's period (klagefrist, fvl § 29, pbrl § 7-5) from `start`: where its last day is a
 * Saturday, Sunday or holiday it runs to the end of the next working day (domstolloven § 149).
 */
export function applicantDeadline(start: Date, length: Length): Date {
  if (!isLegalPeriod(length)) return new Date(start.getTime() + plainDurationMs(length));
  return endOfOsloDay(nextWorkingDayOnOrAfter(periodEndDate(osloDateOf(start), length)));
}

/**
 * The office's own period (e.g. foreløpig svar, fvl § 11 a), never extended: it runs out at the end
 * of its last day, and what it triggers goes out at the start of the last working day on or before.
 */
export function officeDeadline(start: Date, length: Length): { runsOutAt: Date; dueAt: Date; dispatchAt: Date } {
  if (!isLegalPeriod(length)) {
    const at = start.getTime() + plainDurationMs(length);
    return { runsOutAt: new Date(at), dueAt: new Date(at), dispatchAt: new Date(at) };
  }
  const runOutDay = periodEndDate(osloDateOf(start), length);
  const lastWorkingDay = lastWorkingDayOnOrBefore(runOutDay);
  return {
    runsOutAt: endOfOsloDay(runOutDay),
    dueAt: endOfOsloDay(lastWorkingDay),
    dispatchAt: startOfOsloDay(lastWorkingDay),
  };
}

/**
 * `length` before `from`. A legal period goes back on the Oslo calendar and keeps the Oslo clock time
 * (a reminder 1 day before a 10:00 visit is at 10:00, across a daylight-saving change too; a time the
 * clock skips moves on by the hour). A plain duration is subtracted.
 */
export function countBack(from: Date, length: Length): Date {
  if (!isLegalPeriod(length)) return new Date(from.getTime() - plainDurationMs(length));
  const local = osloLocalTimeOf(from);
  // Counting a negative amount forward is counting back: same weekday, same date or the month's last day.
  const back = periodEndDate(local.date, { amount: -length.amount, unit: length.unit });
  return osloInstant(back, local.hour, local.minute, local.second, local.ms);
}

/** 00:00 Oslo time on the last working day on or before the instant's Oslo date. */
export function lastWorkingDayStartOnOrBefore(instant: Date): Date {
  return startOfOsloDay(lastWorkingDayOnOrBefore(osloDateOf(instant)));
}

/**
 * The end of the Oslo day 12 months after `start`'s Oslo date: after it a late appeal can no longer
 * be heard (fvl § 31 tredje ledd, "mer enn ett år"). Not extended for weekends or holidays.
 */
export function oneYearAfter(start: Date): Date {
  return endOfOsloDay(addMonths(osloDateOf(start), 12));
}
