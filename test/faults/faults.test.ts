// The fault suite: the launcher's own stack (as `npm start` runs it, on a policy of seconds) is hit
// with SIGKILLs, an archive outage and a frozen worker while applications and steps are in flight; after each fault it
// must come back by itself, and what it answered must hold (test/faults/invariants.ts).
// `npm run test:faults` runs two rounds of each fault; FAULT_SUITE=short one. Not part of `npm test`.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeInstanceDirs } from '../../scripts/stack/launch';
import { Instance, kill } from './instance';
import { inspect, type Inspection, type TimerLengths } from './invariants';
import { Traffic, type Retried } from './traffic';

const FULL = process.env.FAULT_SUITE === 'full';
/** Rounds of each SIGKILL fault. */
const ROUNDS = FULL ? 2 : 1;
const APPLICATIONS_IN_FLIGHT = 50;
/** How long the worker is frozen: the contact deadline (20 s) and the provisional reply (40 s) fall due meanwhile. */
const FREEZE_MS = 60_000;
/** The seconds policy's namsos timers (scripts/stack/secondsPolicy.ts). */
const LENGTHS: TimerLengths = { contactWithinMs: 20_000, provisionalReplyAfterMs: 40_000 };
const SETTLE_WITHIN_MS = 150_000;
const ROUND_TIMEOUT_MS = 420_000;

interface Figure {
  round: string;
  applications: string;
  steps: string;
  retried: string;
  /** Every answer of the round, first tries and retries. */
  answers: string;
  /** From the fault to GET /api/health 200. */
  backAfterMs: number;
  /** From the return to the last acknowledgement of an application answered 503 with its id. */
  sweepMs: number | undefined;
  /** From the return to the last timer fired (frozen worker). */
  timersAfterThawMs?: number;
  settledAfterMs: number;
  cases: number;
  timersFired: number;
  violations: number;
}

let instance: Instance;
const traffics: Traffic[] = [];
const figures: Figure[] = [];
let firstStartMs = 0;
const suiteStarted = Date.now();

beforeAll(async () => {
  instance = await Instance.create();
  firstStartMs = await instance.start();
}, 300_000);

afterAll(async () => {
  const code = await instance?.stop();
  removeInstanceDirs();
  printFigures();
  expect(code).toBe(0);
}, 120_000);

function tally(counts: Record<string, number>): string {
  return Object.entries(counts)
    .sort()
    .map(([status, n]) => `${n}×${status}`)
    .join(' ');
}

function printFigures(): void {
  const s = (ms: number | undefined) => (ms === undefined ? '–' : `${(ms / 1000).toFixed(1)} s`);
  const lines = [
    `Fault suite (${FULL ? 'full' : 'short'}): first start ${s(firstStartMs)}, whole suite ${s(Date.now() - suiteStarted)}`,
    ...figures.map(
      (f) =>
        `- ${f.round}: back after ${s(f.backAfterMs)}; applications ${f.applications}; steps ${f.steps}; retried ${f.retried}; all answers ${f.answers}; ` +
        `503-with-id acknowledged ${s(f.sweepMs)} after the return${f.timersAfterThawMs !== undefined ? `; timers fired within ${s(f.timersAfterThawMs)} of the thaw` : ''}; ` +
        `all settled ${s(f.settledAfterMs)} after the return; ${f.cases} cases, ${f.timersFired} timers fired, ${f.violations} violations`,
    ),
  ];
  console.log(lines.join('\n'));
}

/**
 * Waits until nothing is pending; any violation fails at once. Timers due by `dueBefore` (when the
 * round's stack was back) must have fired; those falling due later are held to it by the next
 * round's settling, which inspects every round's cases. The last round (the frozen worker) waits for
 * every timer of its own cases, and every earlier round's timer is due before it ends.
 */
async function settle(dueBefore: number): Promise<Inspection> {
  const deadline = Date.now() + SETTLE_WITHIN_MS;
  let last: Inspection | undefined;
  let lastError = '';
  for (;;) {
    try {
      last = await inspect(
        instance.db,
        instance.env.DATA_DIR,
        LENGTHS,
        dueBefore,
        traffics.flatMap((t) => t.applications),
        traffics.flatMap((t) => t.steps),
      );
      expect(last.violations, last.violations.slice(0, 20).join('\n')).toEqual([]);
      if (last.pending.length === 0) return last;
    } catch (error) {
      if (last?.violations.length) throw error;
      lastError = String(error);
    }
    if (Date.now() > deadline) {
      const stuck = await whatTheCasesSay(last?.pending ?? []);
      throw new Error(`not settled within ${SETTLE_WITHIN_MS / 1000} s: ${last?.pending.slice(0, 10).join('; ') ?? lastError}\n${stuck}\n${instance.output()}`);
    }
    await sleep(1_000);
  }
}

/** For a failure's message: what the first pending cases' rows, events and workflows say. */
async function whatTheCasesSay(pending: string[]): Promise<string> {
  const ids = [...new Set(pending.map((p) => /^case ([0-9a-f-]{36})/.exec(p)?.[1]).filter((id): id is string => !!id))].slice(0, 3);
  const lines: string[] = [];
  for (const id of ids) {
    const row = await instance.db('cases').where({ id }).first('status', 'view_seq', 'created_at', 'received_at');
    const events: Array<{ type: string; at: Date }> = await instance.db('case_events').where({ case_id: id }).orderBy('at').select('type', 'at');
    lines.push(`case ${id}: ${JSON.stringify(row)}; events ${events.map((e) => `${e.type}@${e.at.toISOString()}`).join(', ')}`);
    const described = await instance.request('GET', `/api/cases/${id}`);
    lines.push(`  GET: ${described.status} ${JSON.stringify(described.body).slice(0, 600)}`);
  }
  return lines.join('\n');
}

/** Acknowledgement of the applications answered 503 with their id (not retried: only the sweep starts them), after `returnedAt`. */
async function sweepLatency(traffic: Traffic, returnedAt: number): Promise<number | undefined> {
  const ids = traffic.applications.filter((a) => a.status === 503 && a.caseId && !a.key).map((a) => a.caseId as string);
  if (ids.length === 0) return undefined;
  const rows: Array<{ created_at: Date }> = await instance.db('letters').whereIn('case_id', ids).where({ kind: 'acknowledgement' }).select('created_at');
  expect(rows).toHaveLength(ids.length);
  return Math.max(...rows.map((r) => r.created_at.getTime() - returnedAt));
}

async function until(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs / 1000} s:\n${instance.output()}`);
    await sleep(50);
  }
}

async function record(round: string, traffic: Traffic, faultAt: number, returnedAt: number, retried: Retried) {
  const result = await settle(Date.now());
  const counts = traffic.counts();
  // While a part is down the API answers 503 (or, killed itself, nothing): never a 500 for an outage.
  const errors = Object.keys(traffic.answers).filter((status) => Number(status) >= 500 && Number(status) !== 503);
  expect(errors, `answers: ${JSON.stringify(traffic.answers)}`).toEqual([]);
  const sweepMs = await sweepLatency(traffic, returnedAt);
  // An application accepted while Temporal was down is acknowledged within a minute of its return.
  if (sweepMs !== undefined) expect(sweepMs).toBeLessThan(60_000);
  const figure: Figure = {
    round,
    applications: tally(counts.applications),
    steps: tally(counts.steps),
    retried: `${retried.applications.length} applications, ${retried.steps.length} steps${retried.again ? ` (${retried.again} sent again after a 503)` : ''}`,
    answers: tally(Object.fromEntries(Object.entries(traffic.answers).map(([status, n]) => [status === '0' ? 'no answer' : status, n]))),
    backAfterMs: returnedAt - faultAt,
    sweepMs,
    settledAfterMs: Date.now() - returnedAt,
    cases: result.cases,
    timersFired: result.timersFired,
    violations: result.violations.length,
  };
  figures.push(figure);
  return figure;
}

/**
 * After a round is settled and checked, its cases are withdrawn. On a policy of seconds an undecided
 * case gets a new provisional reply every 40 s for as long as it lives, so without this every round
 * would carry the letters of all before it, and on a loaded machine the last rounds would test a
 * backlog rather than the fault. The withdrawals are steps like any other: each answered 200 once,
 * its letter delivered, the timers it stops never firing (test/faults/invariants.ts).
 */
async function windDown(): Promise<void> {
  const open: Array<{ id: string }> = await instance.db('cases').whereNot({ status: 'closed' }).select('id');
  const queue = [...open];
  const answers: Record<number, number> = {};
  await Promise.all(
    Array.from({ length: 5 }, async () => {
      for (let c = queue.shift(); c; c = queue.shift()) {
        const res = await instance.request('POST', `/api/cases/${c.id}/withdraw`, { reason: 'Søknaden er trukket.' }, { 'Idempotency-Key': `wind-down-${c.id}` });
        answers[res.status] = (answers[res.status] ?? 0) + 1;
      }
    }),
  );
  expect(answers, 'every open case withdrawn').toEqual(open.length ? { 200: open.length } : {});
}

/** A stack SIGKILLed while 50 applications and their steps are in flight, and started again at once. */
async function crashRound(round: string, killIt: () => void): Promise<string> {
  const traffic = new Traffic(instance);
  traffics.push(traffic);
  const load = traffic.burst(APPLICATIONS_IN_FLIGHT);
  await until('15 applications answered', () => traffic.applications.filter((a) => a.status === 201).length >= 15, 120_000);
  const faultAt = Date.now();
  killIt();
  await instance.launcherGone();
  await load; // what was in flight now has its answer: mostly none at all
  await instance.start();
  const returnedAt = Date.now();
  const retried = await traffic.retryUnanswered();
  // Every keyed application retried after the crash lands on a case, the same one if it had one.
  for (const a of retried.applications) expect(a.status, a.message).toBe(201);
  for (const s of retried.steps) expect(s.status, `${s.step} retried`).toBe(200);
  await record(round, traffic, faultAt, returnedAt, retried);
  await windDown();
  return instance.output();
}

/** A server of the running stack SIGKILLed while steps (and applications) are in flight; the launcher restarts it. */
async function serverRound(round: string, pidOf: () => number): Promise<void> {
  const traffic = new Traffic(instance);
  traffics.push(traffic);
  const cases = await Promise.all(Array.from({ length: 20 }, () => traffic.apply()));
  for (const c of cases) expect(c.status, c.message).toBe(201);
  const steps = Promise.all(cases.map((c) => traffic.chain(c.caseId as string)));
  const applications = traffic.burst(10);
  await until('steps in flight', () => traffic.steps.some((s) => s.status === 200), 60_000);
  const faultAt = Date.now();
  kill(pidOf(), 'SIGKILL');
  // Health is asked from the fault on, so the return is when the stack was back, not when the traffic ended
  // (the sweep's minute is counted from it).
  const back = (async () => {
    // First the API notices the death (a few seconds at most), then it must come back.
    const noticeBy = Date.now() + 10_000;
    while ((await instance.request('GET', '/api/health')).status === 200 && Date.now() < noticeBy) await sleep(100);
    await instance.waitHealthy(120_000);
    return Date.now();
  })();
  // Applications that arrive while it is down.
  const during = traffic.burst(5);
  await Promise.all([steps, applications, during]);
  const returnedAt = await back;
  const retried = await traffic.retryUnanswered();
  for (const a of retried.applications) expect(a.status, a.message).toBe(201);
  for (const s of retried.steps) expect(s.status, `${s.step} retried`).toBe(200);
  await record(round, traffic, faultAt, returnedAt, retried);
  await windDown();
}

/** Polls an async check, as until() does a synchronous one. */
async function untilAsync(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs / 1000} s:\n${instance.output()}`);
    await sleep(500);
  }
}

/**
 * The archive down while letters go out: first Fiks IO answering 503, then Fiks IO up but the archive
 * not answering (its messages queued, unanswered); when it is back, every letter of the round that has
 * gone out is one journalpost in the archive, none lost, none doubled. The launcher's local Fiks Arkiv
 * is switched over its HTTP control (launcher/local/fiksArkiv.ts).
 */
async function archiveRound(round: string): Promise<void> {
  const url = [...instance.output().matchAll(/Fiks IO and Fiks Arkiv (http:\/\/127\.0\.0\.1:\d+)/g)].pop()?.[1];
  expect(url, 'the launcher started its local Fiks Arkiv').toBeDefined();
  const control = async (body: Record<string, unknown>) => {
    const res = await fetch(`${url}/fiks-io/local/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status).toBe(200);
  };
  const journalposter = async () => ((await (await fetch(`${url}/fiks-io/local/journalposter`)).json()) as { journalposter: { key: string }[] }).journalposter;
  const traffic = new Traffic(instance);
  traffics.push(traffic);
  const faultAt = Date.now();
  await control({ fiksIo: 503 });
  const cases = await Promise.all(Array.from({ length: 20 }, () => traffic.apply()));
  for (const c of cases) expect(c.status, c.message).toBe(201);
  const ids = cases.map((c) => c.caseId as string);
  await Promise.all(ids.map((id) => traffic.chain(id)));
  const entriesOfRound = () => instance.db('archive_entries').whereIn('case_id', ids).select('reference', 'status', 'last_error');
  await untilAsync('letters of the round waiting for Fiks IO', async () => (await entriesOfRound()).some((e: { last_error: string | null }) => /503/.test(e.last_error ?? '')), 120_000);
  await control({ fiksIo: null, archiveDown: true });
  await untilAsync('letters of the round sent to the archive, which does not answer', async () => (await entriesOfRound()).some((e: { status: string }) => e.status === 'sent'), 120_000);
  expect((await entriesOfRound()).filter((e: { status: string }) => e.status === 'archived'), 'nothing archived while the archive is down').toEqual([]);
  await control({ archiveDown: false });
  const returnedAt = Date.now();
  // Every letter of the round that has gone out has its entry, and every entry is archived.
  const gone = async () => (await instance.db('letters as l').join('letter_deliveries as d', 'd.letter_id', 'l.id').whereIn('l.case_id', ids).whereIn('d.channel', ['digital_mailbox', 'print']).whereIn('d.status', ['delivered', 'failed']).distinct('l.id')) as { id: string }[];
  await untilAsync(
    'every letter of the round archived',
    async () => {
      const entries = await entriesOfRound();
      return entries.length >= (await gone()).length && entries.every((e: { status: string }) => e.status === 'archived');
    },
    SETTLE_WITHIN_MS,
  );
  const letters = (await gone()).map((l) => l.id);
  const keys = (await journalposter()).map((j) => j.key);
  for (const id of letters) expect(keys.filter((k) => k === id), `letter ${id} in the archive once`).toHaveLength(1);
  expect(new Set(keys).size, 'no journalpost twice').toBe(keys.length);
  await record(round, traffic, faultAt, returnedAt, { applications: [], steps: [], again: 0 });
  await windDown();
}

describe('the fault suite', () => {
  for (let i = 1; i <= ROUNDS; i++) {
    it(`round ${i}: the whole stack SIGKILLed with ${APPLICATIONS_IN_FLIGHT} applications and steps in flight, started again at once`, async () => {
      await crashRound(`whole stack SIGKILLed (${i})`, () => instance.killEverything());
    }, ROUND_TIMEOUT_MS);

    it(`round ${i}: the launcher alone SIGKILLed, its servers left running, started again at once`, async () => {
      const output = await crashRound(`launcher SIGKILLed, servers orphaned (${i})`, () => instance.killLauncherOnly());
      // The new launcher found what the killed one left behind, and said so.
      expect(output).toMatch(/of an earlier run still uses/);
    }, ROUND_TIMEOUT_MS);

    it(`round ${i}: the Temporal server SIGKILLed with steps in flight`, async () => {
      await serverRound(`Temporal server SIGKILLed (${i})`, () => instance.temporalPid());
      expect(instance.output()).toMatch(/Temporal dev server was killed by SIGKILL; starting it again/);
    }, ROUND_TIMEOUT_MS);

    it(`round ${i}: PostgreSQL SIGKILLed with steps in flight`, async () => {
      await serverRound(`PostgreSQL SIGKILLed (${i})`, () => instance.postmasterPid());
      expect(instance.output()).toMatch(/PostgreSQL was killed by SIGKILL; starting it again/);
    }, ROUND_TIMEOUT_MS);
  }

  it('the archive down (Fiks IO answering 503, then the archive not answering) while letters go out', async () => {
    await archiveRound('archive down');
  }, ROUND_TIMEOUT_MS);

  it(`the worker frozen for ${FREEZE_MS / 1000} s while the cases' timers fall due`, async () => {
    const traffic = new Traffic(instance);
    traffics.push(traffic);
    const cases = await Promise.all(Array.from({ length: 10 }, () => traffic.apply()));
    for (const c of cases) expect(c.status, c.message).toBe(201);
    const ids = cases.map((c) => c.caseId as string);
    // Acknowledged first, so what the freeze holds back is the timers.
    for (;;) {
      const acknowledged = await instance.db('letters').whereIn('case_id', ids).where({ kind: 'acknowledgement' }).count('* as n');
      if (Number(acknowledged[0]?.n) === ids.length) break;
      await sleep(200);
    }
    const received: Array<{ received_at: Date }> = await instance.db('cases').whereIn('id', ids).select('received_at');
    const firstDue = Math.min(...received.map((r) => r.received_at.getTime())) + LENGTHS.contactWithinMs;
    const frozenAt = Date.now();
    expect(frozenAt, 'the freeze starts before the first contact deadline').toBeLessThan(firstDue);
    await instance.freezeWorker(FREEZE_MS);
    const thawedAt = Date.now();
    const figure = await record(`worker frozen ${FREEZE_MS / 1000} s`, traffic, frozenAt, thawedAt, { applications: [], steps: [], again: 0 });
    const fired: Array<{ at: Date }> = await instance
      .db('case_events')
      .whereIn('case_id', ids)
      .whereIn('type', ['contact_overdue', 'provisional_reply_sent'])
      .select('at');
    // Both timers of every case fell due during the freeze, and each fired once after it.
    expect(fired).toHaveLength(ids.length * 2);
    figure.timersAfterThawMs = Math.max(...fired.map((e) => e.at.getTime() - thawedAt));
  }, ROUND_TIMEOUT_MS);
});
