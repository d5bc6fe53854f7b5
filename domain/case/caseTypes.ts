// The case's vocabulary, shared by the workflow, the activities and the API.
// Pure types and constants: no I/O, safe inside the workflow sandbox.
import type { CaseRepresentative } from '../people/representative';

export const CASE_STATUSES = [
  // The application is worked on.
  ...['received', 'contacted', 'visit_scheduled', 'under_assessment'] as const,
  // Decided, and appealed: the office reconsiders, then the appeal body rules.
  ...['decided', 'under_reconsideration', 'with_appeal_body'] as const,
  // The services run, or the case is over.
  ...['active', 'closed'] as const,
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CHANNELS = ['digital', 'paper'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Who may appeal the decision for a service: Statsforvalteren (pbrl kap. 7) or the municipal appeals board (fvl § 28 (2)). */
export const APPEAL_BODIES = ['statsforvalteren', 'klagenemnd'] as const;
export type AppealBody = (typeof APPEAL_BODIES)[number];

/** innvilget, delvis innvilget, avslag */
export const DECISION_OUTCOMES = ['granted', 'partially_granted', 'refused'] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

/** The office's own reassessment of its decision on appeal (fvl § 33, underinstans). */
export const RECONSIDERATION_OUTCOMES = ['reversed', 'partially_reversed', 'upheld', 'dismissed'] as const;
export type ReconsiderationOutcome = (typeof RECONSIDERATION_OUTCOMES)[number];

/** The appeal body's ruling (klageinstans): stadfestet, omgjort, opphevet. */
export const APPEAL_BODY_OUTCOMES = ['upheld', 'reversed', 'quashed'] as const;
export type AppealBodyOutcome = (typeof APPEAL_BODY_OUTCOMES)[number];

export const RE_EVALUATION_OUTCOMES = ['continue', 'changed', 'terminated'] as const;
export type ReEvaluationOutcome = (typeof RE_EVALUATION_OUTCOMES)[number];

export const CLOSED_REASONS = ['withdrawn', 'refused', 'terminated', 'expired'] as const;
export type ClosedReason = (typeof CLOSED_REASONS)[number];

export const LETTER_KINDS = [
  'acknowledgement',
  'home_visit_confirmation',
  'home_visit_reminder',
  'provisional_reply',
  'decision',
  'appeal_acknowledgement',
  'appeal_forwarded',
  'appeal_outcome',
  're_evaluation_notice',
  'expiry_notice',
  'closing',
  'appeal_withdrawn',
  'advance_notice',
  'deferral_answer',
] as const;
export type LetterKind = (typeof LETTER_KINDS)[number];

// The advance notice (forhåndsvarsel, fvl § 16), as the case keeps it and the view shows it.
/** What the office proposes for a service: to reduce it (redusere) or to end it (avslutte). */
export const PROPOSALS = ['reduce', 'terminate'] as const;
export type Proposal = (typeof PROPOSALS)[number];

export interface NoticedService {
  code: string;
  proposal: Proposal;
  hoursPerWeek?: number;
  /** The hours a week the service has when the notice goes out. */
  currentHoursPerWeek: number | null;
}

export interface AdvanceNotice {
  services: NoticedService[];
  reason: string;
  /** The instant the deadline for comments runs out. */
  commentsBy: string;
  sentAt: string;
}

/** The office's answer to a request for deferred implementation (utsatt iverksetting, fvl § 42). */
export interface DeferralAnswer {
  granted: boolean;
  justification: string;
  at: string;
  /** The decision the answer is about (its decidedAt). */
  decisionAt: string;
  /** When the appeal was decided or the decision became final: the deferral is over. */
  endedAt: string | null;
}

/**
 * What a decision says for one service: innvilget or avslått; or, for a long-term place in a care
 * home, that the applicant qualifies and waits for a place (venteliste, pbrl § 2-1 e).
 */
export const SERVICE_OUTCOMES = ['granted', 'refused', 'waiting_list'] as const;
export type ServiceOutcome = (typeof SERVICE_OUTCOMES)[number];
/** The one service a decision may put on the waiting list: langtidsopphold i sykehjem. */
export const WAITING_LIST_SERVICE = 'long_term_stay';

export interface DecidedService {
  code: string;
  /** Defaults to the decision's outcome; required on each service of a partially granted decision. Always set on a decision the case holds. */
  outcome?: ServiceOutcome;
  hoursPerWeek?: number;
  /** ISO date (YYYY-MM-DD) or instant the service starts. */
  from?: string;
  /** ISO date (YYYY-MM-DD, the last day the service runs) or instant; makes the decision time-limited (tidsbegrenset vedtak). */
  until?: string;
}

export interface DecisionInput {
  outcome: DecisionOutcome;
  services: DecidedService[];
  justification: string;
  /** When the applicant got the decision (underretning); the appeal period counts from it. Defaults to the time of the step. */
  deliveredAt?: string;
}

export interface Decision extends Required<Omit<DecisionInput, 'deliveredAt'>> {
  deliveredAt: string;
  decidedAt: string;
  /** Appeal deadline per appeal body that hears an appeal against this decision. */
  appealDeadlines: Partial<Record<AppealBody, string>>;
  /** Who decided: the office, or the appeal body that reversed it. */
  decidedBy: 'office' | AppealBody;
  /** A termination (opphør) on re-evaluation: it ends services the case ran; every service it lists is refused. */
  terminates: boolean;
  /**
   * How `deliveredAt` is known: `post`, presumed (handed to the postal service plus the policy's
   * presumedPostalDelivery); `registered`, by a caseworker from a receipt or the applicant's word.
   * Absent: given with the step, or the time of the step (the digital mailbox).
   */
  receipt?: 'post' | 'registered';
  /** The deadlines the decision letter stated: the case never keeps an earlier one. */
  statedAppealDeadlines?: Partial<Record<AppealBody, string>>;
  // A decision that changes an earlier one names it, says from when, and why no notice went out.
  /** The decision this one changes (its date and what it gave), fvl §§ 24–25. */
  replaces?: { decidedAt: string; services: DecidedService[] };
  /** The date the change takes effect (a date or instant); for a termination, the day the services end. */
  effectiveFrom?: string;
  /** Decided without an advance notice, and why (fvl § 16 tredje ledd). */
  urgent?: { reason: string };
  /** The services this decision reduces or ends. */
  reduces?: string[];
}

export interface HomeVisit {
  scheduledAt: string;
  reminderAt: string;
  reminderSent: boolean;
  completedAt: string | null;
  notes: string | null;
}

export interface Appeal {
  receivedAt: string;
  /** When the applicant posted or sent it (fvl § 30): timely if on or before the deadline, whenever it arrived. */
  sentAt: string | null;
  /** The services appealed: they decide the appeal body. */
  services: string[];
  text: string | null;
  late: boolean;
  /** The services appealed after their own appeal period ran out (each judged on its own period). */
  lateServices?: string[];
  reconsideration: {
    outcome: ReconsiderationOutcome;
    justification: string;
    at: string;
    /** A dismissal (avvisning) is itself a decision (fvl § 2 tredje ledd): its own appeal deadline (3 weeks, fvl § 29) and appeal body. */
    appealBy?: string;
    appealBody?: AppealBody;
  } | null;
  appealBodyDecision: { outcome: AppealBodyOutcome; justification: string | null; at: string } | null;
  /** The applicant withdrew the appeal (klagen er trukket): the decision stands as it was. */
  withdrawn?: { reason: string; at: string } | null;
}

export interface CaseDeadlines {
  contactBy: string | null;
  provisionalReplyBy: string | null;
  appealBy: string | null;
  nextReEvaluationAt: string | null;
  expiresAt: string | null;
}

export interface CaseFlags {
  contactOverdue: boolean;
  provisionalReplySent: boolean;
  lateAppeal: boolean;
  reEvaluationDue: boolean;
  /** The date a provisional reply gave passed without a decision: a new provisional reply went out. */
  provisionalReplyOverdue: boolean;
  /** The applicant is on the waiting list for a long-term care home place (pbrl § 2-1 e) until one is offered. */
  onWaitingList?: boolean;
  /**
   * Folkeregisteret has the applicant as dead (found when a letter was to go): no more letters go.
   * Kept on the case row, not in the workflow's state: the API adds it to the view.
   */
  applicantDeceased?: boolean;
}

/** One appeal body hearing its part of an appeal: the services it hears, and its ruling once given. */
export interface AppealBodyPart {
  body: AppealBody;
  services: string[];
  outcome: AppealBodyOutcome | null;
}

/** The case view of the contract (`GET /api/cases/:id`). Holds no personal data. */
export interface CaseView {
  id: string;
  /** The municipality's readable case number, `2026/0042`: what letters quote. Null only for a case registered before numbers were given. */
  caseNumber: string | null;
  /** A case brought over from the office's old system: its case number there, which letters quote too. */
  previousCaseNumber?: string;
  municipality: string;
  status: CaseStatus;
  services: string[];
  channel: Channel;
  receivedAt: string;
  deadlines: CaseDeadlines;
  flags: CaseFlags;
  homeVisit: HomeVisit | null;
  decision: Decision | null;
  appeal: Appeal | null;
  appealBody: AppealBody | null;
  /** Each appeal body the pending or last appeal went to, with its services and ruling (two where the services belong to both). */
  appealBodies?: AppealBodyPart[];
  closedReason: ClosedReason | null;
  /** The advance notice (forhåndsvarsel) last sent, with its deadline for comments. */
  advanceNotice?: AdvanceNotice | null;
  /** The services go on as before until the appeal is decided (fvl § 42), and the office's answer. */
  deferredUntilAppealDecided?: boolean;
  deferral?: DeferralAnswer | null;
  /** Who acts for the applicant (verge, fullmektig or a relative), by role and reference: the name and contact details stay in PostgreSQL. */
  representative?: CaseRepresentative | null;
}
