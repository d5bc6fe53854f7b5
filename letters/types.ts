// What a letter is rendered from, and what rendering gives. Pure types.
import type { CaseView, LetterKind } from '../domain/case/caseTypes';
import type { MunicipalityPolicy } from '../domain/policy/policyTypes';
import type { LetterRecipient, LetterRecipientRole } from '../domain/people/representative';

/** What a step adds to a letter beyond the case view. */
export interface LetterDetails {
  /** Provisional reply: why the office cannot decide yet. Closing: why the case was closed (e.g. the withdrawal). */
  reason?: string;
  /** Provisional reply: when the decision can be expected (YYYY-MM-DD, or an instant; an Oslo midnight is the end of the day before). */
  expectedDecisionBy?: string;
  /** Provisional reply: what it answers (default the application). */
  regarding?: 'application' | 'appeal' | 'new_processing';
  /** Appeal forwarded, appeal outcome: the appeal body the letter is about, where two hear parts of the appeal. */
  appealBody?: 'statsforvalteren' | 'klagenemnd';
  /** Provisional reply: the date the last one gave, which has passed without a decision. */
  previousExpectedBy?: string;
  /** A free note from the caseworker, printed as it is. */
  note?: string;
  /** To the representative, or the applicant's copy of one that went to them (decided by the case); absent: to the applicant alone. */
  recipient?: LetterRecipient;
}

/**
 * Who the letter is addressed to, when not the applicant alone: the representative, writing on the
 * applicant's behalf (named, never by national id); or the applicant's copy, saying who got the letter.
 */
export type Addressee =
  | { to: 'representative'; role: LetterRecipientRole; name: string; address?: string }
  | { to: 'applicant'; copyTo: { role: LetterRecipientRole; name: string } };

export interface LetterContext {
  kind: LetterKind;
  view: CaseView;
  municipality: MunicipalityPolicy;
  /** The applicant as a letter addresses them. Never the national id. */
  applicant: { name: string; address?: string };
  details: LetterDetails;
  /** Absent: the letter goes to the applicant alone. */
  addressee?: Addressee;
}

export interface RenderedLetter {
  subject: string;
  body: string;
}

export type LetterTemplate = (ctx: LetterContext) => RenderedLetter;
