// "On hold" (satt på vent) in the work queue, over real HTTP: a caseworker puts a case on hold with
// a reason code and takes it off; the queue shows it and filters by it; every change is in the
// history; a reason that is not a code (free text) is refused naming the field and changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiStack, type ApiStack } from './support/apiStack';
import type { Call } from './support/http';
import { createCase, officeStaff } from './support/officeStaff';

let stack: ApiStack;
let anne: Call;
let bjorn: Call;
let manager: Call;
let luroyCaseworker: Call;
const ids: Record<string, string> = {};

beforeAll(async () => {
  stack = await startApiStack();
  ({ anne, bjorn, manager, luroyCaseworker } = await officeStaff(stack));
  for (const name of ['waiting', 'working', 'closed']) ids[name] = await createCase(anne);
});

afterAll(async () => {
  await stack?.stop();
});

const listed = async (call: Call, query: string) => ((await call('GET', `/api/cases?sort=deadline${query}`)).body.items as Array<{ id: string; onHold: unknown }>);

describe('a case on hold', () => {
  it('is put on hold with a reason code, shown and filtered in the queue, changed, taken off, every change in its history', async () => {
    const held = await anne('POST', `/api/cases/${ids.waiting}/hold`, { reason: 'awaiting_health_information' });
    expect(held.status, held.text).toBe(200);
    expect(held.body).toMatchObject({ caseId: ids.waiting, onHold: { reason: 'awaiting_health_information', since: expect.any(String) } });

    const all = await listed(bjorn, '');
    expect(all.find((i) => i.id === ids.waiting)?.onHold).toMatchObject({ reason: 'awaiting_health_information' });
    expect(all.find((i) => i.id === ids.working)?.onHold).toBeNull();
    expect((await listed(bjorn, '&onHold=true')).map((i) => i.id)).toEqual([ids.waiting]);
    const notHeld = (await listed(bjorn, '&onHold=false')).map((i) => i.id);
    expect(notHeld).toEqual(expect.arrayContaining([ids.working, ids.closed]));
    expect(notHeld).not.toContain(ids.waiting);

    // The same reason again changes nothing; another replaces it; another caseworker takes it off.
    expect((await anne('POST', `/api/cases/${ids.waiting}/hold`, { reason: 'awaiting_health_information' })).status).toBe(200);
    expect((await manager('POST', `/api/cases/${ids.waiting}/hold`, { reason: 'applicant_admitted' })).body.onHold.reason).toBe('applicant_admitted');
    const off = await bjorn('POST', `/api/cases/${ids.waiting}/hold`, { reason: null });
    expect(off.status, off.text).toBe(200);
    expect(off.body.onHold).toBeNull();
    expect((await listed(bjorn, '&onHold=true')).map((i) => i.id)).toEqual([]);

    const history = (await manager('GET', `/api/cases/${ids.waiting}/hold`)).body.history as Array<{ reason: string | null; previous: string | null; actor: string }>;
    expect(history.map((h) => [h.reason, h.previous, h.actor])).toEqual([
      ['awaiting_health_information', null, 'saksbehandler-anne'],
      ['applicant_admitted', 'awaiting_health_information', 'leder-lise'],
      [null, 'applicant_admitted', 'saksbehandler-bjorn'],
    ]);
    const logged = await stack.db('access_log').where({ case_id: ids.waiting, action: 'case.hold' }).count<{ count: string }[]>('* as count');
    // Each request is in the access log, the one that changed nothing too.
    expect(Number(logged[0]?.count)).toBe(4);
  });

  it('refuses a reason that is not a code, free text beside it, or a missing reason, naming the field, and changes nothing', async () => {
    for (const body of [{ reason: 'Venter på legeerklæring fra dr. Hansen' }, { reason: 'other', note: 'Kari er innlagt' }, {}]) {
      const res = await anne('POST', `/api/cases/${ids.working}/hold`, body);
      expect(res.status, res.text).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining([Object.keys(body).at(-1) ?? 'reason']));
    }
    expect((await anne('GET', `/api/cases/${ids.working}/hold`)).body).toEqual({ caseId: ids.working, onHold: null, history: [] });
    expect(await stack.db('case_holds').where({ case_id: ids.working })).toEqual([]);
  });

  it('a closed case cannot be put on hold (409 case_closed); another municipality sees none of it (404); a filter must be true or false', async () => {
    expect((await anne('POST', `/api/cases/${ids.closed}/withdraw`, { reason: 'Søkeren trekker søknaden.' })).status).toBe(200);
    const closed = await anne('POST', `/api/cases/${ids.closed}/hold`, { reason: 'other' });
    expect(closed.status).toBe(409);
    expect(closed.body.error.code).toBe('case_closed');
    expect((await luroyCaseworker('POST', `/api/cases/${ids.working}/hold`, { reason: 'other' })).status).toBe(404);
    expect((await luroyCaseworker('GET', `/api/cases/${ids.working}/hold`)).status).toBe(404);
    const bad = await anne('GET', '/api/cases?onHold=yes');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('onHold');
  });
});
