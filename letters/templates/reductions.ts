// Decisions that reduce or end a service: the advance notice before them (forhåndsvarsel,
// forvaltningsloven § 16), and the parts a changing decision adds to its letter: what it replaces and
// from when (§§ 24–25), why no notice went out when it was urgent (§ 16 tredje ledd), and the right
// to ask that nothing changes while an appeal runs (utsatt iverksetting, § 42).
import { findService } from '../../domain/policy/catalogue';
import type { AppealBody, CaseView, DecidedService, Decision } from '../../domain/case/caseTypes';
import { grantedServices } from '../../domain/case/decidedServices';
import type { LetterContext, RenderedLetter } from '../types';
import {
  APPEAL_RULES,
  appealBodyName,
  appealBodyOf,
  bullets,
  legalBasisSection,
  capitalise,
  composeLetter,
  formatDay,
  formatDeadline,
  formatHours,
  listNorwegian,
  norwegianLength,
  officePostalLine,
  orderedBodies,
  RIGHT_TO_SEE_DOCUMENTS,
  scopeText,
  serviceName,
  servicesInSentence,
  type Section,
} from './common';

/** What happens to one service the earlier decision gave. */
export type ServiceChange = 'ended' | 'reduced' | 'increased' | 'unchanged' | 'new';

export interface ChangedService {
  code: string;
  change: ServiceChange;
  before: DecidedService | null;
  after: DecidedService | null;
}

/** Each service the earlier decision gave or this one gives, and how it changes. */
export function serviceChanges(decision: Decision): ChangedService[] {
  const before = new Map(grantedServices({ outcome: 'granted', services: decision.replaces?.services ?? [] }).map((s) => [s.code, s]));
  const after = new Map((decision.terminates ? [] : grantedServices(decision)).map((s) => [s.code, s]));
  const codes = [...new Set([...before.keys(), ...after.keys()])];
  return codes.map((code) => {
    const b = before.get(code) ?? null;
    const a = after.get(code) ?? null;
    const change: ServiceChange = !a ? 'ended' : !b ? 'new' : (a.hoursPerWeek ?? 0) < (b.hoursPerWeek ?? 0) ? 'reduced' : (a.hoursPerWeek ?? 0) > (b.hoursPerWeek ?? 0) ? 'increased' : 'unchanged';
    return { code, change, before: b, after: a };
  });
}

/** The word a subject line uses for the change: never "innvilget" for a reduction. */
export function changeWord(decision: Decision): string {
  const changes = serviceChanges(decision);
  if (changes.every((c) => c.change === 'ended')) return 'avsluttet';
  if (changes.some((c) => c.change === 'ended' || c.change === 'reduced')) return 'redusert';
  if (changes.some((c) => c.change === 'increased' || c.change === 'new')) return 'økt';
  return 'endret';
}

function hours(service: DecidedService | null): string {
  return service && typeof service.hoursPerWeek === 'number' && service.hoursPerWeek > 0 ? `${formatHours(service.hoursPerWeek)} per uke` : 'tjenesten slik du har den i dag';
}

function changeLine(c: ChangedService): string {
  const name = serviceName(c.code);
  switch (c.change) {
    case 'ended':
      return `${name}: avsluttes (du har i dag ${hours(c.before)})`;
    case 'reduced':
      return `${name}: reduseres fra ${hours(c.before)} til ${hours(c.after)}`;
    case 'increased':
      return `${name}: økes fra ${hours(c.before)} til ${hours(c.after)}`;
    case 'new':
      return `${name}: ${scopeText(c.after ?? { code: c.code }) || 'innvilget'} (ny tjeneste)`;
    case 'unchanged':
      return `${name}: uendret, ${hours(c.after)}`;
  }
}

/** "fra og med 1. mars 2027" */
function fromWhen(decision: Decision): string {
  return decision.effectiveFrom ? `fra og med ${formatDay(decision.effectiveFrom)}` : `fra ${formatDay(decision.decidedAt)}`;
}

/** The opening of a letter that changes an earlier decision: which one, and that this replaces it. */
export function changeIntro(view: CaseView, decision: Decision): string {
  const replaced = decision.replaces ? ` Dette vedtaket endrer vedtaket vårt av ${formatDay(decision.replaces.decidedAt)} og erstatter det ${fromWhen(decision)}.` : '';
  const codes = serviceChanges(decision).map((c) => c.code);
  return `Vi har vurdert behovet ditt for ${servicesInSentence(codes.length > 0 ? codes : view.services)} på nytt.${replaced}`;
}

/** What changes, service by service, and from when: fvl §§ 24–25, "worded as what it is". */
export function changeSection(decision: Decision): string {
  const changes = serviceChanges(decision);
  const reduces = changes.some((c) => c.change === 'ended' || c.change === 'reduced');
  const lines = [`Dette endres\n${bullets(changes.map(changeLine))}`];
  lines.push(
    `Endringen gjelder ${fromWhen(decision)}.` + (reduces && decision.effectiveFrom ? ' Fram til da får du tjenestene som før.' : ''),
  );
  return lines.join('\n\n');
}

/** Whether the advance notice was given, or why not (fvl § 16). */
export function noticeSection(view: CaseView, decision: Decision): Section {
  if (decision.urgent) {
    return `Forhåndsvarsel\nVi har ikke sendt deg forhåndsvarsel før dette vedtaket, fordi saken ikke kunne vente: ${decision.urgent.reason.trim()} Etter forvaltningsloven § 16 tredje ledd kan vi i slike tilfeller gjøre vedtak uten forhåndsvarsel.`;
  }
  const notice = view.advanceNotice;
  if (notice && Date.parse(notice.sentAt) <= Date.parse(decision.decidedAt)) {
    return `Forhåndsvarsel\nVi sendte deg forhåndsvarsel ${formatDay(notice.sentAt)}, med frist for å uttale deg til ${formatDeadline(notice.commentsBy)} (forvaltningsloven § 16). Merknadene vi har fått fra deg eller fra noen på dine vegne, har vi tatt med i vurderingen.`;
  }
  return null;
}

/** Utsatt iverksetting (fvl § 42): every letter of a decision that reduces or ends a service says it. */
export const DEFERRAL_RIGHT =
  'Du kan be om at endringen venter til klagen er avgjort\nKlager du på vedtaket, kan du samtidig be om at det ikke settes i verk før klagen er avgjort (utsatt iverksetting, forvaltningsloven § 42). Skriv det i klagen, eller ta kontakt med oss. Vi svarer deg skriftlig, og får du utsatt iverksetting, får du tjenestene som før mens klagen behandles.';

/** The rules a termination is made under (fvl § 25 første ledd): each service's own provisions. */
export function terminationRules(codes: readonly string[]): string {
  return legalBasisSection(
    codes,
    'Du har rett til de helse- og omsorgstjenestene du har behov for (pasient- og brukerrettighetsloven § 2-1 a andre ledd). Når vi mener at behovet ikke lenger er til stede, skal vi vurdere det konkret og begrunne det.',
  );
}

const PROPOSAL_WORDS = { reduce: 'redusere', terminate: 'avslutte' } as const;

/** Forhåndsvarsel: what the office considers, why, the deadline for comments and how to comment. */
export function renderAdvanceNotice(ctx: LetterContext): RenderedLetter {
  const { view, municipality: m } = ctx;
  const notice = view.advanceNotice;
  if (!notice) {
    return composeLetter(ctx, 'Forhåndsvarsel om endring av tjenestene dine', ['Vi vurderer å endre tjenestene dine. Ta kontakt med oss, så forteller vi deg mer.']);
  }
  const codes = notice.services.map((s) => s.code);
  const proposals = [...new Set(notice.services.map((s) => PROPOSAL_WORDS[s.proposal]))];
  const subject = `Forhåndsvarsel: vi vurderer å ${listNorwegian(proposals, 'eller')} ${servicesInSentence(codes)}`;
  const lines = notice.services.map((s) => {
    const now = s.currentHoursPerWeek ? `${formatHours(s.currentHoursPerWeek)} per uke` : null;
    if (s.proposal === 'terminate') return `${serviceName(s.code)}: avslutte tjenesten${now ? ` (du har i dag ${now})` : ''}`;
    const to = s.hoursPerWeek !== undefined ? `${formatHours(s.hoursPerWeek)} per uke` : 'et mindre omfang';
    return `${serviceName(s.code)}: redusere${now ? ` fra ${now}` : ''} til ${to}`;
  });
  const bodies: AppealBody[] = orderedBodies(codes.map(appealBodyOf));
  const routes = bodies.map((b) => `${capitalise(servicesInSentence(codes.filter((c) => appealBodyOf(c) === b)))}: klagefristen blir ${norwegianLength(m.timers.appealWindow[b])}, og klageinstans er ${appealBodyName(b, m)} (${APPEAL_RULES[b].right}).`);
  const decidedAt = view.decision ? ` av ${formatDay(view.decision.decidedAt)}` : '';
  return composeLetter(ctx, capitalise(subject), [
    `Vi vurderer å endre vedtaket ditt${decidedAt} om ${servicesInSentence(codes)}. Før vi gjør et nytt vedtak, vil vi gi deg mulighet til å si din mening (forhåndsvarsel etter forvaltningsloven § 16).`,
    `Dette vurderer vi\n${bullets(lines)}`,
    `Hvorfor\n${notice.reason}`,
    `Frist for å uttale deg\nVi ber om at du gir oss merknadene dine senest ${formatDeadline(notice.commentsBy)}. Du kan skrive til oss (${officePostalLine(m)}) eller ringe oss på telefon ${m.office.phone}. Har du opplysninger som har betydning, for eksempel fra fastlegen din, ber vi deg sende dem med. Du kan også be en pårørende eller en fullmektig om å uttale seg for deg.`,
    `Dette er ikke et vedtak\nDette brevet er et varsel, ikke et vedtak, og det kan ikke påklages. Vi gjør ikke vedtak før fristen har gått ut, og vi tar med det du sier i vurderingen. Fram til et eventuelt nytt vedtak får du tjenestene som før.`,
    `Hvis vedtaket blir endret\nDu kan klage på et nytt vedtak, og du kan be om at det ikke settes i verk før klagen er avgjort (forvaltningsloven § 42).\n${bullets(routes)}`,
    RIGHT_TO_SEE_DOCUMENTS,
  ]);
}

/** Svar på anmodning om utsatt iverksetting (fvl § 42): yes or no, why, and what it means for the services. */
export function renderDeferralAnswer(ctx: LetterContext): RenderedLetter {
  const { view, municipality: m } = ctx;
  const answer = view.deferral;
  const decision = view.decision;
  if (!answer || !decision) {
    return composeLetter(ctx, 'Svar om utsatt iverksetting', ['Vi har svart på spørsmålet ditt om utsatt iverksetting. Ta kontakt med oss, så forklarer vi deg svaret.']);
  }
  const codes = serviceChanges(decision).map((c) => c.code);
  const about = `vedtaket vårt av ${formatDay(decision.decidedAt)} om ${servicesInSentence(codes.length > 0 ? codes : view.services)}`;
  const before = (decision.replaces?.services ?? []).filter((s) => s.outcome !== 'refused').map((s) => `${serviceName(s.code)}${scopeText(s) ? `: ${scopeText(s)}` : ''}`);
  const bodies = orderedBodies(codes.map(appealBodyOf)).map((b) => appealBodyName(b, m));
  const sections: Section[] = answer.granted
    ? [
        `Du har bedt om at ${about} ikke settes i verk før klagen din er avgjort. Vi har bestemt at vedtaket venter til klagen er avgjort (utsatt iverksetting, forvaltningsloven § 42).`,
        before.length > 0 ? `Fram til klagen er avgjort, får du tjenestene som før:\n${bullets(before)}` : 'Fram til klagen er avgjort, får du tjenestene som før.',
        `Begrunnelse\n${answer.justification}`,
        'Når klagen er avgjort, får du beskjed om hva som gjelder fra da.',
      ]
    : [
        `Du har bedt om at ${about} ikke settes i verk før klagen din er avgjort. Vi har kommet fram til at vedtaket settes i verk som bestemt${decision.effectiveFrom ? `, fra og med ${formatDay(decision.effectiveFrom)}` : ''}.`,
        `Begrunnelse\n${answer.justification}`,
        `Dette svaret er ikke et enkeltvedtak og kan ikke påklages. Du kan likevel be klageinstansen (${listNorwegian(bodies, 'eller')}) om utsatt iverksetting når klagen er sendt dit (forvaltningsloven § 42). Klagen din behandles som før. Send spørsmål til oss: ${officePostalLine(m)}, eller ring ${m.office.phone}.`,
      ];
  return composeLetter(ctx, answer.granted ? 'Svar om utsatt iverksetting: vedtaket venter til klagen er avgjort' : 'Svar om utsatt iverksetting: vedtaket settes i verk', sections);
}
