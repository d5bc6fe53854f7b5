// The shape of a municipality's policy once the policy file is parsed (see domain/policy.ts).
import type { AppealBody } from './caseTypes';
import type { Length } from './length';

export interface Office {
  name: string;
  phone: string;
  hours: string;
  address: string;
  email?: string;
}

export interface MunicipalityTimers {
  contactWithin: Length;
  homeVisitReminderBefore: Length;
  provisionalReplyAfter: Length;
  /** One length per appeal body; a file that gives one length applies it to both. */
  appealWindow: Record<AppealBody, Length>;
  reEvaluationEvery: Length;
  expiryNoticeBefore: Length;
}

export interface MunicipalityPolicy {
  /** The key in the file, e.g. "namsos". */
  id: string;
  /** "Namsos kommune" */
  name: string;
  office: Office;
  timers: MunicipalityTimers;
}

export interface Policy {
  municipalities: Record<string, MunicipalityPolicy>;
}
