// Why a case is on hold (satt på vent) in the work queue: a code, never free text, so a list, a log
// or a metric never carries anything about the applicant. Being on hold stops no legal deadline
// (forvaltningsloven § 11 a still runs): it tells the office why nobody is working on the case now.
export const HOLD_REASONS = [
  // Venter på svar eller dokumentasjon fra søkeren.
  'awaiting_applicant',
  // Venter på helseopplysninger (fastlege, sykehus).
  'awaiting_health_information',
  // Venter på en annen instans (NAV, spesialisthelsetjenesten).
  'awaiting_other_agency',
  // Venter på verge eller fullmakt.
  'awaiting_representative',
  // Søkeren er innlagt (sykehus, institusjon): hjemmebesøket må vente.
  'applicant_admitted',
  // Annet.
  'other',
] as const;

export type HoldReason = (typeof HOLD_REASONS)[number];
