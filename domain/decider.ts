// Decide, then effect: given the case's state and a command (a caseworker's step or a timer that
// fired), the new state and the effects to run, in order (events to record, letters to send).
// Pure and synchronous, so the workflow changes the case before any await: a second step is
// always checked against the case as the first one left it.
//
// The decider is a table: each step of the law is a module in domain/steps/ (its statuses, its
// input checks, its transition, the timers it owns); this file looks the command up and runs it.
import { CaseChange, actorOf, type CaseEffect } from './case/caseChange';
import type { CaseCommand, CaseTimerName, StepCommand, StepInputs } from './case/caseCommands';
import { CASE_STEPS, CURRENT_RULES, type CaseStep, type RuleSet, type RuleView } from './case/caseRules';
import { APPLIED_KEYS_KEPT, caseViewOf, type CaseFacts, type CaseState } from './case/caseState';
import type { CaseStatus } from './case/caseTypes';
import { rulesOf, runningTimers } from './case/caseTimers';
import { caseClosedMessage, type FieldProblem, type Refusal, type RefusalCode } from './case/refusals';
import { appeal, appealTimers } from './steps/appeal/appeal';
import { appealBodyDecision } from './steps/appeal/appealBodyDecision';
import { appealWithdraw } from './steps/appeal/appealWithdraw';
import { decisionReceived } from './steps/appeal/decisionReceived';
import { reconsideration } from './steps/appeal/reconsideration';
import { contact, contactTimers } from './steps/contact';
import { decision, decisionNoticeOwed, decisionTimers } from './steps/decision';
import { homeVisit, homeVisitCancel, homeVisitComplete, homeVisitTimers } from './steps/homeVisit';
import { register } from './steps/intake';
import { provisionalReply, provisionalReplyTimers } from './steps/provisionalReply';
import { advanceNotice } from './steps/advanceNotice';
import { deferral, endedDeferral } from './steps/deferral';
import { advanceNoticeStillOwed, reEvaluation, reEvaluationTimers } from './steps/reEvaluation';
import type { StepDefinition, TimerTransition } from './steps/step';
import { StepChecks } from './steps/stepChecks';
import { withdrawal } from './steps/withdrawal';
import { placeOffered } from './steps/waitingList';
import { representative, representativeEnd } from './steps/representative';

/** Every step of the law and its definition. */
export const STEPS: { readonly [S in CaseStep]: StepDefinition<S> } = {
  contact,
  'home-visit': homeVisit,
  'home-visit/complete': homeVisitComplete,
  'home-visit/cancel': homeVisitCancel,
  'provisional-reply': provisionalReply,
  decision,
  appeal,
  reconsideration,
  'appeal-body-decision': appealBodyDecision,
  're-evaluation': reEvaluation,
  withdraw: withdrawal,
  'appeal/withdraw': appealWithdraw,
  'decision-received': decisionReceived,
  'advance-notice': advanceNotice,
  deferral,
  'place-offered': placeOffered,
  representative,
  'representative/end': representativeEnd,
};

/** Every timer of the case and what it does when it fires, from the step that owns it. */
const TIMERS: { readonly [T in CaseTimerName]: TimerTransition } = {
  ...contactTimers,
  ...homeVisitTimers,
  ...provisionalReplyTimers,
  ...decisionTimers,
  ...appealTimers,
  ...reEvaluationTimers,
};

/** The statuses each step may be taken from (the contract's table). */
export const STEP_ALLOWED_FROM: { readonly [S in CaseStep]: readonly CaseStatus[] } = Object.fromEntries(
  CASE_STEPS.map((step) => [step, STEPS[step].allowedFrom]),
) as { [S in CaseStep]: readonly CaseStatus[] };

export interface StepRefusal {
  code: Exclude<RefusalCode, 'validation_failed'>;
  message: string;
}

export type Decided = { ok: true; state: CaseState; effects: CaseEffect[]; replayed: boolean } | { ok: false; refusal: Refusal };

function isAllowed(step: CaseStep, view: RuleView, now: number, rules: RuleSet): boolean {
  const definition: StepDefinition<CaseStep> = STEPS[step];
  if (!definition.allowedFrom.includes(view.status)) return false;
  return definition.allowedWhen?.(view, now, rules) ?? true;
}

/** The steps the case allows now, for a message that tells the caseworker what they can do. */
export function allowedSteps(view: RuleView, now: number, rules: RuleSet = CURRENT_RULES): CaseStep[] {
  return CASE_STEPS.filter((step) => isAllowed(step, view, now, rules));
}

/** Why the step is not allowed now, or null when it is. */
export function stepRefusal(step: CaseStep, view: RuleView, now: number, rules: RuleSet = CURRENT_RULES): StepRefusal | null {
  if (isAllowed(step, view, now, rules)) return null;
  if (view.status === 'closed') return { code: 'case_closed', message: caseClosedMessage(view.closedReason) };
  const own = STEPS[step].allowedFrom.includes(view.status) ? STEPS[step].refusal?.(view, rules) : null;
  if (own) return own;
  const others = CASE_STEPS.filter((s) => s !== step && isAllowed(s, view, now, rules));
  const where = STEPS[step].refusedWhy?.(view) ?? `'${step}' is allowed when the case is ${STEPS[step].allowedFrom.join(', ')}`;
  return {
    code: 'invalid_transition',
    message: `The case is ${view.status}: ${where}. Allowed now: ${others.join(', ') || 'nothing'}.`,
  };
}

/** The input problems of a step, checked against the case as it stands. */
export function stepProblems(facts: CaseFacts, state: CaseState, command: StepCommand, now: number): FieldProblem[] {
  const input = command.input as unknown;
  if (typeof input !== 'object' || input === null) return [{ field: 'body', message: 'Must be an object.' }];
  const ch = new StepChecks(new Date(facts.receivedAt), now);
  const definition: StepDefinition<CaseStep> = STEPS[command.step];
  definition.check(ch, command.input as StepInputs[CaseStep], facts, state);
  return ch.problems;
}

/** Decides a command: the new state and its effects, or why it is refused (and then nothing changes). */
export function decide(facts: CaseFacts, state: CaseState, command: CaseCommand, now: number): Decided {
  if (command.kind === 'timer') return decideTimer(facts, state, command.name, now);
  const key = command.input && typeof command.input === 'object' && command.input.idempotencyKey ? `${command.step}:${command.input.idempotencyKey}` : null;
  // A retried step with the same Idempotency-Key was applied once already: it changes nothing now.
  if (key && state.appliedKeys.includes(key)) return { ok: true, state, effects: [], replayed: true };
  const refusal = stepRefusal(command.step, state, now, rulesOf(facts));
  if (refusal) return { ok: false, refusal };
  const problems = stepProblems(facts, state, command, now);
  if (problems.length > 0) {
    return { ok: false, refusal: { code: 'validation_failed', message: problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems } };
  }
  // A reduction or termination waits for the advance notice's deadline (fvl § 16).
  const owed = !facts.reductions
    ? null
    : command.step === 're-evaluation'
      ? advanceNoticeStillOwed(state, command.input, now)
      : command.step === 'decision' && facts.decisionNotice
        ? decisionNoticeOwed(state, command.input, now)
        : null;
  if (owed) return { ok: false, refusal: { code: 'advance_notice_required', message: owed } };
  const definition: StepDefinition<CaseStep> = STEPS[command.step];
  const c = new CaseChange(facts, state, now);
  definition.apply(c, command.input as StepInputs[CaseStep], actorOf(command.input));
  // A deferral (fvl § 42) ends when the appeal is decided or the decision became final.
  if (facts.reductions) c.s.deferral = endedDeferral(c.s.deferral, c.s.status, c.s.decision, now);
  if (key) c.s.appliedKeys = [...c.s.appliedKeys, key].slice(-APPLIED_KEYS_KEPT);
  return { ok: true, state: c.s, effects: c.effects, replayed: false };
}

/** A timer that fired: what the step that owns it does. */
export function decideTimer(facts: CaseFacts, state: CaseState, name: CaseTimerName, now: number): Decided {
  // A step may have changed the case in the moment the timer fired: then it no longer runs.
  const timer = runningTimers(facts, state).find((t) => t.name === name);
  if (!timer || timer.at > now) return { ok: false, refusal: { code: 'invalid_transition', message: `The timer ${name} is not due.` } };
  const c = new CaseChange(facts, state, now);
  TIMERS[name](c, caseViewOf(facts, state));
  if (facts.reductions) c.s.deferral = endedDeferral(c.s.deferral, c.s.status, c.s.decision, now);
  return { ok: true, state: c.s, effects: c.effects, replayed: false };
}

/** The receipt: the first event and the acknowledgement letter. */
export function decideRegistration(facts: CaseFacts, state: CaseState, now: number): { state: CaseState; effects: CaseEffect[] } {
  const c = new CaseChange(facts, state, now);
  register(c);
  return { state: c.s, effects: c.effects };
}
