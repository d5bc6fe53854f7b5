// Delivers one letter on one channel from the outbox (letter_deliveries), exactly once where the
// channel allows it:
//   1. a row already 'delivered' (or 'skipped') is left alone: nothing is sent again;
//   2. otherwise the attempt is counted and the message sent with the channel's own idempotency
//      (the mailbox and print files are named by the letter id and never overwritten; the SMS
//      gateway gets an Idempotency-Key; the e-mail a Message-ID derived from the letter id);
//   3. then the row is marked delivered with the external id.
// A worker that dies between 2 and 3 leaves the row pending; the retry sends again and the
// channel's idempotency absorbs it (for e-mail: the same Message-ID, see email.ts).
// A channel failure records last_error and throws, so Temporal retries with backoff; a failure that
// cannot pass (PermanentDeliveryError) is thrown as non-retryable.
import { ApplicationFailure } from '@temporalio/common';
import type { Knex } from 'knex';
import type { LetterKind } from '../../domain/case/caseTypes';
import type { Policy } from '../../domain/policy/policyTypes';
import { readApplicant } from '../letters/applicant';
import type { LetterRecipientRecord } from '../letters/issueLetter';
import { renderNotice } from '../letters/notice';
import {
  CONTENT_CHANNELS,
  PermanentDeliveryError,
  type DeliveryChannelName,
  type DeliveryChannels,
  type OutgoingMessage,
} from './channels';
import { CHANNEL_SETTINGS } from './config';

export interface DeliverLetterInput {
  letterId: string;
  channel: DeliveryChannelName;
}

export type DeliveryOutcome = 'delivered' | 'already_delivered' | 'skipped';

export interface DeliveryFailure {
  caseId: string;
  letterId: string;
  channel: string;
  error: string;
}

/** Case events a delivery failure appends use seqs from here up: the case workflow's own stay far below. */
export const DELIVERY_FAILURE_SEQ_BASE = 1_000_000;

interface OutboxRow {
  id: string | number;
  status: string;
  case_id: string;
  kind: LetterKind;
  subject: string;
  body: string;
  created_at: Date | string;
  applicant: unknown;
  municipality: string;
  /** letters.recipient: set for a letter to a representative (or the applicant's copy of one). */
  recipient: LetterRecipientRecord | null;
}

function describe(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s+/g, ' ').trim().slice(0, 1000) || 'unknown error';
}

export function createDeliverLetter(deps: { db: Knex; channels: DeliveryChannels; policy: Policy }) {
  const { db } = deps;
  return async function deliverLetter(input: DeliverLetterInput): Promise<DeliveryOutcome> {
    const row = (await db('letter_deliveries as d')
      .join('letters as l', 'l.id', 'd.letter_id')
      .join('cases as c', 'c.id', 'l.case_id')
      .where({ 'd.letter_id': input.letterId, 'd.channel': input.channel })
      .first(
        'd.id',
        'd.status',
        'l.case_id',
        'l.kind',
        'l.subject',
        'l.body',
        'l.created_at',
        'c.applicant',
        'c.municipality',
        'l.recipient',
      )) as OutboxRow | undefined;
    if (!row) {
      throw ApplicationFailure.nonRetryable(`letter ${input.letterId} has no delivery on ${input.channel}`, 'unknown_delivery');
    }
    if (row.status === 'delivered') return 'already_delivered';
    if (row.status === 'skipped') return 'skipped';

    const channel = deps.channels[input.channel];
    if (!channel) {
      // Not configured here: recorded, not retried for ever. The letter itself went to the mailbox or the print queue.
      await db('letter_deliveries')
        .where({ id: row.id })
        .whereNot({ status: 'delivered' })
        .update({ status: 'skipped', last_error: `channel ${input.channel} is not configured (set ${CHANNEL_SETTINGS[input.channel] ?? 'its settings'})` });
      return 'skipped';
    }
    const municipality = deps.policy.municipalities[row.municipality];
    if (!municipality) {
      throw ApplicationFailure.nonRetryable(`municipality "${row.municipality}" is not in the policy`, 'unknown_municipality');
    }
    // A letter to a guardian or authorised representative goes to them: their name, address, phone and e-mail.
    const representative = row.recipient?.to === 'representative' ? row.recipient : null;
    const applicant = representative ?? readApplicant(row.applicant);
    const message: OutgoingMessage = {
      letterId: input.letterId,
      caseId: row.case_id,
      createdAt: new Date(row.created_at),
      sender: { municipalityName: municipality.name, office: municipality.office },
      recipient: {
        name: applicant.name,
        ...(applicant.address ? { address: applicant.address } : {}),
        ...(applicant.phone ? { phone: applicant.phone } : {}),
        ...(applicant.email ? { email: applicant.email } : {}),
      },
      // Only the mailbox and the print queue are given the letter; SMS and e-mail get the notice alone.
      ...(CONTENT_CHANNELS.includes(input.channel) ? { letter: { kind: row.kind, subject: row.subject, body: row.body } } : {}),
      notice: renderNotice(municipality, input.channel === 'email' ? 'email' : 'sms'),
      ...(representative ? { toRepresentative: true } : {}),
    };

    await db('letter_deliveries')
      .where({ id: row.id })
      .update({ attempts: db.raw('attempts + 1'), last_attempt_at: db.fn.now() });
    let result;
    try {
      result = await channel.deliver(message);
    } catch (error) {
      const problem = describe(error);
      // waiting_since: the first failure of the run of failures, for the letters list ("waiting since").
      await db('letter_deliveries')
        .where({ id: row.id })
        .whereNot({ status: 'delivered' })
        .update({ last_error: problem, waiting_since: db.raw('COALESCE(waiting_since, now())') });
      // The outbox row keeps the whole message; what goes into Temporal's history names no address or number.
      const reported = `${input.channel}: ${withoutContactDetails(problem)}`;
      if (error instanceof PermanentDeliveryError) throw ApplicationFailure.nonRetryable(reported, 'delivery_refused');
      throw ApplicationFailure.retryable(reported, 'delivery_failed');
    }
    if (result.skipped) {
      await db('letter_deliveries').where({ id: row.id }).whereNot({ status: 'delivered' }).update({ status: 'skipped', last_error: result.skipped, waiting_since: null });
      return 'skipped';
    }
    await db('letter_deliveries')
      .where({ id: row.id })
      .whereNot({ status: 'delivered' })
      .update({ status: 'delivered', delivered_at: db.fn.now(), external_id: result.externalId ?? null, last_error: null, waiting_since: null });
    return result.alreadyDelivered ? 'already_delivered' : 'delivered';
  };
}

// An e-mail address or a phone number in a channel's error is personal data: the case's history does not need it.
export function withoutContactDetails(text: string): string {
  return text.replace(/[^\s@<>()"',;:]+@[^\s@<>()"',;:]+/g, '[e-post]').replace(/\+?\d[\d ]{6,}\d/g, '[nummer]');
}

/**
 * After the last retry: marks the outbox row 'failed' and appends 'letter_delivery_failed' to the
 * case's events (seq 1 000 000 + the outbox row's id, so a retry adds nothing). Never throws for a
 * delivery that did succeed after all.
 */
export function createRecordDeliveryFailure(deps: { db: Knex }) {
  return async function recordDeliveryFailure(input: DeliveryFailure): Promise<void> {
    await deps.db.transaction(async (trx) => {
      const row = (await trx('letter_deliveries as d')
        .join('letters as l', 'l.id', 'd.letter_id')
        .where({ 'd.letter_id': input.letterId, 'd.channel': input.channel })
        .first('d.id', 'd.status', 'l.kind', 'l.case_id')) as { id: string | number; status: string; kind: string; case_id: string } | undefined;
      if (!row || row.status === 'delivered') return;
      const error = input.error.replace(/\s+/g, ' ').trim().slice(0, 1000);
      await trx('letter_deliveries').where({ id: row.id }).update({ status: 'failed', last_error: error });
      await trx('case_events')
        .insert({
          case_id: row.case_id,
          seq: DELIVERY_FAILURE_SEQ_BASE + Number(row.id),
          type: 'letter_delivery_failed',
          at: new Date().toISOString(),
          actor: 'system',
          data: JSON.stringify({ letterId: input.letterId, kind: row.kind, channel: input.channel, error: withoutContactDetails(error) }),
        })
        .onConflict(['case_id', 'run_id', 'seq'])
        .ignore();
    });
  };
}
