// The access log as an auditor reads it: newest first, within the auditor's municipalities, with an
// opaque keyset cursor (at, id).
import type { Knex } from 'knex';
import type { Role } from '../auth/roles';
import { ApiError } from '../errors';
import { isPositionTimestamp, isRowId } from './cursorPosition';

export interface AccessLogFilter {
  /** The auditor's municipalities: only rows that touch one of them. */
  within: readonly string[];
  caseId?: string | undefined;
  actor?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

export interface AccessLogItem {
  at: string;
  actor: string;
  role: Role;
  municipality: string | null;
  caseId: string | null;
  action: string;
  reason: string | null;
}

interface Row {
  id: string;
  at: Date;
  position: string;
  actor: string;
  role: Role;
  municipality: string | null;
  case_id: string | null;
  action: string;
  reason: string | null;
}


function encodeCursor(at: string, id: string): string {
  return Buffer.from(JSON.stringify(['access', at, id])).toString('base64url');
}

function decodeCursor(cursor: string): { at: string; id: string } {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(decoded) && decoded.length === 3 && decoded[0] === 'access') {
      const [, at, id] = decoded as unknown[];
      if (isPositionTimestamp(at) && isRowId(id)) return { at, id };
    }
  } catch {
    // fall through: not a cursor this API gave out
  }
  throw ApiError.validation([{ field: 'cursor', message: 'Not a cursor from this API: pass nextCursor from the previous page as it is.' }]);
}

export async function readAccessLog(db: Knex, filter: AccessLogFilter): Promise<{ items: AccessLogItem[]; nextCursor: string | null }> {
  const query = db('access_log')
    .select('id', 'at', 'actor', 'role', 'municipality', 'case_id', 'action', 'reason')
    .select(db.raw(`to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as position`))
    .whereRaw('municipalities && ?::text[]', [[...filter.within]])
    .orderBy([
      { column: 'at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(filter.limit + 1);
  if (filter.caseId) query.where('case_id', filter.caseId);
  if (filter.actor) query.where('actor', filter.actor);
  // As UTC: ISO-8601 allows offsets (up to ±23:59) that PostgreSQL refuses to read (beyond ±15:59).
  if (filter.from) query.where('at', '>=', new Date(filter.from).toISOString());
  if (filter.to) query.where('at', '<', new Date(filter.to).toISOString());
  if (filter.cursor) {
    const after = decodeCursor(filter.cursor);
    query.whereRaw('(at, id) < (?::timestamptz, ?::bigint)', [after.at, after.id]);
  }
  const rows = (await query) as Row[];
  const page = rows.slice(0, filter.limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => ({
      at: row.at.toISOString(),
      actor: row.actor,
      role: row.role,
      municipality: row.municipality,
      caseId: row.case_id,
      action: row.action,
      reason: row.reason,
    })),
    nextCursor: rows.length > filter.limit && last ? encodeCursor(last.position, String(last.id)) : null,
  };
}
