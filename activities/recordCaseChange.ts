// Writes one change of a case to the system of record: the event (append-only) and the latest view,
// in one transaction. Keyed by (case, seq): a retried activity adds nothing twice.
import type { Knex } from 'knex';
import type { CaseView } from '../domain/caseTypes';

export interface CaseChange {
  caseId: string;
  seq: number;
  event: { type: string; at: string; actor: string; data: Record<string, unknown> };
  view: CaseView;
  overdue: boolean;
  nextDeadline: string | null;
}

export function createRecordCaseChange(deps: { db: Knex }) {
  return async function recordCaseChange(change: CaseChange): Promise<void> {
    await deps.db.transaction((trx) => writeCaseChange(trx, change));
  };
}

/** Writes the event and moves the view forward, inside the caller's transaction. */
export async function writeCaseChange(trx: Knex.Transaction, change: CaseChange): Promise<void> {
  await trx('case_events')
    .insert({
      case_id: change.caseId,
      seq: change.seq,
      type: change.event.type,
      at: change.event.at,
      actor: change.event.actor,
      data: JSON.stringify(change.event.data),
    })
    .onConflict(['case_id', 'seq'])
    .ignore();
  // Only a newer change moves the view forward, whatever order retries land in.
  await trx('cases')
    .where({ id: change.caseId })
    .andWhere('view_seq', '<', change.seq)
    .update({
      status: change.view.status,
      view: JSON.stringify(change.view),
      view_seq: change.seq,
      overdue: change.overdue,
      next_deadline: change.nextDeadline,
      updated_at: trx.fn.now(),
      first_decided_at:
        change.event.type === 'decision_issued' ? trx.raw('coalesce(first_decided_at, ?)', [change.event.at]) : trx.ref('first_decided_at'),
    });
}
