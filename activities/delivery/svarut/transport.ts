// Letters through the national infrastructure (LETTER_TRANSPORT=svarut). Before a letter goes out
// KRR is asked about the applicant: reserved, not registered or without a digital mailbox → the
// letter goes by SvarUt's print route (a forsendelse without digitalId); deleted from the register
// (died or emigrated) → it does not go at all; KAN_IKKE_VARSLES → no SMS or e-mail notice. The
// decision is stored with the letter (letter_transport) before anything is sent, so every retry
// takes the same route; the forsendelse carries the letter id as eksternReferanse and is looked up
// by it before sending, so a retry after a crash finds it instead of sending it twice. Its status
// is then followed (createDeliveryStatusFollower) until it is final.
import { poller } from '../../poller';
import type { Knex } from 'knex';
import { readApplicant } from '../../letters/applicant';
import { renderLetterPdf } from '../../../letters/pdf';
import { DELIVERY_FAILURE_SEQ_BASE } from '../deliverLetter';
import { PermanentDeliveryError, type DeliveryChannel, type DeliveryChannelName, type OutgoingMessage } from '../channels';
import { fregFacts, type FregClient, type PostalAddress } from '../freg/client';
import { routeByKrr, type KrrClient, type KrrRouting } from '../krr/client';
import { mapSvarUtStatus, SvarUtError, type SvarUtAdresse, type SvarUtClient, type SvarUtForsendelse } from './client';
import { computeReceipts, registerDueReceipts, type ReceiptOptions } from './receipts';
import { printUnread, type UnreadToPrintOptions } from './unreadToPrint';

export interface SvarUtTransportDeps {
  db: Knex;
  krr: KrrClient;
  /** Folkeregisteret (FREG_URL): death, address protection, the postal address. Without it none is checked. */
  freg?: FregClient;
  svarut: SvarUtClient;
  /** avgivendeSystem in each forsendelse. */
  system?: string;
}

interface TransportRow {
  letter_id: string;
  route: 'digital' | 'print' | 'stop';
  route_reason: string;
  notify: boolean;
  notice_phone: string | null;
  notice_email: string | null;
  external_id: string | null;
  address_protected: boolean;
  postal_address: PostalAddress | null;
}

interface Routing extends KrrRouting {
  protectedAddress?: boolean;
  postal?: PostalAddress | null;
  /** Folkeregisteret has the applicant as dead: the case is told so (applicantDeceased). */
  deceased?: boolean;
}

/** Why a letter of a deceased applicant does not go (the outbox row, the letter's failedReason and its event). */
export const DECEASED_REASON = 'Folkeregisteret: død';

/** The seq of a case's one applicant_deceased event: below the delivery failures' seqs, far above the workflow's own. */
export const APPLICANT_DECEASED_SEQ = DELIVERY_FAILURE_SEQ_BASE - 1;

/**
 * Tells the case that its applicant has died, once: the case row's applicant_deceased_at (the flag
 * the API shows, beside the view the case workflow writes) and one applicant_deceased event, in the
 * caller's transaction. A second letter, a retry or a retry after a crash finds it set and adds nothing.
 */
export async function recordApplicantDeceased(trx: Knex.Transaction, caseId: string, letterId: string): Promise<boolean> {
  const marked = await trx('cases').where({ id: caseId }).whereNull('applicant_deceased_at').update({ applicant_deceased_at: trx.fn.now() }, ['id']);
  if (marked.length === 0) return false;
  // No date of death or other register data: only which letter found it.
  await trx('case_events')
    .insert({ case_id: caseId, seq: APPLICANT_DECEASED_SEQ, type: 'applicant_deceased', at: new Date().toISOString(), actor: 'system', data: JSON.stringify({ source: 'folkeregisteret', letterId }) })
    .onConflict(['case_id', 'run_id', 'seq'])
    .ignore();
  return true;
}

/** The office's notice when a letter is held for a protected address (no personal data). */
export const PROTECTED_ADDRESS_HELD =
  'Folkeregisteret: adressebeskyttelse (fortrolig eller strengt fortrolig adresse); brevet sendes ikke gjennom vanlig print. Kontoret må sende det gjennom den beskyttede postgangen kommunen har avtalt';

/** The office's notice when a letter's text states an address the register says is protected (no personal data). */
export const PROTECTED_ADDRESS_IN_TEXT =
  'Folkeregisteret: adressebeskyttelse, og brevet nevner adressen fra søknaden; brevet sendes ikke. Kontoret må skrive det på nytt uten adressen';

/** "Storgata 1, 7800 Namsos" → address lines and postnummer/poststed; null without a Norwegian postcode. */
export function parsePostalAddress(address: string | undefined): Pick<SvarUtAdresse, 'adresselinje1' | 'adresselinje2' | 'adresselinje3' | 'postnummer' | 'poststed'> | null {
  if (!address) return null;
  const parts = address.split(/\s*[,\n]\s*/).filter(Boolean);
  const last = parts.pop();
  const match = last ? /^(\d{4})\s+(.+)$/.exec(last) : null;
  if (!match || parts.length === 0 || parts.length > 3) return null;
  const [adresselinje1, adresselinje2, adresselinje3] = parts;
  return {
    ...(adresselinje1 ? { adresselinje1 } : {}),
    ...(adresselinje2 ? { adresselinje2 } : {}),
    ...(adresselinje3 ? { adresselinje3 } : {}),
    postnummer: match[1]!,
    poststed: match[2]!,
  };
}

function formatPostal(p: PostalAddress): string {
  return [p.adresselinje1, p.adresselinje2, p.adresselinje3, `${p.postnummer ?? ''} ${p.poststed ?? ''}`.trim()].filter(Boolean).join(', ');
}

async function decide(deps: SvarUtTransportDeps, channel: DeliveryChannelName, nationalId: string | undefined): Promise<Routing> {
  if (!nationalId) return { route: 'print', notify: false, reason: 'ingen fødselsnummer: KRR kan ikke spørres' };
  // Folkeregisteret first: a person who has died gets no letter, and KRR need not be asked.
  const freg = deps.freg ? fregFacts(await deps.freg.lookup(nationalId)) : null;
  if (freg?.deceased) return { route: 'stop', notify: false, reason: DECEASED_REASON, deceased: true };
  const person = (await deps.krr.lookup([nationalId])).get(nationalId)!;
  let routing: Routing = routeByKrr(person);
  // An applicant who asked for paper gets paper whatever KRR says, unless the register says the person is gone.
  if (channel === 'print' && routing.route === 'digital') routing = { route: 'print', notify: false, reason: 'søkeren har valgt papir' };
  if (freg?.protectedAddress) {
    // A protected address is never written anywhere: the digital mailbox (without address or notice),
    // or the letter is held for the office to send by the protected route.
    if (routing.route === 'digital') return { route: 'digital', notify: false, reason: 'Folkeregisteret: adressebeskyttelse; kun digital postkasse, uten adresse og varsel', protectedAddress: true };
    if (routing.route === 'stop') return { ...routing, protectedAddress: true };
    return { route: 'stop', notify: false, reason: PROTECTED_ADDRESS_HELD, protectedAddress: true };
  }
  return { ...routing, ...(freg?.postal ? { postal: freg.postal } : {}) };
}

/** The digital mailbox or print channel, delivered through KRR and SvarUt. */
export function createSvarUtLetterChannel(deps: SvarUtTransportDeps, name: 'digital_mailbox' | 'print'): DeliveryChannel {
  const { db } = deps;
  return {
    name,
    async deliver(msg: OutgoingMessage) {
      if (!msg.letter) throw new Error(`letter ${msg.letterId}: SvarUt needs the letter's content`);
      let row = (await db('letter_transport').where({ letter_id: msg.letterId }).first()) as TransportRow | undefined;
      if (row?.external_id) return { externalId: row.external_id, alreadyDelivered: true };
      const caseRow = (await db('cases').where({ id: msg.caseId }).first('applicant', 'applicant_deceased_at')) as { applicant: unknown; applicant_deceased_at: Date | null } | undefined;
      // A representative has no national id here: KRR cannot be asked about them, so their letter goes
      // by the print route, and never into the applicant's digital mailbox.
      const applicant = msg.toRepresentative ? { name: msg.recipient.name } : readApplicant(caseRow?.applicant);
      if (!row) {
        // A case whose applicant has died sends nothing more, to anyone (also a representative's letter),
        // and the registers need not be asked again.
        // Retryable when KRR cannot be asked (KrrError): the letter waits; nothing is stored yet.
        const routing: Routing = caseRow?.applicant_deceased_at ? { route: 'stop', notify: false, reason: DECEASED_REASON } : await decide(deps, name, applicant.nationalId);
        await db.transaction(async (trx) => {
          await trx('letter_transport')
            .insert({
              letter_id: msg.letterId,
              transport: 'svarut',
              route: routing.route,
              route_reason: routing.reason,
              notify: routing.notify,
              notice_phone: routing.phone ?? null,
              notice_email: routing.email ?? null,
              address_protected: routing.protectedAddress === true,
              postal_address: routing.postal ? JSON.stringify(routing.postal) : null,
              ...(routing.route === 'stop' ? { status: 'failed', failed_reason: routing.reason, final: true } : {}),
            })
            .onConflict('letter_id')
            .ignore();
          // In the same transaction as the letter's refusal: a crash leaves both or neither.
          if (routing.deceased) await recordApplicantDeceased(trx, msg.caseId, msg.letterId);
        });
        row = (await db('letter_transport').where({ letter_id: msg.letterId }).first()) as TransportRow;
        if (row.external_id) return { externalId: row.external_id, alreadyDelivered: true };
      }
      if (row.route !== 'stop' && caseRow?.applicant_deceased_at) {
        // Routed before another letter found the applicant dead. Sent already by an attempt that died
        // before recording it: recorded as it is. Not sent: it stays unsent.
        const [already] = await deps.svarut.findByEksternReferanse(msg.letterId);
        if (already) {
          await db('letter_transport').where({ letter_id: msg.letterId }).update({ external_id: already, status: 'sent', next_check_at: db.fn.now(), updated_at: db.fn.now() });
          return { externalId: already, alreadyDelivered: true };
        }
        await db('letter_transport')
          .where({ letter_id: msg.letterId })
          .whereNull('external_id')
          .update({ route: 'stop', route_reason: DECEASED_REASON, status: 'failed', failed_reason: DECEASED_REASON, final: true, updated_at: db.fn.now() });
        throw new PermanentDeliveryError(`the letter was not sent: ${DECEASED_REASON}`);
      }
      if (row.route === 'stop') throw new PermanentDeliveryError(`the letter was not sent: ${row.route_reason}`);
      // A letter written before the register was asked may state the application's address (a home
      // visit's place): with the address protected it must not go, not even to the digital mailbox.
      if (row.address_protected && applicant.address && msg.letter.body.includes(applicant.address)) {
        await db('letter_transport').where({ letter_id: msg.letterId }).update({ status: 'failed', failed_reason: PROTECTED_ADDRESS_IN_TEXT, final: true, updated_at: db.fn.now() });
        throw new PermanentDeliveryError(`the letter was not sent: ${PROTECTED_ADDRESS_IN_TEXT}`);
      }

      // The register's address over the application's; none at all for a protected one.
      const postal = row.address_protected ? null : (row.postal_address ?? parsePostalAddress(msg.recipient.address));
      if (row.route === 'print' && !postal) {
        await db('letter_transport').where({ letter_id: msg.letterId }).update({ status: 'failed', failed_reason: 'ingen postadresse med postnummer for print', final: true, updated_at: db.fn.now() });
        throw new PermanentDeliveryError('the letter must go on paper, but the applicant has no postal address with a postcode');
      }
      const digital = row.route === 'digital' && applicant.nationalId !== undefined;
      const forsendelse: SvarUtForsendelse = {
        tittel: msg.letter.subject,
        eksternReferanse: msg.letterId,
        mottaker: { navn: msg.recipient.name, ...(digital ? { digitalId: applicant.nationalId } : {}), ...(postal ?? {}) },
        // Without a postal address SvarUt can deliver digitally only.
        ...(digital && !postal ? { kunDigitalLevering: true } : {}),
        avgivendeSystem: deps.system ?? 'case-orchestrator',
        forsendelsestype: msg.letter.kind,
        utskriftskonfigurasjon: { utskriftMedFarger: false, tosidig: true },
        dokumenter: [{ filnavn: 'brev.pdf', mimeType: 'application/pdf', inneholderPersonsensitivInformasjon: true }],
      };
      const pdf = await renderLetterPdf({
        subject: msg.letter.subject,
        body: msg.letter.body,
        createdAt: msg.createdAt,
        municipalityName: msg.sender.municipalityName,
        office: msg.sender.office,
        recipient: row.address_protected ? { name: msg.recipient.name } : { name: msg.recipient.name, address: postal ? formatPostal(postal) : msg.recipient.address },
        reference: msg.caseId,
      });
      let sent;
      try {
        sent = await deps.svarut.sendOnce(forsendelse, [{ filnavn: 'brev.pdf', data: pdf }]);
      } catch (error) {
        if (error instanceof SvarUtError && !error.retryable) {
          await db('letter_transport').where({ letter_id: msg.letterId }).update({ status: 'failed', failed_reason: error.message.slice(0, 500), final: true, updated_at: db.fn.now() });
          throw new PermanentDeliveryError(error.message);
        }
        throw error;
      }
      await db('letter_transport')
        .where({ letter_id: msg.letterId })
        .update({ external_id: sent.id, status: 'sent', next_check_at: db.fn.now(), updated_at: db.fn.now() });
      return { externalId: sent.id, alreadyDelivered: sent.alreadySent };
    },
  };
}

/**
 * An SMS or e-mail notice, as KRR allows it: none when the letter went on paper or the applicant
 * may not be notified (KAN_IKKE_VARSLES), and to KRR's number and address where it has them.
 * A letter without a KRR decision (sent before, or by files) keeps the application's details.
 */
export function gateNoticeByKrr(channel: DeliveryChannel, db: Knex): DeliveryChannel {
  return {
    name: channel.name,
    async deliver(msg) {
      const row = (await db('letter_transport').where({ letter_id: msg.letterId }).first('route', 'route_reason', 'notify', 'notice_phone', 'notice_email')) as
        | Pick<TransportRow, 'route' | 'route_reason' | 'notify' | 'notice_phone' | 'notice_email'>
        | undefined;
      if (!row) return channel.deliver(msg);
      if (row.route !== 'digital') return { skipped: `no notice: the letter did not go to a digital mailbox (${row.route_reason})` };
      if (!row.notify) return { skipped: 'no notice: KRR says KAN_IKKE_VARSLES' };
      return channel.deliver({
        ...msg,
        recipient: { ...msg.recipient, ...(row.notice_phone ? { phone: row.notice_phone } : {}), ...(row.notice_email ? { email: row.notice_email } : {}) },
      });
    },
  };
}

export interface DeliveryStatusFollower {
  /** Asks SvarUt once about the letters due for a look; returns how many were asked about. */
  followOnce(): Promise<number>;
  /** Sets the receipt of letters delivered since, and hands those due to their cases; returns how many were handed. */
  receiptsOnce(): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

/**
 * Follows each sent forsendelse's status until it is final (read, printed, failed), asking SvarUt
 * every `intervalSeconds`. Rows are claimed with SKIP LOCKED, so several workers share the work.
 * A letter delivered digitally but never read is followed for `followDays` and then left as delivered.
 */
export function createDeliveryStatusFollower(deps: {
  db: Knex;
  svarut: SvarUtClient;
  intervalSeconds?: number;
  followDays?: number;
  batch?: number;
  /** Receipts: without them a delivered letter's time is shown but not handed to its case. */
  receipts?: Omit<ReceiptOptions, 'db'>;
  /** Unread to print: without it a letter unread in the mailbox stays there. */
  unreadToPrint?: Omit<UnreadToPrintOptions, 'parsePostal' | 'formatPostal'>;
  onError?: (error: unknown) => void;
}): DeliveryStatusFollower {
  const { db } = deps;
  const interval = deps.intervalSeconds ?? 60;
  const followDays = deps.followDays ?? 30;

  async function followOnce(): Promise<number> {
    const claimed = (await db.raw(
      `UPDATE letter_transport SET next_check_at = now() + make_interval(secs => ?)
        WHERE letter_id IN (
          SELECT letter_id FROM letter_transport
           WHERE NOT final AND external_id IS NOT NULL AND next_check_at <= now()
           ORDER BY next_check_at LIMIT ? FOR UPDATE SKIP LOCKED)
        RETURNING letter_id, external_id`,
      [interval, deps.batch ?? 100],
    )) as { rows: { letter_id: string; external_id: string }[] };
    if (claimed.rows.length === 0) return 0;
    const statuses = await deps.svarut.statuses(claimed.rows.map((r) => r.external_id));
    for (const s of statuses) {
      const row = claimed.rows.find((r) => r.external_id === s.id);
      if (!row) continue;
      const mapped = mapSvarUtStatus(s);
      await db('letter_transport')
        .where({ letter_id: row.letter_id })
        .update({
          external_status: s.status,
          status: mapped.status,
          // The first time it reached the applicant stays: a later "read" does not move it.
          delivered_at: mapped.deliveredAt ? db.raw('COALESCE(delivered_at, ?)', [mapped.deliveredAt]) : db.raw('delivered_at'),
          failed_reason: mapped.failedReason ?? null,
          final: mapped.final ? true : db.raw(`created_at < now() - make_interval(days => ?)`, [followDays]),
          checked_at: db.fn.now(),
          updated_at: db.fn.now(),
        });
    }
    if (deps.unreadToPrint) {
      await printUnread(
        { db, svarut: deps.svarut },
        { ...deps.unreadToPrint, parsePostal: parsePostalAddress, formatPostal },
        claimed.rows.map((r) => r.letter_id),
      );
    }
    return claimed.rows.length;
  }

  async function receiptsOnce(): Promise<number> {
    if (!deps.receipts) return 0;
    const options = { db, ...deps.receipts };
    await computeReceipts(options);
    return registerDueReceipts(options);
  }

  // At most every 30 s, whatever the interval: the receipts' own deadlines are checked each round.
  const loop = poller([followOnce, receiptsOnce], Math.min(interval, 30) * 1000, (error) => deps.onError?.(error));
  return { followOnce, receiptsOnce, ...loop };
}
