// Every message of the case workflow, declared once and imported by both the workflow and the API.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type {
  AppealBodyOutcome,
  CaseView,
  Channel,
  DecisionInput,
  ReEvaluationOutcome,
  ReconsiderationOutcome,
} from '../domain/caseTypes';
import type { MunicipalityTimers } from '../domain/policyTypes';

export const CASE_TASK_QUEUE = 'case-processing';
export const CASE_WORKFLOW_TYPE = 'CaseWorkflow';

/** The workflow id of a case: built from the case id alone, never from personal data. */
export function caseWorkflowId(caseId: string): string {
  return `case-${caseId}`;
}

/** A municipality's timers, as the policy set them when the case was received (kept for the case's life). */
export type CaseTimers = MunicipalityTimers;

export interface CaseWorkflowInput {
  caseId: string;
  municipality: string;
  services: string[];
  channel: Channel;
  receivedAt: string;
  timers: CaseTimers;
  /** Set when the workflow continues as new: the case as it stood. */
  carried?: CarriedCase;
}

/** What one run hands to the next when the case continues as new. */
export interface CarriedCase {
  view: CaseView;
  /** Sequence numbers continue across runs, so every event and letter keeps a unique key. */
  eventSeq: number;
  letterSeq: number;
  /** When the automatic provisional reply goes out (the last working day on or before it is due). */
  provisionalReplyDispatchAt: string | null;
  /** When the next re-evaluation falls due and its notice goes out. */
  reEvaluationDispatchAt: string | null;
  expiryNoticeAt: string | null;
  expiryNoticeSent: boolean;
  /** A visit booked too close for a reminder gets none. */
  homeVisitReminderDue: boolean;
  /** The status the case had when the current appeal came in: `active` means the decision was already final. */
  appealedFrom: CaseView['status'] | null;
  /** Which run of the case this is: 0 for the first, +1 at each re-evaluation cycle. */
  cycle: number;
}

/** Who took a step, as the caseworker's system names them (no personal data: a user id or role). */
export interface StepActor {
  actor?: string;
}

export type ContactInput = StepActor & { note?: string };
export type HomeVisitInput = StepActor & { scheduledAt: string };
export type HomeVisitCompleteInput = StepActor & { notes?: string };
export type HomeVisitCancelInput = StepActor & { reason: string };
export type ProvisionalReplyInput = StepActor & { reason: string; expectedDecisionBy: string };
export type DecisionStepInput = StepActor & DecisionInput;
export type AppealInput = StepActor & { receivedAt?: string; text?: string };
export type ReconsiderationInput = StepActor & {
  outcome: ReconsiderationOutcome;
  justification: string;
  decision?: DecisionInput;
};
export type AppealBodyDecisionInput = StepActor & {
  outcome: AppealBodyOutcome;
  justification?: string;
  decision?: DecisionInput;
};
export type ReEvaluationInput = StepActor & { outcome: ReEvaluationOutcome; decision?: DecisionInput };
export type WithdrawInput = StepActor & { reason: string };

// Steps a caseworker takes: each an Update whose validator refuses a step the status does not allow.
export const contactUpdate = defineUpdate<CaseView, [ContactInput]>('contact');
export const homeVisitUpdate = defineUpdate<CaseView, [HomeVisitInput]>('homeVisit');
export const homeVisitCompleteUpdate = defineUpdate<CaseView, [HomeVisitCompleteInput]>('completeHomeVisit');
export const homeVisitCancelUpdate = defineUpdate<CaseView, [HomeVisitCancelInput]>('cancelHomeVisit');
export const provisionalReplyUpdate = defineUpdate<CaseView, [ProvisionalReplyInput]>('provisionalReply');
export const decisionUpdate = defineUpdate<CaseView, [DecisionStepInput]>('decision');
export const appealUpdate = defineUpdate<CaseView, [AppealInput]>('appeal');
export const reconsiderationUpdate = defineUpdate<CaseView, [ReconsiderationInput]>('reconsideration');
export const appealBodyDecisionUpdate = defineUpdate<CaseView, [AppealBodyDecisionInput]>('appealBodyDecision');
export const reEvaluationUpdate = defineUpdate<CaseView, [ReEvaluationInput]>('reEvaluation');
export const withdrawUpdate = defineUpdate<CaseView, [WithdrawInput]>('withdraw');

export const caseViewQuery = defineQuery<CaseView>('caseView');

/** The `type` of every ApplicationFailure a validator throws: the contract's error codes. */
export const STEP_ERROR_TYPES = ['invalid_transition', 'case_closed', 'validation_failed'] as const;
export type StepErrorType = (typeof STEP_ERROR_TYPES)[number];

/** `details` of a validation failure: the field and what is wrong with it. */
export interface FieldProblem {
  field: string;
  message: string;
}

// The sweep: a Temporal Schedule runs CaseSweep, which starts the workflow of every stored case that has none.
export const CASE_SWEEP_WORKFLOW_TYPE = 'CaseSweep';

/** The schedule's id; one per task queue, so test workers on queues of their own never share one. */
export function caseSweepScheduleId(taskQueue: string): string {
  return taskQueue === CASE_TASK_QUEUE ? 'case-sweep' : `case-sweep-${taskQueue}`;
}

/** What one sweep did: the cases it found without a workflow and asked Temporal to start. */
export interface CaseSweepResult {
  started: number;
}
