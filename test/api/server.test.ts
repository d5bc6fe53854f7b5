// startApi as the launcher runs it: it listens, reaches Temporal and the database, starts even while
// Temporal is down (and answers 503 until it is back), refuses a broken policy file, and closes cleanly.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { startApi } from '../../api/server';
import { DEFAULT_POLICY_FILE } from '../../config/policy';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { freePort } from '../../scripts/stack/freePort';
import { testPayloadKeys } from '../support/payloadKeys';
import { defaultTestToken, testIssuer } from './support/tokenIssuer';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.drop();
});

describe('startApi', () => {
  it('listens on the port it is given, answers health 200, and closes', async () => {
    const port = await freePort();
    const api = await startApi({ port, temporalAddress: inject('temporalAddress'), namespace: 'default', databaseUrl: database.url, payloadKeys: testPayloadKeys(), auth: (await testIssuer()).auth });
    try {
      expect(api.url).toBe(`http://localhost:${port}`);
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: 'ok', temporal: 'ok', database: 'ok' });
      const services = await fetch(`${api.url}/api/services`);
      expect(services.status).toBe(200);
    } finally {
      await api.close();
    }
    await expect(fetch(`http://127.0.0.1:${port}/api/health`)).rejects.toThrow();
    // close() may be called again.
    await api.close();
  });

  it('starts while Temporal is down and says so in health', async () => {
    const api = await startApi({ port: 0, temporalAddress: `127.0.0.1:${await freePort()}`, namespace: 'default', databaseUrl: database.url, payloadKeys: testPayloadKeys(), auth: (await testIssuer()).auth });
    try {
      const res = await fetch(`${api.url}/api/health`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: 'unavailable', temporal: 'unavailable', database: 'ok' });
    } finally {
      await api.close();
    }
  });

  it('names Temporal in health when its namespace does not exist', async () => {
    const api = await startApi({ port: 0, temporalAddress: inject('temporalAddress'), namespace: 'no-such-namespace', databaseUrl: database.url, payloadKeys: testPayloadKeys(), auth: (await testIssuer()).auth });
    try {
      const res = await fetch(`${api.url}/api/health`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: 'unavailable', temporal: 'unavailable', database: 'ok' });
    } finally {
      await api.close();
    }
  });

  it('uses the policy file it is given, and refuses to start with a broken one, naming the file', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'api-policy-'));
    const builtIn = JSON.parse(readFileSync(DEFAULT_POLICY_FILE, 'utf8'));
    const own = path.join(dir, 'own.json');
    writeFileSync(own, JSON.stringify({ municipalities: { testby: { ...builtIn.municipalities.namsos, name: 'Testby kommune' } } }));
    const api = await startApi({ port: 0, temporalAddress: inject('temporalAddress'), namespace: 'default', databaseUrl: database.url, payloadKeys: testPayloadKeys(), auth: (await testIssuer()).auth, policyFile: own });
    try {
      const doc = (await (await fetch(`${api.url}/api/openapi.json`)).json()) as any;
      expect(doc.paths['/api/cases'].post.requestBody.content['application/json'].schema.properties.municipality.enum).toEqual(['testby']);
      const res = await fetch(`${api.url}/api/cases?municipality=namsos`, { headers: { authorization: `Bearer ${await defaultTestToken()}` } });
      expect(res.status).toBe(400);
    } finally {
      await api.close();
    }

    const broken = path.join(dir, 'broken.json');
    writeFileSync(broken, '{ "municipalities": { "namsos": { "name": "Namsos kommune" } } }');
    await expect(
      startApi({ port: 0, temporalAddress: inject('temporalAddress'), namespace: 'default', databaseUrl: database.url, payloadKeys: testPayloadKeys(), auth: (await testIssuer()).auth, policyFile: broken }),
    ).rejects.toThrow(/broken\.json/);
  });
});
