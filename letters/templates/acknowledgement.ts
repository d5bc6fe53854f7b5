// Kvittering: the application has arrived, what happens next and when.
import type { LetterContext, RenderedLetter } from '../types';
import { bullets, composeLetter, formatDeadline, formatDay, RIGHT_TO_SEE_DOCUMENTS, servicesInSentence } from './common';

export function renderAcknowledgement(ctx: LetterContext): RenderedLetter {
  const { view } = ctx;
  const next: string[] = [];
  next.push(
    view.deadlines.contactBy
      ? `Vi tar kontakt med deg senest ${formatDeadline(view.deadlines.contactBy)} for å avtale en samtale. Som regel kommer vi hjem til deg på et besøk for å bli kjent med deg og kartlegge hva du trenger hjelp til.`
      : 'Vi tar kontakt med deg for å avtale en samtale. Som regel kommer vi hjem til deg på et besøk for å bli kjent med deg og kartlegge hva du trenger hjelp til.',
  );
  next.push('Deretter vurderer vi søknaden og sender deg et skriftlig vedtak.');
  if (view.deadlines.provisionalReplyBy) {
    next.push(
      `Hvis vi ikke kan gi deg svar innen ${formatDeadline(view.deadlines.provisionalReplyBy)}, får du et foreløpig svar som forklarer hvorfor, og når du kan regne med svar.`,
    );
  }
  const post =
    view.channel === 'digital'
      ? 'Brev fra oss får du i den digitale postkassen din. Har du gitt oss mobilnummer eller e-postadresse, får du en melding når det har kommet et nytt brev. Meldingen inneholder ingen opplysninger om helsen din.'
      : 'Brev fra oss får du i posten.';
  return composeLetter(ctx, 'Vi har mottatt søknaden din', [
    `Takk for søknaden din om ${servicesInSentence(view.services)}. Vi mottok den ${formatDay(view.receivedAt)}.`,
    `Hva skjer nå?\n${bullets(next)}`,
    post,
    RIGHT_TO_SEE_DOCUMENTS,
    'Send ikke helseopplysninger eller fødselsnummer på vanlig e-post. Ring oss, send brev eller kom innom hvis du vil gi oss flere opplysninger.',
  ]);
}
