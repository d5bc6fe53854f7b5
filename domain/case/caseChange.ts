// One command being decided: the case's state as the command changes it, and the effects it
// collects, in order (events to record, letters to send). Every step's and timer's transition
// (domain/steps/) works on one of these; the decider (domain/decider.ts) makes it and hands it on.
import {
  appealDeadlines,
  presumedPostalReceipt,
  decisionExpiry,
  expiryNoticeAt,
  latestAppealDeadline,
  reEvaluationDeadline,
} from './caseDeadlines';
import { statusWhenFinal } from './caseRules';
import type { CaseFacts, CaseState } from './caseState';
import type { ClosedReason, Decision, DecisionInput, LetterKind } from './caseTypes';
import { decidedCodes, outcomeOf } from './decidedServices';
import type { CaseLetterDetails } from './letterDetails';
import { officeDeadline } from '../calendar/periods';
import { DEFAULT_PRESUMED_POSTAL_DELIVERY } from '../policy/policy';
import { recipientsOf } from '../people/representative';

export const SYSTEM_ACTOR = 'system';
export const DEFAULT_ACTOR = 'caseworker';

export type CaseEffect =
  | { kind: 'event'; seq: number; type: string; actor: string; data: Record<string, unknown> }
  | { kind: 'letter'; key: string; letter: LetterKind; details: CaseLetterDetails }
  | { kind: 'continueAsNew' };

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Who took a step: the actor the API set, or the caseworker role. */
export function actorOf(input: { actor?: string }): string {
  return input.actor?.trim() || DEFAULT_ACTOR;
}

export class CaseChange {
  readonly effects: CaseEffect[] = [];
  /** The state being changed: a copy, so a refused or thrown decision leaves the case as it was. */
  readonly s: CaseState;
  constructor(
    readonly facts: CaseFacts,
    state: CaseState,
    readonly now: number,
  ) {
    this.s = clone(state);
  }

  get nowIso(): string {
    return new Date(this.now).toISOString();
  }

  event(type: string, actor: string, data: Record<string, unknown> = {}): void {
    this.effects.push({ kind: 'event', seq: ++this.s.eventSeq, type, actor, data });
  }

  /** A letter of the case: to the applicant, or to their guardian or authorised representative (with the applicant's copy). */
  letter(letter: LetterKind, details: CaseLetterDetails = {}): void {
    const key = `${letter}-${++this.s.letterSeq}`;
    // A run from before representatives (CaseFacts.reductions) has none: its letters go as they did.
    const representative = this.facts.reductions ? this.s.representative : null;
    for (const one of recipientsOf(representative, key)) {
      this.effects.push({ kind: 'letter', key: one.key, letter, details: one.recipient ? { ...details, recipient: one.recipient } : details });
    }
  }

  /** Sets a new decision with its own appeal period (restarted by every decision the office makes). */
  applyDecision(input: DecisionInput, decidedBy: Decision['decidedBy'] = 'office', terminates = false): Decision {
    const { s, facts } = this;
    // A letter by post reaches the applicant some days after it is handed in: the period counts from then.
    const byPost = facts.appealRights === true && !input.deliveredAt && facts.channel === 'paper' && decidedBy === 'office';
    const deliveredAt = input.deliveredAt
      ? new Date(input.deliveredAt)
      : byPost
        ? presumedPostalReceipt(new Date(this.now), facts.timers.presumedPostalDelivery ?? DEFAULT_PRESUMED_POSTAL_DELIVERY)
        : new Date(this.now);
    const services = input.services.map((service) => ({ ...service, outcome: outcomeOf(input, service) }));
    const codes = decidedCodes({ outcome: input.outcome, services, terminates }, facts.services);
    // A decision an appeal body made is final at once: no new appeal period runs.
    const deadlines = decidedBy === 'office' ? appealDeadlines(deliveredAt, codes, facts.timers) : {};
    const decision: Decision = {
      outcome: input.outcome,
      services,
      justification: input.justification,
      deliveredAt: deliveredAt.toISOString(),
      decidedAt: this.nowIso,
      appealDeadlines: deadlines,
      decidedBy,
      terminates,
      ...(byPost ? { receipt: 'post' as const } : {}),
      ...(facts.appealRights && decidedBy === 'office' ? { statedAppealDeadlines: { ...deadlines } } : {}),
    };
    s.decision = decision;
    const expiresAt = decisionExpiry(decision);
    const noticeAt = expiresAt ? expiryNoticeAt(expiresAt, facts.timers.expiryNoticeBefore) : null;
    // A decision shorter than the notice period gets no separate notice: the decision letter says when it ends.
    s.expiryNoticeAt = noticeAt && noticeAt.getTime() > this.now ? noticeAt.toISOString() : null;
    s.expiryNoticeSent = false;
    // Once decided, the office owes no provisional reply any more, nor keeps one's promise.
    s.provisionalReplyDispatchAt = null;
    if (facts.appealRights) {
      s.provisionalReplyExpectedBy = null;
      s.flags.provisionalReplyOverdue = false;
    }
    s.flags.reEvaluationDue = false;
    s.nextReEvaluationAt = null;
    s.reEvaluationDispatchAt = null;
    if (terminates) this.close('terminated');
    else s.status = decidedBy === 'office' ? 'decided' : statusWhenFinal(s);
    return decision;
  }

  /** The decision stands and can no longer be appealed in time: services run, or the case closes. */
  makeFinal(): void {
    if (statusWhenFinal(this.s) === 'active') {
      this.s.status = 'active';
      this.scheduleReEvaluation();
    } else {
      this.close(this.s.decision?.terminates ? 'terminated' : 'refused');
    }
  }

  scheduleReEvaluation(): void {
    const { dueAt, dispatchAt } = reEvaluationDeadline(new Date(this.now), this.facts.timers);
    this.s.nextReEvaluationAt = dueAt.toISOString();
    this.s.flags.reEvaluationDue = false;
    this.s.reEvaluationDispatchAt = dispatchAt.toISOString();
  }

  close(reason: ClosedReason): void {
    this.s.status = 'closed';
    this.s.closedReason = reason;
    this.s.flags.reEvaluationDue = false;
  }

  /** A provisional reply falls due `provisionalReplyAfter` from `from` (fvl § 11 a). */
  owesProvisionalReply(from: Date): void {
    const { dueAt, dispatchAt } = officeDeadline(from, this.facts.timers.provisionalReplyAfter);
    this.s.provisionalReplyBy = dueAt.toISOString();
    this.s.provisionalReplyDispatchAt = dispatchAt.toISOString();
    this.s.flags.provisionalReplySent = false;
    this.s.provisionalReplyExpectedBy = null;
  }

  /** What the case does when an appeal ends without a ruling (dismissed, withdrawn): back to where its decision left it. */
  returnToDecision(): { finalNow: boolean } {
    const { s } = this;
    const from = s.appealedFrom;
    const appealBy = s.decision ? latestAppealDeadline(s.decision.appealDeadlines) : null;
    if (from?.status === 'closed') {
      s.status = 'closed';
      s.closedReason = from.closedReason;
    } else if (appealBy && Date.parse(appealBy) > this.now) {
      s.status = 'decided';
    } else if (from?.status === 'active') {
      s.status = statusWhenFinal(s);
    } else {
      this.makeFinal();
      return { finalNow: true };
    }
    return { finalNow: false };
  }
}
