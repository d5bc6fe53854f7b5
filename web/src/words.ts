// The pages' Norwegian (bokmål) words for the contract's codes.
export const STATUS: Record<string, string> = {
  received: 'Mottatt',
  contacted: 'Kontaktet',
  visit_scheduled: 'Hjemmebesøk avtalt',
  under_assessment: 'Under vurdering',
  decided: 'Vedtak fattet',
  under_reconsideration: 'Klage til ny vurdering',
  with_appeal_body: 'Hos klageinstansen',
  active: 'Aktiv',
  closed: 'Avsluttet',
};

/** Service names, from GET /api/services (the catalogue), loaded once at start. */
export const SERVICES: Record<string, string> = {};

export async function loadServices(): Promise<void> {
  const res = await fetch('/api/services');
  if (!res.ok) return;
  const body = (await res.json()) as { items?: Array<{ code: string; name: string }> } | Array<{ code: string; name: string }>;
  for (const item of Array.isArray(body) ? body : (body.items ?? [])) SERVICES[item.code] = item.name;
}

export const LETTER_KINDS: Record<string, string> = {
  acknowledgement: 'Bekreftelse på mottatt søknad',
  home_visit_confirmation: 'Bekreftelse på hjemmebesøk',
  home_visit_reminder: 'Påminnelse om hjemmebesøk',
  provisional_reply: 'Foreløpig svar',
  decision: 'Vedtak',
  appeal_acknowledgement: 'Bekreftelse på klage',
  appeal_forwarded: 'Klage sendt videre',
  appeal_outcome: 'Utfall av klage',
  re_evaluation_notice: 'Varsel om ny vurdering',
  expiry_notice: 'Varsel om utløp',
  closing: 'Saken er avsluttet',
  appeal_withdrawn: 'Klage trukket',
};

export const DELIVERY: Record<string, string> = {
  sent: 'Sendt',
  delivered: 'Levert',
  read: 'Lest',
  printed: 'Skrevet ut',
  failed: 'Feilet',
  waiting: 'Venter',
};

/** What a waiting letter waits for (the letters list's waitingReason, as /metrics counts it). */
export const WAITING_FOR: Record<string, string> = {
  maskinporten: 'Maskinporten',
  krr: 'Kontakt- og reservasjonsregisteret (KRR)',
  folkeregisteret: 'Folkeregisteret',
  svarut: 'SvarUt',
  channel: 'postkanalen',
};

/** The flags on a case the office must see, in words (flags.applicantDeceased). */
export const APPLICANT_DECEASED = 'Søkeren er død ifølge Folkeregisteret. Ingen flere brev sendes i saken.';

export const ROLES: Record<string, string> = { caseworker: 'Saksbehandler', manager: 'Leder', auditor: 'Revisor', importer: 'Import' };

export function service(code: string): string {
  return SERVICES[code] ?? code;
}

const DATE = new Intl.DateTimeFormat('nb-NO', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Oslo' });
const DAY = new Intl.DateTimeFormat('nb-NO', { dateStyle: 'medium', timeZone: 'Europe/Oslo' });

export function when(iso: string | null | undefined): string {
  return iso ? DATE.format(new Date(iso)) : '–';
}

export function day(iso: string | null | undefined): string {
  return iso ? DAY.format(new Date(iso)) : '–';
}

/** Whole days left until `iso` (negative: overdue). */
export function daysLeft(iso: string | null | undefined): number | null {
  if (!iso) return null;
  return Math.floor((Date.parse(iso) - Date.now()) / 86_400_000);
}

export function daysText(days: number | null): string {
  if (days === null) return '–';
  if (days < 0) return `${-days} ${-days === 1 ? 'dag' : 'dager'} over fristen`;
  if (days === 0) return 'I dag';
  return `${days} ${days === 1 ? 'dag' : 'dager'}`;
}

/** Why a case is on hold (POST /api/cases/:id/hold): the API's codes, in the API's order. */
export const HOLD_REASONS: Record<string, string> = {
  awaiting_applicant: 'Venter på svar fra søkeren',
  awaiting_health_information: 'Venter på helseopplysninger',
  awaiting_other_agency: 'Venter på annen instans',
  awaiting_representative: 'Venter på verge eller fullmakt',
  applicant_admitted: 'Søkeren er innlagt',
  other: 'Annet',
};

export const REPRESENTATIVE_ROLES: Record<string, string> = {
  guardian: 'Verge',
  authorised: 'Fullmektig',
  relative: 'Pårørende',
};
