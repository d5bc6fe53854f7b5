// A letter in the digital mailbox that the applicant has not read within the policy's
// timers.unreadToPrint (default 40 hours) goes to print (eForvaltningsforskriften § 9: the
// recipient must be able to get it). It is sent again as a forsendelse by the print route, with the
// sender's reference `<letter id>-print`, looked up before sending, so a retry never prints it twice;
// the letter's row then follows the print forsendelse (the digital one's id is kept). Its receipt
// stays the time it was made available digitally. A protected address is never printed by the
// ordinary route: such a letter stays in the mailbox.
import type { Knex } from 'knex';
import { renderLetterPdf } from '../../../letters/pdf';
import { isLegalPeriod, plainDurationMs, type Length } from '../../../domain/calendar/length';
import type { Office } from '../../../domain/policy/policyTypes';
import { readApplicant } from '../../letters/applicant';
import type { PostalAddress } from '../freg/client';
import { SvarUtError, type SvarUtClient, type SvarUtForsendelse } from './client';

export interface UnreadToPrintOptions {
  /** The municipality's timers.unreadToPrint (with its default), or null when the municipality is unknown. */
  after: (municipality: string) => Length | null;
  sender: (municipality: string) => { municipalityName: string; office: Office } | null;
  /** How the postal address is read from the application, when the register gave none. */
  parsePostal: (address: string | undefined) => PostalAddress | null;
  formatPostal: (postal: PostalAddress) => string;
  system?: string;
}

export const PRINT_REFERENCE_SUFFIX = '-print';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The waiting time in milliseconds; a period in days, weeks or months counted as whole days (a month as 30). */
function waitMs(length: Length): number {
  if (!isLegalPeriod(length)) return plainDurationMs(length);
  return length.amount * DAY_MS * (length.unit === 'week' ? 7 : length.unit === 'month' ? 30 : 1);
}

interface Candidate {
  letter_id: string;
  external_id: string;
  delivered_at: Date;
  route_reason: string;
  postal_address: PostalAddress | null;
  case_id: string;
  kind: string;
  subject: string;
  body: string;
  created_at: Date;
  applicant: unknown;
  municipality: string;
}

/** Sends to print the letters among `letterIds` lying unread in the mailbox past their time; returns how many went. */
export async function printUnread(deps: { db: Knex; svarut: SvarUtClient }, opts: UnreadToPrintOptions, letterIds: readonly string[]): Promise<number> {
  const { db } = deps;
  if (letterIds.length === 0) return 0;
  const rows = (await db('letter_transport as t')
    .join('letters as l', 'l.id', 't.letter_id')
    .join('cases as c', 'c.id', 'l.case_id')
    .whereIn('t.letter_id', letterIds)
    .where({ 't.route': 'digital', 't.status': 'delivered', 't.final': false, 't.address_protected': false })
    .whereNull('t.unread_digital_id')
    // No paper copy to an applicant another letter found dead (Folkeregisteret).
    .whereNull('c.applicant_deceased_at')
    .whereNotNull('t.delivered_at')
    .select('t.letter_id', 't.external_id', 't.delivered_at', 't.route_reason', 't.postal_address', 'l.case_id', 'l.kind', 'l.subject', 'l.body', 'l.created_at', 'c.applicant', 'c.municipality')) as Candidate[];
  let printed = 0;
  for (const row of rows) {
    const after = opts.after(row.municipality);
    const sender = opts.sender(row.municipality);
    if (!after || !sender || row.delivered_at.getTime() + waitMs(after) > Date.now()) continue;
    const applicant = readApplicant(row.applicant);
    const postal = row.postal_address ?? opts.parsePostal(applicant.address);
    if (!postal) {
      // Nowhere to print it: it stays in the mailbox, and the list says why it was not printed.
      await db('letter_transport').where({ letter_id: row.letter_id }).update({ route_reason: `${row.route_reason}; ikke lest, men ingen postadresse for print`.slice(0, 500), final: true, updated_at: db.fn.now() });
      continue;
    }
    const forsendelse: SvarUtForsendelse = {
      tittel: row.subject,
      eksternReferanse: `${row.letter_id}${PRINT_REFERENCE_SUFFIX}`,
      mottaker: { navn: applicant.name, ...postal },
      avgivendeSystem: opts.system ?? 'case-orchestrator',
      forsendelsestype: row.kind,
      utskriftskonfigurasjon: { utskriftMedFarger: false, tosidig: true },
      dokumenter: [{ filnavn: 'brev.pdf', mimeType: 'application/pdf', inneholderPersonsensitivInformasjon: true }],
    };
    const pdf = await renderLetterPdf({
      subject: row.subject,
      body: row.body,
      createdAt: new Date(row.created_at),
      municipalityName: sender.municipalityName,
      office: sender.office,
      recipient: { name: applicant.name, address: opts.formatPostal(postal) },
      reference: row.case_id,
    });
    let sent;
    try {
      sent = await deps.svarut.sendOnce(forsendelse, [{ filnavn: 'brev.pdf', data: pdf }]);
    } catch (error) {
      // Refused outright: stays delivered digitally, not tried again. Otherwise the next round tries again.
      if (error instanceof SvarUtError && !error.retryable) {
        await db('letter_transport').where({ letter_id: row.letter_id }).update({ route_reason: `${row.route_reason}; ikke lest, print avvist: ${error.message}`.slice(0, 500), final: true, updated_at: db.fn.now() });
        continue;
      }
      throw error;
    }
    await db('letter_transport')
      .where({ letter_id: row.letter_id })
      .whereNull('unread_digital_id')
      .update({
        unread_digital_id: row.external_id,
        external_id: sent.id,
        route: 'print',
        route_reason: `${row.route_reason}; ikke lest i den digitale postkassen: sendt til print`.slice(0, 500),
        status: 'sent',
        external_status: null,
        printed_unread_at: db.fn.now(),
        next_check_at: db.fn.now(),
        updated_at: db.fn.now(),
      });
    printed += 1;
  }
  return printed;
}
