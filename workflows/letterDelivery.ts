// Delivers one letter on each of its channels: first the letter itself (the digital mailbox, or the
// print queue), then the SMS and e-mail notices that say there is news to read there, each on its
// own: a failing SMS gateway does not hold up the e-mail. Each channel is retried with backoff for
// hours; one that still fails is reported (outbox row 'failed', a 'letter_delivery_failed' case
// event) and the workflow ends normally. Started by the activity that stores the letter (before
// that, by the case workflow as a child it did not wait for). Deterministic: no Node built-ins,
// activity types only.
import { ActivityFailure, ApplicationFailure, log, patched, proxyActivities } from '@temporalio/workflow';
import type { DeliveryChannelName } from '../activities/delivery/channels';
import type { createDeliverLetter, createRecordDeliveryFailure } from '../activities/delivery/deliverLetter';
import type { LetterDeliveryInput } from './messages';
import { PATCHES } from './patches';

export { letterDeliveryWorkflowId, type LetterDeliveryInput } from './messages';

type DeliveryActivities = {
  deliverLetter: ReturnType<typeof createDeliverLetter>;
  recordDeliveryFailure: ReturnType<typeof createRecordDeliveryFailure>;
};

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

/** Delivers on one channel; a channel that still fails after its retries is reported, not thrown. */
export async function deliverOn(input: LetterDeliveryInput, channel: DeliveryChannelName): Promise<void> {
  try {
    await deliverLetter({ letterId: input.letterId, channel });
  } catch (error) {
    const message = reason(error);
    log.warn('letter delivery failed after retries', { letterId: input.letterId, channel, error: message });
    await recordDeliveryFailure({ caseId: input.caseId, letterId: input.letterId, channel, error: message });
  }
}

/**
 * The channels that carry the letter itself, as against a notice that it has come: the same as the
 * activities' CONTENT_CHANNELS (a workflow imports activity types only; a test holds them equal).
 */
export const LETTER_CHANNELS: readonly DeliveryChannelName[] = ['digital_mailbox', 'print'];

export async function LetterDelivery(input: LetterDeliveryInput): Promise<void> {
  // The notices only once the letter has been delivered (or reported failed): before the patch all
  // channels went at once, and an SMS could say "read it in your mailbox" before the letter was there.
  if (!patched(PATCHES.noticesAfterLetter)) {
    await Promise.all(input.channels.map((channel) => deliverOn(input, channel)));
    return;
  }
  const letter = input.channels.filter((c) => LETTER_CHANNELS.includes(c));
  const notices = input.channels.filter((c) => !LETTER_CHANNELS.includes(c));
  await Promise.all(letter.map((channel) => deliverOn(input, channel)));
  await Promise.all(notices.map((channel) => deliverOn(input, channel)));
}
