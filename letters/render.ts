// Renders a letter of any kind from its template. Pure: the same context gives the same letter.
import type { LetterKind } from '../domain/case/caseTypes';
import { renderAcknowledgement } from './templates/acknowledgement';
import { renderAppealAcknowledgement, renderAppealForwarded, renderAppealOutcome, renderAppealWithdrawn } from './templates/appeal';
import { renderClosing } from './templates/closing';
import { renderDecision } from './templates/decision';
import { renderExpiryNotice, renderReEvaluationNotice } from './templates/followUp';
import { renderHomeVisitConfirmation, renderHomeVisitReminder } from './templates/homeVisit';
import { renderProvisionalReply } from './templates/provisionalReply';
import { renderAdvanceNotice, renderDeferralAnswer } from './templates/reductions';
import type { LetterContext, LetterTemplate, RenderedLetter } from './types';

export const LETTER_TEMPLATES: Record<LetterKind, LetterTemplate> = {
  acknowledgement: renderAcknowledgement,
  home_visit_confirmation: renderHomeVisitConfirmation,
  home_visit_reminder: renderHomeVisitReminder,
  provisional_reply: renderProvisionalReply,
  decision: renderDecision,
  appeal_acknowledgement: renderAppealAcknowledgement,
  appeal_forwarded: renderAppealForwarded,
  appeal_outcome: renderAppealOutcome,
  re_evaluation_notice: renderReEvaluationNotice,
  expiry_notice: renderExpiryNotice,
  closing: renderClosing,
  appeal_withdrawn: renderAppealWithdrawn,
  advance_notice: renderAdvanceNotice,
  deferral_answer: renderDeferralAnswer,
};

// Eleven digits, written together or as 6 + 5, standing on their own (not inside a case id or an
// account number): the shape of a fødselsnummer or D-nummer. A full stop after it ends the sentence
// ("… har fødselsnummer 01010150019."); only one followed by more of the number keeps it apart.
const NATIONAL_ID_SHAPE = /(?<![\w.-])\d{6}[ \u00a0]?\d{5}(?![\w-]|\.\w)/g;

/**
 * A letter never contains a national id. The templates are never given one; this also removes one a
 * caseworker may have typed into a free text (a justification, a reason) that the letter quotes.
 */
export function redactNationalIds(text: string): string {
  return text.replace(NATIONAL_ID_SHAPE, '[fødselsnummer fjernet]');
}

export function renderLetter(ctx: LetterContext): RenderedLetter {
  const template = LETTER_TEMPLATES[ctx.kind];
  if (!template) throw new Error(`No template for letter kind "${String(ctx.kind)}"`);
  const letter = template(ctx);
  return { subject: redactNationalIds(letter.subject), body: redactNationalIds(letter.body) };
}
