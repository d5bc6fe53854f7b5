// A small driver for the law's tests: a case of Namsos (home nursing and a safety alarm, so both
// appeal bodies) moved on by the pure decider at given instants, as the workflow would move it.
import { expect } from 'vitest';
import { loadPolicy } from '../../../config/policy';
import type { CaseCommand, CaseTimerName, StepCommand } from '../../../domain/case/caseCommands';
import { decide, decideRegistration, type Decided } from '../../../domain/decider';
import { caseViewOf, initialCaseState, type CaseFacts, type CaseState } from '../../../domain/case/caseState';
import type { CaseView } from '../../../domain/case/caseTypes';

export const namsosTimers = loadPolicy().municipalities.namsos!.timers;

export function caseFacts(over: Partial<CaseFacts> = {}): CaseFacts {
  return {
    caseId: '00000000-0000-4000-8000-0000000000aa',
    caseNumber: '2027/0042',
    municipality: 'namsos',
    services: ['home_nursing', 'safety_alarm'],
    channel: 'digital',
    // Monday 1 March 2027, 10.00 in Oslo.
    receivedAt: '2027-03-01T09:00:00.000Z',
    timers: namsosTimers,
    // The rules of "Appeal rights in every case", as every case started since runs them.
    appealRights: true,
    ...over,
  };
}

export class LawCase {
  state: CaseState;
  constructor(readonly facts: CaseFacts = caseFacts()) {
    this.state = decideRegistration(facts, initialCaseState(facts), Date.parse(facts.receivedAt)).state;
  }

  get view(): CaseView {
    return caseViewOf(this.facts, this.state);
  }

  /** Tries a step at an instant; the case changes only when it is accepted. */
  try(at: string, step: StepCommand['step'], input: object): Decided {
    const result = decide(this.facts, this.state, { kind: 'step', step, input } as StepCommand, Date.parse(at));
    if (result.ok) this.state = result.state;
    return result;
  }

  /** A step that must be accepted. */
  step(at: string, step: StepCommand['step'], input: object): Decided & { ok: true } {
    const result = this.try(at, step, input);
    if (!result.ok) expect.fail(`${step} at ${at} was refused: ${result.refusal.code} ${result.refusal.message}`);
    return result as Decided & { ok: true };
  }

  /** A timer firing at an instant (the workflow fires each one when it is due). */
  fire(at: string, name: CaseTimerName): Decided {
    const result = decide(this.facts, this.state, { kind: 'timer', name } as CaseCommand, Date.parse(at));
    if (result.ok) this.state = result.state;
    return result;
  }

  letters(result: Decided): string[] {
    return result.ok ? result.effects.flatMap((e) => (e.kind === 'letter' ? [e.letter] : [])) : [];
  }
}
