// One change of a case, written to the system of record in one transaction: its events (append-only),
// the latest view, and each letter it sends with its outbox rows. One activity, one round trip: the
// step answers as soon as this has committed. Keyed as its parts are, by (case, run, seq) for an event
// and (case, run, key) for a letter: a retried activity adds nothing twice and returns the same letters.
import type { Knex } from 'knex';
import type { CaseView, LetterKind } from '../domain/case/caseTypes';
import type { Policy } from '../domain/policy/policyTypes';
import { storeLetter, type IssuedLetter, type LetterDetails } from './letters/issueLetter';
import { writeCaseChange, type CaseChange } from './recordCaseChange';

export interface CaseChangeWithLetters {
  caseId: string;
  /** The workflow run that made the change (reset-safe records, migration 005). */
  runId?: string;
  /** In the order the change made them; their seq numbers are the case's own. */
  events: Array<CaseChange['event'] & { seq: number }>;
  /** Rendered from the view just after the change. */
  letters: Array<{ key: string; kind: LetterKind; details?: LetterDetails }>;
  view: CaseView;
  overdue: boolean;
  nextDeadline: string | null;
}

export function createRecordChangeWithLetters(deps: { db: Knex; policy: Policy }) {
  return async function recordChangeWithLetters(change: CaseChangeWithLetters): Promise<IssuedLetter[]> {
    return deps.db.transaction(async (trx) => {
      for (const { seq, ...event } of change.events) {
        await writeCaseChange(trx, { caseId: change.caseId, runId: change.runId, seq, event, view: change.view, overdue: change.overdue, nextDeadline: change.nextDeadline });
      }
      const issued: IssuedLetter[] = [];
      for (const letter of change.letters) {
        issued.push(await storeLetter(trx, deps.policy, { caseId: change.caseId, runId: change.runId, key: letter.key, kind: letter.kind, view: change.view, details: letter.details }));
      }
      return issued;
    });
  };
}
