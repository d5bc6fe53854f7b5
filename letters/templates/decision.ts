// Vedtak: the outcome for each service with its scope, the reasons (forvaltningsloven §§ 24, 25), and
// the appeal: right, deadline per appeal body, where and how (forvaltningsloven § 27 tredje ledd),
// help to write it, and the right to see the case's documents (§ 18).
import { findService } from '../../domain/policy/catalogue';
import { serviceVerdicts } from '../../domain/case/decidedServices';
import type { AppealBody, CaseView, Decision, DecisionOutcome } from '../../domain/case/caseTypes';
import type { LetterContext, RenderedLetter } from '../types';
import { changeIntro, changeSection, changeWord, DEFERRAL_RIGHT, noticeSection, serviceChanges } from './reductions';
import {
  APPEAL_RULES,
  appealBodyName,
  appealBodyOf,
  bullets,
  legalBasisSection,
  capitalise,
  caseReference,
  composeLetter,
  COSTS_AFTER_REVERSAL,
  formatDay,
  formatDeadline,
  formatLastDay,
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

export interface ServiceOutcome {
  code: string;
  granted: boolean;
  /** On the waiting list for a long-term care home place (pbrl § 2-1 e): neither granted nor refused. */
  waiting: boolean;
  /** "5 timer per uke, fra og med …" for a granted service; '' otherwise. */
  scope: string;
}

/**
 * What the decision says for each service: its own outcome (granted or refused), and for a partly
 * granted or refused decision, the services applied for that it leaves out, refused.
 */
export function serviceOutcomes(view: CaseView, decision: Decision): ServiceOutcome[] {
  return serviceVerdicts(decision, view.services).map((v) => {
    const granted = v.outcome === 'granted';
    return { code: v.code, granted, waiting: v.outcome === 'waiting_list', scope: granted && v.service ? scopeText(v.service) : '' };
  });
}

/** Every service the decision speaks of, in the order the letter lists them. */
export function decisionCodes(view: CaseView, decision: Decision): string[] {
  return [...new Set(serviceOutcomes(view, decision).map((o) => o.code))];
}

const OUTCOME_WORDS: Record<DecisionOutcome, { subject: string; sentence: string }> = {
  granted: { subject: 'innvilget', sentence: 'Søknaden din er innvilget.' },
  partially_granted: { subject: 'delvis innvilget', sentence: 'Søknaden din er delvis innvilget. Det betyr at du får noe, men ikke alt du har søkt om.' },
  refused: { subject: 'avslag', sentence: 'Søknaden din er avslått.' },
};

// The waiting-list decision (pasient- og brukerrettighetsloven § 2-1 e).
const WAITING_SENTENCE = 'Du fyller vilkårene for langtidsopphold i sykehjem. Det er ikke ledig plass som passer for deg nå, og du er derfor satt på venteliste.';

/** What the waiting list means for the applicant: the right, what happens next, and the help meanwhile. */
function waitingListSection(view: CaseView, decision: Decision): Section {
  if (!serviceOutcomes(view, decision).some((o) => o.waiting)) return null;
  return [
    'Venteliste for langtidsopphold i sykehjem',
    'Du har rett til et vedtak om at du står på venteliste når du fyller vilkårene for langtidsopphold, men ikke får plass med en gang (pasient- og brukerrettighetsloven § 2-1 e og helse- og omsorgstjenesteloven § 3-2 a).',
    'Saken din er ikke avsluttet. Så snart vi kan tilby deg en plass, får du et nytt vedtak med tidspunktet du kan flytte inn.',
    'Mens du venter, skal du få den hjelpen du trenger på andre måter. Gi oss beskjed hvis helsen eller situasjonen din endrer seg, så vurderer vi saken på nytt.',
  ].join('\n');
}

function serviceLine(o: ServiceOutcome): string {
  return o.scope ? `${serviceName(o.code)}: ${o.scope}` : serviceName(o.code);
}

/** The outcome section: what is granted and what is not, each service with its scope. */
export function outcomeSection(view: CaseView, decision: Decision): string {
  const outcomes = serviceOutcomes(view, decision);
  const granted = outcomes.filter((o) => o.granted);
  const waiting = outcomes.filter((o) => o.waiting);
  const refused = outcomes.filter((o) => !o.granted && !o.waiting);
  const sentence = waiting.length > 0 && granted.length === 0 && refused.length === 0 ? WAITING_SENTENCE : OUTCOME_WORDS[decision.outcome].sentence;
  const lines = [`Vedtak\n${sentence}`];
  if (granted.length > 0) lines.push(`Du får:\n${bullets(granted.map(serviceLine))}`);
  if (waiting.length > 0) lines.push(`Du står på venteliste for:\n${bullets(waiting.map(serviceLine))}`);
  if (refused.length > 0) lines.push(`${granted.length > 0 ? 'Du får ikke' : 'Du får ikke innvilget'}:\n${bullets(refused.map(serviceLine))}`);
  return lines.join('\n\n');
}

/** The rules the decision is made under (forvaltningsloven § 25 første ledd). */
function rulesSection(view: CaseView, decision: Decision): string {
  return legalBasisSection(
    decisionCodes(view, decision),
    'Du har rett til nødvendige helse- og omsorgstjenester fra kommunen (pasient- og brukerrettighetsloven § 2-1 a andre ledd). Kommunen skal gi tjenester som er forsvarlige ut fra behovet ditt (helse- og omsorgstjenesteloven §§ 3-1 og 4-1).',
  );
}

function validitySection(ctx: LetterContext, decision: Decision): Section {
  if (decision.outcome === 'refused') return null;
  // Only on the waiting list: nothing runs yet, so nothing to say about how long it runs.
  if (decision.services.every((s) => s.outcome === 'waiting_list')) return null;
  const untils = decision.services.filter((s) => s.until && s.hoursPerWeek !== 0).map((s) => s.until as string);
  const lines: string[] = [];
  if (ctx.view.deadlines.expiresAt || untils.length > 0) {
    const last = ctx.view.deadlines.expiresAt ? formatLastDay(ctx.view.deadlines.expiresAt) : listNorwegian(untils.map(formatLastDay));
    lines.push(`Vedtaket er tidsbegrenset og gjelder til og med ${last}. Trenger du hjelp etter dette, må du søke på nytt i god tid før vedtaket går ut.`);
  } else {
    lines.push(
      `Vedtaket gjelder inntil videre. Vi vurderer jevnlig om tjenestene fortsatt passer behovet ditt, første gang om lag ${norwegianLength(ctx.municipality.timers.reEvaluationEvery)} etter at vedtaket er endelig.`,
    );
  }
  lines.push('Gi oss beskjed hvis behovet ditt endrer seg.');
  lines.push('Noen tjenester har egenandel. Skal du betale egenandel, får du et eget vedtak om det.');
  return `Hvor lenge vedtaket gjelder\n${lines.join(' ')}`;
}

/** The codes each appeal body hears, from the decision and the application. */
function codesByBody(view: CaseView, decision: Decision): Map<AppealBody, string[]> {
  const map = new Map<AppealBody, string[]>();
  for (const code of decisionCodes(view, decision)) {
    const body = appealBodyOf(code);
    map.set(body, [...(map.get(body) ?? []), code]);
  }
  return map;
}

/** Klageadgang, klagefrist, klageinstans and how to appeal (forvaltningsloven § 27 tredje ledd). */
export function appealSections(ctx: LetterContext, decision: Decision): Section[] {
  const { view, municipality: m } = ctx;
  const deadlines = decision.appealDeadlines;
  const bodies = orderedBodies(Object.keys(deadlines) as AppealBody[]);
  if (bodies.length === 0) {
    if (decision.decidedBy !== 'office') {
      return [
        `Vedtaket er endelig\nVedtaket er gjort av ${appealBodyName(decision.decidedBy, m)} som klageinstans, og kan ikke påklages (forvaltningsloven § 28 tredje ledd).`,
        RIGHT_TO_SEE_DOCUMENTS,
      ];
    }
    // No deadline was computed (an unknown service): the right to appeal holds all the same.
    bodies.push(...orderedBodies(codesByBody(view, decision).keys()));
  }
  const byBody = codesByBody(view, decision);
  const routes = bodies.map((body) => {
    const codes = byBody.get(body) ?? [];
    const rules = APPEAL_RULES[body];
    const deadline = deadlines[body];
    const what = codes.length > 0 ? `Klage på vedtaket om ${servicesInSentence(codes)}` : 'Klage på vedtaket';
    return [
      `${what}:`,
      `Klagefristen er ${norwegianLength(m.timers.appealWindow[body])} (${rules.deadline}).` +
        (deadline ? ` Klagen må være postlagt eller levert til oss senest ${formatDeadline(deadline)}.` : ''),
      `Klageinstans er ${appealBodyName(body, m)} (${rules.right}).`,
    ].join('\n');
  });
  const bodyNames = appealBodyName(bodies[0] ?? 'statsforvalteren', m);
  const formRules = listNorwegian(bodies.map((b) => APPEAL_RULES[b].form));
  const how = [
    `Klagen må være skriftlig og underskrevet av deg eller av noen som har fullmakt fra deg (${formRules}).`,
    `Skriv hvilket vedtak du klager på (oppgi saksnummer ${caseReference(view)}), hva du ønsker endret, og gjerne hvorfor. Legg gjerne ved opplysninger du mener har betydning for saken.`,
    `Send klagen til oss: ${officePostalLine(m)}. Du kan også levere den hos oss. Det er nok at klagen er postlagt innen fristen.`,
    bodies.length === 1
      ? `Vi vurderer først saken på nytt. Gir vi deg ikke medhold, sender vi klagen videre til ${bodyNames}, som avgjør den.`
      : 'Vi vurderer først saken på nytt. Gir vi deg ikke medhold, sender vi klagen videre til klageinstansen for den tjenesten klagen gjelder (se ovenfor), som avgjør den.',
    `Trenger du hjelp til å skrive klagen, kan du kontakte oss på telefon ${m.office.phone}. Vi hjelper deg gjerne.`,
    'Kommer klagen for sent, kan den likevel bli behandlet hvis det er særlige grunner til det (forvaltningsloven § 31).',
  ];
  // By post, the period counts from the day the letter is presumed to arrive (fvl § 29, pbrl § 7-5).
  const from =
    decision.receipt === 'post'
      ? `Vedtaket er sendt til deg i posten ${formatDay(decision.decidedAt)}. Vi regner med at du fikk det ${formatDay(decision.deliveredAt)}, og fristen regnes fra den dagen. Fikk du brevet senere, kan du si fra til oss, så regner vi fristen fra den dagen du fikk det.`
      : `Fristen regnes fra ${formatDay(decision.deliveredAt)}, da du fikk vedtaket.`;
  return [
    `Du kan klage på vedtaket\nDu har rett til å klage på vedtaket. ${from}`,
    ...routes,
    `Slik klager du\n${bullets(how)}`,
    RIGHT_TO_SEE_DOCUMENTS,
  ];
}

/** The decision is the office's reversal on appeal (omgjøring, fvl § 33), in full or in part: in the applicant's favour. */
function isReversalOnAppeal(view: CaseView, decision: Decision): boolean {
  const reconsidered = view.appeal?.reconsideration;
  return !!reconsidered && (reconsidered.outcome === 'reversed' || reconsidered.outcome === 'partially_reversed') && decision.decidedAt >= reconsidered.at;
}

function introSection(view: CaseView, decision: Decision): string {
  const reconsidered = view.appeal?.reconsideration;
  if (reconsidered && isReversalOnAppeal(view, decision)) {
    return `Vi har vurdert klagen din på nytt. ${reconsidered.outcome === 'reversed' ? 'Du får medhold, og vi endrer vedtaket.' : 'Du får delvis medhold, og vi endrer vedtaket slik det står nedenfor.'} Dette nye vedtaket erstatter det forrige.`;
  }
  return `Vi har vurdert behovet ditt for ${servicesInSentence(decisionCodes(view, decision))} og har gjort dette vedtaket. Saken gjelder søknaden vi mottok ${formatDay(view.receivedAt)}.`;
}

export function renderDecision(ctx: LetterContext): RenderedLetter {
  const { view } = ctx;
  const decision = view.decision;
  if (!decision) {
    // Never expected: a decision letter is issued after the decision is set. Say so plainly rather than fail.
    return composeLetter(ctx, 'Vedtak i saken din', ['Vi har gjort vedtak i saken din. Ta kontakt med oss, så går vi gjennom det med deg.']);
  }
  // A decision that changes an earlier one says what it replaces and from when, and is worded as what it is.
  if (decision.replaces && decision.decidedBy === 'office' && !isReversalOnAppeal(view, decision)) {
    const reduces = (decision.reduces ?? []).length > 0;
    return composeLetter(ctx, capitalise(`Vedtak om endring av ${servicesInSentence(serviceChanges(decision).map((c) => c.code))} – ${changeWord(decision)}`), [
      changeIntro(view, decision),
      changeSection(decision),
      `Begrunnelse\n${decision.justification.trim()}`,
      noticeSection(view, decision),
      rulesSection(view, decision),
      validitySection(ctx, decision),
      ...appealSections(ctx, decision),
      reduces ? DEFERRAL_RIGHT : null,
    ]);
  }
  const waitingOnly = decision.services.length > 0 && decision.services.every((s) => s.outcome === 'waiting_list');
  const subject = `Vedtak om ${servicesInSentence(decisionCodes(view, decision))} – ${waitingOnly ? 'venteliste' : OUTCOME_WORDS[decision.outcome].subject}`;
  return composeLetter(ctx, capitalise(subject), [
    introSection(view, decision),
    outcomeSection(view, decision),
    waitingListSection(view, decision),
    `Begrunnelse\n${decision.justification.trim()}`,
    rulesSection(view, decision),
    validitySection(ctx, decision),
    isReversalOnAppeal(view, decision) ? COSTS_AFTER_REVERSAL : null,
    ...appealSections(ctx, decision),
  ]);
}
