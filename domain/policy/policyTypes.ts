// The shape of a municipality's policy once the policy file is parsed (see domain/policy/policy.ts).
import type { AppealBody } from '../case/caseTypes';
import type { Length } from '../calendar/length';

export interface Office {
  name: string;
  phone: string;
  hours: string;
  /** Where to visit the office. */
  address: string;
  /** Where appeals and letters to the office go; the visiting address when the file gives none. */
  postalAddress?: string;
  email?: string;
}

/** What the municipality calls each appeal body in its letters ("Statsforvalteren i Trøndelag", "klageutvalget"). */
export type AppealBodyNames = Record<AppealBody, { name: string }>;

export interface MunicipalityTimers {
  contactWithin: Length;
  homeVisitReminderBefore: Length;
  provisionalReplyAfter: Length;
  /** One length per appeal body; a file that gives one length applies it to both. */
  appealWindow: Record<AppealBody, Length>;
  reEvaluationEvery: Length;
  expiryNoticeBefore: Length;
  /**
   * How long after a letter is handed to the postal service it counts as received (the applicant's
   * appeal period counts from then). Absent in the timers of a case received before it existed.
   */
  presumedPostalDelivery?: Length;
  /**
   * A letter in the digital mailbox not read within this goes to print (LETTER_TRANSPORT=svarut).
   * Absent: DEFAULT_UNREAD_TO_PRINT. Not a deadline of the case: read by the letter transport only.
   */
  unreadToPrint?: Length;
  /** The deadline for comments on an advance notice (fvl § 16); default 2 weeks. */
  commentPeriod?: Length;
}

export interface MunicipalityPolicy {
  /** The key in the file, e.g. "namsos". */
  id: string;
  /** "Namsos kommune" */
  name: string;
  office: Office;
  appealBodies: AppealBodyNames;
  timers: MunicipalityTimers;
  /**
   * A decision (vedtak) needs a second caseworker's approval (to-trinnskontroll): one proposes it,
   * another approves it, and only then is it sent. Left out when the file leaves it out (false).
   */
  coSignDecisions?: boolean;
}

export interface Policy {
  municipalities: Record<string, MunicipalityPolicy>;
}
