// One change of a case, written to the system of record in one transaction: its events (append-only),
// the latest view, and each letter it sends with its outbox rows. One activity, one round trip: the
// step answers as soon as this has committed. Keyed as its parts are, by (case, run, seq) for an event
// and (case, run, key) for a letter: a retried activity adds nothing twice and returns the same letters.
// Once committed, it starts each letter's delivery workflow when the case asks it to (the case then
// starts none as its child); a delivery already started or done is not started again.
import { Context } from '@temporalio/activity';
import type { Priority } from '@temporalio/common';
import type { Knex } from 'knex';
import type { CaseView, LetterKind } from '../domain/case/caseTypes';
import type { Policy } from '../domain/policy/policyTypes';
import { storeLetter, type IssuedLetter, type LetterDetails } from './letters/issueLetter';
import { writeCaseChange, type CaseChange } from './recordCaseChange';
import type { LetterDeliveries } from '../temporal/letterDeliveries';

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
  /**
   * Start the letters' deliveries here, after the commit (cases since the deliveries-started-with-record
   * patch). Absent, as in an activity a case scheduled before it, the case starts them as its children.
   */
  startDeliveries?: boolean;
  /** The case's task priority, which its deliveries take (an imported case's queue behind a caseworker's). */
  deliveryPriority?: Priority;
}

/** A stored letter, and whether its delivery was started here (else the case starts it). */
export type RecordedLetter = IssuedLetter & { deliveryStarted?: true };

export function createRecordChangeWithLetters(deps: { db: Knex; policy: Policy; deliveries?: LetterDeliveries }) {
  return async function recordChangeWithLetters(change: CaseChangeWithLetters): Promise<RecordedLetter[]> {
    const issued = await store(change);
    if (!change.startDeliveries || !deps.deliveries) return issued;
    const { taskQueue } = Context.current().info;
    const priority = change.deliveryPriority;
    const deliveries = deps.deliveries;
    return Promise.all(
      issued.map(async (letter): Promise<RecordedLetter> => {
        // A letter with no channel to go by (none configured) has nothing to deliver.
        if (letter.channels.length === 0) return letter;
        await deliveries.start({ caseId: change.caseId, letterId: letter.letterId, channels: letter.channels }, { taskQueue, priority });
        return { ...letter, deliveryStarted: true };
      }),
    );
  };

  function store(change: CaseChangeWithLetters): Promise<IssuedLetter[]> {
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
  }
}
