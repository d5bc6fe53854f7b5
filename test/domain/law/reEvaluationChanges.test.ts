// A re-evaluation (revurdering) as the workflow checks and records it: a new decision's own fields
// named under `decision`, a termination (opphør) that refuses what the case ran and nothing else, a
// "continue" that changes nothing however its body reads, and the old rules a run started on.
import { describe, expect, it } from 'vitest';
import type { Decided } from '../../../domain/decider';
import { caseFacts, LawCase } from './caseDriver';

/** Home nursing 10 hours a week, the safety alarm refused; final and running from the end of Friday 2 April 2027. */
function activeCase(reductions = true): LawCase {
  const c = new LawCase(caseFacts(reductions ? { reductions: true } : {}));
  c.step('2027-03-05T10:00:00.000Z', 'decision', {
    outcome: 'partially_granted',
    services: [
      { code: 'home_nursing', outcome: 'granted', hoursPerWeek: 10 },
      { code: 'safety_alarm', outcome: 'refused' },
    ],
    justification: 'Hjemmesykepleie innvilges; trygghetsalarm avslås.',
  });
  c.fire(c.view.deadlines.appealBy!, 'appealDeadline');
  expect(c.view.status).toBe('active');
  return c;
}

const MONDAY = '2027-05-03T08:00:00.000Z';
const problems = (result: Decided) => (result.ok ? [] : result.refusal.problems);
const reducedTo2 = {
  outcome: 'partially_granted',
  services: [
    { code: 'home_nursing', outcome: 'granted', hoursPerWeek: 2 },
    { code: 'safety_alarm', outcome: 'refused' },
  ],
};

describe('a re-evaluation that changes the decision', () => {
  it("names the new decision's own fields under decision, and asks no effectiveFrom of a decision it cannot read yet", () => {
    const result = activeCase().try(MONDAY, 're-evaluation', { outcome: 'changed', decision: reducedTo2 });
    expect(problems(result)).toEqual([{ field: 'decision.justification', message: 'Required.' }]);
  });

  it('on a run from before the reductions rules, records no decision it replaces', () => {
    const c = activeCase(false);
    c.step(MONDAY, 're-evaluation', { outcome: 'changed', decision: { ...reducedTo2, justification: 'Mindre behov.' } });
    expect(c.state.decision?.services[0]).toMatchObject({ hoursPerWeek: 2 });
    expect(c.state.decision).not.toHaveProperty('replaces');
  });
});

describe('a re-evaluation that lets the services continue', () => {
  it('is no reduction, whatever decision its body carries: it needs no advance notice', () => {
    const c = activeCase();
    const result = c.try(MONDAY, 're-evaluation', { outcome: 'continue', decision: { ...reducedTo2, justification: 'Mindre behov.' } });
    expect(result.ok).toBe(true);
    expect(c.state.decision?.services[0]).toMatchObject({ code: 'home_nursing', hoursPerWeek: 10 });
  });
});

describe('a termination (opphør)', () => {
  it('refuses the services the case ran, and only those: the alarm it never ran is not in it', () => {
    const c = activeCase();
    c.step(MONDAY, 're-evaluation', { outcome: 'terminated', justification: 'Flyttet til institusjon.', effectiveFrom: '2027-06-01', urgent: { reason: 'Flyttet allerede.' } });
    expect(c.state.decision).toMatchObject({ outcome: 'refused', terminates: true, reduces: ['home_nursing'] });
    expect(c.state.decision?.services).toEqual([{ code: 'home_nursing', outcome: 'refused', hoursPerWeek: 10 }]);
    expect(c.view).toMatchObject({ status: 'closed', closedReason: 'terminated' });
  });
});
