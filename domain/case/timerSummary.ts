// What the Temporal Web UI shows for a case's timer and for the case itself: the legal deadline by its
// Norwegian name and date ("Klagefrist 31.12.2026"), the case by its number. Never personal data.
import type { CaseTimerName } from './caseCommands';
import { osloDateOf } from '../calendar/osloTime';

/** Each timer by the name a caseworker knows the deadline by. */
const TIMER_LABELS: Record<CaseTimerName, string> = {
  contactDeadline: 'Frist for første kontakt',
  homeVisitReminder: 'Påminnelse om hjemmebesøk',
  provisionalReplyDue: 'Frist for foreløpig svar', // fvl. § 11 a
  provisionalReplyOverdue: 'Ny frist for foreløpig svar', // the date a provisional reply gave has passed
  appealDeadline: 'Klagefrist', // fvl. § 29
  reEvaluationDue: 'Ny vurdering',
  expiryNotice: 'Varsel om utløp av vedtak',
  decisionExpiry: 'Vedtaket utløper',
  appealRightLapses: 'Klageretten faller bort', // fvl. § 31
};

/** "Klagefrist 31.12.2026": the deadline's name and its Oslo date. */
export function timerSummary(timer: { name: CaseTimerName; at: number }): string {
  const [year, month, day] = osloDateOf(new Date(timer.at)).split('-');
  return `${TIMER_LABELS[timer.name]} ${day}.${month}.${year}`;
}

/** "Sak 2026/0042 (namsos)": the case's number and municipality, as the office files it. */
export function caseSummary(input: { caseNumber?: string | undefined; municipality: string }): string {
  return `Sak ${input.caseNumber ?? 'uten saksnummer'} (${input.municipality})`;
}
