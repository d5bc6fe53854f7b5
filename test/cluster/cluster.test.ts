// The cluster suite (`npm run test:cluster`): the real Temporal server v1.32.0, built from its Go module,
// as four services on PostgreSQL, and three instances of this project on it (test/cluster/deployment.ts),
// on a policy of seconds. Cases go through all three APIs while, in turn, a worker, an API and a
// Temporal service (history, then matching) are SIGKILLed. What must hold is the fault suite's
// (test/faults/invariants.ts): no case lost, no letter or event doubled, every timer fired. Each
// takeover's time is measured and printed with the other figures (docs/scaling-out.md gives them).
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspect, type Inspection, type TimerLengths } from '../faults/invariants';
import { Traffic, type Retried } from '../faults/traffic';
import { deploy, type Deployment, type Part, type PartName } from './deployment';
import type { ServiceName } from '../../scripts/cluster/temporalCluster';

/** The seconds policy's namsos timers (scripts/stack/secondsPolicy.ts). */
const LENGTHS: TimerLengths = { contactWithinMs: 20_000, provisionalReplyAfterMs: 40_000 };
const BURST = 70;
/** A letter younger than this may still be on its way to the mailbox; an older one missing from it is pending. */
const LETTER_ON_ITS_WAY_MS = 30_000;
const SETTLE_WITHIN_MS = 240_000;
const ROUND_TIMEOUT_MS = 600_000;
const MIN_CASES = 200;

interface Figure {
  round: string;
  applications: string;
  steps: string;
  retried: string;
  answers: string;
  takeover: string;
  /** Timers that fell due from the fault until the round settled: how many, and the latest one's lateness. */
  timers: string;
  settledAfterMs: number;
  cases: number;
  violations: number;
}

let d: Deployment;
const traffics: Traffic[] = [];
const figures: Figure[] = [];
const lines: string[] = [];
const suiteStarted = Date.now();
let final: Inspection | undefined;
let totals = '';

const log = (line: string) => {
  lines.push(line);
  console.log(line);
};
const s = (ms: number | undefined) => (ms === undefined ? '–' : `${(ms / 1000).toFixed(1)} s`);

beforeAll(async () => {
  d = await deploy(log);
}, 900_000);

afterAll(async () => {
  await d?.stop();
  printFigures();
}, 180_000);

function tally(counts: Record<string, number>): string {
  return Object.entries(counts)
    .sort()
    .map(([status, n]) => `${n}×${status}`)
    .join(' ');
}

function printFigures(): void {
  const out = [
    `Cluster suite: Temporal server v1.32.0 (frontend, history, matching, worker as 4 processes) on PostgreSQL, 3 instances; deployed in ${s(d?.startedInMs)}, whole suite ${s(Date.now() - suiteStarted)}`,
    ...figures.map(
      (f) =>
        `- ${f.round}: takeover ${f.takeover}; timers ${f.timers}; applications ${f.applications}; steps ${f.steps}; retried ${f.retried}; all answers ${f.answers}; ` +
        `settled ${s(f.settledAfterMs)} after the fault; ${f.cases} cases so far, ${f.violations} violations`,
    ),
    ...(totals ? [totals] : []),
  ];
  console.log(out.join('\n'));
}

function part(name: PartName): Part {
  const p = d.parts.get(name);
  if (!p) throw new Error(`no part ${name}`);
  return p;
}

async function until(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs / 1000} s`);
    await sleep(50);
  }
}

/** The latest instant a timer of any case so far falls due: settling to it waits for every timer. */
async function lastTimerDue(): Promise<number> {
  const [row] = await d.db('cases').max('received_at as last');
  return new Date(row?.last ?? Date.now()).getTime() + LENGTHS.provisionalReplyAfterMs + 1_000;
}

/** Waits until nothing is pending and every timer due before `dueBefore` fired; any violation fails at once. */
async function settle(dueBefore: number): Promise<Inspection> {
  const deadline = Date.now() + SETTLE_WITHIN_MS;
  let last: Inspection | undefined;
  let lastError = '';
  for (;;) {
    try {
      last = await inspect(
        d.db,
        d.letterFilesDir,
        LENGTHS,
        dueBefore,
        traffics.flatMap((t) => t.applications),
        traffics.flatMap((t) => t.steps),
      );
      expect(last.violations, last.violations.slice(0, 20).join('\n')).toEqual([]);
      if ((await stillPending(last.pending)).length === 0) return last;
    } catch (error) {
      if (last?.violations.length) throw error;
      lastError = String(error);
    }
    if (Date.now() > deadline) throw new Error(`not settled within ${SETTLE_WITHIN_MS / 1000} s: ${last ? (await stillPending(last.pending)).slice(0, 10).join('; ') : lastError}`);
    await sleep(1_000);
  }
}

/**
 * What is pending, less the letters written in the last half minute: with a policy of seconds every
 * open case gets a provisional reply again each time the date the last one gave passes, so with a few
 * hundred open cases a letter is nearly always on its way; one that has not arrived after that long has not.
 */
async function stillPending(pending: string[]): Promise<string[]> {
  // A contact sent before its deadline and applied after it: test/faults/invariants.ts allows it.
  const letterIds = pending.map((p) => /^letter (\S+) /.exec(p)?.[1]).filter((id): id is string => id !== undefined);
  if (letterIds.length === 0) return pending;
  const young = new Set(
    (await d.db('letters').whereIn('id', letterIds).where('created_at', '>', new Date(Date.now() - LETTER_ON_ITS_WAY_MS)).select('id')).map((r: { id: string }) => r.id),
  );
  return pending.filter((p) => {
    const id = /^letter (\S+) /.exec(p)?.[1];
    return id === undefined || !young.has(id);
  });
}

/** Timers (of every case) that fell due in [from, to]: how many fired, and how late the latest was. */
async function timersDueBetween(from: number, to: number): Promise<{ n: number; maxLateMs: number }> {
  const rows: Array<{ type: string; at: Date; received_at: Date }> = await d
    .db('case_events as e')
    .join('cases as c', 'c.id', 'e.case_id')
    .whereIn('e.type', ['contact_overdue', 'provisional_reply_sent'])
    .select('e.type', 'e.at', 'c.received_at');
  let n = 0;
  let maxLateMs = 0;
  for (const r of rows) {
    const due = r.received_at.getTime() + (r.type === 'contact_overdue' ? LENGTHS.contactWithinMs : LENGTHS.provisionalReplyAfterMs);
    if (due < from || due > to) continue;
    n++;
    maxLateMs = Math.max(maxLateMs, r.at.getTime() - due);
  }
  return { n, maxLateMs };
}

/** Acknowledgement of the applications answered 503 with their id (only the sweep starts them), after `from`. */
async function sweepLatency(traffic: Traffic, from: number): Promise<number | undefined> {
  const ids = traffic.applications.filter((a) => a.status === 503 && a.caseId && !a.key).map((a) => a.caseId as string);
  if (ids.length === 0) return undefined;
  const rows: Array<{ created_at: Date }> = await d.db('letters').whereIn('case_id', ids).where({ kind: 'acknowledgement' }).select('created_at');
  expect(rows).toHaveLength(ids.length);
  return Math.max(...rows.map((r) => r.created_at.getTime() - from));
}

async function record(round: string, traffic: Traffic, faultAt: number, retried: Retried, takeover: string | ((timers: { n: number; maxLateMs: number }) => string)): Promise<Figure> {
  for (const a of retried.applications) expect(a.status, a.message).toBe(201);
  for (const st of retried.steps) expect(st.status, `${st.step} retried`).toBe(200);
  // Every timer of the round's cases falls due and fires before the round ends.
  const result = await settle(await lastTimerDue());
  const settledAt = Date.now();
  // A part down is 503 (or, an API killed itself, no answer): never a 500.
  const errors = Object.keys(traffic.answers).filter((status) => Number(status) >= 500 && Number(status) !== 503);
  expect(errors, `answers: ${JSON.stringify(traffic.answers)}`).toEqual([]);
  const timers = await timersDueBetween(faultAt, settledAt);
  const counts = traffic.counts();
  const figure: Figure = {
    round,
    applications: tally(counts.applications),
    steps: tally(counts.steps),
    retried: `${retried.applications.length} applications, ${retried.steps.length} steps${retried.again ? ` (${retried.again} sent again after a 503)` : ''}`,
    answers: tally(Object.fromEntries(Object.entries(traffic.answers).map(([status, n]) => [status === '0' ? 'no answer' : status, n]))),
    takeover: typeof takeover === 'string' ? takeover : takeover(timers),
    timers: `${timers.n} fell due after the fault, the latest fired ${s(timers.maxLateMs)} late`,
    settledAfterMs: settledAt - faultAt,
    cases: result.cases,
    violations: result.violations.length,
  };
  figures.push(figure);
  log(`round done: ${round}: takeover ${figure.takeover}; ${figure.timers}`);
  return figure;
}

/** A burst of applications and their steps through the balancer; the fault once 20 are answered. */
async function burstWithFault(traffic: Traffic, fault: () => Promise<void>): Promise<number> {
  const load = traffic.burst(BURST);
  await until('20 applications answered', () => traffic.applications.filter((a) => a.status === 201).length >= 20, 180_000);
  const faultAt = Date.now();
  await fault();
  await load;
  return faultAt;
}

/** A Temporal service SIGKILLed with steps in flight and started again at once, as its supervisor would. */
async function temporalServiceRound(service: ServiceName): Promise<void> {
  const traffic = new Traffic(d.client);
  traffics.push(traffic);
  const cases = await Promise.all(Array.from({ length: 25 }, () => traffic.apply()));
  for (const c of cases) expect(c.status, c.message).toBe(201);
  const steps = Promise.all(cases.map((c) => traffic.chain(c.caseId as string)));
  const applications = traffic.burst(10);
  await until('steps in flight', () => traffic.steps.some((st) => st.status === 200), 60_000);
  const faultAt = Date.now();
  await d.temporal.kill(service);
  const restartedAt = Date.now();
  await d.temporal.restart(service);
  // From the fault, a new application every second until one is answered 201 again (its workflow started).
  let backAt: number | undefined;
  const probe = (async () => {
    const deadline = Date.now() + 180_000;
    while (Date.now() < deadline) {
      const a = await traffic.apply();
      if (a.status === 201) {
        backAt = Date.now();
        return;
      }
      await sleep(1_000);
    }
  })();
  await Promise.all([steps, applications, probe]);
  const retried = await traffic.retryUnanswered();
  const sweepMs = await (async () => {
    await settle(Date.now());
    return sweepLatency(traffic, faultAt);
  })();
  if (sweepMs !== undefined) expect(sweepMs, 'an application stored while Temporal was down is acknowledged within a minute').toBeLessThan(90_000);
  expect(backAt, `no application answered 201 within 180 s of the ${service} kill`).toBeDefined();
  await record(
    `Temporal ${service} SIGKILLed, started again ${s(restartedAt - faultAt)} later`,
    traffic,
    faultAt,
    retried,
    `applications answered 201 again ${s((backAt as number) - faultAt)} after the kill${sweepMs !== undefined ? `; those stored meanwhile (503 with the case id) acknowledged by the sweep within ${s(sweepMs)} of the kill` : ''}`,
  );
}

describe('three instances on a real Temporal cluster', () => {
  it('are one system: a token from one instance works on the others, and each API serves every case', async () => {
    const traffic = new Traffic(d.client);
    traffics.push(traffic);
    const c = await traffic.apply();
    expect(c.status, c.message).toBe(201);
    // The same case read through each API in turn (the balancer goes round): one signing key, one database.
    for (let i = 0; i < 3; i++) expect((await d.client.request('GET', `/api/cases/${c.caseId}`)).status).toBe(200);
    expect(d.setupOutput).toMatch(/Namespace cases: created/);
    expect(d.setupOutput).toMatch(/Search attributes: added/);
  }, 120_000);

  it('a worker SIGKILLed with cases in flight: the other workers take over its timers, steps and letters', async () => {
    const traffic = new Traffic(d.client);
    traffics.push(traffic);
    const worker = part('B worker');
    const faultAt = await burstWithFault(traffic, () => worker.kill());
    const retried = await traffic.retryUnanswered();
    await record('B\'s worker SIGKILLed (not started again until the round settled)', traffic, faultAt, retried, (timers) =>
      `the ${timers.n} timers that fell due after the kill ran on A's and C's workers, the latest ${s(timers.maxLateMs)} late (a workflow the dead worker had cached waits out its sticky queue's timeout)`,
    );
    await worker.start();
    await worker.waitReady();
  }, ROUND_TIMEOUT_MS);

  it('an API SIGKILLed with requests in flight: what it cut is answered by the others when sent again with its key', async () => {
    const traffic = new Traffic(d.client);
    traffics.push(traffic);
    const apiPart = part('C API');
    const failoversBefore = d.client.failovers;
    const faultAt = await burstWithFault(traffic, () => apiPart.kill());
    const cut = traffic.answers[0] ?? 0;
    const retried = await traffic.retryUnanswered();
    const answeredAt = Date.now();
    await record(
      'C\'s API SIGKILLed (not started again until the round settled)',
      traffic,
      faultAt,
      retried,
      `${cut} requests cut mid-way, all answered by A and B when sent again, ${s(answeredAt - faultAt)} after the kill; ${d.client.failovers - failoversBefore} requests refused by the dead API went on to another at once`,
    );
    await apiPart.start();
    await apiPart.waitReady();
  }, ROUND_TIMEOUT_MS);

  it('the Temporal history service SIGKILLed with steps in flight', async () => {
    await temporalServiceRound('history');
  }, ROUND_TIMEOUT_MS);

  it('the Temporal matching service SIGKILLed with steps in flight', async () => {
    await temporalServiceRound('matching');
  }, ROUND_TIMEOUT_MS);

  it(`at least ${MIN_CASES} cases in all, every one whole: none lost, no letter or event doubled, every timer fired`, async () => {
    final = await settle(await lastTimerDue());
    expect(final.violations).toEqual([]);
    expect(final.cases).toBeGreaterThanOrEqual(MIN_CASES);
    const [letters] = await d.db('letters').count('* as n');
    const [events] = await d.db('case_events').count('* as n');
    totals =
      `Totals: ${final.cases} cases, ${Number(letters?.n)} letters (each once in the shared mailbox), ${Number(events?.n)} events, ` +
      `${final.timersFired} timers fired (the latest ${s(final.maxTimerLatenessMs)} after it fell due), ${d.client.failovers} requests sent on from a dead API; ` +
      `0 cases lost, 0 letters or events doubled`;
    log(totals);
  }, ROUND_TIMEOUT_MS);
});
