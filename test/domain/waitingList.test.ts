// The waiting list for a long-term care home place (pasient- og brukerrettighetsloven § 2-1 e, issue
// 24), in the pure rules: a decision may put long_term_stay on the waiting list; the case stays open
// (`active`, flag onWaitingList) once final, until `place-offered` issues the grant. `place-offered`
// on a case not on the waiting list is refused and changes nothing. A run started before the rules
// (facts without `reductions`) refuses the outcome, so its history replays as it ran.
import { describe, expect, it } from 'vitest';
import { caseFacts, LawCase } from './law/caseDriver';

const waiting = {
  outcome: 'granted',
  services: [{ code: 'long_term_stay', outcome: 'waiting_list' }],
  justification: 'Du trenger heldøgns omsorg, men det er ingen ledig plass nå.',
};

function waitingCase(reductions = true): LawCase {
  return new LawCase(caseFacts({ services: ['long_term_stay'], receivedAt: '2027-02-01T09:00:00.000Z', ...(reductions ? { reductions: true } : {}) }));
}

describe('the waiting-list decision (pbrl § 2-1 e)', () => {
  it('is a decision with an appeal deadline, and once final the case stays active and on the waiting list', () => {
    const c = waitingCase();
    const decided = c.step('2027-03-03T09:00:00.000Z', 'decision', waiting);
    expect(c.letters(decided)).toEqual(['decision']);
    expect(c.view.status).toBe('decided');
    expect(c.view.decision?.services[0]?.outcome).toBe('waiting_list');
    expect(c.view.deadlines.appealBy).not.toBeNull();
    expect(c.view.flags.onWaitingList).toBe(true);
    c.fire(c.view.deadlines.appealBy!, 'appealDeadline');
    expect(c.view.status).toBe('active');
    expect(c.view.closedReason).toBeNull();
    expect(c.view.flags.onWaitingList).toBe(true);
  });

  it('place-offered issues the grant from the given day: a new decision, a new appeal period, off the waiting list', () => {
    const c = waitingCase();
    c.step('2027-03-03T09:00:00.000Z', 'decision', waiting);
    c.fire(c.view.deadlines.appealBy!, 'appealDeadline');
    const offered = c.step('2027-05-10T09:00:00.000Z', 'place-offered', { from: '2027-05-20' });
    expect(c.letters(offered)).toEqual(['decision']);
    expect(c.view.status).toBe('decided');
    expect(c.view.decision).toMatchObject({ outcome: 'granted', services: [{ code: 'long_term_stay', outcome: 'granted', from: '2027-05-20' }] });
    expect(c.view.decision?.justification).toContain('ledig plass');
    expect(c.view.flags.onWaitingList).toBe(false);
    c.fire(c.view.deadlines.appealBy!, 'appealDeadline');
    expect(c.view.status).toBe('active');
    expect(c.view.flags.onWaitingList).toBe(false);
  });

  it('refuses place-offered on a case not on the waiting list: 409 saying why, and nothing changes', () => {
    const c = waitingCase();
    c.step('2027-03-03T09:00:00.000Z', 'decision', { outcome: 'granted', services: [{ code: 'long_term_stay' }], justification: 'Du får plass nå.' });
    const before = JSON.stringify(c.state);
    const result = c.try('2027-03-10T09:00:00.000Z', 'place-offered', { from: '2027-03-20' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.refusal.code).toBe('invalid_transition');
    expect(result.refusal.message).toContain('not on the waiting list');
    expect(JSON.stringify(c.state)).toBe(before);
  });

  it('refuses place-offered without from (400 naming from), and waiting_list on another service or a refusal', () => {
    const c = waitingCase();
    c.step('2027-03-03T09:00:00.000Z', 'decision', waiting);
    const noFrom = c.try('2027-03-10T09:00:00.000Z', 'place-offered', {});
    expect(!noFrom.ok && noFrom.refusal.code).toBe('validation_failed');
    expect(!noFrom.ok && noFrom.refusal.problems?.map((p) => p.field)).toEqual(['from']);

    const other = new LawCase(caseFacts({ services: ['home_nursing'], reductions: true }));
    const wrongService = other.try('2027-03-03T09:00:00.000Z', 'decision', { outcome: 'granted', services: [{ code: 'home_nursing', outcome: 'waiting_list' }], justification: 'x' });
    expect(!wrongService.ok && wrongService.refusal.problems?.map((p) => p.field)).toEqual(['services[0].outcome']);
    const refused = waitingCase().try('2027-03-03T09:00:00.000Z', 'decision', { ...waiting, outcome: 'refused' });
    expect(!refused.ok && refused.refusal.problems?.map((p) => p.field)).toEqual(['services[0].outcome']);
  });

  it('a run started before the waiting list refuses the outcome (its history replays as it ran)', () => {
    const c = waitingCase(false);
    const result = c.try('2027-03-03T09:00:00.000Z', 'decision', waiting);
    expect(!result.ok && result.refusal.problems?.map((p) => p.field)).toEqual(['services[0].outcome']);
  });
});
