// What the office's pages need of the API: a caseworker's work queue (their municipalities' cases,
// unassigned / mine / a person's, in deadline order, overdue first), taking, releasing and
// reassigning a case with its history, and a decision's letter previewed without anything applied.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiStack, type ApiStack } from './support/apiStack';
import { createCase, officeStaff } from './support/officeStaff';
import type { Call } from './support/http';
import { eventually } from '../support/eventually';

let stack: ApiStack;
let anne: Call;
let bjorn: Call;
let manager: Call;
let luroyCaseworker: Call;
const ids: Record<string, string> = {};
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

beforeAll(async () => {
  stack = await startApiStack();
  ({ anne, bjorn, manager, luroyCaseworker } = await officeStaff(stack));
  ids.fresh = await createCase(anne);
  const late = await createCase(anne, { receivedAt: daysAgo(10) });
  ids.late = late;
  ids.other = await createCase(anne);
  await eventually('contact overdue', async () => (await anne('GET', `/api/cases/${late}`)).body.flags.contactOverdue === true);
  // The list reads the stored view, which the workflow records after its first task.
  await eventually('overdue stored', async () => (await stack.db('cases').where({ id: late }).first('overdue'))?.overdue === true);
});

afterAll(async () => {
  await stack?.stop();
});

describe('the work queue', () => {
  it("lists a caseworker's municipalities' cases in deadline order, overdue first, with assignee and next deadline", async () => {
    const res = await anne('GET', '/api/cases?sort=deadline&assignee=none');
    expect(res.status, res.text).toBe(200);
    const listed = res.body.items.map((i: { id: string }) => i.id);
    expect(listed[0]).toBe(ids.late);
    expect(listed).toEqual(expect.arrayContaining([ids.fresh, ids.other]));
    expect(res.body.items[0]).toMatchObject({ assignee: null, nextDeadline: expect.any(String) });
    // No free text in a list.
    expect(res.text).not.toContain('Trenger');
  });

  it('shows another municipality none of it; a filter outside the token is 403', async () => {
    const own = await luroyCaseworker('GET', '/api/cases?sort=deadline');
    expect(own.status).toBe(200);
    expect(own.body.items).toEqual([]);
    const named = await luroyCaseworker('GET', '/api/cases?municipality=namsos');
    expect(named.status).toBe(403);
    expect((await luroyCaseworker('POST', `/api/cases/${ids.fresh}/assignee`, { sub: 'saksbehandler-luroy' })).status).toBe(404);
  });

  it('takes, refuses a case someone else took first (409), releases, and a manager reassigns, all in the history', async () => {
    const taken = await anne('POST', `/api/cases/${ids.fresh}/assignee`, { sub: 'saksbehandler-anne' });
    expect(taken.status, taken.text).toBe(200);
    expect(taken.body).toMatchObject({ assignee: 'saksbehandler-anne', history: [{ assignee: 'saksbehandler-anne', previous: null, actor: 'saksbehandler-anne' }] });

    const second = await bjorn('POST', `/api/cases/${ids.fresh}/assignee`, { sub: 'saksbehandler-bjorn' });
    expect(second.status).toBe(409);
    expect(second.body.error).toMatchObject({ code: 'invalid_transition', message: expect.stringContaining('saksbehandler-anne') });
    const forSomeoneElse = await bjorn('POST', `/api/cases/${ids.other}/assignee`, { sub: 'saksbehandler-anne' });
    expect(forSomeoneElse.status).toBe(403);
    const badBody = await bjorn('POST', `/api/cases/${ids.other}/assignee`, { sub: '' });
    expect(badBody.status).toBe(400);
    expect(badBody.body.error.details[0].field).toBe('sub');

    const mine = await anne('GET', '/api/cases?assignee=me');
    expect(mine.body.items.map((i: { id: string }) => i.id)).toEqual([ids.fresh]);
    const bjorns = await bjorn('GET', '/api/cases?assignee=saksbehandler-anne');
    expect(bjorns.body.items.map((i: { id: string }) => i.id)).toEqual([ids.fresh]);

    const reassigned = await manager('POST', `/api/cases/${ids.fresh}/assignee`, { sub: 'saksbehandler-bjorn' });
    expect(reassigned.status, reassigned.text).toBe(200);
    const released = await bjorn('POST', `/api/cases/${ids.fresh}/assignee`, { sub: null });
    expect(released.body.assignee).toBeNull();
    const history = (await manager('GET', `/api/cases/${ids.fresh}/assignee`)).body.history;
    expect(history.map((h: { assignee: string | null; actor: string }) => [h.assignee, h.actor])).toEqual([
      ['saksbehandler-anne', 'saksbehandler-anne'],
      ['saksbehandler-bjorn', 'leder-lise'],
      [null, 'saksbehandler-bjorn'],
    ]);
  });
});

describe('the decision preview', () => {
  const decision = { outcome: 'granted', services: [{ code: 'home_nursing', hoursPerWeek: 4 }], justification: 'Behov for hjelp morgen og kveld etter hjemmebesøk.' };

  it('answers with the letter the decision would send, applies nothing, and writes an access-log row', async () => {
    const before = (await anne('GET', `/api/cases/${ids.other}/events`)).body.items.length;
    const res = await anne('POST', `/api/cases/${ids.other}/decision/preview`, decision);
    expect(res.status, res.text).toBe(200);
    expect(res.body.subject).toMatch(/^Vedtak om hjemmesykepleie/);
    expect(res.body.body).toContain('Behov for hjelp morgen og kveld');
    expect(res.body.body).toContain('4 timer per uke');
    expect(res.body.view.status).toBe('decided');
    expect(res.body.view.deadlines.appealBy).toEqual(expect.any(String));
    // Nothing applied: the case, its events and its letters are as they were.
    expect((await anne('GET', `/api/cases/${ids.other}`)).body.status).toBe('received');
    expect((await anne('GET', `/api/cases/${ids.other}/events`)).body.items.length).toBe(before);
    expect((await anne('GET', `/api/cases/${ids.other}/letters`)).body.items.map((l: { kind: string }) => l.kind)).not.toContain('decision');
    const row = await stack.db('access_log').where({ case_id: ids.other, action: 'case.decision.preview' }).first();
    expect(row).toMatchObject({ actor: 'saksbehandler-anne', role: 'caseworker', municipality: 'namsos' });
    // And the letter sent afterwards is the one previewed.
    expect((await anne('POST', `/api/cases/${ids.other}/decision`, decision)).status).toBe(200);
    const sent = await eventually('decision letter', async () => (await anne('GET', `/api/cases/${ids.other}/letters`)).body.items.find((l: { kind: string }) => l.kind === 'decision'));
    expect(sent.subject).toBe(res.body.subject);
  });

  it('refuses what the step would refuse: a missing justification (400 naming it), a decided case (409), another municipality (404)', async () => {
    const bad = await anne('POST', `/api/cases/${ids.late}/decision/preview`, { ...decision, justification: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { field: string }) => d.field)).toContain('justification');
    const again = await anne('POST', `/api/cases/${ids.other}/decision/preview`, decision);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('invalid_transition');
    expect((await luroyCaseworker('POST', `/api/cases/${ids.late}/decision/preview`, decision)).status).toBe(404);
  });
});
