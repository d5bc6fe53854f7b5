// What happened to a case, from the system of record: its events (append-only) and its letters.
import type { Knex } from 'knex';

export interface CaseEventItem {
  type: string;
  at: string;
  actor: string;
  data: Record<string, unknown>;
}

export interface LetterItem {
  id: string;
  kind: string;
  channel: string;
  createdAt: string;
  subject: string;
  body: string;
}

export async function caseExists(db: Knex, id: string): Promise<boolean> {
  return (await db('cases').where({ id }).first('id')) !== undefined;
}

/** Every step and automatic event, oldest first. */
export async function listEvents(db: Knex, caseId: string): Promise<CaseEventItem[]> {
  const rows = await db('case_events').where({ case_id: caseId }).orderBy([{ column: 'at' }, { column: 'seq' }]).select('type', 'at', 'actor', 'data');
  return rows.map((row: { type: string; at: Date; actor: string; data: Record<string, unknown> }) => ({
    type: row.type,
    at: row.at.toISOString(),
    actor: row.actor,
    data: row.data ?? {},
  }));
}

interface LetterRow {
  id: string;
  kind: string;
  channel: string;
  created_at: Date;
  subject: string;
  body: string;
}

function toLetterItem(row: LetterRow): LetterItem {
  return { id: row.id, kind: row.kind, channel: row.channel, createdAt: row.created_at.toISOString(), subject: row.subject, body: row.body };
}

/** Every letter and notice, oldest first. */
export async function listLetters(db: Knex, caseId: string): Promise<LetterItem[]> {
  const rows = await db('letters')
    .where({ case_id: caseId })
    .orderBy([{ column: 'created_at' }, { column: 'id' }])
    .select('id', 'kind', 'channel', 'created_at', 'subject', 'body');
  return (rows as LetterRow[]).map(toLetterItem);
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
      'cases.municipality',
    );
  return row ? { ...toLetterItem(row as LetterRow), municipality: (row as { municipality: string }).municipality } : undefined;
}
