// What managers and caseworkers read from PostgreSQL: the case list (filters, newest first, cursor
// pages) and the figures of GET /api/stats, over cases driven through real workflows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiStack, type ApiStack } from './support/apiStack';
import { application } from './support/applications';
import type { Call } from './support/http';
import { eventually } from '../support/eventually';

let stack: ApiStack;
let call: Call;
const ids: Record<string, string> = {};

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
const decision = (outcome: string) => ({
  outcome,
  services: [{ code: 'home_nursing', hoursPerWeek: 3 }],
  justification: 'Vurdert etter hjemmebesøk.',
});

async function create(name: string, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await call('POST', '/api/cases', application(overrides));
  expect(res.status, res.text).toBe(201);
  ids[name] = res.body.id;
  return res.body.id;
}

async function step(id: string, name: string, body: unknown): Promise<any> {
  const res = await call('POST', `/api/cases/${id}/${name}`, body);
  expect(res.status, `${name}: ${res.text}`).toBe(200);
  return res.body;
}

beforeAll(async () => {
  stack = await startApiStack();
  call = stack.call;

  // Still not contacted ten days after receipt: the office is late now (contact within 1 week).
  const n8 = await create('n8', { receivedAt: daysAgo(10) });
  await eventually('contact overdue', async () => (await call('GET', `/api/cases/${n8}`)).body.flags.contactOverdue === true);
  const n1 = await create('n1');
  const n2 = await create('n2');
  await step(n2, 'contact', {});
  // Received ten and twenty days ago: contact is overdue at once (namsos: within 1 week).
  const n3 = await create('n3', { receivedAt: daysAgo(10), channel: 'paper' });
  const n4 = await create('n4', { receivedAt: daysAgo(20), channel: 'paper' });
  for (const id of [n3, n4]) {
    await eventually('contact overdue', async () => (await call('GET', `/api/cases/${id}`)).body.flags.contactOverdue === true);
  }
  await step(n3, 'decision', decision('granted'));
  await step(n4, 'decision', decision('refused'));
  await step(n4, 'appeal', { text: 'Jeg trenger hjelp.' });
  await step(n4, 'reconsideration', { outcome: 'upheld', justification: 'Ingen nye opplysninger.' });
  const ruled = await step(n4, 'appeal-body-decision', { outcome: 'upheld', justification: 'Vedtaket stadfestes.' });
  expect(ruled.status).toBe('closed');
  const n5 = await create('n5');
  await step(n5, 'withdraw', { reason: 'Trenger ikke hjelp lenger.' });
  const n6 = await create('n6');
  await step(n6, 'provisional-reply', { reason: 'Venter på opplysninger fra fastlege.', expectedDecisionBy: new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10) });
  await create('n7', { receivedAt: daysAgo(2) });
  const l1 = await create('l1', { municipality: 'luroy', receivedAt: daysAgo(3) });
  await step(l1, 'decision', decision('granted'));
  await create('l2', { municipality: 'luroy' });
  void n1;
  // Every case has recorded at least its receipt before the lists are read.
  for (const id of Object.values(ids)) {
    await eventually('the received event', async () => (await call('GET', `/api/cases/${id}/events`)).body.items.length > 0);
  }
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

const idsOf = (items: Array<{ id: string }>) => items.map((item) => item.id);
const named = (...names: string[]) => names.map((n) => ids[n]);

describe('GET /api/cases', () => {
  it('lists every case newest first, as case views', async () => {
    const res = await call('GET', '/api/cases');
    expect(res.status).toBe(200);
    expect(idsOf(res.body.items)).toEqual(named('l2', 'l1', 'n7', 'n6', 'n5', 'n4', 'n3', 'n2', 'n1', 'n8'));
    expect(res.body.nextCursor).toBeNull();
    const n3 = res.body.items.find((c: any) => c.id === ids.n3);
    expect(n3).toMatchObject({ status: 'decided', municipality: 'namsos', flags: { contactOverdue: true } });
    expect(JSON.stringify(res.body)).not.toContain('Kari Nordmann');
  });

  it('filters by status, municipality and overdue', async () => {
    const list = async (query: string) => {
      const res = await call('GET', `/api/cases?${query}`);
      expect(res.status, res.text).toBe(200);
      return idsOf(res.body.items);
    };
    expect(await list('municipality=namsos&status=received')).toEqual(named('n7', 'n6', 'n1', 'n8'));
    expect(await list('status=decided')).toEqual(named('l1', 'n3'));
    expect(await list('status=closed')).toEqual(named('n5', 'n4'));
    // n3 was contacted late but is decided now: it records that (flags.contactOverdue) and is not late any more.
    expect(await list('overdue=true')).toEqual(named('n8'));
    expect(await list('overdue=false&municipality=luroy')).toEqual(named('l2', 'l1'));
    expect(await list('status=with_appeal_body')).toEqual([]);
    // An empty value is no filter.
    expect(await list('status=&municipality=')).toHaveLength(10);
  });

  it('pages with an opaque cursor: every case once, in order, then nextCursor null', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { status: number; body: any } = await call('GET', `/api/cases?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...idsOf(res.body.items));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(5);
    expect(seen).toEqual(named('l2', 'l1', 'n7', 'n6', 'n5', 'n4', 'n3', 'n2', 'n1', 'n8'));

    const filtered = await call('GET', '/api/cases?municipality=namsos&limit=3');
    const next = await call('GET', `/api/cases?municipality=namsos&limit=3&cursor=${filtered.body.nextCursor}`);
    expect(idsOf([...filtered.body.items, ...next.body.items])).toEqual(named('n7', 'n6', 'n5', 'n4', 'n3', 'n2'));
  });

  it('refuses a cursor it did not give out, naming it', async () => {
    for (const cursor of ['nonsense', Buffer.from('["x","y"]').toString('base64url')]) {
      const res = await call('GET', `/api/cases?cursor=${cursor}`);
      expect(res.status).toBe(400);
      expect(res.body.error.details).toEqual([{ field: 'cursor', message: expect.any(String) }]);
    }
  });
});

describe('GET /api/stats', () => {
  it("gives one municipality's figures", async () => {
    const res = await call('GET', '/api/stats?municipality=namsos');
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({
      municipality: 'namsos',
      openCases: {
        total: 6,
        byStatus: {
          received: 4,
          contacted: 1,
          visit_scheduled: 0,
          under_assessment: 0,
          decided: 1,
          under_reconsideration: 0,
          with_appeal_body: 0,
          active: 0,
        },
      },
      closedCases: 2,
      overdueCases: 1,
      provisionalRepliesSent: 1,
      appeals: {
        received: 1,
        reconsideration: { reversed: 0, partially_reversed: 0, upheld: 1, dismissed: 0 },
        appealBody: { upheld: 1, reversed: 0, quashed: 0 },
      },
    });
    // Decided 10 and 20 days after receipt.
    expect(res.body.processingTimeDays.decidedCases).toBe(2);
    expect(res.body.processingTimeDays.median).toBeCloseTo(15, 1);
    expect(res.body.processingTimeDays.p90).toBeCloseTo(19, 1);
  });

  it('gives the figures of every municipality together', async () => {
    const res = await call('GET', '/api/stats');
    expect(res.status).toBe(200);
    expect(res.body.municipality).toBeNull();
    expect(res.body.openCases.total).toBe(8);
    expect(res.body.openCases.byStatus).toMatchObject({ received: 5, decided: 2 });
    // 3, 10 and 20 days: the median is 10; the 90th percentile lies between 10 and 20.
    expect(res.body.processingTimeDays.decidedCases).toBe(3);
    expect(res.body.processingTimeDays.median).toBeCloseTo(10, 1);
    expect(res.body.processingTimeDays.p90).toBeCloseTo(18, 1);
  });

  it('gives zeros and nulls for a municipality with no decisions yet', async () => {
    const res = await call('GET', '/api/stats?municipality=nordre-land');
    expect(res.status).toBe(200);
    expect(res.body.openCases.total).toBe(0);
    expect(res.body.processingTimeDays).toEqual({ decidedCases: 0, median: null, p90: null });
  });
});
