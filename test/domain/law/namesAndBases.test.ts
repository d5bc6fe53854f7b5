// The words the letters and the Web UI use, written out here from the law (domain brief § 5): each
// service's Norwegian name, its legal basis and its appeal body, and each deadline timer's name.
import { describe, expect, it } from 'vitest';
import { appealBodiesFor, findService, SERVICE_CODES } from '../../../domain/policy/catalogue';
import { timerSummary } from '../../../domain/case/timerSummary';

const HOL = 'helse- og omsorgstjenesteloven';
const PBRL = 'pasient- og brukerrettighetsloven';
const OFFER = 'ikke lovfestet kommunalt tilbud; enkeltvedtak etter forvaltningsloven';

// code, name, legal basis; statutory services go to Statsforvalteren, the others to the klagenemnd.
const STATUTORY: [string, string, string][] = [
  ['home_nursing', 'Hjemmesykepleie', `${HOL} § 3-2 første ledd nr. 6 bokstav a`],
  ['practical_assistance', 'Praktisk bistand', `${HOL} § 3-2 første ledd nr. 6 bokstav b`],
  ['daily_living_training', 'Opplæring i dagliglivets gjøremål', `${HOL} § 3-2 første ledd nr. 6 bokstav b`],
  ['support_contact', 'Støttekontakt', `${HOL} § 3-2 første ledd nr. 6 bokstav b`],
  ['bpa', 'Brukerstyrt personlig assistanse', `${HOL} § 3-8; ${PBRL} § 2-1 d`],
  ['short_term_stay', 'Korttidsopphold i institusjon', `${HOL} § 3-2 første ledd nr. 6 bokstav c`],
  ['long_term_stay', 'Langtidsopphold i sykehjem', `${HOL} § 3-2 første ledd nr. 6 bokstav c og § 3-2 a; ${PBRL} § 2-1 e`],
  ['respite_care', 'Avlastning', `${HOL} § 3-6 første ledd nr. 2; ${PBRL} § 2-8`],
  ['care_allowance', 'Omsorgsstønad', `${HOL} § 3-6 første ledd nr. 3; ${PBRL} § 2-8`],
  ['carer_training', 'Opplæring og veiledning for pårørende', `${HOL} § 3-6 første ledd nr. 1; ${PBRL} § 2-8`],
  ['dementia_day_activity', 'Dagaktivitetstilbud for hjemmeboende personer med demens', `${HOL} § 3-2 første ledd nr. 7`],
  ['individual_plan', 'Individuell plan', `${HOL} § 7-1; ${PBRL} § 2-5`],
  ['coordinator', 'Koordinator', `${HOL} § 7-2; ${PBRL} § 2-5 b`],
  ['child_coordinator', 'Barnekoordinator', `${HOL} § 7-2 a; ${PBRL} § 2-5 c`],
];
const MUNICIPAL: [string, string, string][] = [
  ['safety_alarm', 'Trygghetsalarm', OFFER],
  ['meal_delivery', 'Matombringing', OFFER],
  ['sheltered_housing', 'Omsorgsbolig', 'tildeling av kommunal bolig; enkeltvedtak etter forvaltningsloven'],
  ['companion_certificate', 'Ledsagerbevis', OFFER],
];

describe('each service by name, legal basis and appeal body', () => {
  for (const [code, name, legalBasis] of STATUTORY) {
    it(`${code}: ${name}, to Statsforvalteren`, () => {
      expect(findService(code)).toEqual({ code, name, legalBasis, statutory: true, appealBody: 'statsforvalteren' });
      expect(appealBodiesFor([code])).toEqual(['statsforvalteren']);
    });
  }
  for (const [code, name, legalBasis] of MUNICIPAL) {
    it(`${code}: ${name}, to the klagenemnd`, () => {
      expect(findService(code)).toEqual({ code, name, legalBasis, statutory: false, appealBody: 'klagenemnd' });
      expect(appealBodiesFor([code])).toEqual(['klagenemnd']);
    });
  }

  it('the codes, in catalogue order, none changeable', () => {
    expect(SERVICE_CODES).toEqual([...STATUTORY, ...MUNICIPAL].map(([code]) => code));
    expect(Object.isFrozen(SERVICE_CODES)).toBe(true);
    expect(Object.isFrozen(findService('companion_certificate'))).toBe(true);
  });
});

describe('each deadline timer by the name a caseworker knows it by', () => {
  // Friday 2 April 2027, noon in Oslo.
  const at = Date.parse('2027-04-02T10:00:00.000Z');
  const labels: [Parameters<typeof timerSummary>[0]['name'], string][] = [
    ['contactDeadline', 'Frist for første kontakt'],
    ['homeVisitReminder', 'Påminnelse om hjemmebesøk'],
    ['provisionalReplyDue', 'Frist for foreløpig svar'],
    ['provisionalReplyOverdue', 'Ny frist for foreløpig svar'],
    ['appealDeadline', 'Klagefrist'],
    ['reEvaluationDue', 'Ny vurdering'],
    ['expiryNotice', 'Varsel om utløp av vedtak'],
    ['decisionExpiry', 'Vedtaket utløper'],
    ['appealRightLapses', 'Klageretten faller bort'],
  ];
  for (const [name, label] of labels) {
    it(`${name}: ${label}`, () => {
      expect(timerSummary({ name, at })).toBe(`${label} 02.04.2027`);
    });
  }
});
