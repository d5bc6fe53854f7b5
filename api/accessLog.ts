// The access log (tilgangslogg): one row for every answer that shows a case's contents, written
// before the answer is sent. No row, no answer: when the row cannot be written the caller gets 503
// and sees nothing. Rows are never changed or deleted (the database refuses it).
import type { Knex } from 'knex';
import type { Access } from './auth/roles';
import { ApiError } from './errors';

/** What was shown. `action` is a fixed name (`case.view`, `cases.list`, `codec.decode`, …), never free text. */
export interface AccessEntry {
  action: string;
  /** The case shown; null for a list or a decode that names no case. */
  caseId: string | null;
  /** The case's municipality, or the one municipality a list covered; null when it covered several. */
  municipality: string | null;
  /** Every municipality the answer could show: what an auditor's scope is matched against. */
  municipalities: readonly string[];
}

export const ACCESS_LOG_UNAVAILABLE = 'The access log cannot be written right now, so nothing is shown; the request may be retried.';

export async function writeAccessLog(db: Knex, access: Access, entry: AccessEntry): Promise<void> {
  try {
    await db('access_log').insert({
      actor: access.principal.sub,
      role: access.role,
      municipality: entry.municipality,
      municipalities: [...entry.municipalities],
      case_id: entry.caseId,
      action: entry.action,
      reason: access.reason,
    });
  } catch (err) {
    throw new ApiError('unavailable', ACCESS_LOG_UNAVAILABLE, undefined, err);
  }
}

/** The row for one case: its own municipality. */
export function caseEntry(action: string, caseId: string, municipality: string): AccessEntry {
  return { action, caseId, municipality, municipalities: [municipality] };
}

/** The row for a list over `municipalities`. */
export function listEntry(action: string, municipalities: readonly string[]): AccessEntry {
  return { action, caseId: null, municipality: municipalities.length === 1 ? (municipalities[0] ?? null) : null, municipalities };
}
