// Tokens as real issuers make them, over real HTTP against the real stack: a municipalities claim that
// is a single string (Keycloak's mapper with "Multivalued" off, Entra ID's single-valued directory
// extension) is a list of one; a token refused for a claim's shape says why in the log, with nothing
// of the token; a key the issuer starts signing with right after the API fetched its keys is taken.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { remoteAuth } from '../../api/auth/authConfig';
import { listen, startApiStack, type ApiStack } from './support/apiStack';
import { application } from './support/applications';
import { client } from './support/http';
import { signToken, strangerKey, TEST_AUDIENCE, TEST_ISSUER } from './support/tokenIssuer';

let stack: ApiStack;
const warnings: Array<{ fields: object; message: string }> = [];

beforeAll(async () => {
  stack = await startApiStack({
    worker: false,
    logger: { error: () => undefined, warn: (fields, message) => warnings.push({ fields, message }) },
  });
});

afterAll(async () => {
  await stack?.stop();
});

describe('a municipalities claim that is a single string', () => {
  it('is a list of one: the caseworker registers a case there, and is refused elsewhere', async () => {
    const token = await stack.issuer.token({ roles: ['caseworker'], municipalities: 'luroy' });
    const call = stack.as(token);
    const created = await call('POST', '/api/cases', application({ municipality: 'luroy' }));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.municipality).toBe('luroy');
    const elsewhere = await call('POST', '/api/cases', application({ municipality: 'namsos' }));
    expect(elsewhere.status).toBe(403);
  });

  it('Keycloak: realm roles and a single-valued user attribute, through the settings that name them', async () => {
    const auth = remoteAuth({ issuer: TEST_ISSUER, audience: TEST_AUDIENCE, jwksUrl: stack.issuer.jwksUrl, rolesClaim: 'realm_access.roles', municipalitiesClaim: 'kommune' });
    const http = await listen(createApp({ temporal: stack.temporal, db: stack.db, policy: stack.policy, auth, taskQueue: stack.taskQueue, logger: { error: () => undefined, warn: () => undefined } }));
    try {
      const token = await signToken(stack.issuer.es256, {
        roles: undefined,
        municipalities: undefined,
        claims: { realm_access: { roles: ['caseworker', 'offline_access'] }, kommune: 'namsos', azp: 'saksbehandling', typ: 'Bearer' },
      });
      const created = await client(http.url, token)('POST', '/api/cases', application({ municipality: 'namsos' }));
      expect(created.status, JSON.stringify(created.body)).toBe(201);
    } finally {
      await http.close();
    }
  });
});

describe('a token refused for the shape of a claim', () => {
  it.each([
    ['a number', 42, /claim municipalities is a number, not a list of strings \(or one string\)/],
    ['an object', { namsos: true }, /claim municipalities is an object, not a list of strings/],
    ['a list of numbers', [1, 2], /claim municipalities is a list holding number, not a list of strings/],
  ])('%s: 401, and the log line says why without any of the token', async (_what, municipalities, why) => {
    warnings.length = 0;
    const token = await stack.issuer.token({ roles: ['caseworker'], municipalities, sub: 'shape-check-sub' });
    const res = await stack.as(token)('POST', '/api/cases', application());
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthenticated');
    const line = warnings.find((w) => /token refused/.test(w.message));
    expect(line, JSON.stringify(warnings)).toBeDefined();
    expect(line!.message).toMatch(why);
    const logged = JSON.stringify(line);
    for (const part of token.split('.')) expect(logged).not.toContain(part.slice(0, 16));
    expect(logged).not.toContain('shape-check-sub');
    expect(logged).not.toContain('namsos');
  });
});

describe('a key the issuer starts signing with', () => {
  it('is taken at once, also right after the API fetched the keys', async () => {
    // The API has the issuer's keys fresh: this token made it fetch them (or found them cached).
    expect((await stack.as(await stack.issuer.token({ roles: ['caseworker'] }))('POST', '/api/cases', {})).status).toBe(400);
    const fetchesBefore = stack.issuer.fetches();

    const rotated = await strangerKey('ES256', `rotated-${Date.now()}`);
    stack.issuer.publish(rotated);
    const started = Date.now();
    const res = await stack.as(await signToken(rotated, { roles: ['caseworker'] }))('POST', '/api/cases', {});
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(stack.issuer.fetches()).toBe(fetchesBefore + 1);
    // And the next token with it needs no fetch.
    expect((await stack.as(await signToken(rotated, { roles: ['caseworker'] }))('POST', '/api/cases', {})).status).toBe(400);
    expect(stack.issuer.fetches()).toBe(fetchesBefore + 1);
  });

  it('a kid the issuer never publishes is still refused, after at most one fetch a second', async () => {
    const before = stack.issuer.fetches();
    const forged = await signToken(await strangerKey('ES256', 'never-published'), { roles: ['caseworker'] });
    const answers = await Promise.all(Array.from({ length: 5 }, () => stack.as(forged)('POST', '/api/cases', {})));
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401, 401]);
    expect(stack.issuer.fetches() - before).toBeLessThanOrEqual(2);
  });
});
