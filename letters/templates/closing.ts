// Saken avsluttes: withdrawn, refused and final, services terminated, or a time-limited decision expired.
import type { AppealBody } from '../../domain/case/caseTypes';
import type { LetterContext, RenderedLetter } from '../types';
import {
  APPEAL_RULES,
  appealBodyName,
  appealBodyOf,
  bullets,
  capitalise,
  composeLetter,
  formatDay,
  formatDeadline,
  formatLastDay,
  norwegianLength,
  officePostalLine,
  orderedBodies,
  RIGHT_TO_SEE_DOCUMENTS,
  servicesInSentence,
  howToAppeal,
} from './common';
import { decisionCodes, serviceOutcomes } from './decision';
import { changeSection, DEFERRAL_RIGHT, noticeSection, terminationRules } from './reductions';

const APPLY_AGAIN = 'Trenger du hjelp senere, er du velkommen til å søke på nytt.';

export function renderClosing(ctx: LetterContext): RenderedLetter {
  const { view, details, municipality: m } = ctx;
  const subject = 'Saken din er avsluttet';
  const decision = view.decision;
  switch (view.closedReason) {
    case 'withdrawn':
      return composeLetter(ctx, subject, [
        `Vi har registrert at søknaden din om ${servicesInSentence(view.services)} er trukket tilbake, og har avsluttet saken.`,
        details.reason?.trim() && `Dette har vi registrert:\n${details.reason.trim()}`,
        'Var dette en misforståelse, ber vi deg ta kontakt med oss så snart som mulig.',
        APPLY_AGAIN,
      ]);
    case 'refused': {
      const how = view.appeal?.appealBodyDecision
        ? 'Klagen din er avgjort, og vedtaket er endelig.'
        : view.appeal?.reconsideration?.outcome === 'dismissed'
          ? 'Klagen din er avvist, og vedtaket er endelig.'
          : 'Klagefristen har gått ut uten at vi har fått noen klage, og vedtaket er nå endelig.';
      const about = decision ? ` om ${servicesInSentence(decisionCodes(view, decision))}` : '';
      return composeLetter(ctx, subject, [
        `${how} Vedtaket${decision ? ` av ${formatDay(decision.decidedAt)}` : ''}${about} var et avslag, og saken er derfor avsluttet.`,
        'Endrer situasjonen din seg, er du velkommen til å søke på nytt.',
      ]);
    }
    case 'terminated': {
      // Opphør is a decision (fvl § 2): its reasons, and for each service its appeal deadline and appeal body.
      const termination = decision?.terminates ? decision : null;
      const codes = termination ? decisionCodes(view, termination) : view.services;
      const services = servicesInSentence(codes);
      const bodies: AppealBody[] = orderedBodies(codes.map(appealBodyOf));
      const routes = bodies.map((b) => {
        const these = codes.filter((code) => appealBodyOf(code) === b);
        const deadline = termination?.appealDeadlines[b];
        return (
          `${capitalise(servicesInSentence(these))}: klagefristen er ${norwegianLength(m.timers.appealWindow[b])} fra du fikk dette brevet (${APPEAL_RULES[b].deadline})` +
          (deadline ? `, og klagen må være postlagt eller levert til oss senest ${formatDeadline(deadline)}` : '') +
          `. Klageinstans er ${appealBodyName(b, m)} (${APPEAL_RULES[b].right}).`
        );
      });
      const reason = termination?.justification.trim() || details.reason?.trim();
      // The decision it ends, the date the services end, the legal basis, the notice or urgency, and § 42.
      if (termination?.replaces) {
        const endsOn = termination.effectiveFrom ? ` fra og med ${formatDay(termination.effectiveFrom)}` : '';
        return composeLetter(ctx, `Vedtak om avslutning av ${services}`, [
          `Vi har vurdert behovet ditt på nytt og kommet fram til at ${services} skal avsluttes${endsOn}. Dette brevet er vedtaket om det. Det endrer vedtaket vårt av ${formatDay(termination.replaces.decidedAt)}, og saken din avsluttes.`,
          changeSection(termination),
          reason && `Begrunnelse\n${reason}`,
          noticeSection(view, termination),
          terminationRules(codes),
          `Du kan klage\nEr du uenig, kan du klage. Fristen regnes fra ${formatDay(termination.deliveredAt)}, da du fikk vedtaket.\n${bullets([
            ...routes,
            ...howToAppeal(m),
          ])}`,
          DEFERRAL_RIGHT,
          RIGHT_TO_SEE_DOCUMENTS,
          APPLY_AGAIN,
        ]);
      }
      return composeLetter(ctx, 'Tjenestene dine avsluttes', [
        `Vi har vurdert behovet ditt på nytt og kommet fram til at ${services} skal avsluttes. Dette brevet er vedtaket om det, og saken er derfor avsluttet.`,
        reason && `Begrunnelse\n${reason}`,
        `Du kan klage\nEr du uenig, kan du klage.\n${bullets([
          ...routes,
          ...howToAppeal(m),
        ])}`,
        RIGHT_TO_SEE_DOCUMENTS,
        APPLY_AGAIN,
      ]);
    }
    case 'expired': {
      const codes = decision ? serviceOutcomes(view, decision).filter((o) => o.granted).map((o) => o.code) : view.services;
      const until = view.deadlines.expiresAt ? ` gjaldt til og med ${formatLastDay(view.deadlines.expiresAt)}` : ' var tidsbegrenset';
      return composeLetter(ctx, subject, [
        `Vedtaket ditt om ${servicesInSentence(codes.length > 0 ? codes : view.services)}${until}. ${codes.length > 1 ? 'Tjenestene' : 'Tjenesten'} er nå avsluttet, og saken er avsluttet.`,
        `Trenger du fortsatt hjelp, kan du søke på nytt. Ring oss gjerne på ${m.office.phone}, så hjelper vi deg.`,
      ]);
    }
    default:
      return composeLetter(ctx, subject, [
        'Saken din er avsluttet.',
        details.reason?.trim() && `Begrunnelse\n${details.reason.trim()}`,
        APPLY_AGAIN,
      ]);
  }
}
