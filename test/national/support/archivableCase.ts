// What the archive takes, made the same way for the Fiks Arkiv tests over HTTP and over AMQP.
import type { Knex } from 'knex';
import { expect } from 'vitest';
import { createDeliveryChannels, deliveryConfigFromEnv } from '../../../activities/delivery/config';
import { createDeliverLetter } from '../../../activities/delivery/deliverLetter';
import { createIssueLetter } from '../../../activities/letters/issueLetter';
import { createRecordCaseChange } from '../../../activities/recordCaseChange';
import type { CaseView } from '../../../domain/case/caseTypes';
import { APPLICANT, decidedView, insertCase, municipality, policy } from '../../letters/fixtures';

export interface ArchivableCaseOptions {
  /** The text of an appeal the case receives after the letter. */
  appeal?: string;
  /** The applicant's address in the case, instead of the fixture's. */
  address?: string;
  /** Record the appeal a second time, as a retried activity does. */
  appealRecordedTwice?: boolean;
}

let serial = 0;

/** A case with a decision letter that has gone out (to the mailbox folder in `dir`), and, if asked, an appeal. */
export async function caseWithArchivableLetter(db: Knex, dir: string, opts: ArchivableCaseOptions = {}) {
  const view = decidedView(municipality('namsos'), 'granted');
  await insertCase(db, view, { applicant: { ...APPLICANT, ...(opts.address ? { address: opts.address } : {}) } });
  const channels = createDeliveryChannels(deliveryConfigFromEnv({}, dir));
  const issued = await createIssueLetter({ db, policy })({ caseId: view.id, key: `decision-${serial++}`, kind: 'decision', view });
  expect(await createDeliverLetter({ db, channels, policy })({ letterId: issued.letterId, channel: 'digital_mailbox' })).toBe('delivered');
  let eventId: string | undefined;
  if (opts.appeal !== undefined) {
    const appealed = {
      ...view,
      status: 'under_reconsideration',
      appeal: { receivedAt: new Date().toISOString(), sentAt: null, services: view.services, text: opts.appeal, late: false, reconsideration: null, appealBodyDecision: null },
    } as unknown as CaseView;
    const change = { caseId: view.id, runId: 'run-1', seq: 50, event: { type: 'appeal_received', at: new Date().toISOString(), actor: 'caseworker-1', data: { late: false } }, view: appealed, overdue: false, nextDeadline: null };
    await createRecordCaseChange({ db })(change);
    if (opts.appealRecordedTwice) await createRecordCaseChange({ db })(change);
    eventId = String(((await db('case_events').where({ case_id: view.id, type: 'appeal_received' }).first('id')) as { id: string }).id);
  }
  return { caseId: view.id, letterId: issued.letterId, eventId };
}
