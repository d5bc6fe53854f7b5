// The shape of a recorded path: plain data (plus a function where an input depends on the clock),
// so a step's input is changed in one place when an update's input changes.
import type { UpdateDefinition } from '@temporalio/common';
import type { DeliveryChannelName } from '../../activities/delivery/channels';
import type { CaseStatus, CaseView, Channel, ClosedReason } from '../../domain/case/caseTypes';
import * as m from '../../workflows/messages';
import type { ExampleKind } from '../import/exampleDates';
import type { CaseWorkflowInput } from '../../workflows/messages';

/** Every case update, by the name the workflow registers it under. */
export const CASE_UPDATES = {
  contact: m.contactUpdate,
  homeVisit: m.homeVisitUpdate,
  completeHomeVisit: m.homeVisitCompleteUpdate,
  cancelHomeVisit: m.homeVisitCancelUpdate,
  provisionalReply: m.provisionalReplyUpdate,
  decision: m.decisionUpdate,
  appeal: m.appealUpdate,
  reconsideration: m.reconsiderationUpdate,
  appealBodyDecision: m.appealBodyDecisionUpdate,
  reEvaluation: m.reEvaluationUpdate,
  withdraw: m.withdrawUpdate,
  advanceNotice: m.advanceNoticeUpdate,
  deferral: m.deferralUpdate,
  placeOffered: m.placeOfferedUpdate,
  representative: m.representativeUpdate,
  endRepresentative: m.representativeEndUpdate,
} as const;

export type CaseUpdateName = keyof typeof CASE_UPDATES;
type InputOf<K extends CaseUpdateName> = (typeof CASE_UPDATES)[K] extends UpdateDefinition<CaseView, [infer I]> ? I : never;

/** What an input may depend on: the (skipped) clock and the case as it stands before the step. */
export interface StepContext {
  now: number;
  view: CaseView;
}

export type UpdateStep = {
  [K in CaseUpdateName]: { update: K; input: InputOf<K> | ((ctx: StepContext) => InputOf<K>); expect?: CaseStatus };
}[CaseUpdateName];

/**
 * Let time pass: a number of days, until a deadline of the case view plus some days, or until the
 * case's workflow ends on its own (its result awaited: the test server skips to each of its timers,
 * however long the case still runs, e.g. the year in which a closed refusal may still be appealed).
 */
export type WaitStep =
  | { skipDays: number; expect?: CaseStatus }
  | { skipPast: keyof CaseView['deadlines']; days: number; expect?: CaseStatus }
  | { skipUntilClosed: true };

export type CaseStep = UpdateStep | WaitStep;

export interface CasePath {
  /** The history's file name (without .json): lower-case words and hyphens. */
  name: string;
  about: string;
  /** `imported`: the case starts as the worked example of that kind (import/examples/), brought over from the old system. */
  start?: { services?: string[]; channel?: Channel; imported?: ExampleKind; representative?: CaseWorkflowInput['representative'] };
  steps: CaseStep[];
  /** Where the path must end, so a history never silently records a different path; `runs` counts continue-as-new runs. */
  end: { status: CaseStatus; closedReason?: ClosedReason; runs?: number };
}

/** What one delivery attempt on a channel does: succeed, fail and be retried, or be refused for good. */
export type AttemptOutcome = 'ok' | 'fail' | 'refuse';

export interface DeliveryPath {
  name: string;
  about: string;
  channels: DeliveryChannelName[];
  /** Per channel, the outcome of each attempt in turn; after the list, every attempt succeeds. */
  attempts: Partial<Record<DeliveryChannelName, AttemptOutcome[]>>;
  /** Channels expected to be reported failed at the end. */
  failed: DeliveryChannelName[];
}

/** What one attempt of the sweep's activity does: fail (and be retried), or find and start that many cases. */
export type SweepAttempt = 'fail' | number;

export interface SweepPath {
  name: string;
  about: string;
  /** The outcome of each attempt in turn; the last must be a number (the sweep's result). */
  attempts: SweepAttempt[];
  /** What the whole sweep started, when it takes more than one round (a watching sweep); else the last attempt's. */
  started?: number;
}
