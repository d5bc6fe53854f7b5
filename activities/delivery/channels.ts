// The delivery channels a letter goes out on, behind one interface. A channel is given one message
// and sends it once per letter: each channel's own idempotency (a file named by the letter, an
// Idempotency-Key, a Message-ID) makes a repeated send of the same letter harmless or detectable.
import type { LetterKind } from '../../domain/case/caseTypes';
import { DELIVERY_CHANNEL_NAMES, type DeliveryChannelName } from '../../domain/policy/deliveryChannels';
import type { Office } from '../../domain/policy/policyTypes';

export type { DeliveryChannelName };

/** The channels that carry the letter itself; the others carry only a notice that holds no health information. */
export const CONTENT_CHANNELS: readonly DeliveryChannelName[] = ['digital_mailbox', 'print'];

export function isDeliveryChannelName(value: string): value is DeliveryChannelName {
  return (DELIVERY_CHANNEL_NAMES as readonly string[]).includes(value);
}

export interface OutgoingMessage {
  letterId: string;
  caseId: string;
  createdAt: Date;
  sender: { municipalityName: string; office: Office };
  /** Who the letter is for. Never the national id: no channel needs it here. */
  recipient: { name: string; address?: string; phone?: string; email?: string };
  /** The letter itself: set only for the channels that carry content (digital mailbox, print). */
  letter?: { kind: LetterKind; subject: string; body: string };
  /**
   * The letter goes to the applicant's guardian or authorised representative, not to the applicant:
   * a channel must not look the applicant up (their national id, their digital mailbox) for it.
   */
  toRepresentative?: boolean;
  /** What an SMS or e-mail says: only that there is a new letter and where to read it. No name, no health information. */
  notice: { subject: string; text: string };
}

export interface DeliveryResult {
  /** The channel's own id of what it sent (file path, gateway message id, Message-ID). */
  externalId?: string;
  /** True when the channel found the letter already delivered (e.g. the mailbox file was there) and sent nothing. */
  alreadyDelivered?: boolean;
  /** Set when the channel decided this message must not go (e.g. KRR forbids notices): why, without personal data. */
  skipped?: string;
}

export interface DeliveryChannel {
  readonly name: DeliveryChannelName;
  deliver(msg: OutgoingMessage): Promise<DeliveryResult>;
}

/** The configured channels. One that is missing is not configured: its deliveries are recorded as 'skipped'. */
export type DeliveryChannels = Partial<Record<DeliveryChannelName, DeliveryChannel>>;

/**
 * A failure that trying again cannot fix (the gateway refused the phone number, the mail server
 * rejected the address): the activity stops retrying and the delivery is reported as failed.
 */
export class PermanentDeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentDeliveryError';
  }
}

/** The key a channel's receiver deduplicates on: one per letter and channel. */
export function idempotencyKey(letterId: string, channel: DeliveryChannelName): string {
  return `${letterId}:${channel}`;
}
