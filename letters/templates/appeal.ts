// The appeal chain (forvaltningsloven §§ 28–34, pasient- og brukerrettighetsloven kap. 7): the
// appeal has arrived, it is forwarded to the appeal body, and how it ended.
import type { AppealBody, CaseView } from '../../domain/case/caseTypes';
import type { MunicipalityPolicy } from '../../domain/policy/policyTypes';
import type { LetterContext, RenderedLetter } from '../types';
import {
  appealBodyName,
  appealBodyOf,
  appealBodyShortName,
  capitalise,
  composeLetter,
  COSTS_AFTER_REVERSAL,
  formatDay,
  formatDeadline,
  listNorwegian,
  officePostalLine,
  orderedBodies,
  RIGHT_TO_SEE_DOCUMENTS,
  servicesInSentence,
} from './common';
import { decisionCodes, outcomeSection } from './decision';

function decisionDescription(view: CaseView): string {
  const decision = view.decision;
  if (!decision) return 'vedtaket i saken din';
  return `vedtaket av ${formatDay(decision.decidedAt)} om ${servicesInSentence(decisionCodes(view, decision))}`;
}

/** The bodies that may hear this appeal: the one it went to, else those the decision named. */
function possibleBodies(view: CaseView): AppealBody[] {
  if (view.appealBody) return [view.appealBody];
  const fromDeadlines = Object.keys(view.decision?.appealDeadlines ?? {}) as AppealBody[];
  if (fromDeadlines.length > 0) return orderedBodies(fromDeadlines);
  return orderedBodies(view.services.map(appealBodyOf));
}

function bodiesText(view: CaseView, m: MunicipalityPolicy): string {
  return listNorwegian(possibleBodies(view).map((b) => appealBodyName(b, m)), 'eller');
}

export function renderAppealAcknowledgement(ctx: LetterContext): RenderedLetter {
  const { view, municipality: m } = ctx;
  const appeal = view.appeal;
  const received = appeal ? ` ${formatDay(appeal.receivedAt)}` : '';
  const late =
    appeal?.late &&
    `Klagen kom etter at klagefristen gikk ut${view.deadlines.appealBy ? ` (${formatDeadline(view.deadlines.appealBy)})` : ''}. Vi vurderer likevel om den kan behandles, for eksempel om du ikke kan lastes for at den kom for sent, eller om det er særlige grunner til det (forvaltningsloven § 31). Skriv gjerne til oss hvorfor klagen kom for sent.`;
  return composeLetter(ctx, 'Vi har mottatt klagen din', [
    `Vi mottok${received} klagen din på ${decisionDescription(view)}.`,
    late,
    `Slik behandler vi klagen\nFørst vurderer vi saken på nytt (forvaltningsloven § 33). Gir vi deg medhold, får du et nytt vedtak fra oss. Gir vi deg ikke medhold, eller bare delvis, sender vi klagen til ${bodiesText(view, m)}, som avgjør den. Du får beskjed fra oss underveis.`,
    'Klagen må være underskrevet. Mangler klagen underskrift eller opplysninger vi trenger, tar vi kontakt med deg, slik at du kan rette det.',
    'Har du flere opplysninger du vil at vi skal ta med i vurderingen, kan du sende dem til oss.',
    RIGHT_TO_SEE_DOCUMENTS,
  ]);
}

export function renderAppealForwarded(ctx: LetterContext): RenderedLetter {
  const { view, municipality: m } = ctx;
  const body = ctx.details.appealBody ?? view.appealBody ?? possibleBodies(view)[0] ?? 'statsforvalteren';
  const name = appealBodyName(body, m);
  const reconsideration = view.appeal?.reconsideration;
  const parts = view.appealBodies ?? [];
  const own = parts.find((p) => p.body === body);
  const others = parts.filter((p) => p.body !== body);
  const outcome =
    reconsideration?.outcome === 'partially_reversed'
      ? 'Vi har vurdert klagen din på nytt og gir deg delvis medhold. Det nye vedtaket får du i et eget brev. Den delen av klagen vi ikke har tatt til følge, sender vi videre.'
      : `Vi har vurdert saken på nytt etter klagen din på ${decisionDescription(view)}, men har ikke funnet grunn til å endre vedtaket.`;
  // Where two bodies each hear a part, each letter says which part went where (fvl § 28 andre ledd).
  const split =
    own && others.length > 0
      ? `Klagen gjelder tjenester som hører under ulike klageinstanser. Den delen som gjelder ${servicesInSentence(own.services)}, er sendt til ${name}. ` +
        others.map((o) => `Den delen som gjelder ${servicesInSentence(o.services)}, er sendt til ${appealBodyName(o.body, m)}, og om den får du et eget brev.`).join(' ')
      : null;
  return composeLetter(ctx, `Klagen din er sendt til ${appealBodyShortName(body, m)}`, [
    outcome,
    reconsideration?.justification.trim() && `Vår vurdering\n${reconsideration.justification.trim()}`,
    split,
    `Vi har derfor sendt klagen${own && others.length > 0 ? ` om ${servicesInSentence(own.services)}` : ''} og dokumentene i saken til ${name}, som avgjør klagen. ${capitalise(name)} kan prøve alle sider av saken.`,
    `Har du merknader til vurderingen vår, kan du sende dem til oss eller til ${name}. Du får beskjed når klagen er avgjort.`,
    RIGHT_TO_SEE_DOCUMENTS,
  ]);
}

export function renderAppealOutcome(ctx: LetterContext): RenderedLetter {
  const { view, municipality: m } = ctx;
  const appeal = view.appeal;
  const ruling = appeal?.appealBodyDecision;
  if (!ruling) {
    // The office dismissed the appeal (avvist, forvaltningsloven § 33 andre ledd): the decision stands.
    const justification = appeal?.reconsideration?.justification.trim();
    return composeLetter(ctx, 'Klagen din er avvist', [
      `Vi kan ikke behandle klagen din på ${decisionDescription(view)}, og har derfor avvist den (forvaltningsloven § 33 andre ledd). Vedtaket gjelder som før.`,
      justification && `Begrunnelse\n${justification}`,
      view.status === 'decided' && view.deadlines.appealBy
        ? `Klagefristen for vedtaket går ut ${formatDeadline(view.deadlines.appealBy)}. Du kan sende en ny klage innen fristen.`
        : null,
      dismissalAppealSection(ctx),
      RIGHT_TO_SEE_DOCUMENTS,
    ]);
  }
  const body = ctx.details.appealBody ?? view.appealBody ?? 'statsforvalteren';
  const name = appealBodyName(body, m);
  const Name = capitalise(name);
  const justification = ruling.justification?.trim() && `Begrunnelsen fra ${name}\n${ruling.justification.trim()}`;
  const waiting = (view.appealBodies ?? []).filter((p) => p.body !== body && p.outcome === null);
  const ownPart = (view.appealBodies ?? []).find((p) => p.body === body && waiting.length > 0);
  const final =
    `Avgjørelsen er endelig og kan ikke påklages (forvaltningsloven § 28 tredje ledd).` +
    (ownPart ? ` Den gjelder ${servicesInSentence(ownPart.services)}.` : '') +
    waiting.map((p) => ` Den delen av klagen som gjelder ${servicesInSentence(p.services)}, er til behandling hos ${appealBodyName(p.body, m)}. Du får et eget brev når den er avgjort.`).join('');
  switch (ruling.outcome) {
    case 'upheld':
      return composeLetter(ctx, 'Klagen din er avgjort', [
        `${Name} har behandlet klagen din og kommet fram til at vedtaket ikke skal endres. Vedtaket gjelder som før.`,
        justification,
        final,
        view.status === 'active' ? 'Du får tjenestene slik vedtaket sier. Gi oss beskjed hvis behovet ditt endrer seg.' : null,
        RIGHT_TO_SEE_DOCUMENTS,
      ]);
    case 'reversed':
      return composeLetter(ctx, 'Klagen din er avgjort – du har fått medhold', [
        `${Name} har behandlet klagen din og gitt deg medhold. Vedtaket er endret.`,
        view.decision ? outcomeSection(view, view.decision) : null,
        justification,
        COSTS_AFTER_REVERSAL,
        final,
        RIGHT_TO_SEE_DOCUMENTS,
      ]);
    case 'quashed':
      return composeLetter(ctx, 'Klagen din er avgjort – saken behandles på nytt', [
        `${Name} har behandlet klagen din og opphevet vedtaket. Saken er sendt tilbake til oss, og vi behandler den på nytt.`,
        justification,
        'Du får et nytt vedtak fra oss. Det nye vedtaket kan du klage på.',
        RIGHT_TO_SEE_DOCUMENTS,
      ]);
  }
}

/**
 * An avvisning is itself a decision (forvaltningsloven § 2 tredje ledd): its letter gives the right
 * to appeal it, the deadline and the appeal body (§ 27 tredje ledd).
 */
function dismissalAppealSection(ctx: LetterContext): string {
  const { view, municipality: m } = ctx;
  const r = view.appeal?.reconsideration;
  const how = 'Klagen må være skriftlig og underskrevet, og sendes til oss. Kontakt oss hvis du vil ha hjelp til å klage.';
  if (!r?.appealBy || !r.appealBody) return `Du kan klage på at klagen er avvist. ${how}`;
  return [
    'Du kan klage på avvisningen',
    `Avvisningen er et eget vedtak, og du kan klage på det (forvaltningsloven § 2 tredje ledd og § 28). Klagefristen er 3 uker (forvaltningsloven § 29). Klagen må være postlagt eller levert til oss senest ${formatDeadline(r.appealBy)}.`,
    `Klageinstans er ${appealBodyName(r.appealBody, m)}.`,
    `Send klagen til oss: ${officePostalLine(m)}. ${how}`,
  ].join('\n');
}

/** Klagen er trukket: the appeal is closed, the decision stands, and what that means for the case now. */
export function renderAppealWithdrawn(ctx: LetterContext): RenderedLetter {
  const { view, municipality: m } = ctx;
  const forwardedTo = view.appealBody && view.appeal?.reconsideration && view.appeal.reconsideration.outcome !== 'dismissed' ? view.appealBody : null;
  const now =
    view.status === 'decided' && view.deadlines.appealBy
      ? `Vedtaket gjelder som før. Klagefristen går ut ${formatDeadline(view.deadlines.appealBy)}. Ombestemmer du deg, kan du klage på nytt innen fristen.`
      : view.status === 'active'
        ? 'Vedtaket gjelder som før, og du får tjenestene slik vedtaket sier. At klagen er trukket, endrer ikke noe av det du har fått innvilget.'
        : 'Vedtaket gjelder som før, og saken er avsluttet.';
  return composeLetter(ctx, 'Klagen din er trukket', [
    `Vi har fått beskjed om at du trekker klagen din på ${decisionDescription(view)}. Vi har derfor avsluttet behandlingen av klagen.`,
    forwardedTo ? `Klagen var sendt til ${appealBodyName(forwardedTo, m)}. Vi gir beskjed om at den er trukket, så den ikke blir behandlet der.` : null,
    now,
    'Har du spørsmål, eller har behovet ditt endret seg, er du velkommen til å ta kontakt med oss.',
    RIGHT_TO_SEE_DOCUMENTS,
  ]);
}
