// The case store: the stored case's row (the only place personal data lives) and the reads the API and
// the case sweep share. The registration (api/caseRegistration.ts) writes the row.
import type { Knex } from 'knex';
import type { CaseView } from '../domain/case/caseTypes';
import type { CaseState } from '../domain/case/caseState';
import type { RepresentativeInput } from '../domain/case/caseCommands';

export interface CaseRow {
  id: string;
  municipality: string;
  status: string;
  services: string[];
  channel: CaseView['channel'];
  received_at: Date;
  view: CaseView;
  /** The seq of the last event the workflow recorded; 0 while its workflow has recorded nothing. */
  view_seq: number;
  /** `2026/0042`; null only for a case registered before numbers were given. */
  case_number: string | null;
  /** A case brought over from the office's old system (npm run import): its id and number there, and where its workflow starts. */
  source_id: string | null;
  source_case_number: string | null;
  import_start: ImportStart | null;
  /** The representative given with the application (a reference: role and row id), for starting its workflow. */
  representative?: RepresentativeInput | null;
}

/** Where an imported case's workflow starts (the workflow input's `imported`): kept so the case sweep can start it too. */
export interface ImportStart {
  state: CaseState;
  sourceId: string;
  steps: { step: string; at: string }[];
}

export const ROW_COLUMNS = ['id', 'municipality', 'status', 'services', 'channel', 'received_at', 'view', 'view_seq', 'case_number', 'source_id', 'source_case_number', 'import_start', 'representative'] as const;

/**
 * A stored case whose workflow has recorded nothing: its start failed (Temporal was down) or is under
 * way. The row is the durable record of the application, so starting its workflow again is always
 * safe: the start finds a running one, and never restarts a finished one.
 */
export function mayNeedWorkflow(row: CaseRow): boolean {
  return row.view_seq === 0 && row.status !== 'closed';
}

/**
 * Stored cases that may have no workflow (the rule of mayNeedWorkflow), oldest first. Rows younger
 * than `olderThanMs` are left to the request that is storing them and starting their workflow now.
 */
export async function casesThatMayNeedWorkflow(db: Knex, opts: { olderThanMs: number; limit: number }): Promise<CaseRow[]> {
  return db<CaseRow>('cases')
    .where('view_seq', 0)
    .whereNot('status', 'closed')
    .where('created_at', '<', db.raw(`now() - make_interval(secs => ?)`, [opts.olderThanMs / 1000]))
    .orderBy([{ column: 'created_at' }, { column: 'id' }])
    .limit(opts.limit)
    .select(...ROW_COLUMNS);
}

export async function findCase(db: Knex, id: string): Promise<CaseRow | undefined> {
  return db<CaseRow>('cases').where({ id }).first(...ROW_COLUMNS);
}

/**
 * The case's flags that are kept on its row beside the view the case workflow writes, set by what
 * happens outside the workflow (a letter's delivery finding the applicant dead in Folkeregisteret):
 * merged into every view the API answers with, so the workflow's own view writes never erase them.
 */
export function withRowFlags<V extends Pick<CaseView, 'flags'>>(view: V, row: { applicant_deceased_at?: Date | null } | undefined): V {
  if (!row?.applicant_deceased_at) return view;
  return { ...view, flags: { ...view.flags, applicantDeceased: true } };
}

/** withRowFlags for one case, read from its row. */
export async function withStoredFlags(db: Knex, id: string, view: CaseView): Promise<CaseView> {
  return withRowFlags(view, (await db('cases').where({ id }).first('applicant_deceased_at')) as { applicant_deceased_at: Date | null } | undefined);
}
