// The services a municipality decides on, their legal basis and where an appeal goes (domain brief § 5).
// Statutory services (helse- og omsorgstjenesteloven) are appealed to Statsforvalteren under
// pasient- og brukerrettighetsloven kap. 7 (4 weeks, § 7-5); the municipality's own offers to the
// municipal appeals board under forvaltningsloven § 28 andre ledd (3 weeks, § 29).

import type { AppealBody } from '../case/caseTypes';

export interface ServiceDefinition {
  code: string;
  /** Norwegian name, as the letters write it. */
  name: string;
  legalBasis: string;
  /** Lovfestet: a right under the health and care acts. */
  statutory: boolean;
  appealBody: AppealBody;
}

const HOL = 'helse- og omsorgstjenesteloven';
const PBRL = 'pasient- og brukerrettighetsloven';
const MUNICIPAL_OFFER = 'ikke lovfestet kommunalt tilbud; enkeltvedtak etter forvaltningsloven';

function statutory(code: string, name: string, legalBasis: string): ServiceDefinition {
  return { code, name, legalBasis, statutory: true, appealBody: 'statsforvalteren' };
}

function municipal(code: string, name: string, legalBasis: string): ServiceDefinition {
  return { code, name, legalBasis, statutory: false, appealBody: 'klagenemnd' };
}

export const SERVICE_CATALOGUE: readonly ServiceDefinition[] = Object.freeze(
  [
    statutory('home_nursing', 'Hjemmesykepleie', `${HOL} § 3-2 første ledd nr. 6 bokstav a`),
    statutory('practical_assistance', 'Praktisk bistand', `${HOL} § 3-2 første ledd nr. 6 bokstav b`),
    statutory('daily_living_training', 'Opplæring i dagliglivets gjøremål', `${HOL} § 3-2 første ledd nr. 6 bokstav b`),
    statutory('support_contact', 'Støttekontakt', `${HOL} § 3-2 første ledd nr. 6 bokstav b`),
    statutory('bpa', 'Brukerstyrt personlig assistanse', `${HOL} § 3-8; ${PBRL} § 2-1 d`),
    statutory('short_term_stay', 'Korttidsopphold i institusjon', `${HOL} § 3-2 første ledd nr. 6 bokstav c`),
    statutory('long_term_stay', 'Langtidsopphold i sykehjem', `${HOL} § 3-2 første ledd nr. 6 bokstav c og § 3-2 a; ${PBRL} § 2-1 e`),
    // Pårørendestøtte: hol § 3-6 (avlastning is no longer § 3-2 nr. 6 d); the carer is a party (pbrl § 2-8).
    statutory('respite_care', 'Avlastning', `${HOL} § 3-6 første ledd nr. 2; ${PBRL} § 2-8`),
    statutory('care_allowance', 'Omsorgsstønad', `${HOL} § 3-6 første ledd nr. 3; ${PBRL} § 2-8`),
    statutory('carer_training', 'Opplæring og veiledning for pårørende', `${HOL} § 3-6 første ledd nr. 1; ${PBRL} § 2-8`),
    statutory('dementia_day_activity', 'Dagaktivitetstilbud for hjemmeboende personer med demens', `${HOL} § 3-2 første ledd nr. 7`),
    statutory('individual_plan', 'Individuell plan', `${HOL} § 7-1; ${PBRL} § 2-5`),
    statutory('coordinator', 'Koordinator', `${HOL} § 7-2; ${PBRL} § 2-5 b`),
    statutory('child_coordinator', 'Barnekoordinator', `${HOL} § 7-2 a; ${PBRL} § 2-5 c`),
    municipal('safety_alarm', 'Trygghetsalarm', MUNICIPAL_OFFER),
    municipal('meal_delivery', 'Matombringing', MUNICIPAL_OFFER),
    // Omsorgsbolig is housing, not a service under hol, and outside pbrl § 2-7: an ordinary fvl decision.
    municipal('sheltered_housing', 'Omsorgsbolig', 'tildeling av kommunal bolig; enkeltvedtak etter forvaltningsloven'),
    municipal('companion_certificate', 'Ledsagerbevis', MUNICIPAL_OFFER),
  ].map((s) => Object.freeze(s)),
);

export const SERVICE_CODES: readonly string[] = Object.freeze(SERVICE_CATALOGUE.map((s) => s.code));

export function findService(code: string): ServiceDefinition | undefined {
  return SERVICE_CATALOGUE.find((s) => s.code === code);
}

/** The appeal bodies that hear appeals on these services, each once, in catalogue order. Unknown codes are ignored. */
export function appealBodiesFor(codes: string[]): AppealBody[] {
  const wanted = new Set(codes);
  const bodies: AppealBody[] = [];
  for (const service of SERVICE_CATALOGUE) {
    if (wanted.has(service.code) && !bodies.includes(service.appealBody)) bodies.push(service.appealBody);
  }
  return bodies;
}

/** The body that hears an appeal on these services: Statsforvalteren when any is statutory. */
export function appealBodyFor(serviceCodes: readonly string[]): AppealBody {
  const bodies = appealBodiesFor([...serviceCodes]);
  return bodies.includes('statsforvalteren') || bodies.length === 0 ? 'statsforvalteren' : 'klagenemnd';
}
