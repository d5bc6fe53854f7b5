// The readable case number, the date bounds and the empty query values, over real HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { osloDateOf } from '../../domain/calendar/osloTime';
import { eventually } from '../support/eventually';
import { startApiStack, type ApiStack } from './support/apiStack';
import { application } from './support/applications';
import type { Answer, Call } from './support/http';

let stack: ApiStack;
let call: Call;

beforeAll(async () => {
  stack = await startApiStack();
  call = stack.call;
});

afterAll(async () => {
  await stack?.stop();
});

const year = () => osloDateOf(new Date()).slice(0, 4);
const granted = { outcome: 'granted', services: [{ code: 'home_nursing', hoursPerWeek: 2 }], justification: 'Behovet er dokumentert.' };

function expectField(res: Answer, field: string, message?: string): void {
  expect(res.status, JSON.stringify(res.body)).toBe(400);
  expect(res.body.error.code).toBe('validation_failed');
  const problem = (res.body.error.details as { field: string; message: string }[]).find((d) => d.field === field);
  expect(problem, JSON.stringify(res.body.error.details)).toBeDefined();
  if (message) expect(problem!.message).toContain(message);
}

describe('caseNumber', () => {
  it('numbers each municipality\'s cases <year>/<sequence>, unique under concurrent registration, and letters quote it', async () => {
    const answers = await Promise.all(Array.from({ length: 6 }, () => call('POST', '/api/cases', application({ municipality: 'luroy' }))));
    for (const a of answers) expect(a.status, JSON.stringify(a.body)).toBe(201);
    const numbers = answers.map((a) => a.body.caseNumber as string).sort();
    expect(numbers).toEqual(['0001', '0002', '0003', '0004', '0005', '0006'].map((n) => `${year()}/${n}`));
    // Another municipality counts from one.
    const other = await call('POST', '/api/cases', application({ municipality: 'nordre-land' }));
    expect(other.body.caseNumber).toBe(`${year()}/0001`);
    // The workflow's own view carries it too, and the acknowledgement quotes it instead of the UUID.
    const id = answers[0]!.body.id as string;
    const view = await call('GET', `/api/cases/${id}`);
    expect(view.body.caseNumber).toBe(answers[0]!.body.caseNumber);
    // The acknowledgement is written by the workflow a moment after the registration answered.
    const ack = await eventually('the acknowledgement letter', async () =>
      ((await call('GET', `/api/cases/${id}/letters`)).body.items as { kind: string; body: string }[]).find((l) => l.kind === 'acknowledgement'),
    );
    expect(ack?.body).toContain(`saksnummer ${answers[0]!.body.caseNumber}`);
    expect(ack?.body).not.toContain(id);
  });

  it('gives a retried registration (same Idempotency-Key) the same number and takes no new one', async () => {
    const body = application({ municipality: 'namsos' });
    const key = { 'Idempotency-Key': `number-${Date.now()}` };
    const first = await call('POST', '/api/cases', body, key);
    const again = await call('POST', '/api/cases', body, key);
    expect(again.body.caseNumber).toBe(first.body.caseNumber);
    const next = await call('POST', '/api/cases', application({ municipality: 'namsos' }));
    const seq = (n: string) => Number(n.split('/')[1]);
    expect(seq(next.body.caseNumber)).toBe(seq(first.body.caseNumber) + 1);
  });
});

describe('date bounds: 2000-01-01 to 2199-12-31', () => {
  it('refuses a receipt in 1899 and a decision until 2300, naming the field', async () => {
    expectField(await call('POST', '/api/cases', application({ receivedAt: '1899-06-01T00:00:00Z' })), 'receivedAt', '2000-01-01');
    const created = await call('POST', '/api/cases', application());
    const id = created.body.id as string;
    const until = await call('POST', `/api/cases/${id}/decision`, { ...granted, services: [{ code: 'home_nursing', until: '2300-01-01' }] });
    expectField(until, 'services[0].until', '2199-12-31');
    expectField(await call('POST', `/api/cases/${id}/home-visit`, { scheduledAt: '2201-01-01T10:00:00Z' }), 'scheduledAt');
    // Nothing changed: the case is still as registered.
    expect((await call('GET', `/api/cases/${id}`)).body.status).toBe('received');
    // The last day is accepted, and the case works with it.
    const last = await call('POST', `/api/cases/${id}/decision`, { ...granted, services: [{ code: 'home_nursing', until: '2199-12-31' }] });
    expect(last.status, JSON.stringify(last.body)).toBe(200);
    expect(last.body.deadlines.expiresAt).toBe('2199-12-31T23:00:00.000Z');
  });

  it('refuses an appeal sent after it was received, and one sent in the future', async () => {
    const id = (await call('POST', '/api/cases', application())).body.id as string;
    expect((await call('POST', `/api/cases/${id}/decision`, granted)).status).toBe(200);
    const now = Date.now();
    expectField(
      await call('POST', `/api/cases/${id}/appeal`, { receivedAt: new Date(now - 3_600_000).toISOString(), sentAt: new Date(now - 60_000).toISOString() }),
      'sentAt',
    );
    expectField(await call('POST', `/api/cases/${id}/appeal`, { sentAt: new Date(now + 86_400_000).toISOString() }), 'sentAt', 'future');
  });
});

describe('empty query values', () => {
  it('treats ?status=&municipality=&overdue= and ?municipality= as not given, as the document says', async () => {
    const list = await call('GET', '/api/cases?status=&municipality=&overdue=&limit=&cursor=');
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    expect(list.body.items.length).toBeGreaterThan(0);
    const stats = await call('GET', '/api/stats?municipality=');
    expect(stats.status).toBe(200);
    expect(stats.body.municipality).toBeNull();
    expectField(await call('GET', '/api/cases?status=pending'), 'status', 'Unknown status');
  });
});
