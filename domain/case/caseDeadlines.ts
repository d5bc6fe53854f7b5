// The case's legal deadlines, computed from the municipality's timers. Pure: used inside the workflow.
import type { AppealBody, CaseView, DecidedService, DecisionInput } from './caseTypes';
import { appealBodiesFor } from '../policy/catalogue';
import { grantedServices } from './decidedServices';
import { isLegalPeriod, plainDurationMs, type Length } from '../calendar/length';
import type { MunicipalityTimers } from '../policy/policyTypes';
import { endOfOsloDay, isCalendarDate, osloDateOf, startOfOsloDay } from '../calendar/osloTime';
import { applicantDeadline, countBack, lastWorkingDayStartOnOrBefore, officeDeadline, oneYearAfter, periodEndDate } from '../calendar/periods';

/** When the office must have contacted the applicant, counted from receipt; never extended. */
export function contactDeadline(receivedAt: Date, timers: MunicipalityTimers): Date {
  return officeDeadline(receivedAt, timers.contactWithin).dueAt;
}

/**
 * Foreløpig svar (fvl § 11 a): due when `provisionalReplyAfter` has run from receipt.
 * The reply goes out at `dispatchAt`, no later than the last working day on or before that.
 */
export function provisionalReplyDeadline(receivedAt: Date, timers: MunicipalityTimers): { dueAt: Date; dispatchAt: Date } {
  const { dueAt, dispatchAt } = officeDeadline(receivedAt, timers.provisionalReplyAfter);
  return { dueAt, dispatchAt };
}

/** The expected date a provisional reply states when the office sends it on its own: one more period ahead. */
export function expectedDecisionDate(now: Date, timers: MunicipalityTimers): Date {
  return officeDeadline(now, timers.provisionalReplyAfter).dueAt;
}

/**
 * Klagefrist per appeal body for a decision, counted from when the applicant got it (`deliveredAt`)
 * and rolled past weekends and holidays (domstolloven § 149).
 */
export function appealDeadlines(
  deliveredAt: Date,
  serviceCodes: string[],
  timers: MunicipalityTimers,
): Partial<Record<AppealBody, string>> {
  const deadlines: Partial<Record<AppealBody, string>> = {};
  for (const body of appealBodiesFor(serviceCodes)) {
    deadlines[body] = applicantDeadline(deliveredAt, timers.appealWindow[body]).toISOString();
  }
  return deadlines;
}

/**
 * When a letter handed to the postal service at `handedAt` counts as received: `presumedPostalDelivery`
 * later on the calendar (a legal period) or by the clock (a plain duration, for demonstrations).
 */
export function presumedPostalReceipt(handedAt: Date, presumed: Length): Date {
  if (!isLegalPeriod(presumed)) return new Date(handedAt.getTime() + plainDurationMs(presumed));
  return startOfOsloDay(periodEndDate(osloDateOf(handedAt), presumed));
}

/** Per appeal body, the later of two deadlines: a case never keeps one earlier than its letter stated. */
export function laterDeadlines(
  a: Partial<Record<AppealBody, string>>,
  b: Partial<Record<AppealBody, string>>,
): Partial<Record<AppealBody, string>> {
  const out: Partial<Record<AppealBody, string>> = { ...a };
  for (const [body, at] of Object.entries(b) as [AppealBody, string][]) {
    const kept = out[body];
    out[body] = kept && Date.parse(kept) >= Date.parse(at) ? kept : at;
  }
  return out;
}

/** Where a decision covers services with different appeal bodies, `appealBy` is the later deadline. */
export function latestAppealDeadline(deadlines: Partial<Record<AppealBody, string>>): string | null {
  const all = Object.values(deadlines).filter((d): d is string => typeof d === 'string');
  if (all.length === 0) return null;
  return all.reduce((a, b) => (Date.parse(a) >= Date.parse(b) ? a : b));
}

/** An appeal more than one year after the decision can no longer be taken (fvl § 31 tredje ledd). */
export function appealCutOff(decidedAt: Date): Date {
  return oneYearAfter(decidedAt);
}

/** When a time-limited decision (tidsbegrenset vedtak) runs out: the end of its last `until`, or null. */
export function decisionExpiry(decision: Pick<DecisionInput, 'outcome' | 'services'>): Date | null {
  const granted = grantedServices(decision);
  if (granted.length === 0) return null;
  const ends = granted
    .map((s: DecidedService) => s.until)
    .filter((u): u is string => typeof u === 'string')
    .map((u) => (isCalendarDate(u) ? endOfOsloDay(u) : new Date(u)));
  if (ends.length === 0) return null;
  // The case runs while any service runs: it ends with the last one.
  return new Date(Math.max(...ends.map((d) => d.getTime())));
}

/** The notice before a time-limited decision ends goes out no later than the last working day on or before. */
export function expiryNoticeAt(expiresAt: Date, before: Length): Date {
  if (!isLegalPeriod(before)) return new Date(expiresAt.getTime() - plainDurationMs(before));
  // Count back from the last day the service runs (the instant just before it expires).
  return lastWorkingDayStartOnOrBefore(countBack(new Date(expiresAt.getTime() - 1), before));
}

/** The next periodic re-evaluation, counted from when the decision took effect or from the last re-evaluation. */
export function reEvaluationDeadline(from: Date, timers: MunicipalityTimers): { dueAt: Date; dispatchAt: Date } {
  const { dueAt, dispatchAt } = officeDeadline(from, timers.reEvaluationEvery);
  return { dueAt, dispatchAt };
}

/** The reminder before a home visit, counted back from the visit keeping its time of day. */
export function homeVisitReminderAt(scheduledAt: Date, timers: MunicipalityTimers): Date {
  return countBack(scheduledAt, timers.homeVisitReminderBefore);
}

/** The earliest deadline still running in this status: what a manager sorts by. */
export function nextRunningDeadline(view: CaseView): string | null {
  const { deadlines, flags, status } = view;
  const running: (string | null)[] = [];
  if (status === 'received' && !flags.contactOverdue) running.push(deadlines.contactBy);
  if (['received', 'contacted', 'visit_scheduled', 'under_assessment'].includes(status) && !flags.provisionalReplySent) {
    running.push(deadlines.provisionalReplyBy);
  }
  if (status === 'visit_scheduled') running.push(view.homeVisit?.scheduledAt ?? null);
  if (status === 'decided') running.push(deadlines.appealBy);
  if (status === 'active' && !flags.reEvaluationDue) running.push(deadlines.nextReEvaluationAt);
  if (status === 'active' || status === 'decided') running.push(deadlines.expiresAt);
  const times = running.filter((d): d is string => typeof d === 'string');
  if (times.length === 0) return null;
  return times.reduce((a, b) => (Date.parse(a) <= Date.parse(b) ? a : b));
}

/**
 * The office is late now: the applicant is still not contacted after `contactWithin`, or a re-evaluation
 * is due and not done. (`flags.contactOverdue` stays set as a record once contact is made late.)
 */
export function isOverdue(view: CaseView): boolean {
  return (view.status === 'received' && view.flags.contactOverdue) || (view.status === 'active' && view.flags.reEvaluationDue);
}

