// Building blocks every letter shares: the greeting, the office and how to reach it, dates written
// the Norwegian way, service names, scope, appeal bodies. Pure functions of the letter's context.
import { findService } from '../../domain/policy/catalogue';
import type { AppealBody, CaseView, DecidedService } from '../../domain/case/caseTypes';
import type { Length, LengthUnit } from '../../domain/calendar/length';
import { formatNorwegianDate, formatNorwegianDateTime } from '../../domain/calendar/norwegianDate';
import { isCalendarDate, osloLocalTimeOf } from '../../domain/calendar/osloTime';
import type { MunicipalityPolicy } from '../../domain/policy/policyTypes';
import type { LetterContext, RenderedLetter } from '../types';
import type { LetterRecipientRole } from '../../domain/people/representative';

// ---- words and lists ----------------------------------------------------------------------------

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** "a", "a og b", "a, b og c" */
export function listNorwegian(items: readonly string[], conjunction: 'og' | 'eller' = 'og'): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}

export function bullets(lines: readonly string[]): string {
  return lines.map((line) => `• ${line}`).join('\n');
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

// ---- services -----------------------------------------------------------------------------------

/** The Norwegian name as a heading or list item writes it: "Hjemmesykepleie". Unknown codes as they are. */
export function serviceName(code: string): string {
  return findService(code)?.name ?? code;
}

/** The services inside a sentence: "hjemmesykepleie og praktisk bistand". */
export function servicesInSentence(codes: readonly string[]): string {
  return listNorwegian(unique(codes).map((code) => (findService(code) ? lowerFirst(serviceName(code)) : code)));
}

export function appealBodyOf(code: string): AppealBody {
  return findService(code)?.appealBody ?? 'statsforvalteren';
}

const UNIT_WORDS: Record<LengthUnit, [string, string]> = {
  second: ['sekund', 'sekunder'],
  minute: ['minutt', 'minutter'],
  hour: ['time', 'timer'],
  day: ['dag', 'dager'],
  week: ['uke', 'uker'],
  month: ['måned', 'måneder'],
};

/** "4 uker", "6 måneder", "1 dag" */
export function norwegianLength(length: Length): string {
  const [one, many] = UNIT_WORDS[length.unit];
  return `${length.amount} ${length.amount === 1 ? one : many}`;
}

/** "7,5 timer", "1 time" */
export function formatHours(hours: number): string {
  const text = Number.isInteger(hours) ? String(hours) : String(Math.round(hours * 100) / 100).replace('.', ',');
  return `${text} ${hours === 1 ? 'time' : 'timer'}`;
}

// ---- dates --------------------------------------------------------------------------------------

function isOsloMidnight(instant: Date): boolean {
  const local = osloLocalTimeOf(instant);
  return local.hour === 0 && local.minute === 0 && local.second === 0 && local.ms === 0;
}

/**
 * A deadline is the instant its period has run out. A legal period runs out at the midnight that
 * ends its last day, so the letter names that day (the day before the midnight). A deadline of a
 * plain duration (a demonstration policy in minutes) is written with its time of day.
 */
export function formatDeadline(iso: string): string {
  const instant = new Date(iso);
  if (isOsloMidnight(instant)) return formatNorwegianDate(new Date(instant.getTime() - 1));
  return formatNorwegianDateTime(instant);
}

/** The day something starts: a date as it is, an instant as its Oslo date. */
export function formatDay(value: string): string {
  return formatNorwegianDate(value);
}

/** The last day something runs: a date as it is; an instant at an Oslo midnight ends the day before. */
export function formatLastDay(value: string): string {
  if (isCalendarDate(value)) return formatNorwegianDate(value);
  const instant = new Date(value);
  return formatNorwegianDate(isOsloMidnight(instant) ? new Date(instant.getTime() - 1) : instant);
}

export function formatDateTime(iso: string): string {
  return formatNorwegianDateTime(new Date(iso));
}

// ---- scope of a decided service -----------------------------------------------------------------

/** "5 timer per uke, fra og med 1. desember 2026 til og med 31. mai 2027", or '' when nothing is set. */
export function scopeText(service: DecidedService): string {
  const parts: string[] = [];
  if (typeof service.hoursPerWeek === 'number' && service.hoursPerWeek > 0) parts.push(`${formatHours(service.hoursPerWeek)} per uke`);
  const period: string[] = [];
  if (service.from) period.push(`fra og med ${formatDay(service.from)}`);
  if (service.until) period.push(`til og med ${formatLastDay(service.until)}`);
  if (period.length > 0) parts.push(period.join(' '));
  return parts.join(', ');
}

// ---- appeal bodies ------------------------------------------------------------------------------

/** The name the policy gives the body: "Statsforvalteren i Trøndelag", "klageutvalget". */
function configuredName(body: AppealBody, municipality: MunicipalityPolicy): string {
  return municipality.appealBodies[body].name;
}

/** Who hears an appeal, as a sentence writes it mid-sentence: "Statsforvalteren i Trøndelag", "klageutvalget i Namsos kommune". */
export function appealBodyName(body: AppealBody, municipality: MunicipalityPolicy): string {
  const name = configuredName(body, municipality);
  if (body === 'statsforvalteren') return name;
  return name.includes(municipality.name) ? name : `${name} i ${municipality.name}`;
}

/** The body in a subject line, short: "Statsforvalteren i Trøndelag", "klageutvalget", "klagenemnda". */
export function appealBodyShortName(body: AppealBody, municipality: MunicipalityPolicy): string {
  return configuredName(body, municipality).replace(/^den kommunale /, '');
}

/** The rules behind each appeal route: who hears it, the deadline, the form. */
export const APPEAL_RULES: Record<AppealBody, { right: string; deadline: string; form: string }> = {
  statsforvalteren: {
    right: 'pasient- og brukerrettighetsloven § 7-2',
    deadline: 'pasient- og brukerrettighetsloven § 7-5',
    form: 'pasient- og brukerrettighetsloven § 7-3',
  },
  klagenemnd: {
    right: 'forvaltningsloven § 28 andre ledd',
    deadline: 'forvaltningsloven § 29',
    form: 'forvaltningsloven § 32',
  },
};

/** Statsforvalteren first, then the municipal board: the order the letters list them in. */
export function orderedBodies(bodies: Iterable<AppealBody>): AppealBody[] {
  const set = new Set(bodies);
  return (['statsforvalteren', 'klagenemnd'] as const).filter((b) => set.has(b));
}

// ---- the office ---------------------------------------------------------------------------------

/** Where letters and appeals to the office go: its postal address, else the visiting address. */
export function officePostalAddress(m: MunicipalityPolicy): string {
  return m.office.postalAddress ?? m.office.address;
}

/** "Brukerkontoret, Namsos kommune, Stavarvegen 2, 7856 Jøa" (the municipality once). */
export function officePostalLine(m: MunicipalityPolicy): string {
  const { office } = m;
  const address = officePostalAddress(m);
  return address.includes(m.name) ? `${office.name}, ${address}` : `${office.name}, ${m.name}, ${address}`;
}

/** "Brukerkontoret i Namsos kommune" */
export function officeOf(m: MunicipalityPolicy): string {
  return `${m.office.name} i ${m.name}`;
}

export function contactBlock(m: MunicipalityPolicy): string {
  const { office } = m;
  const lines = [
    'Har du spørsmål, er du velkommen til å kontakte oss:',
    `${office.name}, ${m.name}`,
    `Telefon: ${office.phone}`,
    `Åpningstid: ${office.hours}`,
  ];
  const postal = officePostalAddress(m);
  if (postal === office.address) lines.push(`Adresse: ${office.address}`);
  else lines.push(`Besøksadresse: ${office.address}`, `Postadresse: ${postal}`);
  if (office.email) lines.push(`E-post: ${office.email} (send ikke helseopplysninger eller fødselsnummer på vanlig e-post)`);
  return lines.join('\n');
}

/** Sakskostnader (forvaltningsloven § 36): told whenever a decision is changed in the applicant's favour. */
export const COSTS_AFTER_REVERSAL =
  'Dekning av sakskostnader\nNår et vedtak blir endret til gunst for deg, har du som hovedregel krav på å få dekket vesentlige kostnader som var nødvendige for å få vedtaket endret, for eksempel utgifter til advokat eller annen hjelp (forvaltningsloven § 36). Vil du kreve dette, må du sende kravet til oss senest 3 uker etter at du fikk dette brevet. Legg gjerne ved kvitteringer eller en oversikt over kostnadene.';

export const RIGHT_TO_SEE_DOCUMENTS =
  'Du har rett til å se dokumentene i saken din (forvaltningsloven § 18). Ta kontakt med oss hvis du ønsker det.';

/**
 * The case number a letter quotes: the readable one; the id only for a case registered before numbers
 * were given. A case brought over from the old system quotes its number there too, the one the applicant knows.
 */
export function caseReference(view: Pick<CaseView, 'id' | 'caseNumber' | 'previousCaseNumber'>): string {
  const reference = view.caseNumber ?? view.id;
  return view.previousCaseNumber ? `${reference} (tidligere saksnummer ${view.previousCaseNumber})` : reference;
}

// ---- the letter as a whole ----------------------------------------------------------------------

export type Section = string | null | undefined | false;

/**
 * Greeting, the sections (blank lines between), the caseworker's note if any, the case reference,
 * how to reach the office, and the office's signature.
 */
export function composeLetter(ctx: LetterContext, subject: string, sections: readonly Section[]): RenderedLetter {
  const m = ctx.municipality;
  const { greeted, opening, subjectLine } = addressing(ctx, subject);
  const parts: string[] = [greeted ? `Hei, ${greeted}` : 'Hei'];
  if (opening) parts.push(opening);
  for (const section of sections) if (section) parts.push(section.trim());
  if (ctx.details.note?.trim()) parts.push(`Merknad fra saksbehandleren:\n${ctx.details.note.trim()}`);
  parts.push(`Oppgi saksnummer ${caseReference(ctx.view)} når du kontakter oss om saken.`);
  parts.push(contactBlock(m));
  parts.push(`Med vennlig hilsen\n${m.office.name}\n${m.name}`);
  return { subject: subjectLine, body: `${parts.join('\n\n')}\n` };
}

/** The representative's role as a letter names it: "verge", "fullmektig"; and in the definite form: "vergen", "fullmektigen". */
const ROLE_WORD: Record<LetterRecipientRole, string> = { guardian: 'verge', authorised: 'fullmektig' };
const ROLE_WORD_DEFINITE: Record<LetterRecipientRole, string> = { guardian: 'vergen', authorised: 'fullmektigen' };

/**
 * Who the letter greets, and what it says first about who it is for: to a guardian or authorised
 * representative, on whose behalf (by name, never by national id), and that "du" means the
 * applicant; in the applicant's copy, that the letter went to their representative.
 */
function addressing(ctx: LetterContext, subject: string): { greeted: string; opening: string | null; subjectLine: string } {
  const applicant = ctx.applicant.name.trim();
  const a = ctx.addressee;
  if (!a) return { greeted: applicant, opening: null, subjectLine: subject };
  if (a.to === 'representative') {
    const onBehalfOf = applicant || 'søkeren';
    return {
      greeted: a.name.trim(),
      opening:
        `Vi sender dette brevet til deg fordi du er ${ROLE_WORD[a.role]} for ${onBehalfOf}. Brevet gjelder saken til ${onBehalfOf}. ` +
        `Når vi skriver «du» og «din» i brevet, mener vi ${onBehalfOf}.`,
      subjectLine: applicant ? `${subject} – gjelder ${applicant}` : subject,
    };
  }
  const role = ROLE_WORD_DEFINITE[a.copyTo.role];
  return {
    greeted: applicant,
    opening: `Dette er en kopi til deg. Brevet er sendt til ${a.copyTo.name}, som er ${role} din. Brev i saken din går til ${role}, og du får en kopi av dem.`,
    subjectLine: `Kopi: ${subject}`,
  };
}

/**
 * The rules a decision is made under (forvaltningsloven § 25 første ledd): each service's own
 * provisions, and, where a service is a right, what that right is (`statutoryRight`).
 */
export function legalBasisSection(codes: readonly string[], statutoryRight: string): string {
  const lines = codes.map((code) => {
    const service = findService(code);
    return service ? `${service.name}: ${service.legalBasis}` : code;
  });
  const text = [`Vedtaket er gjort etter disse reglene:\n${bullets(lines)}`];
  if (codes.some((code) => findService(code)?.statutory)) text.push(statutoryRight);
  return text.join('\n\n');
}

/** How to appeal, after the routes to the appeal bodies: the same words in every decision that ends or refuses a service. */
export function howToAppeal(m: MunicipalityPolicy): string[] {
  return [
    'Klagen må være skriftlig og underskrevet, og si hva du ønsker endret. Det er nok at klagen er postlagt innen fristen.',
    `Send klagen til oss: ${officePostalLine(m)}. Vi vurderer saken på nytt før vi eventuelt sender den videre.`,
    `Trenger du hjelp til å skrive klagen, kan du kontakte oss på telefon ${m.office.phone}.`,
    'Kommer klagen for sent, kan den likevel bli behandlet hvis det er særlige grunner til det (forvaltningsloven § 31).',
  ];
}
