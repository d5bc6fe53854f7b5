// Limits at the door, over real HTTP: a body is never read or parsed before the token is checked, and
// every caller is rate limited (429 rate_limited with Retry-After), per token `sub`, and per client
// address for requests without a valid token. This app's Temporal and database are on closed ports:
// nothing here needs them.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { DEFAULT_RATE_LIMIT_PER_MINUTE } from '../../api/rateLimit';
import { createTemporalClient } from '../../temporal/client';
import { loadPolicy } from '../../config/policy';
import { httpSettings, SettingsError } from '../../config/settings';
import { createDb } from '../../db/knex';
import { freePort } from '../../scripts/stack/freePort';
import { testPayloadKeys } from '../support/payloadKeys';
import { listen } from './support/apiStack';
import { client } from './support/http';
import { testIssuer, type TestIssuer } from './support/tokenIssuer';

const LIMIT = 5;

let url: string;
let limitedUrl: string;
let issuer: TestIssuer;
const closers: Array<() => Promise<void>> = [];

/** An app of its own (its own counts), with `rateLimitPerMinute` when given. */
async function startApp(rateLimitPerMinute?: number): Promise<string> {
  const temporal = createTemporalClient({ address: `127.0.0.1:${await freePort()}`, namespace: 'default', payloadKeys: testPayloadKeys() });
  const db = createDb(`postgres://nobody:nothing@127.0.0.1:${await freePort()}/none`);
  const quiet = { error: () => undefined, warn: () => undefined };
  const http = await listen(createApp({ temporal, db, policy: loadPolicy(), auth: issuer.auth, logger: quiet, ...(rateLimitPerMinute ? { rateLimitPerMinute } : {}) }));
  closers.push(async () => {
    await http.close();
    await temporal.connection.close();
    await db.destroy();
  });
  return http.url;
}

beforeAll(async () => {
  issuer = await testIssuer();
  url = await startApp();
  limitedUrl = await startApp(LIMIT);
});

afterAll(async () => {
  await Promise.all(closers.map((close) => close()));
});

/** Sends the headers (declaring `declared` bytes of body) and only `sent` of them; resolves with the status if an answer comes. */
function partialPost(path: string, declared: number, sent: number, headers: Record<string, string> = {}): Promise<number | 'no answer'> {
  return new Promise((resolve, reject) => {
    const target = new URL(path, url);
    const req = request({
      host: target.hostname,
      port: target.port,
      path: target.pathname,
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(declared), ...headers },
    });
    const timer = setTimeout(() => {
      req.destroy();
      resolve('no answer');
    }, 3_000);
    req.on('response', (res) => {
      clearTimeout(timer);
      res.resume();
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    req.on('error', (err) => {
      clearTimeout(timer);
      if ((err as NodeJS.ErrnoException).code === 'ECONNRESET') resolve('no answer');
      else reject(err);
    });
    req.write('{"payloads":[' + ' '.repeat(Math.max(0, sent - 13)));
  });
}

describe('a body is never parsed before the token is checked', () => {
  it('4 MB that is not JSON, to the codec endpoint without a token: 401, not a parse error', async () => {
    const res = await client(url, null)('POST', '/api/codec/decode', `{${'x'.repeat(4 * 1024 * 1024 - 100)}`);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthenticated');
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('a body over the limit without a token: 401, not 413', async () => {
    const res = await client(url, null)('POST', '/api/cases', JSON.stringify({ description: 'x'.repeat(200 * 1024) }));
    expect(res.status).toBe(401);
  });

  it('the 401 comes before the body does: the server does not wait to read 4 MB', async () => {
    expect(await partialPost('/api/codec/decode', 4 * 1024 * 1024, 1024)).toBe(401);
    expect(await partialPost('/api/cases', 90 * 1024, 1024, { authorization: 'Bearer not.a.token' })).toBe(401);
  });

  it('with a valid token the body is read and parsed as before', async () => {
    const token = await issuer.tokenFor(['caseworker'], ['namsos'], 'parser-check');
    const res = await client(url, token)('POST', '/api/codec/decode', '{"payloads": [');
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe('body');
    // And a token waits for its body: nothing is answered before it has come.
    expect(await partialPost('/api/codec/decode', 64 * 1024, 1024, { authorization: `Bearer ${token}` })).toBe('no answer');
  });
});

describe('rate limits: 429 rate_limited with Retry-After', () => {
  it(`per token: the ${LIMIT + 1}th request in a minute is refused; another token goes on`, async () => {
    const first = client(limitedUrl, await issuer.tokenFor(['caseworker'], ['namsos'], 'busy-system'));
    for (let i = 0; i < LIMIT; i++) expect((await first('POST', '/api/cases', {})).status).toBe(400);
    const refused = await first('POST', '/api/cases', {});
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('rate_limited');
    expect(refused.body.error.message).toMatch(/Try again in \d+ s/);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // A new token for the same subject is the same caller.
    const sameSub = client(limitedUrl, await issuer.tokenFor(['caseworker'], ['luroy'], 'busy-system'));
    expect((await sameSub('POST', '/api/cases', {})).status).toBe(429);

    const other = client(limitedUrl, await issuer.tokenFor(['caseworker'], ['namsos'], 'quiet-system'));
    expect((await other('POST', '/api/cases', {})).status).toBe(400);
  });

  it('per address without a valid token (missing, or refused), public routes included; a valid token is counted apart', async () => {
    const anonymous = client(limitedUrl, null);
    const answers: number[] = [];
    answers.push((await anonymous('GET', '/api/services')).status);
    answers.push((await anonymous('GET', '/api/openapi.json')).status);
    answers.push((await anonymous('GET', '/api/cases')).status);
    answers.push((await client(limitedUrl, 'forged.token.here')('GET', '/api/cases')).status);
    answers.push((await anonymous('POST', '/api/cases', {})).status);
    expect(answers).toEqual([200, 200, 401, 401, 401]);
    const refused = await anonymous('GET', '/api/services');
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('rate_limited');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await client(limitedUrl, 'forged.token.here')('GET', '/api/cases')).status).toBe(429);
    // The same address with a valid token is that token's count.
    const withToken = client(limitedUrl, await issuer.tokenFor(['caseworker'], ['namsos'], 'same-address'));
    expect((await withToken('POST', '/api/cases', {})).status).toBe(400);
  });
});

describe('RATE_LIMIT_PER_MINUTE and TRUST_PROXY', () => {
  it('default 1200 a minute, no proxy trusted', () => {
    expect(httpSettings({})).toEqual({ rateLimitPerMinute: 1200, trustProxy: false });
    expect(DEFAULT_RATE_LIMIT_PER_MINUTE).toBe(1200);
  });

  it('reads a whole number, hops or proxy addresses; refuses anything else naming the variable', () => {
    expect(httpSettings({ RATE_LIMIT_PER_MINUTE: '1200', TRUST_PROXY: '1' })).toEqual({ rateLimitPerMinute: 1200, trustProxy: 1 });
    expect(httpSettings({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toEqual(['loopback', '10.0.0.0/8']);
    expect(httpSettings({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    for (const bad of ['0', '-5', 'many', '1.5']) {
      expect(() => httpSettings({ RATE_LIMIT_PER_MINUTE: bad })).toThrow(SettingsError);
      expect(() => httpSettings({ RATE_LIMIT_PER_MINUTE: bad })).toThrow(/^RATE_LIMIT_PER_MINUTE: /);
    }
    expect(() => httpSettings({ TRUST_PROXY: 'true' })).toThrow(/^TRUST_PROXY: /);
  });
});
