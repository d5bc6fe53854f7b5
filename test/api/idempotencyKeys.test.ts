// Idempotency keys are the client's text, and a client may build one from a name or a national id.
// A step's key reaches Temporal only as a keyed hash (read back with the Temporal CLI and decoded with
// the payload keys: the text is nowhere), and a retry with the same key is still applied once. A
// registration's key is the municipality's own: the same key elsewhere registers a case there and
// tells nothing of the first.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseWorkflowId } from '../../workflows/messages';
import { startApiStack, type ApiStack } from './support/apiStack';
import { application, nationalId } from './support/applications';
import { caseHistories } from './support/decodedHistories';
import { executionsOn, showHistory } from './support/temporalCli';

let stack: ApiStack;

beforeAll(async () => {
  stack = await startApiStack();
});

afterAll(async () => {
  await stack?.stop();
});

describe("a step's Idempotency-Key in Temporal", () => {
  it('is only a keyed hash: the key text is in no history, read raw with the CLI or decoded; a retry is applied once', { timeout: 120_000 }, async () => {
    const created = await stack.call('POST', '/api/cases', application());
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    // A key as a careless client builds it: from the applicant's national id and name.
    const key = `kontakt-${nationalId('150367', '200')}-Ragnhild-${randomUUID().slice(0, 8)}`;

    const first = await stack.call('POST', `/api/cases/${id}/contact`, { note: 'Ringte søker' }, { 'Idempotency-Key': key });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const retry = await stack.call('POST', `/api/cases/${id}/contact`, { note: 'Ringte søker' }, { 'Idempotency-Key': key });
    expect(retry.status, JSON.stringify(retry.body)).toBe(200);
    expect(retry.body.status).toBe('contacted');
    const events = await stack.call('GET', `/api/cases/${id}/events`);
    expect(events.body.items.filter((e: { type: string }) => e.type === 'contacted')).toHaveLength(1);

    const execution = (await executionsOn(stack.taskQueue)).find((e) => e.workflowId === caseWorkflowId(id));
    expect(execution).toBeDefined();
    const raw = JSON.stringify(await showHistory(execution!, { raw: true }));
    // The Update was sent with an id, and it is a hash: the step's name, then no trace of the key.
    expect(raw).toMatch(/"contact:h1\.[A-Za-z0-9_-]{43}"/);
    expect(raw).not.toContain(key);
    expect(raw).not.toContain(key.slice(8, 19));

    const decoded = await caseHistories(stack.temporal, stack.payloadKeys, caseWorkflowId(id));
    const clear = JSON.stringify(decoded.map((h) => ({ events: h.events, payloads: h.payloads.map((p) => p.text) })));
    expect(clear).toContain('Ringte søker');
    expect(clear).not.toContain(key);
    expect(clear).not.toContain(key.slice(8, 19));
  });

  it('the same key on another case, or another step, is another step', async () => {
    const key = `retry-${randomUUID()}`;
    const [a, b] = await Promise.all([stack.call('POST', '/api/cases', application()), stack.call('POST', '/api/cases', application())]);
    for (const c of [a, b]) {
      const res = await stack.call('POST', `/api/cases/${c.body.id}/contact`, {}, { 'Idempotency-Key': key });
      expect(res.body.status).toBe('contacted');
    }
    const visit = await stack.call('POST', `/api/cases/${a.body.id}/home-visit`, { scheduledAt: new Date(Date.now() + 86_400_000 * 3).toISOString() }, { 'Idempotency-Key': key });
    expect(visit.body.status).toBe('visit_scheduled');
  });
});

describe("a registration's Idempotency-Key is the municipality's own", () => {
  it("the same key in another municipality registers a new case there and reveals nothing of the other's", async () => {
    const key = `soknad-${randomUUID()}`;
    const namsos = stack.as(await stack.issuer.tokenFor(['caseworker'], ['namsos']));
    const luroy = stack.as(await stack.issuer.tokenFor(['caseworker'], ['luroy']));

    const first = await namsos('POST', '/api/cases', application({ municipality: 'namsos' }), { 'Idempotency-Key': key });
    expect(first.status, JSON.stringify(first.body)).toBe(201);

    const other = await luroy('POST', '/api/cases', application({ municipality: 'luroy', description: 'Søknad fra Lurøy' }), { 'Idempotency-Key': key });
    expect(other.status, JSON.stringify(other.body)).toBe(201);
    expect(other.body.id).not.toBe(first.body.id);
    expect(other.body.municipality).toBe('luroy');
    expect(other.text).not.toContain(first.body.id);

    // Each municipality's retry still gets its own case back.
    const againLuroy = await luroy('POST', '/api/cases', application({ municipality: 'luroy', description: 'Søknad fra Lurøy' }), { 'Idempotency-Key': key });
    expect(againLuroy.body.id).toBe(other.body.id);
    const stored = await stack.db('idempotency_keys').where({ key }).orderBy('municipality').select('municipality', 'case_id');
    expect(stored).toEqual([
      { municipality: 'luroy', case_id: other.body.id },
      { municipality: 'namsos', case_id: first.body.id },
    ]);
  });
});
