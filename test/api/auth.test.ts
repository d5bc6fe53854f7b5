// Who may do what, over real HTTP against the real stack: every route with no token, with each role,
// and with a token of another municipality; and every kind of bad token, each refused with one body.
import { createHmac, createPublicKey, randomUUID } from 'node:crypto';
import { base64url, exportJWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { remoteAuth } from '../../api/auth/authConfig';
import type { Role } from '../../api/auth/roles';
import { exampleLine } from '../../scripts/import/exampleDates';
import { CASE_STEPS, stepRoute } from '../../domain/case/caseRules';
import { freePort } from '../../scripts/stack/freePort';
import { listen, startApiStack, type ApiStack } from './support/apiStack';
import { application } from './support/applications';
import { client, type Answer, type Call } from './support/http';
import { signToken, strangerKey, TEST_AUDIENCE, TEST_ISSUER } from './support/tokenIssuer';
import { eventually } from '../support/eventually';

let stack: ApiStack;
const warnings: string[] = [];
/** A namsos case with its acknowledgement letter. */
let caseId: string;
let letterId: string;

const UNAUTHENTICATED_BODY = {
  error: { code: 'unauthenticated', message: 'A valid bearer token is required: send Authorization: Bearer <token>.' },
};

beforeAll(async () => {
  stack = await startApiStack({ logger: { warn: (_fields: object, line: string) => warnings.push(line), error: () => undefined } });
  const created = await stack.call('POST', '/api/cases', application({ municipality: 'namsos' }));
  expect(created.status, created.text).toBe(201);
  caseId = created.body.id;
  letterId = await eventually('the acknowledgement', async () => {
    const res = await stack.call('GET', `/api/cases/${caseId}/letters`);
    return res.body.items?.[0]?.id as string | undefined;
  });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

interface RouteCase {
  name: string;
  method: 'GET' | 'POST' | 'DELETE';
  path: () => string;
  body?: () => unknown;
  /** For a step: a body that passes its schema. */
  validBody?: () => unknown;
  roles: Role[];
  /** A route about one case: another municipality's token gets 404. Else: a municipality named in the request gets 403. */
  scope: 'case' | 'named' | 'own';
}

const ROUTES: RouteCase[] = [
  { name: 'register', method: 'POST', path: () => '/api/cases', body: () => application({ municipality: 'namsos' }), roles: ['caseworker'], scope: 'named' },
  // Caseworkers list too: their work queue (contract: "The office's own pages").
  { name: 'list', method: 'GET', path: () => '/api/cases?municipality=namsos', roles: ['caseworker', 'manager'], scope: 'named' },
  { name: 'list, own municipalities', method: 'GET', path: () => '/api/cases', roles: ['caseworker', 'manager'], scope: 'own' },
  { name: 'assignee', method: 'GET', path: () => `/api/cases/${caseId}/assignee`, roles: ['caseworker', 'manager'], scope: 'case' },
  { name: 'assign', method: 'POST', path: () => `/api/cases/${caseId}/assignee`, body: () => ({ sub: null }), roles: ['caseworker', 'manager'], scope: 'case' },
  { name: 'view', method: 'GET', path: () => `/api/cases/${caseId}`, roles: ['caseworker', 'manager'], scope: 'case' },
  { name: 'events', method: 'GET', path: () => `/api/cases/${caseId}/events`, roles: ['caseworker'], scope: 'case' },
  { name: 'letters', method: 'GET', path: () => `/api/cases/${caseId}/letters`, roles: ['caseworker'], scope: 'case' },
  { name: 'letter PDF', method: 'GET', path: () => `/api/cases/${caseId}/letters/${letterId}.pdf`, roles: ['caseworker'], scope: 'case' },
  { name: 'stats', method: 'GET', path: () => '/api/stats?municipality=namsos', roles: ['manager'], scope: 'named' },
  { name: 'stats, own municipalities', method: 'GET', path: () => '/api/stats', roles: ['manager'], scope: 'own' },
  // A dry run: past the guard it checks the line and starts nothing.
  { name: 'import', method: 'POST', path: () => '/api/imports/cases?dryRun=true', body: () => exampleLine('waiting-for-contact'), roles: ['importer'], scope: 'named' },
  { name: 'access log', method: 'GET', path: () => `/api/access-log?caseId=${caseId}`, roles: ['auditor'], scope: 'own' },
  {
    name: 'step decision/preview',
    method: 'POST',
    path: () => `/api/cases/${caseId}/decision/preview`,
    body: () => ({}),
    validBody: () => VALID_STEP_BODIES.decision,
    roles: ['caseworker'],
    scope: 'case',
  },
  ...CASE_STEPS.map((step): RouteCase => ({
    name: `step ${step}`,
    method: stepRoute(step).method === 'delete' ? 'DELETE' : 'POST',
    path: () => `/api/cases/${caseId}/${stepRoute(step).path}`,
    // An empty body: `contact` is taken on the new case; the others are refused by their body's schema (400) or
    // the workflow (409), both past the guard. Another municipality's token gets a valid body (and 404).
    body: () => ({}),
    validBody: () => VALID_STEP_BODIES[step],
    roles: ['caseworker'],
    scope: 'case',
  })),
];

const inAMonth = () => new Date(Date.now() + 30 * 86_400_000).toISOString();
const VALID_STEP_BODIES: Record<(typeof CASE_STEPS)[number], unknown> = {
  contact: {},
  'home-visit': { scheduledAt: inAMonth() },
  'home-visit/complete': {},
  'home-visit/cancel': { reason: 'Søker er på sykehus.' },
  'provisional-reply': { reason: 'Venter på legeerklæring.', expectedDecisionBy: inAMonth().slice(0, 10) },
  decision: { outcome: 'granted', services: [{ code: 'home_nursing', hoursPerWeek: 2 }], justification: 'Behov for hjelp.' },
  appeal: {},
  reconsideration: { outcome: 'upheld', justification: 'Vedtaket står.' },
  'appeal-body-decision': { outcome: 'upheld' },
  're-evaluation': { outcome: 'continue' },
  withdraw: { reason: 'Søker trekker søknaden.' },
  'appeal/withdraw': { reason: 'Søker trekker klagen.' },
  'decision-received': { receivedAt: new Date().toISOString() },
  'advance-notice': { services: [{ code: 'home_nursing', proposal: 'terminate' }], reason: 'Behovet ser ut til å være borte.' },
  deferral: { granted: true, justification: 'Klagen bør avgjøres før tjenesten endres.' },
  'place-offered': { from: '2027-03-01' },
  representative: { role: 'guardian', name: 'Ola Verge', phone: '912 34 567' },
  'representative/end': {},
};

const ALL_ROLES: Role[] = ['caseworker', 'manager', 'auditor', 'importer'];

async function as(roles: Role[] | null, municipalities = ['namsos']): Promise<Call> {
  return stack.as(roles === null ? null : await stack.issuer.tokenFor(roles, municipalities, `user-${roles.join('-')}`));
}

function send(call: Call, route: RouteCase): Promise<Answer> {
  return call(route.method, route.path(), route.body?.());
}

function expectUnauthenticated(res: Answer): void {
  expect(res.status, res.text).toBe(401);
  expect(res.body).toEqual(UNAUTHENTICATED_BODY);
  expect(res.headers.get('www-authenticate')).toMatch(/^Bearer\b/);
}

describe('every route × no token / each role / another municipality', () => {
  it.each(ROUTES)('$name: no token is 401 with WWW-Authenticate: Bearer', async (route) => {
    expectUnauthenticated(await send(await as(null), route));
  });

  it.each(ROUTES.flatMap((route) => ALL_ROLES.filter((role) => !route.roles.includes(role)).map((role) => ({ ...route, role }))))(
    '$name: role $role is 403 forbidden',
    async ({ role, ...route }) => {
      const res = await send(await as([role]), route);
      expect(res.status, res.text).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
      expect(res.body.error.message).toContain(route.roles.join(' or '));
    },
  );

  it.each(ROUTES.flatMap((route) => route.roles.map((role) => ({ ...route, role }))))('$name: role $role gets past the guard', async ({ role, ...route }) => {
    const res = await send(await as([role]), route);
    if (route.name.startsWith('step ') && route.name !== 'step contact') {
      // Past the guard and the municipality check, the workflow or the body's schema decides.
      expect([400, 409], res.text).toContain(res.status);
    } else {
      expect(res.status, res.text).toBeLessThan(300);
    }
  });

  it.each(ROUTES.flatMap((route) => route.roles.map((role) => ({ ...route, role }))))(
    '$name: role $role of another municipality is refused (404 for a case, 403 when the municipality is named) or sees only its own',
    async ({ role, ...route }) => {
      const res = await (await as([role], ['luroy']))(route.method, route.path(), (route.validBody ?? route.body)?.());
      if (route.scope === 'case') {
        expect(res.status, res.text).toBe(404);
        expect(res.body.error.code).toBe('not_found');
        expect(res.text).not.toContain('namsos');
      } else if (route.scope === 'named') {
        expect(res.status, res.text).toBe(403);
        expect(res.body.error.code).toBe('forbidden');
      } else {
        expect(res.status, res.text).toBe(200);
        expect(res.text).not.toContain(caseId);
        expect(res.text).not.toContain('"namsos"');
      }
    },
  );

  it('a token with several municipalities sees them all without a filter, and no others', async () => {
    const both = await as(['manager'], ['namsos', 'luroy']);
    const luroyCase = await (await as(['caseworker'], ['luroy']))('POST', '/api/cases', application({ municipality: 'luroy' }));
    expect(luroyCase.status, luroyCase.text).toBe(201);
    const page = await both('GET', '/api/cases?limit=100');
    const ids = page.body.items.map((item: { id: string }) => item.id);
    expect(ids).toEqual(expect.arrayContaining([caseId, luroyCase.body.id]));
    const onlyLuroy = await (await as(['manager'], ['luroy']))('GET', '/api/cases?limit=100');
    expect(onlyLuroy.body.items.map((item: { municipality: string }) => item.municipality)).toEqual(onlyLuroy.body.items.map(() => 'luroy'));
    const stats = await (await as(['manager'], ['luroy']))('GET', '/api/stats');
    expect(stats.body.municipality).toBeNull();
    expect(stats.body.openCases.total).toBe(onlyLuroy.body.items.filter((item: { status: string }) => item.status !== 'closed').length);
  });

  it('the open routes need no token', async () => {
    const anonymous = await as(null);
    for (const path of ['/api/health', '/api/openapi.json', '/api/services']) {
      expect((await anonymous('GET', path)).status, path).toBe(200);
    }
  });

  it("a registration's and a step's actor is the token's sub", async () => {
    const sub = `saksbehandler-${randomUUID().slice(0, 8)}`;
    const caseworker = stack.as(await stack.issuer.tokenFor(['caseworker'], ['namsos'], sub));
    const created = await caseworker('POST', '/api/cases', application({ municipality: 'namsos' }));
    // X-Actor is no longer read: whatever it says, the token decides.
    const res = await caseworker('POST', `/api/cases/${created.body.id}/contact`, {}, { 'X-Actor': 'someone-else' });
    expect(res.status, res.text).toBe(200);
    const events = await caseworker('GET', `/api/cases/${created.body.id}/events`);
    expect(events.body.items.find((e: { type: string }) => e.type === 'contacted')?.actor).toBe(sub);
    expect(events.body.items.find((e: { type: string }) => e.type === 'received')?.actor).toBe(sub);
  });
});

describe('bad tokens', () => {
  const path = () => `/api/cases/${caseId}`;

  async function refusedWith(authorization: string, reason: RegExp): Promise<void> {
    const before = warnings.length;
    const res = await stack.call('GET', path(), undefined, { authorization });
    expectUnauthenticated(res);
    const logged = warnings.slice(before).join('\n');
    expect(logged).toMatch(reason);
    // The reason is logged; the token itself never is.
    const token = authorization.replace(/^Bearer\s+/i, '');
    if (token.length > 10) expect(logged).not.toContain(token.split('.')[1] || token);
  }

  const bearer = (token: string) => `Bearer ${token}`;

  it('accepts a good ES256 and a good RS256 token', async () => {
    for (const key of [stack.issuer.es256, stack.issuer.rs256]) {
      const res = await stack.call('GET', path(), undefined, { authorization: bearer(await signToken(key, { roles: ['manager'], municipalities: ['namsos'] })) });
      expect(res.status, `${key.alg}: ${res.text}`).toBe(200);
    }
  });

  it('a wrong signature', async () => {
    const forged = await signToken(await strangerKey('ES256', stack.issuer.es256.kid), { roles: ['manager'] });
    await refusedWith(bearer(forged), /ERR_JWS_SIGNATURE_VERIFICATION_FAILED/);
    const good = await stack.issuer.token({ roles: ['manager'] });
    const [h, p, s] = good.split('.') as [string, string, string];
    const flipped = `${h}.${p}.${s.slice(0, 10)}${s[10] === 'A' ? 'B' : 'A'}${s.slice(11)}`;
    await refusedWith(bearer(flipped), /ERR_JWS_SIGNATURE_VERIFICATION_FAILED|ERR_JWS_INVALID/);
  });

  it('a kid the issuer does not publish', async () => {
    await refusedWith(bearer(await signToken(await strangerKey('ES256', 'another-kid'), { roles: ['manager'] })), /ERR_JWKS_NO_MATCHING_KEY/);
  });

  it('expired beyond the 60 s of clock skew (and accepted within it)', async () => {
    await refusedWith(bearer(await stack.issuer.token({ roles: ['manager'], expiresIn: -120 })), /ERR_JWT_EXPIRED/);
    const justExpired = await stack.call('GET', path(), undefined, { authorization: bearer(await stack.issuer.token({ roles: ['manager'], expiresIn: -20 })) });
    expect(justExpired.status, justExpired.text).toBe(200);
  });

  it('not yet valid (nbf) beyond the clock skew', async () => {
    await refusedWith(bearer(await stack.issuer.token({ roles: ['manager'], notBefore: 300 })), /ERR_JWT_CLAIM_VALIDATION_FAILED \(nbf\)/);
  });

  it('another audience, another issuer', async () => {
    await refusedWith(bearer(await stack.issuer.token({ roles: ['manager'], audience: 'someone-else' })), /\(aud\)/);
    await refusedWith(bearer(await stack.issuer.token({ roles: ['manager'], issuer: 'https://evil.example.org' })), /\(iss\)/);
  });

  it('no exp, no sub', async () => {
    const now = Math.floor(Date.now() / 1000);
    // Signed properly, but without exp (then without sub).
    const noExp = await new SignJWT({ roles: ['manager'], municipalities: ['namsos'] })
      .setProtectedHeader({ alg: 'ES256', kid: stack.issuer.es256.kid })
      .setIssuer(TEST_ISSUER)
      .setAudience(TEST_AUDIENCE)
      .setSubject('x')
      .setIssuedAt(now)
      .sign(stack.issuer.es256.privateKey);
    await refusedWith(bearer(noExp), /\(exp\)/);
    const noSub = await new SignJWT({ roles: ['manager'], municipalities: ['namsos'] })
      .setProtectedHeader({ alg: 'ES256', kid: stack.issuer.es256.kid })
      .setIssuer(TEST_ISSUER)
      .setAudience(TEST_AUDIENCE)
      .setIssuedAt(now)
      .setExpirationTime(now + 600)
      .sign(stack.issuer.es256.privateKey);
    await refusedWith(bearer(noSub), /\(sub\)/);
  });

  it('alg none', async () => {
    const now = Math.floor(Date.now() / 1000);
    const unsecured = [
      base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' })),
      base64url.encode(JSON.stringify({ iss: TEST_ISSUER, aud: TEST_AUDIENCE, sub: 'x', exp: now + 600, roles: ['manager'], municipalities: ['namsos'] })),
      '',
    ].join('.');
    await refusedWith(bearer(unsecured), /ERR_JOSE_ALG_NOT_ALLOWED|ERR_JWS_INVALID/);
  });

  it('HS256 signed with the public key', async () => {
    const now = Math.floor(Date.now() / 1000);
    const publicPem = createPublicKey({ key: (await exportJWK(stack.issuer.rs256.privateKey)) as never, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
    const signingInput = [
      base64url.encode(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: stack.issuer.rs256.kid })),
      base64url.encode(JSON.stringify({ iss: TEST_ISSUER, aud: TEST_AUDIENCE, sub: 'x', exp: now + 600, roles: ['manager'], municipalities: ['namsos'] })),
    ].join('.');
    const mac = base64url.encode(createHmac('sha256', publicPem).update(signingInput).digest());
    await refusedWith(bearer(`${signingInput}.${mac}`), /ERR_JOSE_ALG_NOT_ALLOWED/);
  });

  it('a malformed Authorization header or token', async () => {
    await refusedWith('Basic dXNlcjpwYXNz', /not "Bearer <token>"/);
    await refusedWith('Bearer', /not "Bearer <token>"/);
    await refusedWith('Bearer not-a-jwt-at-all', /ERR_JWS_INVALID|ERR_JWT_INVALID/);
    await refusedWith(`Bearer ${base64url.encode('{not json')}.${base64url.encode('{}')}.c2ln`, /ERR_JWS_INVALID|ERR_JWT_INVALID/);
  });

  it('a claim of the wrong type (one string is a list of one, not a wrong type)', async () => {
    await refusedWith(bearer(await stack.issuer.token({ roles: 7 })), /claim roles is a number, not a list of strings/);
    await refusedWith(bearer(await stack.issuer.token({ roles: ['manager'], municipalities: { namsos: true } })), /claim municipalities is an object, not a list of strings/);
    await refusedWith(bearer(await stack.issuer.token({ roles: ['manager', 7] })), /claim roles is a list holding string and number, not a list of strings/);
    await refusedWith(bearer(await stack.issuer.token({ roles: ['manager'], claims: { sub: 42 as never } })), /sub/);
    // Keycloak's single-valued mapper, Entra's single-valued extension: taken as a list of one.
    const single = await stack.call('GET', path(), undefined, { authorization: bearer(await stack.issuer.token({ roles: 'manager', municipalities: 'namsos' })) });
    expect(single.status, single.text).toBe(200);
  });

  it('a token with no role of this API is 403, not 401: it is valid, it just allows nothing', async () => {
    const res = await stack.call('GET', path(), undefined, { authorization: bearer(await stack.issuer.token({ roles: ['Directory.Read'] })) });
    expect(res.status, res.text).toBe(403);
  });
});

describe('the OpenAPI document', () => {
  it("declares the bearer scheme and each route's roles; the open routes need none", async () => {
    const doc = (await stack.as(null)('GET', '/api/openapi.json')).body;
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    const rolesOf = (path: string, method: string) => {
      const op = doc.paths[path][method];
      return { roles: op['x-roles'], security: op.security, documents401: '401' in op.responses, description: op.description };
    };
    for (const [path, method] of [['/api/health', 'get'], ['/api/openapi.json', 'get'], ['/api/services', 'get'], ['/metrics', 'get']] as const) {
      expect(rolesOf(path, method), path).toMatchObject({ roles: [], security: [], documents401: false });
    }
    const guarded: Array<[string, string, Role[]]> = [
      ['/api/cases', 'post', ['caseworker']],
      ['/api/cases', 'get', ['caseworker', 'manager']],
      ['/api/saved-filters', 'get', ['caseworker', 'manager']],
      ['/api/saved-filters', 'post', ['caseworker', 'manager']],
      ['/api/cases/{id}/assignee', 'get', ['caseworker', 'manager']],
      ['/api/cases/{id}/assignee', 'post', ['caseworker', 'manager']],
      ['/api/cases/{id}/decision/preview', 'post', ['caseworker']],
      ['/api/cases/{id}/hold', 'get', ['caseworker', 'manager']],
      ['/api/cases/{id}/hold', 'post', ['caseworker', 'manager']],
      ['/api/cases/{id}/decision/proposal', 'get', ['caseworker']],
      ['/api/cases/{id}/decision/proposal', 'post', ['caseworker']],
      ['/api/cases/{id}/decision/proposal/approve', 'post', ['caseworker']],
      ['/api/cases/{id}/decision/proposal/return', 'post', ['caseworker']],
      ['/api/cases/{id}/steps', 'get', ['caseworker']],
      ['/api/cases/{id}', 'get', ['caseworker', 'manager']],
      ['/api/cases/{id}/events', 'get', ['caseworker']],
      ['/api/cases/{id}/letters', 'get', ['caseworker']],
      ['/api/cases/{id}/letters/{letterId}.pdf', 'get', ['caseworker']],
      ['/api/stats', 'get', ['manager']],
      ['/api/stats/monthly', 'get', ['manager']],
      ['/api/access-log', 'get', ['auditor']],
      ['/api/cases/{id}/readers.pdf', 'get', ['auditor']],
      ['/api/codec/decode', 'post', ['caseworker', 'manager']],
      ['/api/imports/cases', 'post', ['importer']],
      ...CASE_STEPS.map((step): [string, string, Role[]] => [`/api/cases/{id}/${stepRoute(step).path}`, stepRoute(step).method, ['caseworker']]),
    ];
    for (const [path, method, roles] of guarded) {
      const op = rolesOf(path, method);
      expect(op, `${method} ${path}`).toMatchObject({ roles, security: [{ bearerAuth: [] }], documents401: true });
      expect(op.description).toContain(`Roles: ${roles.map((r) => `\`${r}\``).join(', ')}.`);
    }
    // Nothing is left undeclared: every operation is either open or guarded as listed.
    const operations = Object.entries<Record<string, unknown>>(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method} ${path}`));
    expect(operations.sort()).toEqual([...guarded.map(([p, m]) => `${m} ${p}`), 'get /api/health', 'get /api/openapi.json', 'get /api/services', 'get /metrics'].sort());
  });
});

describe("the issuer's keys cannot be fetched", () => {
  it('answers 503 unavailable, not 401: the token may be fine', async () => {
    const auth = remoteAuth({ issuer: TEST_ISSUER, audience: TEST_AUDIENCE, jwksUrl: `http://127.0.0.1:${await freePort()}/jwks`, rolesClaim: 'roles', municipalitiesClaim: 'municipalities' });
    const http = await listen(createApp({ temporal: stack.temporal, db: stack.db, policy: stack.policy, auth, logger: { error: () => undefined, warn: () => undefined } }));
    try {
      const res = await client(http.url, await stack.issuer.token({ roles: ['manager'] }))('GET', `/api/cases/${caseId}`);
      expect(res.status, res.text).toBe(503);
      expect(res.body.error).toEqual({ code: 'unavailable', message: expect.stringMatching(/signing keys cannot be fetched/) });
      expect(res.headers.get('retry-after')).toBe('5');
    } finally {
      await http.close();
    }
  });
});
