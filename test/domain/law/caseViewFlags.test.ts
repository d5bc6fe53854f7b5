// The flags and lists the case view shows: none set on a case just received, the waiting list
// (pbrl § 2-1 e) while any service waits for a place and the case is open, and a run carried from
// before a flag or a list existed shown as never having had one.
import { describe, expect, it } from 'vitest';
import { caseViewOf, initialCaseState } from '../../../domain/case/caseState';
import { caseFacts, LawCase } from './caseDriver';

describe('a case just received', () => {
  it('shows the services applied for', () => {
    const facts = caseFacts();
    expect(caseViewOf(facts, initialCaseState(facts)).services).toEqual(['home_nursing', 'safety_alarm']);
  });

  it('has no flag set', () => {
    const facts = caseFacts();
    expect(caseViewOf(facts, initialCaseState(facts)).flags).toEqual({
      contactOverdue: false,
      provisionalReplySent: false,
      lateAppeal: false,
      reEvaluationDue: false,
      provisionalReplyOverdue: false,
    });
  });
});

describe('on the waiting list', () => {
  const facts = caseFacts({ services: ['long_term_stay', 'home_nursing'], reductions: true });
  const waitingAndNursing = {
    outcome: 'partially_granted',
    services: [
      { code: 'long_term_stay', outcome: 'waiting_list' },
      { code: 'home_nursing', outcome: 'granted', hoursPerWeek: 10 },
    ],
    justification: 'Hjemmesykepleie til det blir ledig plass.',
  };

  it('while one service of the decision waits for a place, though another is granted', () => {
    const c = new LawCase(facts);
    c.step('2027-03-03T09:00:00.000Z', 'decision', waitingAndNursing);
    expect(c.view.flags.onWaitingList).toBe(true);
  });

  it('no longer once the case is closed (the application withdrawn)', () => {
    const c = new LawCase(facts);
    c.step('2027-03-03T09:00:00.000Z', 'decision', waitingAndNursing);
    c.fire(c.view.deadlines.appealBy!, 'appealDeadline');
    c.step('2027-05-03T09:00:00.000Z', 'withdraw', { reason: 'Flytter til en annen kommune.' });
    expect(c.view.status).toBe('closed');
    expect(c.view.flags.onWaitingList).toBe(false);
  });
});

describe('a run carried from before', () => {
  it('the provisional-reply-overdue flag: never overdue; the appeal bodies: none', () => {
    const facts = caseFacts();
    const state = initialCaseState(facts);
    const { provisionalReplyOverdue: _gone, ...flags } = state.flags;
    const old = { ...state, flags: flags as typeof state.flags, appealBodies: undefined };
    const view = caseViewOf(facts, old);
    expect(view.flags.provisionalReplyOverdue).toBe(false);
    expect(view.appealBodies).toEqual([]);
  });
});
