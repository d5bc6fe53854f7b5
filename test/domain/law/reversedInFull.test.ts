// Omgjøring in the applicant's favour with no changed decision given (a reconsideration `reversed`,
// or the appeal body's): everything applied for is granted; a service the earlier decision decided
// keeps its scope, except the 0 hours by which an old-style decision refused it. Each answer written out.
import { describe, expect, it } from 'vitest';
import type { Decision } from '../../../domain/case/caseTypes';
import { grantedInFull } from '../../../domain/case/decidedServices';
import { caseFacts, LawCase } from './caseDriver';

function refusal(services: Decision['services']): Decision {
  return {
    outcome: 'partially_granted',
    services,
    justification: 'Delvis innvilget.',
    deliveredAt: '2027-03-05T10:00:00.000Z',
    decidedAt: '2027-03-05T10:00:00.000Z',
    appealDeadlines: { statsforvalteren: '2027-04-02T22:00:00.000Z' },
    decidedBy: 'office',
    terminates: false,
  };
}

describe('a reversal in full grants what was applied for', () => {
  it('with no earlier decision: each service applied for, granted, with the justification given', () => {
    expect(grantedInFull(null, ['home_nursing', 'safety_alarm'], 'Klagen tas til følge.')).toEqual({
      outcome: 'granted',
      services: [
        { code: 'home_nursing', outcome: 'granted' },
        { code: 'safety_alarm', outcome: 'granted' },
      ],
      justification: 'Klagen tas til følge.',
    });
  });

  it('keeps the hours and dates the earlier decision gave; a service refused by 0 hours is granted without them', () => {
    const earlier = refusal([
      { code: 'home_nursing', outcome: 'granted', hoursPerWeek: 5, from: '2027-03-08', until: '2027-09-30' },
      { code: 'practical_assistance', hoursPerWeek: 0 },
    ]);
    expect(grantedInFull(earlier, ['home_nursing', 'practical_assistance', 'safety_alarm'], 'Omgjort.')).toEqual({
      outcome: 'granted',
      services: [
        { code: 'home_nursing', outcome: 'granted', hoursPerWeek: 5, from: '2027-03-08', until: '2027-09-30' },
        { code: 'practical_assistance', outcome: 'granted' },
        { code: 'safety_alarm', outcome: 'granted' },
      ],
      justification: 'Omgjort.',
    });
  });

  it('a service the earlier decision decided but the application did not name is granted too, each once', () => {
    const earlier = refusal([{ code: 'safety_alarm', outcome: 'refused' }]);
    expect(grantedInFull(earlier, ['home_nursing', 'safety_alarm'], 'J').services).toEqual([
      { code: 'home_nursing', outcome: 'granted' },
      { code: 'safety_alarm', outcome: 'granted' },
    ]);
  });

  it('through the decider: the office reverses a refusal of 3 hours of nursing, and the case is decided again, granting 3 hours', () => {
    const c = new LawCase(caseFacts({ services: ['home_nursing'] }));
    c.step('2027-03-05T10:00:00.000Z', 'decision', { outcome: 'refused', services: [{ code: 'home_nursing', hoursPerWeek: 3 }], justification: 'Avslått.' });
    c.step('2027-03-10T10:00:00.000Z', 'appeal', {});
    c.step('2027-03-20T10:00:00.000Z', 'reconsideration', { outcome: 'reversed', justification: 'Vi omgjør vedtaket.' });
    expect(c.view.status).toBe('decided');
    expect(c.view.decision?.outcome).toBe('granted');
    expect(c.view.decision?.services).toEqual([{ code: 'home_nursing', outcome: 'granted', hoursPerWeek: 3 }]);
    expect(c.view.decision?.justification).toBe('Vi omgjør vedtaket.');
  });
});
