// A page of cases from PostgreSQL, newest first, with an opaque keyset cursor: (created_at, id).
import type { Knex } from 'knex';
import type { CaseStatus, CaseView } from '../../domain/case/caseTypes';
import type { HoldReason } from '../../domain/case/holdReasons';
import { ApiError } from '../errors';
import { withRowFlags } from '../../db/caseStore';
import { isPositionTimestamp, isUuid } from './cursorPosition';

export interface CaseListFilter {
  status?: CaseStatus;
  municipality?: string;
  /** The municipalities the caller may see: the list never leaves them. */
  municipalities: readonly string[];
  overdue?: boolean;
  /** Whose cases: nobody's (`none`), or this `sub`'s (`me` is resolved to the token's `sub` before it gets here). */
  assignee?: { none: true } | { sub: string };
  /** true: only the cases on hold; false: only the others. */
  onHold?: boolean;
  /** `deadline`: the work queue's order, overdue first, then the nearest running deadline; else newest first. */
  sort?: 'deadline';
  limit: number;
  cursor?: string;
}

/** A case in a list: its view, who has it, and its earliest running deadline. */
export interface CaseListItem {
  view: CaseView;
  assignee: string | null;
  nextDeadline: string | null;
  /** Why the case is on hold (a reason code) and since when; null when it is not. */
  onHold: { reason: HoldReason; since: string } | null;
}

export interface CasePage {
  items: CaseListItem[];
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

/** The deadline order pages by position: a case's deadline moves, so no keyset over it stays put. */
function encodeOffset(offset: number): string {
  return Buffer.from(JSON.stringify(['offset', offset])).toString('base64url');
}

function decodeOffset(cursor: string): number {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(decoded) && decoded[0] === 'offset' && Number.isSafeInteger(decoded[1]) && (decoded[1] as number) >= 0) return decoded[1] as number;
  } catch {
    // fall through
  }
  throw ApiError.validation([{ field: 'cursor', message: 'Not a cursor from this API: pass nextCursor from the previous page as it is.' }]);
}

type Row = {
  id: string;
  view: CaseView;
  position: string;
  assignee: string | null;
  next_deadline: Date | null;
  on_hold: HoldReason | null;
  on_hold_since: Date | null;
  applicant_deceased_at: Date | null;
};

function item(row: Row): CaseListItem {
  return {
    view: withRowFlags(row.view, row),
    assignee: row.assignee,
    nextDeadline: row.next_deadline ? row.next_deadline.toISOString() : null,
    onHold: row.on_hold && row.on_hold_since ? { reason: row.on_hold, since: row.on_hold_since.toISOString() } : null,
  };
}

export async function listCases(db: Knex, filter: CaseListFilter): Promise<CasePage> {
  const query = db('cases')
    .select('id', 'view', 'assignee', 'next_deadline', 'on_hold', 'on_hold_since', 'applicant_deceased_at', db.raw(`to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as position`))
    .limit(filter.limit + 1);
  if (filter.assignee) {
    if ('none' in filter.assignee) query.whereNull('assignee');
    else query.where('assignee', filter.assignee.sub);
  }
  if (filter.onHold === true) query.whereNotNull('on_hold');
  if (filter.onHold === false) query.whereNull('on_hold');
  if (filter.sort === 'deadline') {
    query.orderByRaw('overdue desc, next_deadline asc nulls last, created_at asc, id asc');
    if (filter.status) query.where('status', filter.status);
    query.whereIn('municipality', [...filter.municipalities]);
    if (filter.municipality) query.where('municipality', filter.municipality);
    if (filter.overdue !== undefined) query.where('overdue', filter.overdue);
    const offset = filter.cursor ? decodeOffset(filter.cursor) : 0;
    const rows = (await query.offset(offset)) as Row[];
    return {
      items: rows.slice(0, filter.limit).map(item),
      nextCursor: rows.length > filter.limit ? encodeOffset(offset + filter.limit) : null,
    };
  }
  query.orderBy([
    { column: 'created_at', order: 'desc' },
    { column: 'id', order: 'desc' },
  ]);
  if (filter.status) query.where('status', filter.status);
  query.whereIn('municipality', [...filter.municipalities]);
  if (filter.municipality) query.where('municipality', filter.municipality);
  if (filter.overdue !== undefined) query.where('overdue', filter.overdue);
  if (filter.cursor) {
    const after = decodeCursor(filter.cursor);
    query.whereRaw('(created_at, id) < (?::timestamptz, ?::uuid)', [after.createdAt, after.id]);
  }
  const rows = (await query) as Row[];
  const page = rows.slice(0, filter.limit);
  const last = page.at(-1);
  return {
    items: page.map(item),
    nextCursor: rows.length > filter.limit && last ? encodeCursor({ createdAt: last.position, id: last.id }) : null,
  };
}
