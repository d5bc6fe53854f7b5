// Which caseworker step the case's status allows: the state rules of the contract, apart from any I/O.
import { appealCutOff } from './caseDeadlines';
import { CASE_STATUSES, type CaseStatus, type CaseView } from './caseTypes';

/** What the rules look at: the case view, or the workflow's own state (which has the same fields). */
export type RuleView = Pick<CaseView, 'status' | 'closedReason' | 'flags' | 'decision' | 'appeal'>;

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
] as const;
export type CaseStep = (typeof CASE_STEPS)[number];

/** Before a decision: the office is still working on the application. */
export const BEFORE_DECISION: readonly CaseStatus[] = ['received', 'contacted', 'visit_scheduled', 'under_assessment'];

/** Every status but closed. */
const OPEN: readonly CaseStatus[] = CASE_STATUSES.filter((status) => status !== 'closed');

/** The statuses each step may be taken from (the contract's table). */
export const STEP_ALLOWED_FROM: Record<CaseStep, readonly CaseStatus[]> = {
  contact: ['received'],
  'home-visit': ['received', 'contacted', 'visit_scheduled'],
  'home-visit/complete': ['visit_scheduled'],
  'home-visit/cancel': ['visit_scheduled'],
  // While an appeal is reconsidered too, under the rules of "Appeal rights in every case" (see isAllowed).
  'provisional-reply': [...BEFORE_DECISION, 'under_reconsideration'],
  // From `active` too, but only when a re-evaluation is due (see stepRefusal).
  decision: [...BEFORE_DECISION, 'active'],
  // A granted decision made final can still be appealed (a late appeal, fvl § 31); so can a closed
  // refusal or termination, within one year of the decision (see appealableWhenFinal).
  appeal: ['decided', 'active', 'closed'],
  reconsideration: ['under_reconsideration'],
  'appeal-body-decision': ['with_appeal_body'],
  're-evaluation': ['active'],
  withdraw: OPEN,
  // Only while an appeal is pending: there is nothing else to withdraw.
  'appeal/withdraw': ['under_reconsideration', 'with_appeal_body'],
  // While the appeal period runs: it counts from when the applicant got the decision.
  'decision-received': ['decided'],
};

/**
 * Whether the rules of "Appeal rights in every case" apply. The API asks with them; the workflow
 * with what its run started on (CaseFacts.appealRights), so a run started before keeps its rules.
 */
export interface RuleSet {
  appealRights: boolean;
}

export const CURRENT_RULES: RuleSet = Object.freeze({ appealRights: true });

export interface StepRefusal {
  code: 'invalid_transition' | 'case_closed';
  message: string;
}

/** The steps the case allows now, for a message that tells the caseworker what they can do. */
export function allowedSteps(view: RuleView, now: number, rules: RuleSet = CURRENT_RULES): CaseStep[] {
  return CASE_STEPS.filter((step) => isAllowed(step, view, now, rules));
}

function isAllowed(step: CaseStep, view: RuleView, now: number, rules: RuleSet): boolean {
  if (!STEP_ALLOWED_FROM[step].includes(view.status)) return false;
  if (step === 'provisional-reply' && view.status === 'under_reconsideration') return rules.appealRights;
  if (step === 'appeal/withdraw' || step === 'decision-received') return rules.appealRights;
  if (step === 'decision' && view.status === 'active') return view.flags.reEvaluationDue;
  if (step === 'appeal' && view.status === 'active') return appealableWhenFinal(view) && view.decision?.outcome !== 'refused';
  if (step === 'appeal' && view.status === 'closed') return appealOpenOnClosed(view, now, rules);
  return true;
}

/**
 * A final decision the office made can still be appealed late (fvl § 31). One the appeal body has
 * ruled on cannot: its ruling is final (fvl § 28 tredje ledd).
 */
function appealableWhenFinal(view: RuleView): boolean {
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

/** Why the step is not allowed now, or null when it is. */
export function stepRefusal(step: CaseStep, view: RuleView, now: number, rules: RuleSet = CURRENT_RULES): StepRefusal | null {
  if (isAllowed(step, view, now, rules)) return null;
  if (view.status === 'closed') {
    return { code: 'case_closed', message: `The case is closed (${view.closedReason ?? 'closed'}); no step can be taken on it.` };
  }
  const others = CASE_STEPS.filter((s) => s !== step && isAllowed(s, view, now, rules));
  const where =
    step === 'decision' && view.status === 'active'
      ? 'an active case gets a new decision only when a re-evaluation is due'
      : step === 'appeal' && view.status === 'active'
        ? 'the decision cannot be appealed: the appeal body has ruled on it, or nothing was granted'
        : step === 'appeal/withdraw'
          ? 'no appeal is pending, so there is none to withdraw'
          : `'${step}' is allowed when the case is ${STEP_ALLOWED_FROM[step].join(', ')}`;
  return {
    code: 'invalid_transition',
    message: `The case is ${view.status}: ${where}. Allowed now: ${others.join(', ') || 'nothing'}.`,
  };
}

/** A case whose decision grants anything runs its services once final; one with nothing granted closes. */
export function statusWhenFinal(view: Pick<RuleView, 'decision'>): 'active' | 'closed' {
  const decision = view.decision;
  if (!decision || decision.terminates) return 'closed';
  return decision.services.some((s) => (s.outcome ?? (decision.outcome === 'refused' ? 'refused' : 'granted')) === 'granted') ? 'active' : 'closed';
}
