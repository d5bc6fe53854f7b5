// Issuing a decision and making it final: shared by the decision step, the appeal chain and re-evaluation.
import {
  appealDeadlines,
  decisionExpiry,
  expiryNoticeAt,
  latestAppealDeadline,
  reEvaluationDeadline,
} from '../domain/caseDeadlines';
import { statusWhenFinal } from '../domain/caseRules';
import type { AppealBody, ClosedReason, Decision, DecisionInput } from '../domain/caseTypes';
import { appealBodiesFor } from '../domain/catalogue';
import type { CaseRecord } from './caseRecord';

/** Sets a new decision on the case with its own appeal period (restarted by every new decision). */
export function applyDecision(c: CaseRecord, input: DecisionInput, decidedBy: Decision['decidedBy'] = 'office'): Decision {
  const now = c.now();
  const deliveredAt = input.deliveredAt ? new Date(input.deliveredAt) : now;
  const codes = input.services.map((s) => s.code);
  // A decision an appeal body made is final at once: no new appeal period runs.
  const deadlines = decidedBy === 'office' ? appealDeadlines(deliveredAt, codes, c.timers) : {};
  const decision: Decision = {
    outcome: input.outcome,
    services: input.services,
    justification: input.justification,
    deliveredAt: deliveredAt.toISOString(),
    decidedAt: now.toISOString(),
    appealDeadlines: deadlines,
    decidedBy,
  };
  const view = c.view;
  view.decision = decision;
  view.deadlines.appealBy = latestAppealDeadline(deadlines);
  const expiresAt = decisionExpiry(decision);
  view.deadlines.expiresAt = expiresAt?.toISOString() ?? null;
  const noticeAt = expiresAt ? expiryNoticeAt(expiresAt, c.timers.expiryNoticeBefore) : null;
  // A decision shorter than the notice period gets no separate notice: the decision letter says when it ends.
  c.state.expiryNoticeAt = noticeAt && noticeAt > now ? noticeAt.toISOString() : null;
  c.state.expiryNoticeSent = false;
  // Once decided, the office owes no provisional reply on this application any more.
  c.state.provisionalReplyDispatchAt = null;
  view.flags.reEvaluationDue = false;
  view.deadlines.nextReEvaluationAt = null;
  c.state.reEvaluationDispatchAt = null;
  view.status = decidedBy === 'office' ? 'decided' : statusWhenFinal(view);
  return decision;
}

/** The body that hears an appeal on these services: Statsforvalteren when any is statutory. */
export function appealBodyFor(serviceCodes: string[]): AppealBody {
  const bodies = appealBodiesFor(serviceCodes);
  return bodies.includes('statsforvalteren') || bodies.length === 0 ? 'statsforvalteren' : 'klagenemnd';
}

/** The decision stands and can no longer be appealed in time: services run, or the case closes. */
export function makeFinal(c: CaseRecord): void {
  const view = c.view;
  if (statusWhenFinal(view) === 'active') {
    view.status = 'active';
    scheduleReEvaluation(c, c.now());
  } else {
    closeCase(c, 'refused');
  }
}

/** The next periodic re-evaluation, counted from when the decision took effect or the last re-evaluation. */
export function scheduleReEvaluation(c: CaseRecord, from: Date): void {
  const { dueAt, dispatchAt } = reEvaluationDeadline(from, c.timers);
  c.view.deadlines.nextReEvaluationAt = dueAt.toISOString();
  c.view.flags.reEvaluationDue = false;
  c.state.reEvaluationDispatchAt = dispatchAt.toISOString();
}

/**
 * Omgjøring in the applicant's favour with no changed decision given: what was applied for, granted.
 * Services the earlier decision granted keep their scope; refused ones (0 hours) lose theirs.
 */
export function grantedInFull(previous: Decision | null, appliedFor: string[], justification: string): DecisionInput {
  const earlier = new Map((previous?.services ?? []).map((s) => [s.code, s]));
  const codes = [...new Set([...appliedFor, ...earlier.keys()])];
  const services = codes.map((code) => {
    const service = earlier.get(code);
    if (!service || service.hoursPerWeek === 0) return { code };
    return service;
  });
  return { outcome: 'granted', services, justification };
}

/** The case closes: nothing more is due on it. */
export function closeCase(c: CaseRecord, reason: ClosedReason): void {
  c.view.status = 'closed';
  c.view.closedReason = reason;
  c.view.flags.reEvaluationDue = false;
}
