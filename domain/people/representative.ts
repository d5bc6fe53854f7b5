// Who acts for the applicant, and who therefore gets the case's letters.
//
// - A guardian (verge, vergemålsloven) acts for the applicant within the mandate, and an authorised
//   representative (fullmektig, forvaltningsloven § 12) acts for them by the applicant's own
//   authorisation. A notice to the representative counts as a notice to the party (fvl § 12 fourth
//   paragraph), so every letter goes to the representative; the applicant gets a copy, as § 12 allows,
//   unless the guardian's mandate says otherwise (`copyToApplicant: false`).
// - A relative (pårørende) is recorded, but gets no letters: pasient- og brukerrettighetsloven
//   §§ 3-1 and 3-3 give a relative the right to take part and be informed when the applicant cannot
//   consent, and § 4-6 to consent to minor care on their behalf, but none of them makes the relative
//   a representative in the case. The letters carry health information under the duty of
//   confidentiality (fvl § 13, helsepersonelloven § 21); a relative who is to receive them must hold
//   an authorisation, and is then registered as `authorised`.
//
// The case keeps only the representative's role and a reference to the row in PostgreSQL that holds
// their name and contact details: like the applicant's, those never reach Temporal.

export const REPRESENTATIVE_ROLES = ['guardian', 'authorised', 'relative'] as const;
export type RepresentativeRole = (typeof REPRESENTATIVE_ROLES)[number];

/** The roles whose holder gets the letters: verge and fullmektig. */
export type LetterRecipientRole = Exclude<RepresentativeRole, 'relative'>;

export interface CaseRepresentative {
  /** The row in case_representatives (a UUID): no personal data. */
  id: string;
  role: RepresentativeRole;
  /** Whether the applicant gets a copy of each letter; false only where a guardian's mandate says so. Always false for a relative. */
  copyToApplicant: boolean;
  since: string;
}

/** Whether the representative gets the letters instead of the applicant. */
export function getsLetters(representative: Pick<CaseRepresentative, 'role'> | null | undefined): representative is CaseRepresentative & { role: LetterRecipientRole } {
  return representative?.role === 'guardian' || representative?.role === 'authorised';
}

/** Who a letter goes to, when it does not go to the applicant alone (the letter effect's details carry it). */
export type LetterRecipient =
  /** The letter itself, to the guardian or authorised representative. */
  | { to: 'representative'; representativeId: string; role: LetterRecipientRole }
  /** The applicant's copy of the letter with `copyOf`'s key, which went to the representative. */
  | { to: 'applicant'; copyOf: string; representativeId: string; role: LetterRecipientRole };

/**
 * The letters one letter of the case becomes: to the applicant alone; or to the representative,
 * with a copy to the applicant unless the mandate says otherwise. `key` is the letter's own key; a
 * copy's key is `<key>-copy`.
 */
export function recipientsOf(representative: CaseRepresentative | null | undefined, key: string): { key: string; recipient?: LetterRecipient }[] {
  if (!getsLetters(representative)) return [{ key }];
  const { id: representativeId, role } = representative;
  const letters: { key: string; recipient?: LetterRecipient }[] = [{ key, recipient: { to: 'representative', representativeId, role } }];
  if (representative.copyToApplicant) letters.push({ key: `${key}-copy`, recipient: { to: 'applicant', copyOf: key, representativeId, role } });
  return letters;
}
