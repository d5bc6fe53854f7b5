// The worker's activities, built from their dependencies (no import-time side effects).
import type { Knex } from 'knex';
import type { Policy } from '../domain/policy/policyTypes';
import { createDeliverLetter, createRecordDeliveryFailure } from './delivery/deliverLetter';
import type { DeliveryChannels } from './delivery/channels';
import { createIssueLetter } from './letters/issueLetter';
import { createRecordCaseChange } from './recordCaseChange';
import { createRecordChangeWithLetters } from './recordChangeWithLetters';
import type { LetterDeliveries } from '../temporal/letterDeliveries';

export interface ActivityDeps {
  db: Knex;
  policy: Policy;
  channels: DeliveryChannels;
  /** Given, a change's letters' deliveries start in the activity that stores them, not as the case's children. */
  deliveries?: LetterDeliveries;
}

export function createActivities(deps: ActivityDeps) {
  return {
    recordChangeWithLetters: createRecordChangeWithLetters(deps),
    // The two a change took before it was one transaction: cases whose histories scheduled them still run them.
    recordCaseChange: createRecordCaseChange(deps),
    issueLetter: createIssueLetter(deps),
    deliverLetter: createDeliverLetter(deps),
    recordDeliveryFailure: createRecordDeliveryFailure(deps),
  };
}

export type CaseActivities = ReturnType<typeof createActivities>;
