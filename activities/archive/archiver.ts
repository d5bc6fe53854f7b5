// Archiving through Fiks Arkiv (arkivplikt, Noark 5): each letter that has gone out and each appeal
// that came in becomes a registry entry (journalpost) in its case's case file (saksmappe).
//
// Why a loop in the worker over rows claimed with FOR UPDATE SKIP LOCKED, like the SvarUt status
// follower, and not a Temporal activity: the archive answers later and on its own (a receipt on the
// account's queue, maybe hours later when it was down), so the state "sent, no receipt yet" must
// live somewhere that outlasts the worker; the row is that, and no workflow code changes (the
// stored histories replay as they are). Exactly once across crashes rests on two things:
// - an entry row is unique per letter and per appeal event, so it is made once however often offered;
// - each message carries the entry's external key (referanseEksternNoekkel = the reference), and the
//   archive answers a key it already has with "Eksisterende" and the same ids. A worker that dies
//   after sending but before recording, or a message with no receipt within the answer timeout, is
//   simply sent again: the archive makes no second journalpost.
// A claim moves next_attempt_at forward first (the lease), so a second worker skips the row, and a
// crashed worker's row comes due again by itself.
import { poller } from '../poller';
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { renderLetterPdf } from '../../letters/pdf';
import type { Office } from '../../domain/policy/policyTypes';
import { readApplicant } from '../letters/applicant';
import { archiveReference, ARKIVMELDING_FILE, buildArkivmelding, MESSAGE_TYPES, parseFeilmelding, parseReceipt, RECEIPT_FILE, type JournalpostRequest } from './arkivmelding';
import { FiksIoError, type FiksIoClient, type FiksIoInbox, type MottattMelding } from './fiksIo';
import { unzip, zip } from './zip';

export interface ArchiverOptions {
  db: Knex;
  fiksIo: FiksIoClient;
  inbox: FiksIoInbox;
  /** The archive's Fiks IO account (mottakerKontoId). */
  archiveAccountId: string;
  /** `system` in each arkivmelding, and the fagsystem of its external keys. */
  system: string;
  /** The municipality's name and office, for the letter's PDF. */
  sender: (municipality: string) => { municipalityName: string; office: Office } | null;
  /** Seconds without a receipt before a message is sent again (the archive makes no second entry). */
  answerTimeoutSeconds?: number;
  /** Seconds before the first retry after a failed send; doubles, at most an hour. */
  retryBaseSeconds?: number;
  intervalSeconds?: number;
  batch?: number;
  onError?: (error: unknown) => void;
}

export interface Archiver {
  /** Makes an entry for each letter that has gone out and has none yet; returns how many. */
  enqueueOnce(): Promise<number>;
  /** Sends the entries due; returns how many were sent. */
  sendOnce(): Promise<number>;
  /** Reads the archive's answers; returns how many messages were handled. */
  receiveOnce(): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

interface EntryRow {
  id: string;
  case_id: string;
  kind: 'letter' | 'appeal';
  reference: string;
  letter_id: string | null;
  document_text: string | null;
  attempts: number;
  created_at: Date;
}

const LETTER_CHANNELS = ['digital_mailbox', 'print'];
/** Fiks IO keeps an unread message this long (ms); a message sent again after it has expired is new to the archive. */
const MESSAGE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export function createArchiver(opts: ArchiverOptions): Archiver {
  const { db } = opts;
  const answerTimeout = opts.answerTimeoutSeconds ?? 3600;
  const retryBase = opts.retryBaseSeconds ?? 10;
  const batch = opts.batch ?? 50;
  const backoff = (attempts: number) => Math.min(retryBase * 2 ** Math.max(0, attempts - 1), 3600);

  async function enqueueOnce(): Promise<number> {
    // A letter is entered once it has gone out, or its delivery has finally failed: either way it is the office's document of the case.
    const inserted = (await db.raw(
      `INSERT INTO archive_entries (id, case_id, kind, reference, letter_id)
       SELECT gen_random_uuid(), l.case_id, 'letter', l.id::text, l.id FROM letters l
        WHERE NOT EXISTS (SELECT 1 FROM archive_entries a WHERE a.letter_id = l.id)
          AND EXISTS (SELECT 1 FROM letter_deliveries d WHERE d.letter_id = l.id AND d.channel = ANY(?) AND d.status IN ('delivered', 'failed'))
        ORDER BY l.created_at LIMIT ?
       ON CONFLICT DO NOTHING`,
      [LETTER_CHANNELS, batch * 4],
    )) as { rowCount: number };
    return inserted.rowCount;
  }

  async function request(entry: EntryRow): Promise<{ request: JournalpostRequest; file: Buffer }> {
    const c = (await db('cases').where({ id: entry.case_id }).first('municipality', 'applicant', 'case_number', 'received_at')) as { municipality: string; applicant: unknown; case_number: string | null; received_at: Date };
    const applicant = readApplicant(c.applicant);
    // No address of the applicant goes to the archive: it may be protected (adressebeskyttelse).
    const party = { name: applicant.name || 'Søker', ...(applicant.nationalId ? { nationalId: applicant.nationalId } : {}) };
    const caseFile = { key: entry.case_id, title: `Søknad om helse- og omsorgstjenester – ${party.name}`, caseNumber: c.case_number, caseDate: c.received_at.toISOString() };
    if (entry.kind === 'letter') {
      const letter = (await db('letters').where({ id: entry.letter_id! }).first('subject', 'body', 'created_at', 'kind')) as { subject: string; body: string; created_at: Date; kind: string };
      const sender = opts.sender(c.municipality);
      if (!sender) throw new FiksIoError(`the policy has no municipality ${c.municipality} for the letter's PDF`, null, false);
      const pdf = await renderLetterPdf({ subject: letter.subject, body: letter.body, createdAt: letter.created_at, ...sender });
      const fileName = `brev-${entry.reference}.pdf`;
      return {
        file: pdf,
        request: {
          system: opts.system,
          caseFile,
          entry: {
            key: entry.reference,
            direction: 'out',
            title: letter.subject,
            date: letter.created_at.toISOString(),
            party,
            document: { title: letter.subject, fileName, mimeType: 'application/pdf', format: 'RA-PDF', documentType: letter.kind === 'decision' ? 'VEDTAK' : 'KORR' },
          },
        },
      };
    }
    const fileName = `klage-${entry.reference}.txt`;
    return {
      file: Buffer.from(entry.document_text ?? '(Klagen ble registrert uten tekst.)', 'utf8'),
      request: {
        system: opts.system,
        caseFile,
        entry: {
          key: entry.reference,
          direction: 'in',
          title: 'Klage på vedtak om helse- og omsorgstjenester',
          date: entry.created_at.toISOString(),
          party,
          document: { title: 'Klage', fileName, mimeType: 'text/plain', format: 'RA-TEKST', documentType: 'KORR' },
        },
      },
    };
  }

  async function sendOnce(): Promise<number> {
    const claimed = (await db.raw(
      `UPDATE archive_entries SET next_attempt_at = now() + make_interval(secs => ?), attempts = attempts + 1, updated_at = now()
        WHERE id IN (
          SELECT id FROM archive_entries WHERE status IN ('waiting', 'sent') AND next_attempt_at <= now()
           ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED)
        RETURNING id, case_id, kind, reference, letter_id, document_text, attempts, created_at`,
      [answerTimeout, batch],
    )) as { rows: EntryRow[] };
    let sent = 0;
    let failure: unknown;
    for (const entry of claimed.rows) {
      try {
        const { request: r, file } = await request(entry);
        const payload = zip([
          { name: ARKIVMELDING_FILE, data: Buffer.from(buildArkivmelding(r), 'utf8') },
          { name: r.entry.document.fileName, data: file },
        ]);
        const melding = await opts.fiksIo.send(
          { mottakerKontoId: opts.archiveAccountId, meldingType: MESSAGE_TYPES.create, ttlMs: MESSAGE_TTL_MS, headere: { klientMeldingId: randomUUID(), klientKorrelasjonId: entry.id } },
          payload,
        );
        await db('archive_entries')
          .where({ id: entry.id })
          .whereNot({ status: 'archived' })
          .update({ status: 'sent', sent_at: db.fn.now(), message_ids: db.raw('array_append(message_ids, ?::uuid)', [melding.meldingId]), last_error: null, updated_at: db.fn.now() });
        sent += 1;
      } catch (error) {
        const retryable = !(error instanceof FiksIoError) || error.retryable;
        const message = (error as Error).message.slice(0, 500);
        await db('archive_entries')
          .where({ id: entry.id })
          .whereNot({ status: 'archived' })
          .update(retryable ? { last_error: message, next_attempt_at: db.raw(`now() + make_interval(secs => ?)`, [backoff(entry.attempts)]), updated_at: db.fn.now() } : { status: 'failed', last_error: message, updated_at: db.fn.now() });
        failure ??= error;
      }
    }
    if (failure) opts.onError?.(failure);
    return sent;
  }

  async function entryFor(m: MottattMelding, key?: string | null) {
    const byKey = key ? await db('archive_entries').where({ reference: key }).first('id', 'case_id', 'status', 'attempts') : undefined;
    if (byKey) return byKey as { id: string; case_id: string; status: string; attempts: number };
    if (!m.svarPaMelding) return undefined;
    return (await db('archive_entries').whereRaw('?::uuid = ANY(message_ids)', [m.svarPaMelding]).first('id', 'case_id', 'status', 'attempts')) as { id: string; case_id: string; status: string; attempts: number } | undefined;
  }

  async function handle(m: MottattMelding): Promise<void> {
    if (m.meldingType === MESSAGE_TYPES.received) {
      const entry = await entryFor(m);
      if (entry) await db('archive_entries').where({ id: entry.id }).update({ received_at: db.raw('COALESCE(received_at, now())'), updated_at: db.fn.now() });
      return;
    }
    if (m.meldingType === MESSAGE_TYPES.receipt) {
      let receipt;
      try {
        const file = unzip(m.data).find((f) => f.name === RECEIPT_FILE);
        if (!file) throw new Error(`the receipt has no ${RECEIPT_FILE}`);
        receipt = parseReceipt(file.data.toString('utf8'));
      } catch (error) {
        // Left to be sent again after the answer timeout: the archive answers that one with the same ids.
        const entry = await entryFor(m);
        if (entry) await db('archive_entries').where({ id: entry.id }).whereNot({ status: 'archived' }).update({ last_error: `Fiks Arkiv: the receipt does not parse: ${(error as Error).message}`.slice(0, 500), updated_at: db.fn.now() });
        return;
      }
      const entry = await entryFor(m, receipt.entry?.key);
      if (!entry) return;
      if (!receipt.entry || receipt.failed) {
        await db('archive_entries')
          .where({ id: entry.id })
          .whereNot({ status: 'archived' })
          .update({ status: 'waiting', last_error: `Fiks Arkiv: ${receipt.failed ?? 'the receipt names no journalpost'}`.slice(0, 500), next_attempt_at: db.raw(`now() + make_interval(secs => ?)`, [backoff(entry.attempts)]), updated_at: db.fn.now() });
        return;
      }
      const { caseFile } = receipt;
      await db.transaction(async (trx) => {
        if (caseFile) {
          await trx('archive_case_files')
            .insert({ case_id: entry.case_id, system_id: caseFile.systemId, case_year: caseFile.caseYear, case_sequence: caseFile.caseSequence })
            .onConflict('case_id')
            .merge(['system_id', 'case_year', 'case_sequence']);
        }
        // A second receipt ("Eksisterende", for a message sent again) changes nothing: the first archived it.
        await trx('archive_entries')
          .where({ id: entry.id })
          .whereNot({ status: 'archived' })
          .update({ status: 'archived', archived_at: trx.fn.now(), journalpost_system_id: receipt.entry!.systemId, archive_reference: archiveReference(receipt), last_error: null, updated_at: trx.fn.now() });
      });
      return;
    }
    if (m.meldingType === MESSAGE_TYPES.serverError || m.meldingType === MESSAGE_TYPES.invalidRequest || m.meldingType === MESSAGE_TYPES.notFound) {
      const entry = await entryFor(m);
      if (!entry) return;
      const file = (() => {
        try {
          return unzip(m.data)[0]?.data.toString('utf8') ?? '';
        } catch {
          return m.data.toString('utf8');
        }
      })();
      const why = `Fiks Arkiv: ${m.meldingType.split('.').pop()}: ${parseFeilmelding(file)}`.slice(0, 500);
      // A server error passes; a request the archive calls invalid will be invalid again: the operator must look.
      await db('archive_entries')
        .where({ id: entry.id })
        .whereNot({ status: 'archived' })
        .update(
          m.meldingType === MESSAGE_TYPES.serverError
            ? { status: 'waiting', last_error: why, next_attempt_at: db.raw(`now() + make_interval(secs => ?)`, [backoff(entry.attempts)]), updated_at: db.fn.now() }
            : { status: 'failed', last_error: why, updated_at: db.fn.now() },
        );
    }
    // Any other message type is not for this client: acknowledged and dropped.
  }

  async function receiveOnce(): Promise<number> {
    const messages = await opts.inbox.receive(batch);
    for (const m of messages) {
      await handle(m);
      // Acknowledged only once handled: a worker that dies before gets it again, and handling is idempotent.
      await opts.inbox.acknowledge(m.meldingId);
    }
    return messages.length;
  }

  const loop = poller([enqueueOnce, receiveOnce, sendOnce], (opts.intervalSeconds ?? 30) * 1000, (error) => opts.onError?.(error));
  return {
    enqueueOnce,
    sendOnce,
    receiveOnce,
    start: loop.start,
    async stop() {
      await loop.stop();
      await opts.inbox.close?.();
    },
  };
}
