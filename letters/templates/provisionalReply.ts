// Foreløpig svar (forvaltningsloven § 11 a): why the application is not decided yet, and when it will be.
import type { LetterContext, RenderedLetter } from '../types';
import { composeLetter, formatDay, formatLastDay, servicesInSentence } from './common';

const DEFAULT_REASON = 'Vi trenger mer tid til å kartlegge behovet ditt og vurdere hvilke tjenester som er riktige for deg.';

export function renderProvisionalReply(ctx: LetterContext): RenderedLetter {
  const { view, details } = ctx;
  const expected = details.expectedDecisionBy
    ? `Vi regner med å kunne gi deg svar senest ${formatLastDay(details.expectedDecisionBy)}. Blir det ytterligere forsinkelse, gir vi deg beskjed.`
    : 'Vi kan ikke si sikkert når du får svar, men vi gir deg beskjed så snart vi vet det.';
  const regarding = details.regarding ?? 'application';
  const subject = regarding === 'appeal' ? 'Foreløpig svar på klagen din' : 'Foreløpig svar på søknaden din';
  const opening =
    regarding === 'appeal'
      ? `Vi mottok klagen din${view.appeal ? ` ${formatDay(view.appeal.receivedAt)}` : ''} på vedtaket om ${servicesInSentence(view.appeal?.services ?? view.services)}. Vi har ennå ikke kunnet vurdere klagen ferdig, og vil derfor gi deg et foreløpig svar.`
      : regarding === 'new_processing'
        ? `Klageinstansen opphevet vedtaket om ${servicesInSentence(view.services)} og sendte saken tilbake til oss for ny behandling. Vi har ennå ikke kunnet gjøre nytt vedtak, og vil derfor gi deg et foreløpig svar.`
        : `Vi mottok søknaden din om ${servicesInSentence(view.services)} ${formatDay(view.receivedAt)}. Vi har ennå ikke kunnet gjøre vedtak i saken, og vil derfor gi deg et foreløpig svar.`;
  // The date the last reply gave has passed: say so, and apologise.
  const missed =
    details.previousExpectedBy &&
    `I det forrige brevet skrev vi at du kunne vente svar senest ${formatLastDay(details.previousExpectedBy)}. Det har vi dessverre ikke klart, og vi beklager det.`;
  return composeLetter(ctx, subject, [
    opening,
    missed,
    `Hvorfor det tar tid\n${details.reason?.trim() || DEFAULT_REASON}`,
    `Når du kan vente svar\n${expected}`,
    'Du trenger ikke gjøre noe nå. Har du nye opplysninger som kan ha betydning for saken, eller har situasjonen din endret seg, vil vi gjerne høre fra deg.',
    'Dette brevet er et foreløpig svar etter forvaltningsloven § 11 a.',
  ]);
}
