// Which caseworker step the case's status allows: the state rules of the contract, apart from any I/O.
import { CASE_STATUSES, type CaseStatus, type CaseView } from './caseTypes';

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
  'provisional-reply': BEFORE_DECISION,
  // From `active` too, but only when a re-evaluation is due (see stepRefusal).
  decision: [...BEFORE_DECISION, 'active'],
  // A granted decision made final can still be appealed while the case is open (a late appeal, fvl § 31).
  appeal: ['decided', 'active'],
  reconsideration: ['under_reconsideration'],
  'appeal-body-decision': ['with_appeal_body'],
  're-evaluation': ['active'],
  withdraw: OPEN,
};

export interface StepRefusal {
  code: 'invalid_transition' | 'case_closed';
  message: string;
}

/** The steps the case allows now, for a message that tells the caseworker what they can do. */
export function allowedSteps(view: CaseView): CaseStep[] {
  return CASE_STEPS.filter((step) => isAllowed(step, view));
}

function isAllowed(step: CaseStep, view: CaseView): boolean {
  if (view.status === 'closed' || !STEP_ALLOWED_FROM[step].includes(view.status)) return false;
  if (step === 'decision' && view.status === 'active') return view.flags.reEvaluationDue;
  if (step === 'appeal' && view.status === 'active') return appealableWhenFinal(view);
  return true;
}

/**
 * A final decision the office made can still be appealed late (fvl § 31). One the appeal body has
 * ruled on cannot: its ruling is final (fvl § 28 tredje ledd).
 */
function appealableWhenFinal(view: CaseView): boolean {
  const decision = view.decision;
  if (!decision || decision.outcome === 'refused' || decision.decidedBy !== 'office') return false;
  const ruling = view.appeal?.appealBodyDecision;
  return !ruling || Date.parse(ruling.at) < Date.parse(decision.decidedAt);
}

/** Why the step is not allowed now, or null when it is. */
export function stepRefusal(step: CaseStep, view: CaseView): StepRefusal | null {
  if (view.status === 'closed') {
    return { code: 'case_closed', message: `The case is closed (${view.closedReason ?? 'closed'}); no step can be taken on it.` };
  }
  if (isAllowed(step, view)) return null;
  const others = CASE_STEPS.filter((s) => s !== step && isAllowed(s, view));
  const where =
    step === 'decision' && view.status === 'active'
      ? 'an active case gets a new decision only when a re-evaluation is due'
      : step === 'appeal' && view.status === 'active'
        ? 'the decision cannot be appealed: the appeal body has ruled on it, or nothing was granted'
        : `'${step}' is allowed when the case is ${STEP_ALLOWED_FROM[step].join(', ')}`;
  return {
    code: 'invalid_transition',
    message: `The case is ${view.status}: ${where}. Allowed now: ${others.join(', ') || 'nothing'}.`,
  };
}

/** A case whose granted decision is final runs its services; one with nothing granted closes. */
export function statusWhenFinal(view: CaseView): 'active' | 'closed' {
  return view.decision && view.decision.outcome !== 'refused' ? 'active' : 'closed';
}
