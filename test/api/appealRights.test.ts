// Appeal rights in every case over HTTP, against the real stack (API, Temporal dev server, a real
// Worker, PostgreSQL): every service decided, a receipt registered, an appeal withdrawn, a
// provisional reply on an appeal, a dismissal with its own deadline, and the new routes documented.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

async function newCase(overrides: Record<string, unknown> = {}): Promise<any> {
  const res = await call('POST', '/api/cases', application(overrides));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function step(id: string, name: string, body: unknown, status = 200): Promise<any> {
  const res = await call('POST', `/api/cases/${id}/${name}`, body);
  expect(res.status, `${name}: ${JSON.stringify(res.body)}`).toBe(status);
  return res.body;
}

async function eventTypes(id: string): Promise<string[]> {
  const res = await call('GET', `/api/cases/${id}/events`);
  return res.body.items.map((e: { type: string }) => e.type);
}

async function letter(id: string, kind: string, count = 1): Promise<{ subject: string; body: string }> {
  return eventually(`${count} ${kind} letter(s)`, async () => {
    const items: { kind: string; subject: string; body: string }[] = (await call('GET', `/api/cases/${id}/letters`)).body.items;
    const found = items.filter((l) => l.kind === kind);
    return found.length >= count && found[count - 1];
  });
}

const fields = (body: any): string[] => (body.error.details ?? []).map((d: { field: string }) => d.field);
const refusal = { outcome: 'refused', services: [{ code: 'home_nursing' }], justification: 'Du klarer deg selv i hjemmet nå.' };

describe('appeal rights in every case, over HTTP', () => {
  it('a decision that leaves out a service applied for is 400 naming it, and changes nothing', async () => {
    const view = await newCase({ services: ['home_nursing', 'safety_alarm'] });
    const before = await eventually('the received event', async () => {
      const types = await eventTypes(view.id);
      return types.includes('received') && types;
    });
    const body = await step(view.id, 'decision', { outcome: 'partially_granted', services: [{ code: 'home_nursing', outcome: 'granted', hoursPerWeek: 3 }], justification: 'Behov for medisiner.' }, 400);
    expect(body.error.code).toBe('validation_failed');
    expect(fields(body)).toEqual(['services']);
    expect(body.error.details[0].message).toContain('safety_alarm');
    expect(await eventTypes(view.id)).toEqual(before);
    expect((await call('GET', `/api/cases/${view.id}`)).body.status).toBe('received');
  });

  it('a decision by post counts from its presumed arrival; a receipt before the decision or in the future is 400 naming receivedAt; an earlier receipt never shortens the deadline', async () => {
    const view = await newCase({ channel: 'paper' });
    const decided = await step(view.id, 'decision', refusal);
    expect(decided.decision.receipt).toBe('post');
    expect(Date.parse(decided.decision.deliveredAt)).toBeGreaterThan(Date.now() + 5 * 86_400_000);
    const letterText = (await letter(view.id, 'decision')).body;
    expect(letterText).toContain('Vedtaket er sendt til deg i posten');

    const before = await step(view.id, 'decision-received', { receivedAt: '2020-01-01T10:00:00.000Z' }, 400);
    expect(fields(before)).toEqual(['receivedAt']);
    const future = await step(view.id, 'decision-received', { receivedAt: new Date(Date.now() + 3 * 86_400_000).toISOString() }, 400);
    expect(fields(future)).toEqual(['receivedAt']);
    const missing = await step(view.id, 'decision-received', {}, 400);
    expect(fields(missing)).toEqual(['receivedAt']);

    const registered = await step(view.id, 'decision-received', { receivedAt: new Date().toISOString() });
    expect(registered.decision.receipt).toBe('registered');
    expect(registered.deadlines.appealBy).toBe(decided.deadlines.appealBy);
    expect(await eventTypes(view.id)).toContain('decision_received');
  });

  it('appeal/withdraw: 409 with no appeal pending; with one, the case returns to its running period, with a letter', async () => {
    const view = await newCase();
    await step(view.id, 'decision', refusal);
    const none = await step(view.id, 'appeal/withdraw', { reason: 'Klagen er trukket' }, 409);
    expect(none.error.code).toBe('invalid_transition');
    await step(view.id, 'appeal', { text: 'Jeg klager.' });
    const noReason = await step(view.id, 'appeal/withdraw', {}, 400);
    expect(fields(noReason)).toEqual(['reason']);
    const back = await step(view.id, 'appeal/withdraw', { reason: 'Klagen er trukket' });
    expect(back).toMatchObject({ status: 'decided', closedReason: null, appeal: { withdrawn: { reason: 'Klagen er trukket' } } });
    const withdrawn = await letter(view.id, 'appeal_withdrawn');
    expect(withdrawn.subject).toBe('Klagen din er trukket');
    expect(withdrawn.body).toContain('Ombestemmer du deg, kan du klage på nytt innen fristen.');
    expect(await eventTypes(view.id)).not.toContain('withdrawn');
  });

  it('a provisional reply while the appeal is reconsidered; a dismissal letter with its own 3-week deadline and appeal body', async () => {
    const view = await newCase({ municipality: 'namsos' });
    await step(view.id, 'decision', refusal);
    await step(view.id, 'appeal', { text: 'Jeg klager.' });
    const replyBy = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
    await step(view.id, 'provisional-reply', { reason: 'Vi venter på opplysninger fra fastlegen.', expectedDecisionBy: replyBy });
    expect((await letter(view.id, 'provisional_reply')).subject).toBe('Foreløpig svar på klagen din');

    const dismissed = await step(view.id, 'reconsideration', { outcome: 'dismissed', justification: 'Klagen er ikke underskrevet, og er ikke rettet etter fristen vi ga.' });
    expect(dismissed.appeal.reconsideration).toMatchObject({ outcome: 'dismissed', appealBody: 'statsforvalteren', appealBy: expect.any(String) });
    const outcome = await letter(view.id, 'appeal_outcome');
    expect(outcome.body).toContain('Klagefristen er 3 uker (forvaltningsloven § 29).');
    expect(outcome.body).toContain('Klageinstans er Statsforvalteren i Trøndelag.');
    expect(outcome.body).toContain('Send klagen til oss: Brukerkontoret, Namsos kommune, Stavarvegen 2, 7856 Jøa.');
  });

  it('one appeal on services of both appeal bodies: forwarded to each, one letter and one ruling per body', async () => {
    const view = await newCase({ municipality: 'luroy', services: ['home_nursing', 'safety_alarm'] });
    await step(view.id, 'decision', { outcome: 'refused', services: [{ code: 'home_nursing' }, { code: 'safety_alarm' }], justification: 'Du klarer deg selv nå.' });
    await step(view.id, 'appeal', { text: 'Jeg klager på begge.' });
    const forwarded = await step(view.id, 'reconsideration', { outcome: 'upheld', justification: 'Vedtaket står.' });
    expect(forwarded).toMatchObject({
      status: 'with_appeal_body',
      appealBody: null,
      appealBodies: [
        { body: 'statsforvalteren', services: ['home_nursing'], outcome: null },
        { body: 'klagenemnd', services: ['safety_alarm'], outcome: null },
      ],
    });
    await letter(view.id, 'appeal_forwarded', 2);
    const subjects = (await call('GET', `/api/cases/${view.id}/letters`)).body.items.filter((l: { kind: string }) => l.kind === 'appeal_forwarded').map((l: { subject: string }) => l.subject);
    expect(subjects.sort()).toEqual(['Klagen din er sendt til Statsforvalteren i Nordland', 'Klagen din er sendt til klagenemnda']);

    const noBody = await step(view.id, 'appeal-body-decision', { outcome: 'upheld' }, 400);
    expect(fields(noBody)).toEqual(['body']);
    const first = await step(view.id, 'appeal-body-decision', { body: 'statsforvalteren', outcome: 'upheld' });
    expect(first.status).toBe('with_appeal_body');
    const last = await step(view.id, 'appeal-body-decision', { body: 'klagenemnd', outcome: 'upheld' });
    expect(last).toMatchObject({ status: 'closed', closedReason: 'refused' });
    expect(last.appealBodies.map((p: { outcome: string }) => p.outcome)).toEqual(['upheld', 'upheld']);
  });

  it('the OpenAPI document has the new routes', async () => {
    const doc = (await call('GET', '/api/openapi.json')).body;
    expect(doc.paths['/api/cases/{id}/appeal/withdraw'].post.operationId).toBe('withdrawAppeal');
    expect(doc.paths['/api/cases/{id}/decision-received'].post.operationId).toBe('registerDecisionReceived');
  });
});
