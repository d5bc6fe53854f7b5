// Registers an application: the case row in PostgreSQL (the only place personal data lives), then the
// case's workflow. An Idempotency-Key makes every retried or concurrent request land on the same case.
import { createHash, randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Policy } from '../domain/policy/policyTypes';
import { ROW_COLUMNS, type CaseRow } from '../db/caseStore';
import { storeRepresentative } from '../db/representativeStore';
import { ApiError } from './errors';
import { formatCaseNumber } from '../domain/case/caseNumber';
import { initialCaseView } from '../domain/case/initialCaseView';
import { osloDateOf } from '../domain/calendar/osloTime';
import type { NewCase } from './schemas/newCase';

/**
 * The next case number of the municipality this year (Oslo time), taken in the registration's
 * transaction: the counter row is locked until it commits, and a rolled-back number is given again.
 */
export async function nextCaseNumber(trx: Knex.Transaction, municipality: string, now: Date): Promise<string> {
  const year = Number(osloDateOf(now).slice(0, 4));
  const rows = (await trx.raw(
    `INSERT INTO case_number_counters (municipality, year, last) VALUES (?, ?, 1)
     ON CONFLICT (municipality, year) DO UPDATE SET last = case_number_counters.last + 1
     RETURNING last`,
    [municipality, year],
  )) as { rows: { last: number }[] };
  const last = rows.rows[0]?.last;
  if (last === undefined) throw new Error('The case number counter returned no row');
  return formatCaseNumber(year, last);
}

/** A request's fingerprint: the same JSON, whatever the order of its keys. */
export function requestHash(body: unknown): string {
  return createHash('sha256').update(stableJson(body)).digest('hex');
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export interface Registration {
  row: CaseRow;
  /** True when an earlier request with the same Idempotency-Key created the case. */
  replayed: boolean;
}

/**
 * Stores the case (once per Idempotency-Key) and returns its row. Concurrent requests with one key
 * serialise on the key's row: the first inserts it, the others wait and then read its case id.
 */
export async function storeCase(
  db: Knex,
  policy: Policy,
  body: NewCase,
  idempotency?: { key: string; hash: string },
): Promise<Registration> {
  const newId = randomUUID();
  return db.transaction(async (trx) => {
    let caseId: string = newId;
    if (idempotency) {
      // Keys are the municipality's own: another municipality's use of the same key is another key.
      const keyOf = { municipality: body.municipality, key: idempotency.key };
      await trx('idempotency_keys')
        .insert({ ...keyOf, request_hash: idempotency.hash, case_id: newId })
        .onConflict(['municipality', 'key'])
        .ignore();
      const stored = await trx('idempotency_keys').where(keyOf).first('request_hash', 'case_id');
      if (!stored) throw new Error('The idempotency key vanished inside its transaction');
      if (stored.request_hash !== idempotency.hash) {
        throw ApiError.validation(
          [{ field: 'Idempotency-Key', message: 'This key was already used for a different request body: use a new key for a new application.' }],
          'The Idempotency-Key was already used for a different application.',
        );
      }
      caseId = stored.case_id as string;
    }
    const existing = await trx<CaseRow>('cases').where({ id: caseId }).first(...ROW_COLUMNS);
    // A retried registration gets the first one's case, and takes no second number.
    if (existing) return { row: existing, replayed: true };
    const receivedAt = body.receivedAt ?? new Date().toISOString();
    const municipality = policy.municipalities[body.municipality];
    if (!municipality) throw new Error(`The policy has no municipality ${body.municipality}`);
    const caseNumber = await nextCaseNumber(trx, body.municipality, new Date());
    const representative = body.representative ? { id: randomUUID(), ...body.representative } : undefined;
    const view = initialCaseView({
      caseId,
      caseNumber,
      municipality: body.municipality,
      services: body.services,
      channel: body.channel,
      receivedAt,
      timers: municipality.timers,
    });
    const inserted = await trx('cases')
      .insert({
        id: caseId,
        municipality: body.municipality,
        status: view.status,
        services: body.services,
        channel: body.channel,
        received_at: view.receivedAt,
        applicant: JSON.stringify(body.applicant),
        consent: JSON.stringify(body.consent),
        description: body.description ?? null,
        case_number: caseNumber,
        // The reference the workflow starts with; the name and contact details go to case_representatives below.
        representative: representative ? JSON.stringify({ representativeId: representative.id, role: representative.role, ...(representative.copyToApplicant !== undefined ? { copyToApplicant: representative.copyToApplicant } : {}) }) : null,
        view: JSON.stringify(view),
      })
      .onConflict('id')
      .ignore()
      .returning('id');
    if (representative && inserted.length > 0) {
      const { copyToApplicant: _copy, ...details } = representative;
      await storeRepresentative(trx, { ...details, caseId });
    }
    const row = await trx<CaseRow>('cases').where({ id: caseId }).first(...ROW_COLUMNS);
    if (!row) throw new Error('The case row vanished inside its transaction');
    return { row, replayed: inserted.length === 0 };
  });
}
