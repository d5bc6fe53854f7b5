// The applicant's representative (issue 24), in the pure rules: a guardian (verge) or authorised
// representative (fullmektig, fvl § 12) gets every letter from then on, the applicant a copy unless
// the mandate says otherwise; a relative is recorded and gets none; ending the representation sends
// the letters to the applicant again, and ending one that is not there is 409 no_representative.
// A run started before these rules (facts without `reductions`) cannot take the step.
import { describe, expect, it } from 'vitest';
import type { Decided } from '../../domain/decider';
import { caseFacts, LawCase } from './law/caseDriver';

const GUARDIAN_ROW = '5b8f2a64-7c1e-4d2b-9a3f-0e6d1c2b3a41';
const AUTHORISED_ROW = '0c7e9d11-2a3b-4c5d-8e6f-7a8b9c0d1e2f';
const AT = '2027-03-02T09:00:00.000Z';
const LATER = '2027-03-03T09:00:00.000Z';

/** Each letter the change sends: its kind, key and who it goes to. */
function sent(result: Decided): { letter: string; key: string; to: string; copyOf?: string }[] {
  if (!result.ok) return [];
  return result.effects.flatMap((e) =>
    e.kind === 'letter'
      ? [{ letter: e.letter, key: e.key, to: e.details.recipient?.to ?? 'applicant', ...(e.details.recipient?.to === 'applicant' ? { copyOf: e.details.recipient.copyOf } : {}) }]
      : [],
  );
}

function newCase(): LawCase {
  return new LawCase(caseFacts({ reductions: true }));
}

describe('who gets the letters when someone acts for the applicant', () => {
  it('sends every letter to a guardian from then on, with a copy to the applicant that names the original', () => {
    const c = newCase();
    const added = c.step(AT, 'representative', { representativeId: GUARDIAN_ROW, role: 'guardian' });
    expect(added.effects.filter((e) => e.kind === 'event')).toMatchObject([{ type: 'representative_added', data: { role: 'guardian', representativeId: GUARDIAN_ROW, copyToApplicant: true } }]);
    expect(c.view.representative).toEqual({ id: GUARDIAN_ROW, role: 'guardian', copyToApplicant: true, since: AT });
    expect(sent(added)).toEqual([]);

    const visit = c.step(LATER, 'home-visit', { scheduledAt: '2027-03-10T09:00:00.000Z' });
    expect(sent(visit)).toEqual([
      { letter: 'home_visit_confirmation', key: 'home_visit_confirmation-2', to: 'representative' },
      { letter: 'home_visit_confirmation', key: 'home_visit_confirmation-2-copy', to: 'applicant', copyOf: 'home_visit_confirmation-2' },
    ]);
    // The representative's letter is known by the stored row only: no name reaches the case.
    const toRepresentative = visit.effects.find((e) => e.kind === 'letter');
    expect(toRepresentative).toMatchObject({ details: { recipient: { to: 'representative', representativeId: GUARDIAN_ROW, role: 'guardian' } } });
  });

  it("sends no copy where the guardian's mandate says so (copyToApplicant: false)", () => {
    const c = newCase();
    c.step(AT, 'representative', { representativeId: GUARDIAN_ROW, role: 'guardian', copyToApplicant: false });
    const decided = c.step(LATER, 'decision', { outcome: 'granted', services: [{ code: 'home_nursing', hoursPerWeek: 3 }, { code: 'safety_alarm' }], justification: 'Behovet er dokumentert.' });
    expect(sent(decided)).toEqual([{ letter: 'decision', key: 'decision-2', to: 'representative' }]);
  });

  it('records a relative, who gets no letters (no authorisation: pbrl §§ 3-1, 3-3 give no right to the letters)', () => {
    const c = newCase();
    const added = c.step(AT, 'representative', { representativeId: GUARDIAN_ROW, role: 'relative' });
    expect(added.effects.find((e) => e.kind === 'event')).toMatchObject({ type: 'representative_added', data: { role: 'relative', copyToApplicant: false } });
    expect(c.view.representative).toMatchObject({ role: 'relative', copyToApplicant: false });
    const visit = c.step(LATER, 'home-visit', { scheduledAt: '2027-03-10T09:00:00.000Z' });
    expect(sent(visit)).toEqual([{ letter: 'home_visit_confirmation', key: 'home_visit_confirmation-2', to: 'applicant' }]);
  });

  it('replaces one representative by the next, recording that the first ended', () => {
    const c = newCase();
    c.step(AT, 'representative', { representativeId: GUARDIAN_ROW, role: 'guardian' });
    const next = c.step(LATER, 'representative', { representativeId: AUTHORISED_ROW, role: 'authorised' });
    expect(next.effects.filter((e) => e.kind === 'event').map((e) => e.kind === 'event' && [e.type, e.data.role])).toEqual([
      ['representative_ended', 'guardian'],
      ['representative_added', 'authorised'],
    ]);
    expect(c.view.representative).toMatchObject({ id: AUTHORISED_ROW, role: 'authorised' });
  });

  it('ends the representation: letters go to the applicant alone again', () => {
    const c = newCase();
    c.step(AT, 'representative', { representativeId: GUARDIAN_ROW, role: 'guardian' });
    const ended = c.step(LATER, 'representative/end', {});
    expect(ended.effects).toMatchObject([{ kind: 'event', type: 'representative_ended', data: { role: 'guardian', representativeId: GUARDIAN_ROW } }]);
    expect(c.view.representative).toBeNull();
    const visit = c.step(LATER, 'home-visit', { scheduledAt: '2027-03-10T09:00:00.000Z' });
    expect(sent(visit)).toEqual([{ letter: 'home_visit_confirmation', key: 'home_visit_confirmation-2', to: 'applicant' }]);
  });

  it('refuses to end a representation the case does not have: 409 no_representative, and nothing changes', () => {
    const c = newCase();
    const before = JSON.stringify(c.state);
    const result = c.try(AT, 'representative/end', {});
    expect(!result.ok && result.refusal.code).toBe('no_representative');
    expect(JSON.stringify(c.state)).toBe(before);
  });

  it('refuses a bad input naming the field, and a closed case', () => {
    const c = newCase();
    const bad = c.try(AT, 'representative', { representativeId: 'Ola Nordmann', role: 'uncle' });
    expect(!bad.ok && bad.refusal.problems?.map((p) => p.field)).toEqual(['representativeId', 'role']);
    c.step(AT, 'withdraw', { reason: 'Trekker søknaden.' });
    const closed = c.try(LATER, 'representative', { representativeId: GUARDIAN_ROW, role: 'guardian' });
    expect(!closed.ok && closed.refusal.code).toBe('case_closed');
  });

  it('is not a step of a run started before the rules of representation: its letters go as they did', () => {
    const c = new LawCase(caseFacts());
    const result = c.try(AT, 'representative', { representativeId: GUARDIAN_ROW, role: 'guardian' });
    expect(!result.ok && result.refusal.code).toBe('invalid_transition');
  });
});
