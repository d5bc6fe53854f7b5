// The receipt sets the deadline: when SvarUt says a letter reached the applicant, the time counts as
// their receipt (underretning): made available in the digital mailbox, or handed to print plus the
// policy's presumed postal delivery (the same presumption the case uses for a letter by post). For a
// decision letter that receipt is then registered with the case by the caseworker's own step,
// decision-received (domain/caseDecider.ts), so the appeal period counts from it by the one rule the
// case has, and never ends before the date the letter stated.
import type { Knex } from 'knex';
import { presumedPostalReceipt } from '../../../domain/case/caseDeadlines';
import type { Length } from '../../../domain/calendar/length';

/** Letters whose receipt the case is told about: those that carry an office decision with an appeal period. */
export const RECEIPT_LETTER_KINDS = ['decision'] as const;

/** The actor of the decision_received event a receipt from SvarUt makes: it happened on its own (the contract's `system`). */
export const RECEIPT_ACTOR = 'system';

export interface DueReceipt {
  caseId: string;
  letterId: string;
  /** When the applicant got the letter, as an instant (never after now). */
  receivedAt: string;
}

/**
 * Registers one receipt with its case. Resolves with what came of it ("registered", or why the case
 * did not take it: a newer decision, an appeal already in, a closed case); rejects when the case
 * could not be asked (Temporal down), so it is tried again.
 */
export type RegisterReceipt = (receipt: DueReceipt) => Promise<string>;

export interface ReceiptOptions {
  db: Knex;
  /** The municipality's presumed postal delivery (timers.presumedPostalDelivery, with its default). */
  presumedPostalDelivery: (municipality: string) => Length;
  register?: RegisterReceipt;
  batch?: number;
}

/** Sets receipt_at on every letter SvarUt has delivered that has none yet. Returns how many. */
export async function computeReceipts(opts: ReceiptOptions): Promise<number> {
  const { db } = opts;
  const rows = (await db('letter_transport as t')
    .join('letters as l', 'l.id', 't.letter_id')
    .join('cases as c', 'c.id', 'l.case_id')
    .whereNotNull('t.delivered_at')
    .whereNull('t.receipt_at')
    .limit(opts.batch ?? 100)
    .select('t.letter_id', 't.route', 't.unread_digital_id', 't.delivered_at', 'c.municipality')) as { letter_id: string; route: string; unread_digital_id: string | null; delivered_at: Date; municipality: string }[];
  for (const row of rows) {
    // On paper: handed to print is not yet received; the presumption of the post counts, as for a letter
    // by post. A letter printed because it lay unread was received when it was made available digitally.
    const receiptAt = row.route === 'print' && !row.unread_digital_id ? presumedPostalReceipt(row.delivered_at, opts.presumedPostalDelivery(row.municipality)) : row.delivered_at;
    await db('letter_transport').where({ letter_id: row.letter_id }).whereNull('receipt_at').update({ receipt_at: receiptAt, updated_at: db.fn.now() });
  }
  return rows.length;
}

/**
 * Hands every receipt whose time has come to its case, once: the step carries the letter id as its
 * idempotency key, so a second worker or a retry after a crash applies nothing more.
 */
export async function registerDueReceipts(opts: ReceiptOptions): Promise<number> {
  const { db, register } = opts;
  if (!register) return 0;
  const due = (await db('letter_transport as t')
    .join('letters as l', 'l.id', 't.letter_id')
    .whereIn('l.kind', RECEIPT_LETTER_KINDS)
    // With a guardian or authorised representative, their letter is the notification (fvl § 12): the applicant's copy sets no receipt.
    .where((q) => q.whereNull('l.recipient').orWhereRaw("l.recipient->>'to' = 'representative'"))
    .whereNull('t.receipt_registered_at')
    .where('t.receipt_at', '<=', db.fn.now())
    .orderBy('t.receipt_at')
    .limit(opts.batch ?? 100)
    .select('t.letter_id', 'l.case_id', 't.receipt_at')) as { letter_id: string; case_id: string; receipt_at: Date }[];
  let registered = 0;
  let failure: unknown;
  for (const row of due) {
    // SvarUt's clock may run a little ahead of ours: a receipt is never later than now.
    const receivedAt = new Date(Math.min(row.receipt_at.getTime(), Date.now())).toISOString();
    let outcome: string;
    try {
      outcome = await register({ caseId: row.case_id, letterId: row.letter_id, receivedAt });
    } catch (error) {
      // Left for the next round; one case that cannot be asked does not hold up the others.
      failure ??= error;
      continue;
    }
    await db('letter_transport')
      .where({ letter_id: row.letter_id })
      .whereNull('receipt_registered_at')
      .update({ receipt_registered_at: db.fn.now(), receipt_outcome: outcome.slice(0, 500), updated_at: db.fn.now() });
    registered += 1;
  }
  if (failure) throw failure;
  return registered;
}
