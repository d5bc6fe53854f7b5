// Every message of the case workflow, declared once and imported by both the workflow and the API.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { DecisionStepInput as PreviewInput } from '../domain/case/caseCommands';
import type { FieldProblem as PreviewProblem } from '../domain/case/refusals';
import type {
  AppealBodyDecisionInput,
  AppealInput,
  ContactInput,
  DecisionStepInput,
  HomeVisitCancelInput,
  HomeVisitCompleteInput,
  HomeVisitInput,
  ProvisionalReplyInput,
  ReEvaluationInput,
  ReconsiderationInput,
  WithdrawInput,
  AppealWithdrawInput,
  DecisionReceivedInput,
} from '../domain/case/caseCommands';
import type { AdvanceNoticeStepInput, DeferralStepInput, PlaceOfferedStepInput, RepresentativeEndStepInput, RepresentativeInput, RepresentativeStepInput } from '../domain/case/caseCommands';
import type { CaseState } from '../domain/case/caseState';
import type { ImportedStepSummary } from '../domain/import/importedCase';
import type { CaseView, Channel } from '../domain/case/caseTypes';
import type { MunicipalityTimers } from '../domain/policy/policyTypes';
import type { DeliveryChannelName } from '../activities/delivery/channels';

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
  /** The municipality's readable case number (`2026/0042`), given at registration: not personal data. */
  caseNumber?: string;
  municipality: string;
  services: string[];
  channel: Channel;
  receivedAt: string;
  timers: CaseTimers;
  /** The token's `sub` of who registered the case: the actor of its `received` event (a user id, no name). */
  registeredBy?: string;
  /** A representative given with the application: the stored row's id and the role, never a name. */
  representative?: RepresentativeInput;
  /** Set when the workflow continues as new: the case as it stood. */
  carried?: CarriedCase;
  /** The old system's case number of a case brought over from it (letters quote it). */
  previousCaseNumber?: string;
  /** A case brought over from the office's old system: it starts where it stands, with no receipt. */
  imported?: ImportedStart;
}

/** Where an imported case stands (its state from the old steps, domain/import) and where it came from. */
export interface ImportedStart {
  state: CaseState;
  /** The old system's case id: not personal data. */
  sourceId: string;
  steps: ImportedStepSummary[];
}

/** What one run hands to the next when the case continues as new: its small state, never the view. */
export type CarriedCase = CaseState;

export type {
  StepActor,
  ContactInput,
  HomeVisitInput,
  HomeVisitCompleteInput,
  HomeVisitCancelInput,
  ProvisionalReplyInput,
  DecisionStepInput,
  AppealInput,
  ReconsiderationInput,
  AppealBodyDecisionInput,
  ReEvaluationInput,
  WithdrawInput,
  AppealWithdrawInput,
  DecisionReceivedInput,
} from '../domain/case/caseCommands';
export type { FieldProblem } from '../domain/case/refusals';
import type { RefusalCode } from '../domain/case/refusals';
export type { AdvanceNoticeStepInput, DeferralStepInput, PlaceOfferedStepInput, RepresentativeEndStepInput, RepresentativeStepInput } from '../domain/case/caseCommands';

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
export const appealWithdrawUpdate = defineUpdate<CaseView, [AppealWithdrawInput]>('withdrawAppeal');
export const decisionReceivedUpdate = defineUpdate<CaseView, [DecisionReceivedInput]>('decisionReceived');
export const advanceNoticeUpdate = defineUpdate<CaseView, [AdvanceNoticeStepInput]>('advanceNotice');
export const deferralUpdate = defineUpdate<CaseView, [DeferralStepInput]>('deferral');
export const placeOfferedUpdate = defineUpdate<CaseView, [PlaceOfferedStepInput]>('placeOffered');
export const representativeUpdate = defineUpdate<CaseView, [RepresentativeStepInput]>('representative');
export const representativeEndUpdate = defineUpdate<CaseView, [RepresentativeEndStepInput]>('endRepresentative');

export const caseViewQuery = defineQuery<CaseView>('caseView');

/** What a decision would make of the case, decided as the step would be but applied to nothing. */
export type DecisionPreview =
  | { ok: true; view: CaseView }
  | { ok: false; code: RefusalCode; message: string; problems?: PreviewProblem[] };
/** A query, so a preview leaves nothing in the workflow's history. */
export const decisionPreviewQuery = defineQuery<DecisionPreview, [PreviewInput]>('decisionPreview');

// The sweep: a Temporal Schedule runs CaseSweep, which starts the workflow of every stored case that has none.
export const CASE_SWEEP_WORKFLOW_TYPE = 'CaseSweep';

/** How long one sweep watches: `rounds` activities of `watchForMs` each; the schedule starts one this often. */
export const SWEEP_WATCH = { rounds: 12, watchForMs: 5 * 60_000 } as const;

/** The schedule's id; one per task queue, so test workers on queues of their own never share one. */
export function caseSweepScheduleId(taskQueue: string): string {
  return taskQueue === CASE_TASK_QUEUE ? 'case-sweep' : `case-sweep-${taskQueue}`;
}

// A letter's delivery: one workflow per letter, started once the letter is stored.
export const LETTER_DELIVERY_WORKFLOW_TYPE = 'LetterDelivery';

/** The workflow id of a letter's delivery: from the letter id alone (no personal data), one per letter. */
export function letterDeliveryWorkflowId(letterId: string): string {
  return `letter-${letterId}`;
}

export interface LetterDeliveryInput {
  caseId: string;
  letterId: string;
  channels: DeliveryChannelName[];
}
