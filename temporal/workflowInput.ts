// What a case's workflow is started with, built from its stored row: by the API when it registers the
// case, and by the case sweep for a stored case that has no workflow yet.
import type { CaseView } from '../domain/case/caseTypes';
import type { RepresentativeInput } from '../domain/case/caseCommands';
import type { Policy } from '../domain/policy/policyTypes';
import type { CaseWorkflowInput, ImportedStart } from '../workflows/messages';

/** The stored case's columns a start reads (db/caseStore.ts's CaseRow has them). */
export interface StoredCase {
  id: string;
  municipality: string;
  services: string[];
  channel: CaseView['channel'];
  received_at: Date;
  case_number: string | null;
  /** A case brought over from the old system: its number there, and where its workflow starts. */
  source_case_number?: string | null;
  import_start?: ImportedStart | null;
  /** The representative given with the application: a reference, no personal data. */
  representative?: RepresentativeInput | null;
}

/** What the workflow gets: the case id and the policy's timers, never a name or a national id. */
/** `registeredBy`: the registering token's `sub`, when the workflow starts from the registration itself. */
export function workflowInput(row: StoredCase, policy: Policy, registeredBy?: string): CaseWorkflowInput {
  const municipality = policy.municipalities[row.municipality];
  if (!municipality) throw new Error(`The policy has no municipality ${row.municipality}`);
  return {
    caseId: row.id,
    ...(row.case_number ? { caseNumber: row.case_number } : {}),
    municipality: row.municipality,
    services: row.services,
    channel: row.channel,
    receivedAt: row.received_at.toISOString(),
    timers: municipality.timers,
    ...(registeredBy ? { registeredBy } : {}),
    ...(row.source_case_number ? { previousCaseNumber: row.source_case_number } : {}),
    // Started by the sweep too (Temporal was down at the import): from where it stood, never from receipt.
    ...(row.import_start ? { imported: row.import_start } : {}),
    ...(row.representative ? { representative: row.representative } : {}),
  };
}
