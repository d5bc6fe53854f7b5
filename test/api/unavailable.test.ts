// When Temporal or the database cannot be reached, the API answers 503 `unavailable` (health names the
// part), never a stack trace; when they come back, it recovers on its own. The API reaches both through
// TCP proxies this file takes down and brings back; the shared servers themselves are never touched.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { createTemporalClient } from '../../temporal/client';
import { loadPolicy } from '../../config/policy';
import { createDb } from '../../db/knex';
import { CASE_WORKFLOW_TYPE, caseWorkflowId } from '../../workflows/messages';
import { freePort } from '../../scripts/stack/freePort';
import { listen, startApiStack, type ApiStack } from './support/apiStack';
import { application } from './support/applications';
import { client } from './support/http';
import { testIssuer } from './support/tokenIssuer';
import { eventually } from '../support/eventually';
import { testPayloadKeys } from '../support/payloadKeys';

let stack: ApiStack;

beforeAll(async () => {
  stack = await startApiStack({ proxied: true });
});

afterAll(async () => {
  await stack?.stop();
});

function expectUnavailable(res: { status: number; body: any; text: string; headers: Headers }, part: RegExp) {
  expect(res.status, res.text).toBe(503);
  expect(res.body.error.code).toBe('unavailable');
  expect(res.body.error.message).toMatch(part);
  expect(res.body.error.message).toMatch(/retr/i);
  // docs/api.md documents `Retry-After: 5` on every 503.
  expect(res.headers.get('retry-after')).toBe('5');
  expect(res.text).not.toMatch(/\bat .+:\d+:\d+/);
  expect(res.text).not.toMatch(/ECONNREFUSED|grpc|knex/i);
}

/** The ids of the case workflows started on this stack's task queue, as Temporal's visibility lists them. */
async function caseWorkflowsOnTaskQueue(): Promise<string[]> {
  const ids: string[] = [];
  for await (const wf of stack.temporal.workflow.list({ query: `TaskQueue = "${stack.taskQueue}" AND WorkflowType = "${CASE_WORKFLOW_TYPE}"` })) ids.push(wf.workflowId);
  return ids;
}

describe('the database is down', () => {
  it('answers 503 unavailable, health names the database, and it recovers when the database returns', async () => {
    const { call } = stack;
    const created = await call('POST', '/api/cases', application());
    expect(created.status).toBe(201);
    const id = created.body.id;

    await stack.databaseProxy!.down();
    try {
      const health = await call('GET', '/api/health');
      expect(health.status).toBe(503);
      expect(health.body).toEqual({ status: 'unavailable', temporal: 'ok', database: 'unavailable' });
      expectUnavailable(await call('GET', '/api/cases'), /database/);
      expectUnavailable(await call('GET', '/api/stats'), /database/);
      expectUnavailable(await call('GET', `/api/cases/${id}/events`), /database/);
      expectUnavailable(await call('GET', `/api/cases/${id}/letters`), /database/);
      // Nothing is started in Temporal for an application the database could not store (checked below).
      expectUnavailable(await call('POST', '/api/cases', application(), { 'Idempotency-Key': randomUUID() }), /database/);
      // The case's municipality is checked in the database before the workflow is asked: nothing is shown.
      const view = await call('GET', `/api/cases/${id}`);
      expectUnavailable(view, /database/);
      expect(view.text).not.toContain(id);
    } finally {
      await stack.databaseProxy!.up();
    }

    await eventually('health 200', async () => (await call('GET', '/api/health')).status === 200);
    expect((await call('GET', '/api/cases')).status).toBe(200);
    expect((await call('GET', `/api/cases/${id}/events`)).status).toBe(200);

    // A case registered after the outage; once visibility shows it, it shows anything started before it.
    const after = await call('POST', '/api/cases', application());
    expect(after.status).toBe(201);
    const started = await eventually('the later case in visibility', async () => {
      const ids = await caseWorkflowsOnTaskQueue();
      return ids.includes(caseWorkflowId(after.body.id)) && ids;
    });
    // Every case workflow on this stack's task queue belongs to a stored case: none was started for the refused one.
    const rows = (await stack.db('cases').pluck('id')) as string[];
    expect(started.sort()).toEqual(rows.map(caseWorkflowId).sort());
  });
});

describe('Temporal is down', () => {
  it('answers 503 unavailable, health names Temporal, and it recovers when Temporal returns', async () => {
    const { call } = stack;
    const created = await call('POST', '/api/cases', application());
    expect(created.status).toBe(201);
    const id = created.body.id;
    const key = randomUUID();
    let storedId: string | undefined;
    const body = application();

    await stack.temporalProxy!.down();
    try {
      const health = await call('GET', '/api/health');
      expect(health.status).toBe(503);
      expect(health.body).toEqual({ status: 'unavailable', temporal: 'unavailable', database: 'ok' });
      expectUnavailable(await call('GET', `/api/cases/${id}`), /Temporal/);
      expectUnavailable(await call('POST', `/api/cases/${id}/contact`, {}), /Temporal/);
      // The application is stored but its workflow cannot start: 503, and a retry with the same key finishes it.
      expectUnavailable(await call('POST', '/api/cases', body, { 'Idempotency-Key': key }), /Temporal/);
      const stored = await stack.db('cases').where({ description: body.description }).select('id', 'status');
      expect(stored).toEqual([{ id: expect.any(String), status: 'received' }]);
      expect(await stack.db('idempotency_keys').where({ key }).pluck('case_id')).toEqual([stored[0]?.id]);
      storedId = stored[0]?.id;
      // What PostgreSQL holds is still served.
      expect((await call('GET', '/api/cases')).status).toBe(200);
      expect((await call('GET', `/api/cases/${id}/events`)).status).toBe(200);
    } finally {
      await stack.temporalProxy!.up();
    }

    await eventually('health 200', async () => (await call('GET', '/api/health')).status === 200);
    expect((await call('GET', `/api/cases/${id}`)).status).toBe(200);
    const retried = await call('POST', '/api/cases', body, { 'Idempotency-Key': key });
    expect(retried.status, retried.text).toBe(201);
    // The retry finishes the stored application: the same case, still one row.
    expect(retried.body.id).toBe(storedId);
    expect(await stack.db('cases').where({ description: body.description }).pluck('id')).toEqual([storedId]);
    const letters = await eventually('the acknowledgement', async () => {
      const res = await call('GET', `/api/cases/${retried.body.id}/letters`);
      return res.body.items.length > 0 && res.body.items;
    });
    expect(letters.map((l: { kind: string }) => l.kind)).toEqual(['acknowledgement']);
    expect(await stack.db('idempotency_keys').where({ key }).count('* as n')).toEqual([{ n: '1' }]);
  });
});

describe('nothing is listening at all', () => {
  it('an API started with Temporal and the database on closed ports answers 503, quickly', async () => {
    const temporal = createTemporalClient({ address: `127.0.0.1:${await freePort()}`, namespace: 'default', payloadKeys: testPayloadKeys() });
    const db = createDb(`postgres://nobody:nothing@127.0.0.1:${await freePort()}/none`);
    const http = await listen(createApp({ temporal, db, policy: loadPolicy(), auth: (await testIssuer()).auth, logger: { error: () => undefined, warn: () => undefined } }));
    try {
      const call = client(http.url);
      const started = Date.now();
      const health = await call('GET', '/api/health');
      expect(health.status).toBe(503);
      expect(health.body).toEqual({ status: 'unavailable', temporal: 'unavailable', database: 'unavailable' });
      // The case's municipality is read from the database first.
      expectUnavailable(await call('GET', `/api/cases/${randomUUID()}`), /database/);
      expectUnavailable(await call('GET', '/api/cases'), /database/);
      expectUnavailable(await call('POST', '/api/cases', application()), /database/);
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      await http.close();
      await temporal.connection.close();
      await db.destroy();
    }
  });
});
