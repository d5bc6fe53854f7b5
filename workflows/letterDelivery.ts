// Delivers one letter on each of its channels, independently: a failing SMS gateway does not hold
// up the digital mailbox. Each channel is retried with backoff for hours; one that still fails is
// reported (outbox row 'failed', a 'letter_delivery_failed' case event) and the workflow ends
// normally. Started by the case workflow as a child it does not wait for (ParentClosePolicy ABANDON).
// Deterministic: no Node built-ins, activity types only.
import { ActivityFailure, ApplicationFailure, log, proxyActivities } from '@temporalio/workflow';
import type { DeliveryChannelName } from '../activities/delivery/channels';
import type { createDeliverLetter, createRecordDeliveryFailure } from '../activities/delivery/deliverLetter';

export interface LetterDeliveryInput {
  caseId: string;
  letterId: string;
  channels: DeliveryChannelName[];
}

type DeliveryActivities = {
  deliverLetter: ReturnType<typeof createDeliverLetter>;
  recordDeliveryFailure: ReturnType<typeof createRecordDeliveryFailure>;
};

/** The workflow id of a letter's delivery: from the letter id alone (no personal data), one per letter. */
export function letterDeliveryWorkflowId(letterId: string): string {
  return `letter-${letterId}`;
}

// 10 s, 20 s, 40 s … capped at 1 h: twelve attempts over about three and a half hours.
const { deliverLetter } = proxyActivities<Pick<DeliveryActivities, 'deliverLetter'>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '1 hour', maximumAttempts: 12 },
});

// Reporting the failure only writes to PostgreSQL: retried until it is written.
const { recordDeliveryFailure } = proxyActivities<Pick<DeliveryActivities, 'recordDeliveryFailure'>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

function reason(error: unknown): string {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  if (cause instanceof ApplicationFailure || cause instanceof Error) return cause.message || String(cause);
  return String(cause);
}

async function deliverOn(input: LetterDeliveryInput, channel: DeliveryChannelName): Promise<void> {
  try {
    await deliverLetter({ letterId: input.letterId, channel });
  } catch (error) {
    const message = reason(error);
    log.warn('letter delivery failed after retries', { letterId: input.letterId, channel, error: message });
    await recordDeliveryFailure({ caseId: input.caseId, letterId: input.letterId, channel, error: message });
  }
}

export async function LetterDelivery(input: LetterDeliveryInput): Promise<void> {
  await Promise.all(input.channels.map((channel) => deliverOn(input, channel)));
}
