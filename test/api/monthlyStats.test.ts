// The manager's figures over time (GET /api/stats/monthly), for a known set of cases written into the
// system of record as the workflows write them: per month, provisional replies and how many went out
// on time, days from receipt to the first decision, appeals by outcome; counts only, no one named.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiStack, type ApiStack } from './support/apiStack';
import { application } from './support/applications';
import type { Call } from './support/http';

let stack: ApiStack;
let manager: Call;
let caseworker: Call;
let template: Record<string, unknown>;
const ids: string[] = [];

/** This month in Oslo (the figures' calendar), as year and month. */
const [year, month0] = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Oslo' }).format(new Date()).split('-').map(Number) as [number, number];
/** Day `day` of the month `back` months before this one, at 10:00 UTC (the same day in Oslo). */
const at = (back: number, day: number) => new Date(Date.UTC(year, month0 - 1 - back, day, 10)).toISOString();
const monthOf = (back: number) => at(back, 15).slice(0, 7);
const A = 2;
const B = 1;

async function storedCase(municipality: string, receivedAt: string, firstDecidedAt: string | null, events: Array<[type: string, at: string, data?: Record<string, unknown>]>): Promise<string> {
  const id = randomUUID();
  ids.push(id);
  // A case the workflows finished with: stored as they store it, no workflow to start (view_seq > 0).
  await stack.db('cases').insert({
    ...template,
    id,
    municipality,
    status: 'active',
    case_number: null,
    received_at: receivedAt,
    first_decided_at: firstDecidedAt,
    view: JSON.stringify({ ...(template.view as object), id, municipality, status: 'active' }),
    view_seq: events.length + 1,
    applicant: JSON.stringify(template.applicant),
    consent: JSON.stringify(template.consent),
  });
  await stack.db('case_events').insert(
    [['received', receivedAt] as [string, string, Record<string, unknown>?], ...events].map(([type, when, data], seq) => ({ case_id: id, seq, type, at: when, actor: 'system', data: JSON.stringify(data ?? {}) })),
  );
  return id;
}

beforeAll(async () => {
  stack = await startApiStack();
  manager = stack.as(await stack.issuer.tokenFor(['manager'], ['namsos'], 'leder-lise'));
  caseworker = stack.as(await stack.issuer.tokenFor(['caseworker'], ['namsos'], 'saksbehandler-anne'));
  const created = await caseworker('POST', '/api/cases', application());
  expect(created.status, created.text).toBe(201);
  template = await stack.db('cases').where({ id: created.body.id }).first();

  // Month A: two first decisions, 10 and 20 days after receipt; one provisional reply, two days in (on time).
  await storedCase('namsos', at(A, 1), at(A, 11), [
    ['provisional_reply_sent', at(A, 3), { automatic: false }],
    ['decision_issued', at(A, 11), { outcome: 'granted' }],
    // Month B: the date it gave passed undecided, and a new reply went out: never on time.
    ['provisional_reply_overdue', at(B, 21)],
  ]);
  await storedCase('namsos', at(A, 5), at(A, 25), [
    ['decision_issued', at(A, 25), { outcome: 'refused' }],
    // Month B: a reply 6 weeks after the receipt, past the 4 weeks the policy gives (late).
    ['provisional_reply_sent', at(B, 16), { automatic: false }],
  ]);
  // Month B: an appeal on a case received long before; its reply counts from the appeal (on time).
  await storedCase('namsos', at(A + 3, 1), at(A + 3, 20), [
    ['decision_issued', at(A + 3, 20), { outcome: 'refused' }],
    ['appeal_received', at(B, 10), { receivedAt: at(B, 9), late: false }],
    ['provisional_reply_sent', at(B, 12), { automatic: false, regarding: 'appeal' }],
    ['reconsideration', at(B, 15), { outcome: 'upheld' }],
    ['appeal_forwarded', at(B, 15), { appealBody: 'statsforvalteren' }],
    ['appeal_body_decision', at(B, 20), { outcome: 'reversed', appealBody: 'statsforvalteren' }],
  ]);
  // Another municipality's: in no figure a Namsos manager gets.
  await storedCase('luroy', at(A, 2), at(A, 4), [
    ['provisional_reply_sent', at(A, 3)],
    ['appeal_received', at(B, 10)],
    ['reconsideration', at(B, 11), { outcome: 'dismissed' }],
  ]);
});

afterAll(async () => {
  await stack?.stop();
});

describe("the manager's figures over time", () => {
  it('are right, month by month, for a known set of cases', async () => {
    const res = await manager('GET', '/api/stats/monthly?months=6');
    expect(res.status, res.text).toBe(200);
    const months = res.body.months as Array<{ month: string; decisions: unknown }>;
    expect(months.map((m) => m.month)).toEqual([5, 4, 3, 2, 1, 0].map(monthOf));
    const month = (back: number) => months.find((m) => m.month === monthOf(back));

    expect(month(A)).toEqual({
      month: monthOf(A),
      provisionalReplies: { sent: 1, onTime: 1 },
      decisions: { count: 2, medianDays: 15, meanDays: 15 },
      appeals: { received: 0, reconsideration: { reversed: 0, partially_reversed: 0, upheld: 0, dismissed: 0 }, appealBody: { upheld: 0, reversed: 0, quashed: 0 } },
    });
    expect(month(B)).toEqual({
      month: monthOf(B),
      provisionalReplies: { sent: 3, onTime: 1 },
      decisions: { count: 0, medianDays: null, meanDays: null },
      appeals: { received: 1, reconsideration: { reversed: 0, partially_reversed: 0, upheld: 1, dismissed: 0 }, appealBody: { upheld: 0, reversed: 1, quashed: 0 } },
    });
    // The appealed case's first decision, five months back: 19 days after its receipt.
    expect(month(A + 3)?.decisions).toEqual({ count: 1, medianDays: 19, meanDays: 19 });
  });

  it('name no case and no person', async () => {
    const res = await manager('GET', '/api/stats/monthly?months=12');
    expect(res.status).toBe(200);
    for (const id of ids) expect(res.text).not.toContain(id);
    expect(res.text).not.toMatch(/Kari|Nordmann|saksbehandler|system/);
  });

  it('refuse a bad number of months, naming the field; a caseworker gets no figures', async () => {
    const bad = await manager('GET', '/api/stats/monthly?months=0');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([expect.objectContaining({ field: 'months' })]);
    expect((await manager('GET', '/api/stats/monthly?municipality=luroy')).status).toBe(403);
    expect((await caseworker('GET', '/api/stats/monthly')).status).toBe(403);
  });
});
