// The case's own small state, which the decider changes and each run carries into the next, and
// the view the API shows, derived from it. The view is never stored in the workflow: only this is.
import { contactDeadline, decisionExpiry, latestAppealDeadline, provisionalReplyDeadline } from './caseDeadlines';
import type { Appeal, AppealBody, AppealBodyPart, CaseFlags, CaseStatus, CaseView, Channel, ClosedReason, Decision, HomeVisit } from './caseTypes';
import type { MunicipalityTimers } from '../policy/policyTypes';
import type { AdvanceNotice, DeferralAnswer } from './caseTypes';
import type { CaseRepresentative } from '../people/representative';

/** What the case was registered with: fixed for its whole life. */
export interface CaseFacts {
  caseId: string;
  caseNumber: string | null;
  municipality: string;
  services: string[];
  channel: Channel;
  receivedAt: string;
  timers: MunicipalityTimers;
  /** The old system's case number of a case brought over from it: kept, and quoted in letters beside the new one. */
  previousCaseNumber?: string | null;
  /** Who registered it (a token's `sub`); null for a case registered before tokens, or restarted by the system. */
  registeredBy?: string | null;
  /**
   * The rules of "Appeal rights in every case" apply: set for a run started on the code that has
   * them (a patch, workflows/VERSIONING.md), so a run started before keeps the rules it ran on.
   */
  appealRights?: boolean;
  /** The rules of "Decisions that reduce or end a service", set like appealRights by a patch. */
  reductions?: boolean;
  /** A plain decision on a running case obeys the advance-notice rule too; set like reductions by a patch. */
  decisionNotice?: boolean;
}

export interface CaseState {
  status: CaseStatus;
  closedReason: ClosedReason | null;
  flags: CaseFlags;
  homeVisit: HomeVisit | null;
  /** A visit booked too close for a reminder gets none. */
  homeVisitReminderDue: boolean;
  decision: Decision | null;
  appeal: Appeal | null;
  appealBody: AppealBody | null;
  /** Each body the appeal went to, with its own services and ruling. Absent on a run from before. */
  appealBodies?: AppealBodyPart[];
  /** The status (and closed reason) the case had when the current appeal came in. */
  appealedFrom: { status: CaseStatus; closedReason: ClosedReason | null } | null;
  /** When the office owes a provisional reply (on the application, an appeal, or after a quash), and when it goes out. */
  provisionalReplyBy: string | null;
  provisionalReplyDispatchAt: string | null;
  /** The date the last provisional reply promised a decision by: when it passes undecided, another reply is due. */
  provisionalReplyExpectedBy?: string | null;
  nextReEvaluationAt: string | null;
  reEvaluationDispatchAt: string | null;
  expiryNoticeAt: string | null;
  expiryNoticeSent: boolean;
  /** Sequence numbers continue across runs, so every event and letter keeps a unique key. */
  eventSeq: number;
  letterSeq: number;
  /** Which run of the case this is: 0 for the first, +1 each time it continues as new. */
  cycle: number;
  /** The latest steps applied with an Idempotency-Key (`<step>:<key>`), newest last; bounded. */
  appliedKeys: string[];
  /** The last advance notice (forhåndsvarsel, fvl § 16). */
  advanceNotice?: AdvanceNotice | null;
  /** The answer to a request for deferred implementation (fvl § 42). */
  deferral?: DeferralAnswer | null;
  /** Who acts for the applicant now (verge, fullmektig, or a relative), by reference. */
  representative?: CaseRepresentative | null;
}

/** How many applied Idempotency-Keys a case remembers: far more than a caseworker's system retries at once. */
export const APPLIED_KEYS_KEPT = 200;

export function initialCaseState(facts: CaseFacts): CaseState {
  const { dueAt, dispatchAt } = provisionalReplyDeadline(new Date(facts.receivedAt), facts.timers);
  return {
    status: 'received',
    closedReason: null,
    flags: { contactOverdue: false, provisionalReplySent: false, lateAppeal: false, reEvaluationDue: false, provisionalReplyOverdue: false },
    homeVisit: null,
    homeVisitReminderDue: false,
    decision: null,
    appeal: null,
    appealBody: null,
    appealedFrom: null,
    provisionalReplyBy: dueAt.toISOString(),
    provisionalReplyDispatchAt: dispatchAt.toISOString(),
    nextReEvaluationAt: null,
    reEvaluationDispatchAt: null,
    expiryNoticeAt: null,
    expiryNoticeSent: false,
    eventSeq: 0,
    letterSeq: 0,
    cycle: 0,
    appliedKeys: [],
  };
}

/** The case view of the contract, derived from the facts and the state. */
export function caseViewOf(facts: CaseFacts, state: CaseState): CaseView {
  const receivedAt = new Date(facts.receivedAt);
  const decision = state.decision;
  const expiresAt = decision ? decisionExpiry(decision) : null;
  return {
    id: facts.caseId,
    caseNumber: facts.caseNumber,
    ...(facts.previousCaseNumber ? { previousCaseNumber: facts.previousCaseNumber } : {}),
    municipality: facts.municipality,
    status: state.status,
    services: [...facts.services],
    channel: facts.channel,
    receivedAt: receivedAt.toISOString(),
    deadlines: {
      contactBy: contactDeadline(receivedAt, facts.timers).toISOString(),
      provisionalReplyBy: state.provisionalReplyBy,
      appealBy: decision ? latestAppealDeadline(decision.appealDeadlines) : null,
      nextReEvaluationAt: state.nextReEvaluationAt,
      expiresAt: expiresAt?.toISOString() ?? null,
    },
    // A run carried from before the flag existed has none: it was never overdue.
    flags: {
      ...state.flags,
      provisionalReplyOverdue: state.flags.provisionalReplyOverdue ?? false,
      // Waiting for a long-term care home place (pbrl § 2-1 e) until one is offered.
      ...(facts.reductions ? { onWaitingList: state.status !== 'closed' && waitingFor(decision) } : {}),
    },
    homeVisit: state.homeVisit ? { ...state.homeVisit } : null,
    decision: decision ? structuredCloneOf(decision) : null,
    appeal: state.appeal ? structuredCloneOf(state.appeal) : null,
    appealBody: state.appealBody,
    appealBodies: structuredCloneOf(state.appealBodies ?? []),
    closedReason: state.closedReason,
    ...(facts.reductions
      ? {
          advanceNotice: state.advanceNotice ? structuredCloneOf(state.advanceNotice) : null,
          deferredUntilAppealDecided: !!state.deferral && state.deferral.granted && state.deferral.endedAt === null,
          deferral: state.deferral ? structuredCloneOf(state.deferral) : null,
          representative: state.representative ? { ...state.representative } : null,
        }
      : {}),
  };
}

/** The decision puts a service on the waiting list (kept here, not imported from steps/, so case/ stays below steps/). */
function waitingFor(decision: Decision | null): boolean {
  return (decision?.services ?? []).some((s) => s.outcome === 'waiting_list');
}

function structuredCloneOf<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
