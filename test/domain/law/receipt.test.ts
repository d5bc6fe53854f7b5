// The receipt (mottak): the case's first event names who registered it (or the system), and the
// acknowledgement goes out at once (fvl § 11 a: the office confirms it received the application); to
// a guardian or an authorised representative given with the application, with the applicant's copy.
import { describe, expect, it } from 'vitest';
import { initialCaseState } from '../../../domain/case/caseState';
import { decideRegistration } from '../../../domain/decider';
import { caseFacts } from './caseDriver';

const RECEIVED = Date.parse('2027-03-01T09:00:00.000Z');

describe('the receipt', () => {
  it('records who registered it, by which channel and for which services, and acknowledges it', () => {
    const facts = caseFacts({ registeredBy: 'caseworker-7', channel: 'paper' });
    const { state, effects } = decideRegistration(facts, initialCaseState(facts), RECEIVED);
    expect(effects).toEqual([
      { kind: 'event', seq: 1, type: 'received', actor: 'caseworker-7', data: { channel: 'paper', services: ['home_nursing', 'safety_alarm'] } },
      { kind: 'letter', key: 'acknowledgement-1', letter: 'acknowledgement', details: {} },
    ]);
    expect(state).toMatchObject({ status: 'received', eventSeq: 1, letterSeq: 1 });
  });

  it('is the system’s when nobody is on record as registering it', () => {
    const facts = caseFacts();
    const { effects } = decideRegistration(facts, initialCaseState(facts), RECEIVED);
    expect(effects[0]).toMatchObject({ type: 'received', actor: 'system' });
  });

  describe('with a representative given with the application', () => {
    const guardian = { id: '0b7e2a52-0000-4000-8000-000000000001', role: 'guardian' as const, copyToApplicant: true, since: '2027-03-01T09:00:00.000Z' };

    it('records the representative, and the acknowledgement goes to them with the applicant’s copy', () => {
      const facts = caseFacts({ registeredBy: 'caseworker-7', reductions: true });
      const { effects } = decideRegistration(facts, { ...initialCaseState(facts), representative: guardian }, RECEIVED);
      expect(effects).toEqual([
        { kind: 'event', seq: 1, type: 'received', actor: 'caseworker-7', data: { channel: 'digital', services: ['home_nursing', 'safety_alarm'] } },
        { kind: 'event', seq: 2, type: 'representative_added', actor: 'caseworker-7', data: { role: 'guardian', representativeId: guardian.id, copyToApplicant: true } },
        {
          kind: 'letter',
          key: 'acknowledgement-1',
          letter: 'acknowledgement',
          details: { recipient: { to: 'representative', representativeId: guardian.id, role: 'guardian' } },
        },
        {
          kind: 'letter',
          key: 'acknowledgement-1-copy',
          letter: 'acknowledgement',
          details: { recipient: { to: 'applicant', copyOf: 'acknowledgement-1', representativeId: guardian.id, role: 'guardian' } },
        },
      ]);
    });

    it('recorded by the system when nobody is on record as registering it', () => {
      const facts = caseFacts({ reductions: true });
      const { effects } = decideRegistration(facts, { ...initialCaseState(facts), representative: guardian }, RECEIVED);
      expect(effects[1]).toMatchObject({ type: 'representative_added', actor: 'system' });
    });

    it('on a run from before representatives, the acknowledgement goes to the applicant alone', () => {
      const facts = caseFacts();
      const { effects } = decideRegistration(facts, { ...initialCaseState(facts), representative: guardian }, RECEIVED);
      expect(effects.map((e) => (e.kind === 'event' ? e.type : e.kind === 'letter' ? e.key : e.kind))).toEqual(['received', 'acknowledgement-1']);
    });
  });
});
