// The shape of one step of the law (one module per step in this folder; the decider's table,
// domain/decider.ts, maps each step's name to its definition). To add a step:
//   1. name it in CASE_STEPS (domain/case/caseRules.ts) and its input in StepInputs (domain/case/caseCommands.ts);
//   2. write domain/steps/<step>.ts exporting a `StepDefinition<'<step>'>`:
//        allowedFrom  the statuses it may be taken from (the contract's table; docs/lifecycle.md is generated from it)
//        allowedWhen  any further condition within those statuses, and `refusedWhy` the words when it fails
//        schema       the body's zod schema: the API validates with it, and its `.meta({ id })` names it in the OpenAPI document
//        check        the workflow's own input checks, with what the case knows (its dates, its services)
//        apply        the transition: change `c.s`, record events and letters on `c` (domain/case/caseChange.ts)
//      and, where a timer belongs to the step, `timers`: what the case does when that timer fires;
//   3. add it to STEPS (and its timers to TIMERS) in domain/decider.ts, and its Update in workflows/messages.ts.
// A step module is pure like the rest of domain/: no I/O, no clock but `c.now`.
import type { z } from 'zod';
import type { CaseChange } from '../case/caseChange';
import type { CaseStep, RuleSet, RuleView } from '../case/caseRules';
import type { CaseTimerName, StepInputs } from '../case/caseCommands';
import type { CaseFacts, CaseState } from '../case/caseState';
import type { CaseStatus, CaseView } from '../case/caseTypes';
import type { StepChecks } from './stepChecks';
import type { RefusalCode } from '../case/refusals';

export interface StepDefinition<S extends CaseStep> {
  /** The statuses the step may be taken from. */
  readonly allowedFrom: readonly CaseStatus[];
  /** A further condition within those statuses (rules: which set of the law's rules the case runs on). */
  allowedWhen?(view: RuleView, now: number, rules: RuleSet): boolean;
  /** Why the step is refused on an open case, where the plain list of statuses would not say it. */
  refusedWhy?(view: RuleView): string | undefined;
  /** When the status allows the step but `allowedWhen` does not: a refusal code of its own (of REFUSAL_CODES) instead of invalid_transition, or null. */
  refusal?(view: RuleView, rules: RuleSet): { code: Exclude<RefusalCode, 'validation_failed'>; message: string } | null;
  /** The body of `POST /api/cases/:id/<step>`, as the API checks it (and the OpenAPI document shows it). */
  readonly schema: z.ZodType;
  /** The input problems the workflow finds, against the case as it stands; each names its field. */
  check(ch: StepChecks, input: StepInputs[S], facts: CaseFacts, state: CaseState): void;
  /** The transition: the new state, the events and the letters. */
  apply(c: CaseChange, input: StepInputs[S], actor: string): void;
}

/** What the case does when one of its timers fires; `view` is the case as it stood when it fired. */
export type TimerTransition = (c: CaseChange, view: CaseView) => void;

/** The timers a step owns. */
export type StepTimers<T extends CaseTimerName> = Readonly<Record<T, TimerTransition>>;
