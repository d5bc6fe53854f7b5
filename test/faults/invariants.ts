// What must hold after every fault, read from the stack's own database and digital mailbox:
// - every application answered 201 (or 503 with its id) exists, once, and a keyed one under its key;
// - every step answered 200 is in the case's events once, and no step is there twice;
// - every case has one receipt and one acknowledgement;
// - no letter twice, on any channel (the letters, the outbox, the mailbox files);
// - every timer that fell due fired, once (the contact deadline and the provisional reply).
// A duplicate is a violation at once; what has not happened yet (a letter on its way) is pending.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import type { ApplicationRecord, StepRecord } from './traffic';
import { STEP_EVENTS } from './traffic';

export interface Inspection {
  violations: string[];
  pending: string[];
  cases: number;
  /** The latest a due timer fired after it fell due, in ms. */
  maxTimerLatenessMs: number;
  timersFired: number;
}

/** How long after falling due a timer may take to fire before it counts as not fired (yet). */
const DUE_SLACK_MS = 5_000;

interface CaseRow {
  id: string;
  received_at: Date;
}

/** The timers of the seconds policy (scripts/stack/secondsPolicy.ts), counted from receipt. */
export interface TimerLengths {
  contactWithinMs: number;
  provisionalReplyAfterMs: number;
}

export async function inspect(
  db: Knex,
  dataDir: string,
  lengths: TimerLengths,
  /** Timers due before this instant must have fired; later ones are left to a later inspection. */
  dueBefore: number,
  applications: ApplicationRecord[],
  steps: StepRecord[],
): Promise<Inspection> {
  const violations: string[] = [];
  const pending: string[] = [];
  const now = Date.now();

  const cases = await db<CaseRow>('cases').select('id', 'received_at');
  const caseIds = new Set(cases.map((c) => c.id));

  // Applications.
  for (const a of applications) {
    if ((a.status === 201 || a.status === 503) && a.caseId && !caseIds.has(a.caseId)) {
      violations.push(`application answered ${a.status} as case ${a.caseId}, which is not stored`);
    }
    // Temporal down: the application is stored, and the 503 must say as what. (Database down: nothing is stored.)
    if (a.status === 503 && !a.caseId && /Temporal/.test(a.message ?? '')) violations.push(`application answered 503 (${a.message}) without the stored case id`);
  }
  const keyed = applications.filter((a) => a.key);
  if (keyed.length > 0) {
    const keys = await db('idempotency_keys')
      .whereIn(
        'key',
        keyed.map((a) => a.key as string),
      )
      .select('key', 'case_id');
    const byKey = new Map(keys.map((k: { key: string; case_id: string }) => [k.key, k.case_id]));
    for (const a of keyed) {
      if (a.caseId && byKey.get(a.key as string) !== a.caseId) violations.push(`key ${a.key} answered case ${a.caseId}, but holds ${byKey.get(a.key as string)}`);
    }
  }
  if (cases.length > applications.length) violations.push(`${cases.length} cases stored from ${applications.length} applications sent`);

  // The letters are read before the events: a change commits both together, so every letter read has
  // its event in what is read after it, even while the cases go on.
  const letters: Array<{ id: string; case_id: string; kind: string; created_at: Date }> = await db('letters').select('id', 'case_id', 'kind', 'created_at');
  // Events: one receipt per case, no step twice, every 200 once.
  const eventCounts = await db('case_events').select('case_id', 'type').count('* as n').groupBy('case_id', 'type');
  const count = new Map<string, number>(eventCounts.map((r: any) => [`${r.case_id} ${r.type}`, Number(r.n)]));
  const n = (caseId: string, type: string) => count.get(`${caseId} ${type}`) ?? 0;
  for (const [key, value] of count) {
    const type = key.split(' ')[1] as string;
    if (value > 1 && [...STEP_EVENTS, 'received', 'contact_overdue', 'provisional_reply_sent', 'withdrawn'].includes(type)) {
      violations.push(`case ${key.split(' ')[0]}: ${value} events of type ${type}`);
    }
  }
  for (const s of steps) {
    if (s.status === 200 && n(s.caseId, s.event) !== 1) violations.push(`step ${s.step} on ${s.caseId} answered 200, but has ${n(s.caseId, s.event)} ${s.event} events`);
  }
  for (const c of cases) if (n(c.id, 'received') === 0) pending.push(`case ${c.id} has no receipt yet`);

  // Letters: one acknowledgement per case; no letter, outbox row or mailbox file twice.
  const lettersByCaseKind = new Map<string, number>();
  for (const l of letters) lettersByCaseKind.set(`${l.case_id} ${l.kind}`, (lettersByCaseKind.get(`${l.case_id} ${l.kind}`) ?? 0) + 1);
  // Every kind these cases get comes once per case (acknowledgement, home visit confirmation), but a
  // provisional reply, which comes again each time the date the last one gave passes undecided: one
  // letter for each provisional_reply_sent and provisional_reply_overdue event, no more.
  for (const [key, value] of lettersByCaseKind) {
    const [caseId = '', kind] = key.split(' ');
    const allowed = kind === 'provisional_reply' ? n(caseId, 'provisional_reply_sent') + n(caseId, 'provisional_reply_overdue') : 1;
    if (value > allowed) violations.push(`${value} letters for ${key}, ${allowed} expected`);
  }
  for (const c of cases) if (!lettersByCaseKind.has(`${c.id} acknowledgement`)) pending.push(`case ${c.id} has no acknowledgement yet`);
  const doubledDeliveries = await db('letter_deliveries').select('letter_id', 'channel').count('* as n').groupBy('letter_id', 'channel').havingRaw('count(*) > 1');
  for (const d of doubledDeliveries as any[]) violations.push(`letter ${d.letter_id}: ${d.n} outbox rows for ${d.channel}`);
  const mailbox = path.join(dataDir, 'mailbox');
  const files = existsSync(mailbox) ? readdirSync(mailbox).filter((f) => f.endsWith('.json')) : [];
  const mailboxByCaseKind = new Map<string, number>();
  for (const file of files) {
    const letter = JSON.parse(readFileSync(path.join(mailbox, file), 'utf8')) as { caseId: string; kind: string };
    const key = `${letter.caseId} ${letter.kind}`;
    mailboxByCaseKind.set(key, (mailboxByCaseKind.get(key) ?? 0) + 1);
  }
  // A mailbox file a letter: as many as the letters of that kind the case has, which the rule above bounds.
  for (const [key, value] of mailboxByCaseKind) {
    const allowed = key.endsWith(' provisional_reply') ? (lettersByCaseKind.get(key) ?? 0) : 1;
    if (value > allowed) violations.push(`${value} mailbox files for ${key}, ${allowed} expected`);
  }
  const fileNames = new Set(files);
  // Like the timers: a letter made before `dueBefore` must be in the mailbox; one made later is held to
  // it by a later inspection. On a policy of seconds an undecided case gets a new provisional reply every
  // 40 s, so with a hundred such cases some letter is always a moment old and would never let it settle.
  for (const l of letters) {
    if (!fileNames.has(`${l.id}.json`) && l.created_at.getTime() < dueBefore) pending.push(`letter ${l.id} (${l.kind}) not in the mailbox yet`);
  }

  // Timers: fired once when due (a contact before the deadline stops the contact timer).
  const firedAt = new Map<string, number>();
  const events: Array<{ case_id: string; type: string; at: Date }> = await db('case_events')
    .whereIn('type', ['contact_overdue', 'provisional_reply_sent', 'contacted', 'withdrawn'])
    .select('case_id', 'type', 'at');
  for (const e of events) firedAt.set(`${e.case_id} ${e.type}`, e.at.getTime());
  let maxTimerLatenessMs = 0;
  let timersFired = 0;
  // When each contact was first sent: one sent before its deadline to a case whose workflow was slow
  // (a loaded machine, a fault, a worker killed) is applied after it, in the same workflow task as the
  // timer, and the update goes first; then the deadline never fires, and that is right too.
  const contactSent = new Map<string, number>();
  for (const st of steps) if (st.step === 'contact' && st.sentAt !== undefined) contactSent.set(st.caseId, Math.min(st.sentAt, contactSent.get(st.caseId) ?? Infinity));
  const timer = (caseId: string, type: string, due: number, stoppedBy?: number, sentAt?: number) => {
    // A contact close to the deadline races the timer: either outcome is right, and the count check above still holds.
    if (stoppedBy !== undefined && Math.abs(stoppedBy - due) < 2_000) return;
    if (stoppedBy !== undefined && sentAt !== undefined && sentAt < due + 2_000 && stoppedBy >= due) return;
    if (stoppedBy !== undefined && stoppedBy < due) {
      if (firedAt.has(`${caseId} ${type}`)) violations.push(`case ${caseId}: ${type} fired though the case was contacted or withdrawn in time`);
      return;
    }
    const fired = firedAt.get(`${caseId} ${type}`);
    if (fired !== undefined) {
      timersFired++;
      maxTimerLatenessMs = Math.max(maxTimerLatenessMs, fired - due);
      if (fired < due - 1_000) violations.push(`case ${caseId}: ${type} fired ${due - fired} ms before it was due`);
    } else if (due + DUE_SLACK_MS < dueBefore) {
      pending.push(`case ${caseId}: ${type} fell due ${Math.round((now - due) / 1000)} s ago and has not fired`);
    }
  };
  // A withdrawal (the suite's wind-down after each round) stops both timers.
  const earliestOf = (...at: Array<number | undefined>) => {
    const known = at.filter((t): t is number => t !== undefined);
    return known.length ? Math.min(...known) : undefined;
  };
  for (const c of cases) {
    const received = c.received_at.getTime();
    const withdrawn = firedAt.get(`${c.id} withdrawn`);
    timer(c.id, 'contact_overdue', received + lengths.contactWithinMs, earliestOf(firedAt.get(`${c.id} contacted`), withdrawn), contactSent.get(c.id));
    timer(c.id, 'provisional_reply_sent', received + lengths.provisionalReplyAfterMs, withdrawn);
  }

  return { violations, pending, cases: cases.length, maxTimerLatenessMs, timersFired };
}
