import { describe, expect, it } from 'vitest';
import { appealBodiesFor, findService, SERVICE_CATALOGUE } from '../../domain/policy/catalogue';

const STATUTORY = [
  'home_nursing',
  'practical_assistance',
  'daily_living_training',
  'support_contact',
  'bpa',
  'short_term_stay',
  'long_term_stay',
  'respite_care',
  'care_allowance',
  'carer_training',
  'dementia_day_activity',
  'individual_plan',
  'coordinator',
  'child_coordinator',
];
const MUNICIPAL = ['safety_alarm', 'meal_delivery', 'sheltered_housing', 'companion_certificate'];

describe('SERVICE_CATALOGUE (brief § 5)', () => {
  it('holds exactly the brief’s services, each code once', () => {
    expect(SERVICE_CATALOGUE.map((s) => s.code)).toEqual([...STATUTORY, ...MUNICIPAL]);
  });

  it('statutory services go to Statsforvalteren (pbrl § 7-2), the others to the klagenemnd (fvl § 28 (2))', () => {
    for (const code of STATUTORY) expect(findService(code), code).toMatchObject({ statutory: true, appealBody: 'statsforvalteren' });
    for (const code of MUNICIPAL) expect(findService(code), code).toMatchObject({ statutory: false, appealBody: 'klagenemnd' });
  });

  it('names services in Norwegian with their legal basis', () => {
    expect(findService('home_nursing')).toEqual({
      code: 'home_nursing',
      name: 'Hjemmesykepleie',
      legalBasis: 'helse- og omsorgstjenesteloven § 3-2 første ledd nr. 6 bokstav a',
      statutory: true,
      appealBody: 'statsforvalteren',
    });
    expect(findService('dementia_day_activity')?.name).toBe('Dagaktivitetstilbud for hjemmeboende personer med demens');
    expect(findService('dementia_day_activity')?.legalBasis).toContain('§ 3-2 første ledd nr. 7');
    expect(findService('respite_care')?.legalBasis).toContain('§ 3-6');
    expect(findService('sheltered_housing')?.name).toBe('Omsorgsbolig');
    for (const s of SERVICE_CATALOGUE) expect(s.legalBasis.length, s.code).toBeGreaterThan(10);
  });

  it('findService gives undefined for an unknown code', () => {
    expect(findService('dagsenter')).toBeUndefined();
  });

  it('cannot be changed by a caller', () => {
    expect(Object.isFrozen(SERVICE_CATALOGUE)).toBe(true);
    expect(Object.isFrozen(SERVICE_CATALOGUE[0])).toBe(true);
  });
});

describe('appealBodiesFor', () => {
  it('gives each body once, in catalogue order', () => {
    expect(appealBodiesFor(['practical_assistance'])).toEqual(['statsforvalteren']);
    expect(appealBodiesFor(['sheltered_housing'])).toEqual(['klagenemnd']);
    expect(appealBodiesFor(['safety_alarm', 'home_nursing', 'meal_delivery', 'bpa'])).toEqual(['statsforvalteren', 'klagenemnd']);
    expect(appealBodiesFor(['home_nursing', 'home_nursing'])).toEqual(['statsforvalteren']);
  });

  it('ignores unknown codes and gives none for none', () => {
    expect(appealBodiesFor([])).toEqual([]);
    expect(appealBodiesFor(['dagsenter'])).toEqual([]);
  });
});
