// The office's figures over time, per calendar month (Oslo): provisional replies and how many went
// out on time, days from receipt to the first decision, and appeals by outcome. Counts and days only:
// no case id, no person, nothing that names anyone leaves this module.
import type { Knex } from 'knex';
import { provisionalReplyDeadline } from '../../domain/case/caseDeadlines';
import { APPEAL_BODY_OUTCOMES, RECONSIDERATION_OUTCOMES, type AppealBodyOutcome, type ReconsiderationOutcome } from '../../domain/case/caseTypes';
import { osloDateOf } from '../../domain/calendar/osloTime';
import type { Policy } from '../../domain/policy/policyTypes';

export interface MonthFigures {
  /** `YYYY-MM`, the Oslo calendar month. */
  month: string;
  provisionalReplies: { sent: number; onTime: number };
  decisions: { count: number; medianDays: number | null; meanDays: number | null };
  appeals: {
    received: number;
    reconsideration: Record<ReconsiderationOutcome, number>;
    appealBody: Record<AppealBodyOutcome, number>;
  };
}

export interface MonthlyStats {
  municipality: string | null;
  months: MonthFigures[];
}

function zeros<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

const round1 = (value: number | string | null): number | null => (value === null ? null : Math.round(Number(value) * 10) / 10);

/** The `count` months up to and including the one `now` is in, oldest first. */
export function monthsUpTo(now: Date, count: number): string[] {
  const [year, month] = osloDateOf(now).split('-').map(Number) as [number, number];
  const out: string[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const index = year * 12 + (month - 1) - i;
    out.push(`${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`);
  }
  return out;
}

interface ReplyRow {
  case_id: string;
  municipality: string;
  received_at: Date;
  type: string;
  at: Date;
  data: Record<string, unknown>;
}

/**
 * Provisional replies per month, and how many went out by the date they were owed (fvl § 11 a): the
 * municipality's period from the application's receipt, or from the appeal's, or from the quash that
 * sent the case back. A reply sent because the date the last one gave passed undecided is never on
 * time: a promise was broken.
 */
async function provisionalReplies(db: Knex, within: readonly string[], from: Date, policy: Policy, months: Map<string, MonthFigures>): Promise<void> {
  const rows = (await db('case_events')
    .join('cases', 'cases.id', 'case_events.case_id')
    .whereIn('cases.municipality', [...within])
    .whereIn('case_events.type', ['provisional_reply_sent', 'provisional_reply_overdue', 'appeal_received', 'appeal_body_decision'])
    // The replies in the period, and what started the period each one answers (which may be older).
    .whereIn('case_events.case_id', db('case_events').select('case_id').whereIn('type', ['provisional_reply_sent', 'provisional_reply_overdue']).where('at', '>=', from))
    .orderBy([{ column: 'case_events.case_id' }, { column: 'case_events.seq' }])
    .select('case_events.case_id', 'cases.municipality', 'cases.received_at', 'case_events.type', 'case_events.at', 'case_events.data')) as ReplyRow[];
  let caseId = '';
  let start = new Date(0);
  for (const row of rows) {
    if (row.case_id !== caseId) {
      caseId = row.case_id;
      start = new Date(row.received_at);
    }
    if (row.type === 'appeal_received') {
      start = new Date(typeof row.data.receivedAt === 'string' ? row.data.receivedAt : row.at);
      continue;
    }
    if (row.type === 'appeal_body_decision') {
      if (row.data.outcome === 'quashed') start = new Date(row.at);
      continue;
    }
    const figures = months.get(osloDateOf(new Date(row.at)).slice(0, 7));
    if (!figures) continue;
    figures.provisionalReplies.sent++;
    const timers = policy.municipalities[row.municipality]?.timers;
    if (row.type === 'provisional_reply_sent' && timers && new Date(row.at) <= provisionalReplyDeadline(start, timers).dueAt) figures.provisionalReplies.onTime++;
  }
}

export async function monthlyStats(db: Knex, policy: Policy, opts: { municipality?: string | undefined; within: readonly string[]; months: number; now?: Date }): Promise<MonthlyStats> {
  const now = opts.now ?? new Date();
  const keys = monthsUpTo(now, opts.months);
  const months = new Map(
    keys.map((month): [string, MonthFigures] => [
      month,
      {
        month,
        provisionalReplies: { sent: 0, onTime: 0 },
        decisions: { count: 0, medianDays: null, meanDays: null },
        appeals: { received: 0, reconsideration: zeros(RECONSIDERATION_OUTCOMES), appealBody: zeros(APPEAL_BODY_OUTCOMES) },
      },
    ]),
  );
  // The first day of the first month, Oslo time.
  const from = (await db.raw(`select (?::date)::timestamp at time zone 'Europe/Oslo' as start`, [`${keys[0]}-01`])).rows[0].start as Date;
  const within = [...opts.within];

  const [decisionRows, appealRows] = await Promise.all([
    db('cases')
      .whereIn('municipality', within)
      .where('first_decided_at', '>=', from)
      .select(db.raw(`to_char(first_decided_at at time zone 'Europe/Oslo', 'YYYY-MM') as month`))
      .select(
        db.raw('count(*) as count'),
        db.raw(`percentile_cont(0.5) within group (order by extract(epoch from first_decided_at - received_at) / 86400) as median`),
        db.raw(`avg(extract(epoch from first_decided_at - received_at) / 86400) as mean`),
      )
      .groupByRaw('1') as Promise<Array<{ month: string; count: string; median: number | null; mean: string | null }>>,
    db('case_events')
      .join('cases', 'cases.id', 'case_events.case_id')
      .whereIn('cases.municipality', within)
      .where('case_events.at', '>=', from)
      .whereIn('case_events.type', ['appeal_received', 'reconsideration', 'appeal_body_decision'])
      .select(db.raw(`to_char(case_events.at at time zone 'Europe/Oslo', 'YYYY-MM') as month`), 'case_events.type as type', db.raw(`case_events.data->>'outcome' as outcome`))
      .count<Array<{ month: string; type: string; outcome: string | null; count: string }>>('* as count')
      // By position: the month, the type and the outcome as selected.
      .groupByRaw('1, 2, 3'),
    provisionalReplies(db, within, from, policy, months),
  ]);

  for (const row of decisionRows) {
    const figures = months.get(row.month);
    if (figures) figures.decisions = { count: Number(row.count), medianDays: round1(row.median), meanDays: round1(row.mean) };
  }
  for (const row of appealRows) {
    const figures = months.get(row.month);
    if (!figures) continue;
    const count = Number(row.count);
    if (row.type === 'appeal_received') figures.appeals.received += count;
    else if (row.type === 'reconsideration' && row.outcome && row.outcome in figures.appeals.reconsideration) {
      figures.appeals.reconsideration[row.outcome as ReconsiderationOutcome] += count;
    } else if (row.type === 'appeal_body_decision' && row.outcome && row.outcome in figures.appeals.appealBody) {
      figures.appeals.appealBody[row.outcome as AppealBodyOutcome] += count;
    }
  }
  return { municipality: opts.municipality ?? null, months: keys.map((k) => months.get(k)!) };
}
