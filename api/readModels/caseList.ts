// A page of cases from PostgreSQL, newest first, with an opaque keyset cursor: (created_at, id).
import type { Knex } from 'knex';
import type { CaseStatus, CaseView } from '../../domain/case/caseTypes';
import { ApiError } from '../errors';
import { isPositionTimestamp, isUuid } from './cursorPosition';

export interface CaseListFilter {
  status?: CaseStatus;
  municipality?: string;
  /** The municipalities the caller may see: the list never leaves them. */
  municipalities: readonly string[];
  overdue?: boolean;
  limit: number;
  cursor?: string;
}

export interface CasePage {
  items: CaseView[];
  nextCursor: string | null;
}

interface Position {
  /** created_at to the microsecond, as PostgreSQL wrote it, so the next page starts exactly after it. */
  createdAt: string;
  id: string;
}


export function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify([position.createdAt, position.id])).toString('base64url');
}

export function decodeCursor(cursor: string): Position {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(decoded) && decoded.length === 2) {
      const [createdAt, id] = decoded as unknown[];
      if (isPositionTimestamp(createdAt) && isUuid(id)) {
        return { createdAt, id };
      }
    }
  } catch {
    // fall through: not a cursor this API gave out
  }
  throw ApiError.validation([{ field: 'cursor', message: 'Not a cursor from this API: pass nextCursor from the previous page as it is.' }]);
}

export async function listCases(db: Knex, filter: CaseListFilter): Promise<CasePage> {
  const query = db('cases')
    .select('id', 'view', db.raw(`to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as position`))
    .orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(filter.limit + 1);
  if (filter.status) query.where('status', filter.status);
  query.whereIn('municipality', [...filter.municipalities]);
  if (filter.municipality) query.where('municipality', filter.municipality);
  if (filter.overdue !== undefined) query.where('overdue', filter.overdue);
  if (filter.cursor) {
    const after = decodeCursor(filter.cursor);
    query.whereRaw('(created_at, id) < (?::timestamptz, ?::uuid)', [after.createdAt, after.id]);
  }
  const rows = (await query) as Array<{ id: string; view: CaseView; position: string }>;
  const page = rows.slice(0, filter.limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => row.view),
    nextCursor: rows.length > filter.limit && last ? encodeCursor({ createdAt: last.position, id: last.id }) : null,
  };
}
