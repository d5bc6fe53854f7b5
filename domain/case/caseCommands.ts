// What a caseworker's step carries, and what the case can be told to do: a step or a timer that
// fired. Plain data, shared by the decider (domain/decider.ts), the workflow and the API.
import type { AppealBody, AppealBodyOutcome, DecisionInput, Proposal, ReEvaluationOutcome, ReconsiderationOutcome } from './caseTypes';
import type { CaseStep } from './caseRules';
import type { RepresentativeRole } from '../people/representative';

/** Set by the API on every step: who acts (no personal data: a user id or role) and the request's Idempotency-Key. */
export interface StepActor {
  actor?: string;
  /** A step retried with the same key is applied once, also after the case continued as new. */
  idempotencyKey?: string;
}

export type ContactInput = StepActor & { note?: string };
export type HomeVisitInput = StepActor & { scheduledAt: string };
export type HomeVisitCompleteInput = StepActor & { notes?: string };
export type HomeVisitCancelInput = StepActor & { reason: string };
export type ProvisionalReplyInput = StepActor & { reason: string; expectedDecisionBy: string };
export type DecisionStepInput = StepActor & DecisionInput;
export type AppealInput = StepActor & { receivedAt?: string; sentAt?: string; text?: string; services?: string[] };
export type ReconsiderationInput = StepActor & {
  outcome: ReconsiderationOutcome;
  justification: string;
  decision?: DecisionInput;
};
export type AppealBodyDecisionInput = StepActor & {
  /** Which body ruled: required while two hear parts of the appeal. */
  body?: AppealBody;
  outcome: AppealBodyOutcome;
  justification?: string;
  decision?: DecisionInput;
};
export type ReEvaluationInput = StepActor & {
  outcome: ReEvaluationOutcome;
  decision?: DecisionInput;
  justification?: string;
  /** The date a reduction or termination takes effect, and urgency instead of an advance notice. */
  effectiveFrom?: string;
  urgent?: Urgency;
};
export type WithdrawInput = StepActor & { reason: string };
/** When the applicant got the decision, from a receipt or their word: the appeal period counts from it. */
export type DecisionReceivedInput = StepActor & { receivedAt: string };
/** The applicant withdraws the appeal only (klagen trekkes): the decision stands. */
export type AppealWithdrawInput = StepActor & { reason: string };

/** The advance notice's body, with who sends it. */
export type AdvanceNoticeStepInput = StepActor & AdvanceNoticeInput;

/** The office's answer on deferred implementation (fvl § 42). */
export type DeferralStepInput = StepActor & DeferralInput;

/** A long-term care home place offered to an applicant on the waiting list (pbrl § 2-1 e). */
export type PlaceOfferedStepInput = StepActor & PlaceOfferedInput;

/** A guardian, authorised representative or relative from now on: the role and the stored row, no personal data. */
export type RepresentativeStepInput = StepActor & RepresentativeInput;

/** The representative's mandate ends. */
export type RepresentativeEndStepInput = StepActor;

/** Each step and the input it takes. */
export interface StepInputs {
  contact: ContactInput;
  'home-visit': HomeVisitInput;
  'home-visit/complete': HomeVisitCompleteInput;
  'home-visit/cancel': HomeVisitCancelInput;
  'provisional-reply': ProvisionalReplyInput;
  decision: DecisionStepInput;
  appeal: AppealInput;
  reconsideration: ReconsiderationInput;
  'appeal-body-decision': AppealBodyDecisionInput;
  're-evaluation': ReEvaluationInput;
  withdraw: WithdrawInput;
  'appeal/withdraw': AppealWithdrawInput;
  'decision-received': DecisionReceivedInput;
  'advance-notice': AdvanceNoticeStepInput;
  deferral: DeferralStepInput;
  'place-offered': PlaceOfferedStepInput;
  representative: RepresentativeStepInput;
  'representative/end': RepresentativeEndStepInput;
}

export type CaseTimerName =
  | 'contactDeadline'
  | 'homeVisitReminder'
  | 'provisionalReplyDue'
  | 'appealDeadline'
  | 'reEvaluationDue'
  | 'expiryNotice'
  | 'decisionExpiry'
  /** One year after the decision of a closed case (fvl § 31): no appeal can reopen it any more. */
  | 'appealRightLapses'
  /** The date a provisional reply gave has passed without a decision: another is due. */
  | 'provisionalReplyOverdue';

export type StepCommand = { [S in CaseStep]: { kind: 'step'; step: S; input: StepInputs[S] } }[CaseStep];
export type CaseCommand = StepCommand | { kind: 'timer'; name: CaseTimerName };

// The inputs of the steps of "Decisions that reduce or end a service".
export interface ProposedChange {
  code: string;
  proposal: Proposal;
  /** For `reduce`: the hours a week the office proposes. */
  hoursPerWeek?: number;
}

export interface AdvanceNoticeInput {
  services: ProposedChange[];
  reason: string;
  /** The deadline for comments: a date (its end, Oslo time) or an instant. Default: the policy's commentPeriod. */
  commentsBy?: string;
}

/** Why the step says "urgent": the reason the notice is left out (fvl § 16 tredje ledd). */
export interface Urgency {
  reason: string;
}

/** The office's answer on deferred implementation (utsatt iverksetting, fvl § 42). */
export interface DeferralInput {
  granted: boolean;
  justification: string;
}

/** The place offered: from when, and why (the decision's justification; a plain default when left out). */
export interface PlaceOfferedInput {
  from: string;
  justification?: string;
}

/** The representative as the case is told of them: the stored row's id and the role (domain/steps/representative.ts). */
export interface RepresentativeInput {
  representativeId: string;
  role: RepresentativeRole;
  copyToApplicant?: boolean;
}
