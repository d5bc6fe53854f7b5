// The figures a manager asks for, from the system of record: open cases by status, overdue cases,
// provisional replies sent, appeals by outcome, and time from receipt to the first decision.
import type { Knex } from 'knex';
import {
  APPEAL_BODY_OUTCOMES,
  CASE_STATUSES,
  RECONSIDERATION_OUTCOMES,
  type AppealBodyOutcome,
  type CaseStatus,
  type ReconsiderationOutcome,
} from '../../domain/case/caseTypes';

export type OpenStatus = Exclude<CaseStatus, 'closed'>;
export const OPEN_STATUSES = CASE_STATUSES.filter((s): s is OpenStatus => s !== 'closed');

export interface CaseStats {
  municipality: string | null;
  openCases: { total: number; byStatus: Record<OpenStatus, number> };
  closedCases: number;
  overdueCases: number;
  provisionalRepliesSent: number;
  appeals: {
    received: number;
    reconsideration: Record<ReconsiderationOutcome, number>;
    appealBody: Record<AppealBodyOutcome, number>;
  };
  processingTimeDays: { decidedCases: number; median: number | null; p90: number | null };
}

function zeros<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

const round2 = (value: number | string | null): number | null => (value === null ? null : Math.round(Number(value) * 100) / 100);

export interface StatsScope {
  /** The filter asked for, reported back as `municipality`. */
  municipality?: string | undefined;
  /** The municipalities the figures cover (the caller's, or the filter). */
  within: readonly string[];
}

export async function caseStats(db: Knex, { municipality, within }: StatsScope): Promise<CaseStats> {
  const cases = () => db('cases').whereIn('cases.municipality', [...within]);

  const [statusRows, overdueRow, provisionalRow, appealRows, timeRow] = await Promise.all([
    cases().select('status').count<{ status: string; count: string }[]>('* as count').groupBy('status'),
    cases().where('overdue', true).whereNot('status', 'closed').count<{ count: string }[]>('* as count'),
    cases()
      .join('letters', 'letters.case_id', 'cases.id')
      .where('letters.kind', 'provisional_reply')
      .count<{ count: string }[]>('* as count'),
    cases()
      .join('case_events', 'case_events.case_id', 'cases.id')
      .whereIn('case_events.type', ['appeal_received', 'reconsideration', 'appeal_body_decision'])
      .select('case_events.type as type', db.raw(`case_events.data->>'outcome' as outcome`))
      .count<{ type: string; outcome: string | null; count: string }[]>('* as count')
      .groupBy('case_events.type', db.raw(`case_events.data->>'outcome'`)),
    cases()
      .whereNotNull('first_decided_at')
      .first(
        db.raw('count(*) as decided'),
        db.raw(`percentile_cont(0.5) within group (order by extract(epoch from first_decided_at - received_at) / 86400) as median`),
        db.raw(`percentile_cont(0.9) within group (order by extract(epoch from first_decided_at - received_at) / 86400) as p90`),
      ),
  ]);

  const byStatus = zeros(OPEN_STATUSES);
  let closedCases = 0;
  for (const row of statusRows) {
    if (row.status === 'closed') closedCases = Number(row.count);
    else if (row.status in byStatus) byStatus[row.status as OpenStatus] = Number(row.count);
  }

  const appeals: CaseStats['appeals'] = { received: 0, reconsideration: zeros(RECONSIDERATION_OUTCOMES), appealBody: zeros(APPEAL_BODY_OUTCOMES) };
  for (const row of appealRows) {
    const count = Number(row.count);
    if (row.type === 'appeal_received') appeals.received += count;
    else if (row.type === 'reconsideration' && row.outcome && row.outcome in appeals.reconsideration) {
      appeals.reconsideration[row.outcome as ReconsiderationOutcome] += count;
    } else if (row.type === 'appeal_body_decision' && row.outcome && row.outcome in appeals.appealBody) {
      appeals.appealBody[row.outcome as AppealBodyOutcome] += count;
    }
  }

  const time = timeRow as { decided: string; median: number | null; p90: number | null } | undefined;
  return {
    municipality: municipality ?? null,
    openCases: { total: Object.values(byStatus).reduce((a, b) => a + b, 0), byStatus },
    closedCases,
    overdueCases: Number(overdueRow[0]?.count ?? 0),
    provisionalRepliesSent: Number(provisionalRow[0]?.count ?? 0),
    appeals,
    processingTimeDays: { decidedCases: Number(time?.decided ?? 0), median: round2(time?.median ?? null), p90: round2(time?.p90 ?? null) },
  };
}
