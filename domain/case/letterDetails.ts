// What a letter effect carries besides its kind: the few facts its wording needs.
import type { AppealBody } from './caseTypes';
import type { LetterRecipient } from '../people/representative';

/** What a provisional reply answers: the application, an appeal, or the new processing after a quash. */
export type ProvisionalReplyRegarding = 'application' | 'appeal' | 'new_processing';

export interface CaseLetterDetails {
  reason?: string;
  expectedDecisionBy?: string;
  regarding?: ProvisionalReplyRegarding;
  /** A new provisional reply because the date the last one gave has passed: that date. */
  previousExpectedBy?: string;
  /** The appeal body a forwarding or a ruling is about, where two hear parts of the appeal. */
  appealBody?: AppealBody;
  /** To the representative, or the applicant's copy of a letter that went to them; absent: to the applicant alone. */
  recipient?: LetterRecipient;
}
