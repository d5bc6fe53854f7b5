// Brings one of the office's open cases over from its old system: checked against the rules (its old
// steps replayed at their dates, domain/import), then stored in the same transaction as a registration
// (the row, its new case number), once per `sourceId` in the municipality. Its workflow starts where
// the case stands.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { ROW_COLUMNS, type CaseRow } from '../db/caseStore';
import { caseViewOf, type CaseFacts } from '../domain/case/caseState';
import type { FieldProblem } from '../domain/case/refusals';
import { importedCaseState, type ImportedStepSummary } from '../domain/import/importedCase';
import type { CaseState } from '../domain/case/caseState';
import type { Policy } from '../domain/policy/policyTypes';
import { nextCaseNumber } from './caseRegistration';
import type { CaseImport } from './schemas/caseImport';

/** A placeholder until the transaction gives the case its id: nothing the check decides depends on it. */
const NO_ID_YET = '00000000-0000-4000-8000-000000000000';

export type ImportCheck = { ok: true; state: CaseState; steps: ImportedStepSummary[]; facts: CaseFacts } | { ok: false; problems: FieldProblem[] };

/** Where the case stands by the rules, from its recorded steps; or every problem, each naming its field. */
export function checkImport(policy: Policy, line: CaseImport, registeredBy: string, now: number = Date.now()): ImportCheck {
  const municipality = policy.municipalities[line.municipality];
  if (!municipality) return { ok: false, problems: [{ field: 'municipality', message: `The policy has no municipality ${line.municipality}.` }] };
  // The rules of a run started now: the workflow's patches are all taken (CaseRecord sets the same).
  const facts: CaseFacts = {
    caseId: NO_ID_YET,
    caseNumber: null,
    ...(line.sourceCaseNumber ? { previousCaseNumber: line.sourceCaseNumber } : {}),
    municipality: line.municipality,
    services: line.services,
    channel: line.channel,
    receivedAt: new Date(line.receivedAt).toISOString(),
    timers: municipality.timers,
    registeredBy,
    appealRights: true,
    reductions: true,
  };
  const checked = importedCaseState(facts, line.steps, line.status, now);
  return checked.ok ? { ...checked, facts } : checked;
}

/** The case already brought over with this `sourceId`, if any. */
export async function findImported(db: Knex, municipality: string, sourceId: string): Promise<CaseRow | undefined> {
  return db<CaseRow>('cases').where({ municipality, source_id: sourceId }).first(...ROW_COLUMNS);
}

/**
 * Stores the case once per `sourceId` in the municipality, with a new case number, and returns its row;
 * `created` is false when an earlier run stored it. Two runs at once: one inserts, the other's insert
 * finds the unique key taken, rolls back (its case number with it) and reads the first one's case.
 */
export async function storeImportedCase(db: Knex, line: CaseImport, checked: Extract<ImportCheck, { ok: true }>): Promise<{ row: CaseRow; created: boolean }> {
  const found = await findImported(db, line.municipality, line.sourceId);
  if (found) return { row: found, created: false };
  const caseId = randomUUID();
  try {
    return await db.transaction(async (trx) => {
      const caseNumber = await nextCaseNumber(trx, line.municipality, new Date());
      const facts: CaseFacts = { ...checked.facts, caseId, caseNumber };
      const view = caseViewOf(facts, checked.state);
      // The row comes back from the insert: no second query inside the transaction.
      const [row] = (await trx('cases').insert({
        id: caseId,
        municipality: line.municipality,
        status: view.status,
        services: line.services,
        channel: line.channel,
        received_at: view.receivedAt,
        applicant: JSON.stringify(line.applicant),
        // An old case may have no consent on record: JSON null, never a made-up one.
        consent: JSON.stringify(line.consent ?? null),
        description: line.description ?? null,
        case_number: caseNumber,
        view: JSON.stringify(view),
        source_id: line.sourceId,
        source_case_number: line.sourceCaseNumber ?? null,
        import_start: JSON.stringify({ state: checked.state, sourceId: line.sourceId, steps: checked.steps }),
      }, [...ROW_COLUMNS])) as CaseRow[];
      if (!row) throw new Error('The imported case was not returned by its insert');
      return { row, created: true };
    });
  } catch (err) {
    if ((err as { code?: string }).code !== '23505') throw err;
    const row = await findImported(db, line.municipality, line.sourceId);
    if (!row) throw err;
    return { row, created: false };
  }
}
