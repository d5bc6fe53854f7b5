// The waiting list for a long-term care home place (pasient- og brukerrettighetsloven § 2-1 e, issue
// 24) over HTTP, against the real stack (API, Temporal dev server, a real Worker, PostgreSQL): the
// decision with the service outcome waiting_list, its letter, the flag onWaitingList; place-offered
// issuing the grant; place-offered on a case not on the waiting list 409 naming why, a body without
// `from` 400 naming it, waiting_list on another service 400 naming it, and nothing changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { osloDateOf } from '../../domain/calendar/osloTime';
import { eventually } from '../support/eventually';
import { startApiStack, type ApiStack } from './support/apiStack';
import { application } from './support/applications';
import type { Call } from './support/http';

let stack: ApiStack;
let call: Call;

beforeAll(async () => {
  stack = await startApiStack();
  call = stack.call;
});

afterAll(async () => {
  await stack?.stop();
});

async function step(id: string, name: string, body: unknown, status = 200): Promise<any> {
  const res = await call('POST', `/api/cases/${id}/${name}`, body);
  expect(res.status, `${name}: ${JSON.stringify(res.body)}`).toBe(status);
  return res.body;
}

async function eventTypes(id: string): Promise<string[]> {
  return (await call('GET', `/api/cases/${id}/events`)).body.items.map((e: { type: string }) => e.type);
}

async function letters(id: string, kind: string, count: number): Promise<{ subject: string; body: string }[]> {
  return eventually(`${count} ${kind} letter(s)`, async () => {
    const items: { kind: string; subject: string; body: string }[] = (await call('GET', `/api/cases/${id}/letters`)).body.items;
    const found = items.filter((l) => l.kind === kind);
    return found.length >= count && found;
  });
}

const fields = (body: any): string[] => (body.error.details ?? []).map((d: { field: string }) => d.field);
const waiting = { outcome: 'granted', services: [{ code: 'long_term_stay', outcome: 'waiting_list' }], justification: 'Du trenger heldøgns omsorg, men det er ingen ledig plass nå.' };

async function longTermCase(): Promise<string> {
  const created = await call('POST', '/api/cases', application({ services: ['long_term_stay'] }));
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.id;
}

describe('the waiting list for a long-term care home place, over HTTP', () => {
  it('puts the applicant on the waiting list with a letter that says so, and place-offered issues the grant', { timeout: 120_000 }, async () => {
    const id = await longTermCase();
    const undecided = await step(id, 'place-offered', { from: osloDateOf(new Date()) }, 409);
    expect(undecided.error.code).toBe('invalid_transition');

    const decided = await step(id, 'decision', waiting);
    expect(decided.status).toBe('decided');
    expect(decided.flags.onWaitingList).toBe(true);
    expect(decided.decision.services[0].outcome).toBe('waiting_list');
    const [first] = await letters(id, 'decision', 1);
    expect(first!.subject).toBe('Vedtak om langtidsopphold i sykehjem – venteliste');
    expect(first!.body).toContain('du er derfor satt på venteliste');
    expect(first!.body).toContain('Du har rett til å klage på vedtaket.');
    expect(first!.body).toContain('Stavarvegen 2, 7856 Jøa');

    const before = await eventTypes(id);
    const bad = await step(id, 'place-offered', { justification: 'Plass.' }, 400);
    expect(bad.error.code).toBe('validation_failed');
    expect(fields(bad)).toEqual(['from']);
    expect(await eventTypes(id)).toEqual(before);

    const from = osloDateOf(new Date(Date.now() + 10 * 86_400_000));
    const offered = await step(id, 'place-offered', { from });
    expect(offered.status).toBe('decided');
    expect(offered.flags.onWaitingList).toBe(false);
    expect(offered.decision).toMatchObject({ outcome: 'granted', services: [{ code: 'long_term_stay', outcome: 'granted', from }] });
    expect(await eventTypes(id)).toContain('place_offered');
    const [, second] = await letters(id, 'decision', 2);
    expect(second!.subject).toBe('Vedtak om langtidsopphold i sykehjem – innvilget');
    expect(second!.body).toContain('det er nå ledig plass til deg');
  });

  it('refuses place-offered on a case not on the waiting list: 409 naming why, nothing changes', { timeout: 120_000 }, async () => {
    const id = await longTermCase();
    await step(id, 'decision', { outcome: 'granted', services: [{ code: 'long_term_stay' }], justification: 'Du får plass nå.' });
    const before = await eventTypes(id);
    const refused = await step(id, 'place-offered', { from: osloDateOf(new Date()) }, 409);
    expect(refused.error.code).toBe('invalid_transition');
    expect(refused.error.message).toContain('not on the waiting list');
    expect(await eventTypes(id)).toEqual(before);
    expect((await call('GET', `/api/cases/${id}`)).body.flags.onWaitingList).toBe(false);
  });

  it('refuses waiting_list on a service that is not a long-term care home place: 400 naming the field', { timeout: 60_000 }, async () => {
    const created = await call('POST', '/api/cases', application({ services: ['home_nursing'] }));
    const id = created.body.id;
    const before = await eventTypes(id);
    const bad = await step(id, 'decision', { outcome: 'granted', services: [{ code: 'home_nursing', outcome: 'waiting_list' }], justification: 'x' }, 400);
    expect(fields(bad)).toEqual(['services[0].outcome']);
    expect(await eventTypes(id)).toEqual(before);
  });

  it('names place-offered in the OpenAPI document', async () => {
    const doc = (await call('GET', '/api/openapi.json')).body;
    expect(doc.paths['/api/cases/{id}/place-offered']?.post?.operationId).toBe('offerPlace');
  });
});
