// Writes one change of a case to the system of record: the event (append-only) and the latest view,
// in one transaction. Keyed by (case, run, seq): a retried activity adds nothing twice, and a reset
// run's changes are kept beside the old run's (db/migrations/005_reset_safe_records.ts).
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { CaseView } from '../domain/case/caseTypes';

export interface CaseChange {
  caseId: string;
  /** The workflow run that made the change. Absent in changes scheduled before runs were recorded. */
  runId?: string;
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
  const runId = change.runId ?? '';
  // An event written before runs were recorded (run_id '') stands for any run: a retry across the upgrade adds nothing.
  const recordedBeforeRuns = runId !== '' && (await trx('case_events').where({ case_id: change.caseId, seq: change.seq, run_id: '' }).first('id'));
  if (!recordedBeforeRuns) {
    const inserted = (await trx('case_events')
      .insert({
        case_id: change.caseId,
        run_id: runId,
        seq: change.seq,
        type: change.event.type,
        at: change.event.at,
        actor: change.event.actor,
        data: JSON.stringify(change.event.data),
      })
      .onConflict(['case_id', 'run_id', 'seq'])
      .ignore()
      .returning('id')) as { id: string | number }[];
    const eventId = inserted[0]?.id;
    // An appeal in is a registry entry in the archive (Fiks Arkiv), with its text as the case has it
    // now: a later appeal replaces the view's. Made with the event, so once (archive_entries.event_id).
    if (eventId !== undefined && change.event.type === 'appeal_received') {
      await trx('archive_entries')
        .insert({ id: randomUUID(), case_id: change.caseId, kind: 'appeal', reference: `appeal-${eventId}`, event_id: eventId, document_text: change.view.appeal?.text ?? null })
        .onConflict('event_id')
        .ignore();
    }
  }
  // Only a later change moves the view forward, whatever order retries land in: later in time,
  // or at the same moment with a higher seq (a reset run's seq numbers start again, its time does not).
  await trx('cases')
    .where({ id: change.caseId })
    .andWhere((q) =>
      q
        .where((none) => none.whereNull('view_at').andWhere('view_seq', '<', change.seq))
        .orWhere('view_at', '<', change.event.at)
        .orWhere((same) => same.where('view_at', '=', change.event.at).andWhere('view_seq', '<', change.seq)),
    )
    .update({
      status: change.view.status,
      view: JSON.stringify(change.view),
      view_seq: change.seq,
      view_at: change.event.at,
      overdue: change.overdue,
      next_deadline: change.nextDeadline,
      updated_at: trx.fn.now(),
      first_decided_at:
        change.event.type === 'decision_issued' ? trx.raw('coalesce(first_decided_at, ?)', [change.event.at]) : trx.ref('first_decided_at'),
    });
}
