// What happened to a case, from the system of record: its events (append-only) and its letters.
import type { Knex } from 'knex';
import { WAITING_REASON_SQL, type WaitingReason } from './operationalFigures';

/** The registry entry (journalpost) in the archive (Fiks Arkiv) of a letter or an appeal. */
export interface ArchiveState {
  /** waiting: not acknowledged by the archive yet (sent, or to be sent again); failed: the archive refused it. */
  status: 'waiting' | 'archived' | 'failed';
  archivedAt: string | null;
  /** The archive's reference: saksnummer and journalpost number (2026/17-3). */
  reference: string | null;
}

export interface CaseEventItem {
  type: string;
  at: string;
  actor: string;
  data: Record<string, unknown>;
  /** An appeal's registry entry in the archive; absent on other events. */
  archive?: ArchiveState;
}

export interface LetterDelivery {
  /** waiting: not gone out yet, and its last attempt failed at a service (retried until it goes or its retries run out). */
  status: 'waiting' | 'sent' | 'delivered' | 'read' | 'printed' | 'failed';
  deliveredAt: string | null;
  failedReason: string | null;
  route: 'digital' | 'print' | null;
  /** Only while waiting: the service the last attempt failed at, as /metrics counts letters_waiting. */
  waitingReason?: WaitingReason;
  /** Only while waiting: since its first failed attempt. */
  waitingSince?: string;
}

/** Who a letter went to: the applicant (their own letter, or `copyOf` the representative's), or their guardian or authorised representative. */
export type LetterRecipientItem = { to: 'applicant'; copyOf?: string } | { to: 'representative'; role: 'guardian' | 'authorised'; name: string };

export interface LetterItem {
  id: string;
  recipient: LetterRecipientItem;
  kind: string;
  channel: string;
  createdAt: string;
  subject: string;
  body: string;
  delivery: LetterDelivery | null;
  archive: ArchiveState | null;
}

export async function caseExists(db: Knex, id: string): Promise<boolean> {
  return (await db('cases').where({ id }).first('id')) !== undefined;
}

interface ArchiveRow {
  status: string;
  archived_at: Date | null;
  archive_reference: string | null;
}

function toArchiveState(row: ArchiveRow): ArchiveState {
  return {
    status: row.status === 'archived' ? 'archived' : row.status === 'failed' ? 'failed' : 'waiting',
    archivedAt: row.archived_at ? row.archived_at.toISOString() : null,
    reference: row.archive_reference,
  };
}

/** Every step and automatic event, oldest first; an appeal with its registry entry in the archive. */
export async function listEvents(db: Knex, caseId: string): Promise<CaseEventItem[]> {
  const rows = (await db('case_events as e')
    .leftJoin('archive_entries as a', 'a.event_id', 'e.id')
    .where({ 'e.case_id': caseId })
    .orderBy([{ column: 'e.at' }, { column: 'e.seq' }])
    .select('e.type', 'e.at', 'e.actor', 'e.data', 'a.status', 'a.archived_at', 'a.archive_reference')) as ({ type: string; at: Date; actor: string; data: Record<string, unknown> } & Partial<ArchiveRow>)[];
  return rows.map((row) => ({
    type: row.type,
    at: row.at.toISOString(),
    actor: row.actor,
    data: row.data ?? {},
    ...(row.status ? { archive: toArchiveState(row as ArchiveRow) } : {}),
  }));
}

interface LetterRow {
  id: string;
  /** letters.recipient (migration 014); null: to the applicant alone. */
  recipient: { to: 'applicant'; copyOf: string } | { to: 'representative'; role: 'guardian' | 'authorised'; name: string } | null;
  kind: string;
  channel: string;
  created_at: Date;
  subject: string;
  body: string;
}

function toLetterItem(row: LetterRow, delivery: LetterDelivery | null = null, archive: ArchiveState | null = null): LetterItem {
  const r = row.recipient;
  // Only who it went to: the representative's address, phone and e-mail stay with the delivery.
  const recipient: LetterRecipientItem = !r ? { to: 'applicant' } : r.to === 'representative' ? { to: 'representative', role: r.role, name: r.name } : { to: 'applicant', copyOf: r.copyOf };
  return { id: row.id, recipient, kind: row.kind, channel: row.channel, createdAt: row.created_at.toISOString(), subject: row.subject, body: row.body, delivery, archive };
}

async function archiveOf(db: Knex, letterIds: string[]): Promise<Map<string, ArchiveState>> {
  if (letterIds.length === 0) return new Map();
  const rows = (await db('archive_entries').whereIn('letter_id', letterIds).select('letter_id', 'status', 'archived_at', 'archive_reference')) as (ArchiveRow & { letter_id: string })[];
  return new Map(rows.map((r) => [r.letter_id, toArchiveState(r)]));
}

/**
 * How each letter went: SvarUt's followed status where it went through SvarUt (letter_transport),
 * else the outbox row of the channel that carries the letter (the file transport can only say sent).
 */
async function deliveriesOf(db: Knex, letterIds: string[]): Promise<Map<string, LetterDelivery>> {
  const result = new Map<string, LetterDelivery>();
  if (letterIds.length === 0) return result;
  const outbox = (await db('letter_deliveries')
    .whereIn('letter_id', letterIds)
    .whereIn('channel', ['digital_mailbox', 'print'])
    .select('letter_id', 'status', 'last_error', db.raw(`${WAITING_REASON_SQL} as reason`), db.raw('COALESCE(waiting_since, last_attempt_at) as since'))) as {
    letter_id: string;
    status: string;
    last_error: string | null;
    reason: WaitingReason;
    since: Date | null;
  }[];
  for (const row of outbox) {
    if (row.status === 'delivered') result.set(row.letter_id, { status: 'sent', deliveredAt: null, failedReason: null, route: null });
    else if (row.status === 'failed') result.set(row.letter_id, { status: 'failed', deliveredAt: null, failedReason: row.last_error, route: null });
    // Pending after a failed attempt: the caseworker sees it wait, and at what (no error text: it may name a register's answer).
    else if (row.status === 'pending' && row.last_error !== null) {
      result.set(row.letter_id, {
        status: 'waiting',
        deliveredAt: null,
        failedReason: null,
        route: null,
        waitingReason: row.reason,
        ...(row.since ? { waitingSince: row.since.toISOString() } : {}),
      });
    }
  }
  const transport = (await db('letter_transport')
    .whereIn('letter_id', letterIds)
    .select('letter_id', 'route', 'status', 'delivered_at', 'failed_reason')) as { letter_id: string; route: string; status: LetterDelivery['status'] | null; delivered_at: Date | null; failed_reason: string | null }[];
  for (const row of transport) {
    if (!row.status) continue;
    result.set(row.letter_id, {
      status: row.status,
      deliveredAt: row.delivered_at ? row.delivered_at.toISOString() : null,
      failedReason: row.failed_reason,
      route: row.route === 'digital' || row.route === 'print' ? row.route : null,
    });
  }
  return result;
}

/** Every letter and notice, oldest first (a copy after the letter it copies), each with how its delivery went. */
export async function listLetters(db: Knex, caseId: string): Promise<LetterItem[]> {
  const rows = (await db('letters')
    .where({ case_id: caseId })
    // A letter and its copy are written in one transaction, so at the same instant.
    .orderBy('created_at')
    .orderByRaw("(recipient->>'copyOf') IS NOT NULL")
    .orderBy('id')
    .select('id', 'kind', 'channel', 'created_at', 'subject', 'body', 'recipient')) as LetterRow[];
  const ids = rows.map((r) => r.id);
  const [deliveries, archive] = await Promise.all([deliveriesOf(db, ids), archiveOf(db, ids)]);
  return rows.map((row) => toLetterItem(row, deliveries.get(row.id) ?? null, archive.get(row.id) ?? null));
}

export async function findLetter(db: Knex, caseId: string, letterId: string): Promise<(LetterItem & { municipality: string }) | undefined> {
  const row = await db('letters')
    .join('cases', 'cases.id', 'letters.case_id')
    .where({ 'letters.case_id': caseId, 'letters.id': letterId })
    .first(
      'letters.id',
      'letters.kind',
      'letters.channel',
      'letters.created_at',
      'letters.subject',
      'letters.body',
      'letters.recipient',
      'cases.municipality',
    );
  if (!row) return undefined;
  const [deliveries, archive] = await Promise.all([deliveriesOf(db, [(row as LetterRow).id]), archiveOf(db, [(row as LetterRow).id])]);
  return { ...toLetterItem(row as LetterRow, deliveries.get((row as LetterRow).id) ?? null, archive.get((row as LetterRow).id) ?? null), municipality: (row as { municipality: string }).municipality };
}
