// Hjemmebesøk: the confirmation when a visit is booked or moved, and the reminder before it.
import type { LetterContext, RenderedLetter } from '../types';
import { composeLetter, formatDateTime } from './common';

function changeVisit(ctx: LetterContext): string {
  return `Passer ikke tidspunktet, ring oss på ${ctx.municipality.office.phone}, så finner vi en ny tid.`;
}

function withPlace(ctx: LetterContext, sentence: string): string {
  return ctx.applicant.address ? `${sentence} Vi kommer til ${ctx.applicant.address}.` : sentence;
}

export function renderHomeVisitConfirmation(ctx: LetterContext): RenderedLetter {
  const visit = ctx.view.homeVisit;
  if (!visit) {
    return composeLetter(ctx, 'Hjemmebesøk', ['Vi tar kontakt med deg for å avtale tidspunkt for et hjemmebesøk.']);
  }
  return composeLetter(ctx, 'Bekreftelse på hjemmebesøk', [
    withPlace(ctx, `Vi bekrefter at vi kommer på hjemmebesøk til deg ${formatDateTime(visit.scheduledAt)}.`),
    'Under besøket snakker vi med deg om hverdagen din og hva du trenger hjelp til, slik at vi kan vurdere søknaden din.',
    'Du kan gjerne ha med en pårørende eller en annen du stoler på. Ha gjerne klar en oversikt over medisinene dine og navnet på fastlegen din.',
    changeVisit(ctx),
  ]);
}

export function renderHomeVisitReminder(ctx: LetterContext): RenderedLetter {
  const visit = ctx.view.homeVisit;
  if (!visit) {
    return composeLetter(ctx, 'Hjemmebesøk', ['Vi tar kontakt med deg for å avtale tidspunkt for et hjemmebesøk.']);
  }
  return composeLetter(ctx, 'Påminnelse om hjemmebesøk', [
    withPlace(ctx, `Vi minner om at vi kommer på hjemmebesøk til deg ${formatDateTime(visit.scheduledAt)}.`),
    changeVisit(ctx),
  ]);
}
