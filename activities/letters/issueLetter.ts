// Issues a letter: renders it, stores it, and puts one outbox row per channel it goes out on, all in
// one transaction. Keyed by (case, run, key): a retried activity adds nothing and returns the same
// letter, and a reset run's letter is a letter of its own (db/migrations/005_reset_safe_records.ts).
import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { Knex } from 'knex';
import type { CaseView, Channel, LetterKind } from '../../domain/case/caseTypes';
import type { Policy } from '../../domain/policy/policyTypes';
import type { DeliveryChannelName } from '../delivery/channels';
import { readApplicant, type StoredApplicant } from './applicant';
import { renderLetter } from '../../letters/render';
import type { Addressee, LetterDetails } from '../../letters/types';
import { findRepresentative } from '../../db/representativeStore';
import type { LetterRecipientRole } from '../../domain/people/representative';

export type { LetterDetails, LetterContext, RenderedLetter } from '../../letters/types';
export type { DeliveryChannelName } from '../delivery/channels';

export interface IssueLetterInput {
  caseId: string;
  /** The workflow run that issues it. Absent in letters scheduled before runs were recorded. */
  runId?: string;
  /** Unique per case, e.g. "decision-4": the same key never makes a second letter. */
  key: string;
  kind: LetterKind;
  view: CaseView;
  details?: LetterDetails;
}

export interface IssuedLetter {
  letterId: string;
  channels: DeliveryChannelName[];
}

// A fixed namespace for the letters' name-based UUIDs (RFC 9562 version 5).
const LETTER_ID_NAMESPACE = '4b0a7c1e-2f57-4d3a-9a4e-5c1d8e6b2f90';

/**
 * The letter id for a case, key and run: the same on every attempt, so a retry cannot make a second
 * letter; another for a reset run. Without a run (letters from before runs were recorded), of the case and key.
 */
export function letterIdFor(caseId: string, key: string, runId = ''): string {
  const hash = createHash('sha1')
    .update(Buffer.from(LETTER_ID_NAMESPACE.replace(/-/g, ''), 'hex'))
    .update(runId ? `${caseId}/${key}/${runId}` : `${caseId}/${key}`, 'utf8')
    .digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Where a letter goes: a digital applicant's letter to the digital mailbox, with a notice by SMS
 * and/or e-mail where we have the number or address; a paper applicant's letter to the print queue.
 */
export function deliveryChannelsFor(channel: Channel, applicant: Pick<StoredApplicant, 'phone' | 'email'>): DeliveryChannelName[] {
  if (channel === 'paper') return ['print'];
  const channels: DeliveryChannelName[] = ['digital_mailbox'];
  if (applicant.phone) channels.push('sms');
  if (applicant.email) channels.push('email');
  return channels;
}

/**
 * Where a letter to a representative goes: on paper when the case is on paper (and there is an
 * address) or when there is neither phone nor e-mail to tell them of a digital letter; otherwise
 * digitally, with the notices to the representative's own phone and e-mail.
 */
export function representativeChannelsFor(channel: Channel, representative: Pick<StoredApplicant, 'phone' | 'email' | 'address'>): DeliveryChannelName[] {
  if ((channel === 'paper' && representative.address) || (!representative.phone && !representative.email)) return ['print'];
  return deliveryChannelsFor('digital', representative);
}

/** letters.recipient (migration 014): null for a letter to the applicant alone. */
export type LetterRecipientRecord =
  | { to: 'representative'; role: LetterRecipientRole; name: string; address?: string; phone?: string; email?: string }
  /** The applicant's copy; `copyOf` is the id of the letter that went to the representative. */
  | { to: 'applicant'; copyOf: string };

export function createIssueLetter(deps: { db: Knex; policy: Policy }) {
  return async function issueLetter(input: IssueLetterInput): Promise<IssuedLetter> {
    return deps.db.transaction((trx) => storeLetter(trx, deps.policy, input));
  };
}

/** Renders and stores the letter and its outbox rows inside the caller's transaction, or finds the one stored. */
export async function storeLetter(trx: Knex.Transaction, policy: Policy, input: IssueLetterInput): Promise<IssuedLetter> {
  const runId = input.runId ?? '';
  const existing = await findLetter(trx, input.caseId, input.key, runId);
  if (existing) return existing;

  const row = (await trx('cases').where({ id: input.caseId }).first('applicant', 'channel', 'municipality')) as
    | { applicant: unknown; channel: string; municipality: string }
    | undefined;
  // Retryable: the case row is written before its workflow starts, so this heals or shows up in the worker's log.
  if (!row) throw new Error(`case ${input.caseId} is not in the database`);
  const municipalityId = input.view.municipality || row.municipality;
  const municipality = policy.municipalities[municipalityId];
  if (!municipality) {
    throw ApplicationFailure.nonRetryable(`municipality "${municipalityId}" is not in the policy`, 'unknown_municipality');
  }
  const applicant = readApplicant(row.applicant);
  const channel: Channel = row.channel === 'paper' ? 'paper' : 'digital';
  // Once Folkeregisteret has said the address is protected (adressebeskyttelse; asked when an earlier
  // letter of the case went out through SvarUt), no letter states it. A letter written before that is
  // held by the transport instead (activities/delivery/svarut/transport.ts).
  const protectedAddress = applicant.address
    ? Boolean(await trx('letter_transport as t').join('letters as l', 'l.id', 't.letter_id').where({ 'l.case_id': input.caseId, 't.address_protected': true }).first('t.letter_id'))
    : false;
  const { recipient: to, ...details } = input.details ?? {};
  // The case decided who the letter goes to; the representative's name and contact details are here.
  const representative = to ? await findRepresentative(trx, input.caseId, to.representativeId) : undefined;
  // Retryable: the API stores the row before it tells the case, so this heals (or shows in the worker's log).
  if (to && !representative) throw new Error(`representative ${to.representativeId} of case ${input.caseId} is not in the database`);
  const addressee: Addressee | undefined =
    to && representative
      ? to.to === 'representative'
        ? { to: 'representative', role: to.role, name: representative.name, ...(representative.address ? { address: representative.address } : {}) }
        : { to: 'applicant', copyTo: { role: to.role, name: representative.name } }
      : undefined;
  const letter = renderLetter({
    kind: input.kind,
    view: input.view,
    municipality,
    // The template gets names and addresses only: never a national id.
    applicant: { name: applicant.name, ...(applicant.address && !protectedAddress ? { address: applicant.address } : {}) },
    details,
    ...(addressee ? { addressee } : {}),
  });
  // Who the letter went to, as it was sent: the letters list shows it, and the delivery addresses it.
  const recipient: LetterRecipientRecord | null =
    to?.to === 'representative' && representative
      ? {
          to: 'representative',
          role: to.role,
          name: representative.name,
          ...(representative.address ? { address: representative.address } : {}),
          ...(representative.phone ? { phone: representative.phone } : {}),
          ...(representative.email ? { email: representative.email } : {}),
        }
      : to?.to === 'applicant'
        ? { to: 'applicant', copyOf: letterIdFor(input.caseId, to.copyOf, runId) }
        : null;
  const letterId = letterIdFor(input.caseId, input.key, runId);
  // Any conflict, not only on (case, run, key): the id is derived from them, so two attempts racing
  // can also meet on the primary key, which ON CONFLICT (case_id, run_id, key) would not cover.
  const inserted = await trx('letters')
    .insert({ id: letterId, case_id: input.caseId, run_id: runId, key: input.key, kind: input.kind, channel, subject: letter.subject, body: letter.body, recipient: recipient ? JSON.stringify(recipient) : null })
    .onConflict()
    .ignore()
    .returning('id');
  if (inserted.length === 0) {
    // Another attempt stored it first (and committed, or we would still be waiting for it): use that one.
    const stored = await findLetter(trx, input.caseId, input.key, runId);
    if (stored) return stored;
    throw new Error(`letter ${input.key} of case ${input.caseId} could not be stored`);
  }
  const channels = recipient?.to === 'representative' ? representativeChannelsFor(channel, recipient) : deliveryChannelsFor(channel, applicant);
  await trx('letter_deliveries')
    .insert(channels.map((c) => ({ letter_id: letterId, channel: c })))
    .onConflict(['letter_id', 'channel'])
    .ignore();
  return { letterId, channels };
}

/** The run's letter of that key; a letter from before runs were recorded (run_id '') stands for any run. */
async function findLetter(trx: Knex.Transaction, caseId: string, key: string, runId: string): Promise<IssuedLetter | undefined> {
  const letter = (await trx('letters')
    .where({ case_id: caseId, key })
    .whereIn('run_id', [runId, ''])
    .orderBy('run_id', 'desc')
    .first('id')) as { id: string } | undefined;
  if (!letter) return undefined;
  const channels = (await trx('letter_deliveries').where({ letter_id: letter.id }).orderBy('id').pluck('channel')) as DeliveryChannelName[];
  return { letterId: letter.id, channels };
}
