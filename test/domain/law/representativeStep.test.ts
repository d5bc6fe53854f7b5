// The representative (fvl § 12, pbrl § 3-1) as the workflow checks the step, past the API: the id of
// the stored representative, a copy that is true or false; and only under the rules that have
// representatives, ending one only when the case has one.
import { describe, expect, it } from 'vitest';
import { caseFacts, LawCase } from './caseDriver';

const ID = '0b7e2a52-0000-4000-8000-000000000001';
const AT = '2027-03-02T09:00:00.000Z';

describe('the representative step', () => {
  it('names an id that is not the stored representative’s', () => {
    const c = new LawCase(caseFacts({ reductions: true }));
    const result = c.try(AT, 'representative', { representativeId: 42, role: 'guardian' });
    expect(!result.ok && result.refusal.problems).toEqual([{ field: 'representativeId', message: 'Must be the id of the stored representative.' }]);
  });

  it('names a copy that is not true or false', () => {
    const c = new LawCase(caseFacts({ reductions: true }));
    const result = c.try(AT, 'representative', { representativeId: ID, role: 'guardian', copyToApplicant: 'yes' });
    expect(!result.ok && result.refusal.problems).toEqual([{ field: 'copyToApplicant', message: 'Must be true or false.' }]);
  });

  it('is not a step of a run from before representatives', () => {
    const c = new LawCase(caseFacts());
    const result = c.try(AT, 'representative', { representativeId: ID, role: 'guardian' });
    expect(!result.ok && result.refusal.code).toBe('invalid_transition');
  });
});

describe('ending a representative', () => {
  it('on a case with none: no_representative, saying how to register one', () => {
    const c = new LawCase(caseFacts({ reductions: true }));
    const result = c.try(AT, 'representative/end', {});
    expect(!result.ok && result.refusal).toEqual({
      code: 'no_representative',
      message: 'The case has no representative to end: POST /api/cases/{id}/representative registers one.',
    });
  });

  it('on a run from before representatives: not a step it has', () => {
    const c = new LawCase(caseFacts());
    const result = c.try(AT, 'representative/end', {});
    expect(!result.ok && result.refusal.code).toBe('invalid_transition');
  });
});
