// The case's rules that the steps ask: which steps there are, which set of the law's rules a case
// runs on, when a decision can still be appealed, and what a final decision leaves. Which statuses
// each step is taken from is the step's own (domain/steps/); domain/decider.ts puts them together.
import { appealCutOff } from './caseDeadlines';
import { CASE_STATUSES, type CaseStatus, type CaseView } from './caseTypes';

/** What the rules look at: the case view, or the workflow's own state (which has the same fields). */
export type RuleView = Pick<CaseView, 'status' | 'closedReason' | 'flags' | 'decision' | 'appeal' | 'representative'>;

export const CASE_STEPS = [
  'contact',
  'home-visit',
  'home-visit/complete',
  'home-visit/cancel',
  'provisional-reply',
  'decision',
  'appeal',
  'reconsideration',
  'appeal-body-decision',
  're-evaluation',
  'withdraw',
  'appeal/withdraw',
  'decision-received',
  'advance-notice',
  'deferral',
  'place-offered',
  'representative',
  'representative/end',
] as const;
export type CaseStep = (typeof CASE_STEPS)[number];

/** A step's route where it is not `POST /api/cases/:id/<step>`: the end of a representation is a DELETE. */
export const STEP_ROUTES: Partial<Record<CaseStep, { method: 'delete'; path: string }>> = { 'representative/end': { method: 'delete', path: 'representative' } };

/** The method and the path after `/api/cases/:id/` of a step's route. */
export function stepRoute(step: CaseStep): { method: 'post' | 'delete'; path: string } {
  return STEP_ROUTES[step] ?? { method: 'post', path: step };
}

/** Before a decision: the office is still working on the application. */
export const BEFORE_DECISION: readonly CaseStatus[] = ['received', 'contacted', 'visit_scheduled', 'under_assessment'];

/** Every status but closed. */
export const OPEN_STATUSES: readonly CaseStatus[] = CASE_STATUSES.filter((status) => status !== 'closed');

/**
 * Whether the rules of "Appeal rights in every case" apply. The API asks with them; the workflow
 * with what its run started on (CaseFacts.appealRights), so a run started before keeps its rules.
 */
export interface RuleSet {
  appealRights: boolean;
  /** "Decisions that reduce or end a service": advance notice, effectiveFrom, deferral. */
  reductions?: boolean;
}

export const CURRENT_RULES: RuleSet = Object.freeze({ appealRights: true, reductions: true });

/**
 * A final decision the office made can still be appealed late (fvl § 31). One the appeal body has
 * ruled on cannot: its ruling is final (fvl § 28 tredje ledd).
 */
export function appealableWhenFinal(view: RuleView): boolean {
  const decision = view.decision;
  if (!decision || decision.decidedBy !== 'office') return false;
  const ruling = view.appeal?.appealBodyDecision;
  return !ruling || Date.parse(ruling.at) < Date.parse(decision.decidedAt);
}

/**
 * A closed case whose decision refused or ended a service reopens on appeal up to one year after
 * the decision (fvl § 31 tredje ledd), whatever closed it since: the period ran out, a time-limited
 * grant expired, a termination. Not one the applicant withdrew: they ended it themselves. (Before
 * those rules: a refusal or a termination only.)
 */
export function appealOpenOnClosed(view: RuleView, now: number, rules: RuleSet = CURRENT_RULES): boolean {
  if (view.status !== 'closed') return false;
  if (!view.decision || !appealableWhenFinal(view)) return false;
  if (rules.appealRights) {
    if (view.closedReason === 'withdrawn' || !refusesAnything(view.decision)) return false;
  } else if (view.closedReason !== 'refused' && view.closedReason !== 'terminated') {
    return false;
  }
  return now <= appealCutOff(new Date(view.decision.decidedAt)).getTime();
}

/** The decision refused a service, or ended (terminated) one: what an appeal can be about once the case is closed. */
function refusesAnything(decision: NonNullable<RuleView['decision']>): boolean {
  if (decision.terminates || decision.outcome === 'refused') return true;
  return decision.services.some((s) => (s.outcome ?? (decision.outcome === 'partially_granted' && s.hoursPerWeek === 0 ? 'refused' : 'granted')) === 'refused');
}

/** A case whose decision grants anything runs its services once final; one with nothing granted closes. */
export function statusWhenFinal(view: Pick<RuleView, 'decision'>): 'active' | 'closed' {
  const decision = view.decision;
  if (!decision || decision.terminates) return 'closed';
  // A place on the waiting list (pbrl § 2-1 e) keeps the case open until a place is offered.
  return decision.services.some((s) => {
    const outcome = s.outcome ?? (decision.outcome === 'refused' ? 'refused' : 'granted');
    return outcome === 'granted' || outcome === 'waiting_list';
  })
    ? 'active'
    : 'closed';
}
