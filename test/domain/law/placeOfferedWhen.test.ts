// When a place on the waiting list (pbrl § 2-1 e) can be offered, as the refusal tells the caseworker:
// only on a decided or active case whose decision put a service on the waiting list.
import { describe, expect, it } from 'vitest';
import { caseFacts, LawCase } from './caseDriver';

const facts = caseFacts({ services: ['long_term_stay'], reductions: true });

describe('place-offered refused', () => {
  it('before any decision: it is allowed on a decided or active case', () => {
    const c = new LawCase(facts);
    const result = c.try('2027-03-02T09:00:00.000Z', 'place-offered', { from: '2027-03-20' });
    expect(!result.ok && result.refusal).toEqual({
      code: 'invalid_transition',
      message: expect.stringMatching(/^The case is received: 'place-offered' is allowed when the case is decided, active\. Allowed now: /),
    });
  });

  it('on an active case whose decision granted the place outright: it is not on the waiting list', () => {
    const c = new LawCase(facts);
    c.step('2027-03-03T09:00:00.000Z', 'decision', { outcome: 'granted', services: [{ code: 'long_term_stay' }], justification: 'Du får plass nå.' });
    c.fire(c.view.deadlines.appealBy!, 'appealDeadline');
    expect(c.view.status).toBe('active');
    const result = c.try('2027-05-03T09:00:00.000Z', 'place-offered', { from: '2027-05-20' });
    expect(!result.ok && result.refusal).toEqual({
      code: 'invalid_transition',
      message: expect.stringMatching(/^The case is active: the case is not on the waiting list: no service of its decision has the outcome waiting_list\. Allowed now: /),
    });
  });
});
