// While services run: the periodic re-evaluation and the notice before a time-limited decision ends.
import type { CaseView } from '../../domain/case/caseTypes';
import type { LetterContext, RenderedLetter } from '../types';
import { composeLetter, formatDay, formatDeadline, formatLastDay, servicesInSentence } from './common';
import { serviceOutcomes } from './decision';

/** The services the applicant has now: the granted ones, else those applied for. */
function currentServices(view: CaseView): string[] {
  if (!view.decision) return view.services;
  const granted = serviceOutcomes(view, view.decision).filter((o) => o.granted).map((o) => o.code);
  return granted.length > 0 ? granted : view.services;
}

export function renderReEvaluationNotice(ctx: LetterContext): RenderedLetter {
  const { view } = ctx;
  const since = view.decision ? ` etter vedtaket av ${formatDay(view.decision.decidedAt)}` : '';
  const due = view.deadlines.nextReEvaluationAt ? ` innen ${formatDeadline(view.deadlines.nextReEvaluationAt)}` : '';
  return composeLetter(ctx, 'Vi skal vurdere tjenestene dine på nytt', [
    `Du har i dag ${servicesInSentence(currentServices(view))}${since}. Vi vurderer jevnlig om tjenestene fortsatt passer behovet ditt, og nå er det tid for en ny vurdering.`,
    `Vi tar kontakt med deg${due} for å avtale en samtale, eventuelt et hjemmebesøk. Du får tjenestene som før til du har fått beskjed om noe annet. Endrer vi vedtaket, får du et nytt vedtak som du kan klage på.`,
    'Har behovet ditt endret seg, er det fint om du gir oss beskjed.',
  ]);
}

export function renderExpiryNotice(ctx: LetterContext): RenderedLetter {
  const { view } = ctx;
  const codes = currentServices(view);
  const services = servicesInSentence(codes);
  const lastDay = view.deadlines.expiresAt ? formatLastDay(view.deadlines.expiresAt) : null;
  return composeLetter(ctx, 'Vedtaket ditt går snart ut', [
    lastDay
      ? `Vedtaket ditt om ${services} gjelder til og med ${lastDay}. Etter denne datoen avsluttes ${codes.length > 1 ? 'tjenestene' : 'tjenesten'}, og saken blir avsluttet.`
      : `Vedtaket ditt om ${services} er tidsbegrenset og går snart ut.`,
    `Trenger du fortsatt hjelp, må du søke på nytt. Ta gjerne kontakt med oss i god tid${lastDay ? ` før ${lastDay}` : ''}, så kan vi vurdere behovet ditt og hjelpe deg med søknaden.`,
  ]);
}
