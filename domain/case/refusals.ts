// Why a step is refused: the one list of codes the decider, the workflow's validators and the API
// share (the contract's error codes for a step), and the words for a closed case.
import type { ClosedReason } from './caseTypes';

// advance_notice_required: a reduction or termination before its advance notice's deadline (fvl § 16).
// no_representative: a representative ended on a case that has none.
export const REFUSAL_CODES = ['invalid_transition', 'case_closed', 'validation_failed', 'advance_notice_required', 'no_representative'] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

/** `details` of a validation failure: the field and what is wrong with it. */
export interface FieldProblem {
  field: string;
  message: string;
}

export interface Refusal {
  code: RefusalCode;
  message: string;
  problems?: FieldProblem[];
}

/** The message of a `case_closed` refusal, the same from the decider and from the API's stored case. */
export function caseClosedMessage(closedReason: ClosedReason | null | undefined): string {
  return `The case is closed (${closedReason ?? 'closed'}); no step can be taken on it.`;
}
