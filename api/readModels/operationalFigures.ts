// What /metrics reads from the system of record, so every API instance reports the same figures
// whichever process did the work: open and overdue cases by municipality and status, and the
// letters' outbox by channel and status (the worker delivers; the API and the worker may be
// separate processes, as in docker-compose.yml). Counts only: no case id, no personal data.
import type { Knex } from 'knex';

export interface CaseCount {
  municipality: string;
  status: string;
  open: number;
  overdue: number;
}

export interface DeliveryCount {
  channel: string;
  status: string;
  count: number;
  /** Pending deliveries whose last attempt failed: a channel that is failing now, before its retries run out. */
  failing: number;
}

/** Why letters wait for a retry: the service their last attempt failed at. */
export const WAITING_REASONS = ['maskinporten', 'krr', 'folkeregisteret', 'svarut', 'channel'] as const;
export type WaitingReason = (typeof WAITING_REASONS)[number];

/**
 * The reason of a pending outbox row from its last error (a Maskinporten refusal first: KRR and
 * SvarUt need its token). The same for /metrics and the letters list's `waiting` delivery.
 */
export const WAITING_REASON_SQL = `case when last_error ilike '%maskinporten%' then 'maskinporten' when last_error like '%KRR%' then 'krr' when last_error like '%Folkeregisteret%' then 'folkeregisteret' when last_error ilike '%svarut%' then 'svarut' else 'channel' end`;

export interface WaitingCount {
  reason: WaitingReason;
  count: number;
}

/** Registry entries for the archive (Fiks Arkiv) not yet acknowledged (waiting) or refused (failed), by kind. */
export const ARCHIVE_KINDS = ['letter', 'appeal'] as const;
export interface ArchiveCount {
  kind: (typeof ARCHIVE_KINDS)[number];
  status: 'waiting' | 'failed';
  count: number;
}

export interface OperationalFigures {
  cases: CaseCount[];
  deliveries: DeliveryCount[];
  /** Pending deliveries whose last attempt failed, by the service that failed (a Maskinporten refusal first: KRR and SvarUt need its token). */
  waiting: WaitingCount[];
  archive: ArchiveCount[];
}

export async function operationalFigures(db: Knex): Promise<OperationalFigures> {
  const [caseRows, deliveryRows, waitingRows, archiveRows] = await Promise.all([
    db('cases')
      .whereNot('status', 'closed')
      .select('municipality', 'status')
      .count<{ municipality: string; status: string; open: string }[]>('* as open')
      .select(db.raw('count(*) filter (where overdue) as overdue'))
      .groupBy('municipality', 'status'),
    db('letter_deliveries')
      .select('channel', 'status')
      .count<{ channel: string; status: string; count: string }[]>('* as count')
      .select(db.raw(`count(*) filter (where status = 'pending' and last_error is not null) as failing`))
      .groupBy('channel', 'status'),
    db('letter_deliveries')
      .where({ status: 'pending' })
      .whereNotNull('last_error')
      .select(
        db.raw(`${WAITING_REASON_SQL} as reason`),
      )
      .count<{ reason: WaitingReason; count: string }[]>('* as count')
      .groupBy('reason'),
    db('archive_entries')
      .whereIn('status', ['waiting', 'sent', 'failed'])
      .select('kind', db.raw(`case when status = 'failed' then 'failed' else 'waiting' end as status`))
      .count<{ kind: ArchiveCount['kind']; status: ArchiveCount['status']; count: string }[]>('* as count')
      .groupBy('kind', db.raw(`case when status = 'failed' then 'failed' else 'waiting' end`)),
  ]);
  return {
    cases: caseRows.map((r) => ({
      municipality: r.municipality,
      status: r.status,
      open: Number(r.open),
      overdue: Number((r as unknown as { overdue: string }).overdue),
    })),
    deliveries: deliveryRows.map((r) => ({
      channel: r.channel,
      status: r.status,
      count: Number(r.count),
      failing: Number((r as unknown as { failing: string }).failing),
    })),
    waiting: waitingRows.map((r) => ({ reason: r.reason, count: Number(r.count) })),
    archive: archiveRows.map((r) => ({ kind: r.kind, status: r.status, count: Number(r.count) })),
  };
}
