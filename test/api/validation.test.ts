// Bad requests are refused before anything reaches Temporal or the database: 400 naming every bad
// field, 404 for what names nothing, 413 for a body over 100 kB. This app's Temporal and database are
// on closed ports, so a request that got past validation would answer 503, not 400.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { createTemporalClient } from '../../temporal/client';
import { loadPolicy } from '../../config/policy';
import { createDb } from '../../db/knex';
import { freePort } from '../../scripts/stack/freePort';
import { application, nationalId, VALID_DNR, VALID_FNR } from './support/applications';

const wrongCheckDigit = (id: string) => `${id.slice(0, 10)}${(Number(id[10]) + 1) % 10}`;
import { listen } from './support/apiStack';
import { client, type Call } from './support/http';
import { testPayloadKeys } from '../support/payloadKeys';
import { testIssuer } from './support/tokenIssuer';

let call: Call;
let close: () => Promise<void>;

beforeAll(async () => {
  const temporal = createTemporalClient({ address: `127.0.0.1:${await freePort()}`, namespace: 'default', payloadKeys: testPayloadKeys() });
  const db = createDb(`postgres://nobody:nothing@127.0.0.1:${await freePort()}/none`);
  const http = await listen(createApp({ temporal, db, policy: loadPolicy(), auth: (await testIssuer()).auth, logger: { error: () => undefined, warn: () => undefined } }));
  call = client(http.url);
  close = async () => {
    await http.close();
    await temporal.connection.close();
    await db.destroy();
  };
});

afterAll(async () => {
  await close();
});

const ID = '7d0b3c5e-2b4a-4c1e-9a55-0f3c2d1e4b6a';

function fields(body: any): string[] {
  return (body.error.details ?? []).map((d: { field: string }) => d.field);
}

function expectValidationFailed(res: { status: number; body: any }, ...expected: string[]) {
  expect(res.status, JSON.stringify(res.body)).toBe(400);
  expect(res.body.error.code).toBe('validation_failed');
  expect(typeof res.body.error.message).toBe('string');
  for (const field of expected) expect(fields(res.body)).toContain(field);
  for (const detail of res.body.error.details) expect(detail.message.length).toBeGreaterThan(3);
}

describe('POST /api/cases refuses an application that breaks a rule, naming the field', () => {
  it('a national id with wrong check digits, without echoing it', async () => {
    const res = await call('POST', '/api/cases', application({ applicant: { nationalId: wrongCheckDigit(VALID_FNR), name: 'Kari Nordmann' } }));
    expectValidationFailed(res, 'applicant.nationalId');
    expect(res.text).not.toContain(wrongCheckDigit(VALID_FNR));
    expect(res.body.error.details[0].message).toMatch(/check digit/);
    expect(res.body.error.message).not.toContain(wrongCheckDigit(VALID_FNR));
  });

  it('a national id that is not 11 digits, or an impossible date', async () => {
    for (const bad of ['1234', '3213015001x', '32130150019']) {
      const res = await call('POST', '/api/cases', application({ applicant: { nationalId: bad, name: 'Kari Nordmann' } }));
      expectValidationFailed(res, 'applicant.nationalId');
    }
  });

  it('missing informed consent', async () => {
    const withoutConsent = application();
    delete withoutConsent.consent;
    const res = await call('POST', '/api/cases', withoutConsent);
    expectValidationFailed(res, 'consent');
    expect(res.body.error.details.find((d: any) => d.field === 'consent').message).toMatch(/consent is required/i);
  });

  it('consent from someone else than applicant, relative or guardian, without a name, or dated in the future', async () => {
    const res = await call('POST', '/api/cases', application({ consent: { givenBy: 'neighbour', givenAt: '2099-01-01' } }));
    expectValidationFailed(res, 'consent.givenBy', 'consent.name', 'consent.givenAt');
  });

  it('an unknown municipality', async () => {
    const res = await call('POST', '/api/cases', application({ municipality: 'oslo' }));
    expectValidationFailed(res, 'municipality');
    expect(res.body.error.details[0].message).toContain('namsos');
  });

  it('an unknown service, no service, or one listed twice', async () => {
    expectValidationFailed(await call('POST', '/api/cases', application({ services: ['home_nursing', 'space_travel'] })), 'services[1]');
    expectValidationFailed(await call('POST', '/api/cases', application({ services: [] })), 'services');
    expectValidationFailed(await call('POST', '/api/cases', application({ services: ['home_nursing', 'home_nursing'] })), 'services[1]');
  });

  it('a channel other than digital or paper', async () => {
    expectValidationFailed(await call('POST', '/api/cases', application({ channel: 'fax' })), 'channel');
  });

  it('a receivedAt that is not an instant, or in the future', async () => {
    expectValidationFailed(await call('POST', '/api/cases', application({ receivedAt: 'yesterday' })), 'receivedAt');
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expectValidationFailed(await call('POST', '/api/cases', application({ receivedAt: future })), 'receivedAt');
  });

  it('no applicant name; a phone, e-mail or address that is given but wrong', async () => {
    const res = await call(
      'POST',
      '/api/cases',
      application({ applicant: { nationalId: VALID_DNR, name: '  ', phone: 'call me', email: 'not-an-address', address: '' } }),
    );
    expectValidationFailed(res, 'applicant.name', 'applicant.phone', 'applicant.email', 'applicant.address');
    expect(fields(res.body)).not.toContain('applicant.nationalId');
  });

  it('an unknown field, so a misspelt one is not silently dropped', async () => {
    expectValidationFailed(await call('POST', '/api/cases', application({ recievedAt: '2026-11-20T09:00:00.000Z' })), 'recievedAt');
  });

  it('names every bad field in one answer', async () => {
    const res = await call('POST', '/api/cases', {});
    expectValidationFailed(res, 'municipality', 'applicant', 'services', 'channel', 'consent');
  });

  it('a bad Idempotency-Key header, named as the header', async () => {
    const res = await call('POST', '/api/cases', application(), { 'Idempotency-Key': 'a'.repeat(300) });
    expectValidationFailed(res, 'Idempotency-Key');
  });

  it('accepts a valid D-number and a computed fødselsnummer as far as validation goes (then needs the database)', async () => {
    for (const id of [VALID_DNR, nationalId('170598', '123')]) {
      const res = await call('POST', '/api/cases', application({ applicant: { nationalId: id, name: 'Ola Nordmann' } }));
      expect(res.status).toBe(503);
    }
  });
});

describe('malformed and oversized bodies', () => {
  it('malformed JSON is 400 validation_failed, without a stack trace', async () => {
    const res = await call('POST', '/api/cases', '{"municipality": "namsos",');
    expectValidationFailed(res, 'body');
    expect(res.text).not.toMatch(/at .*\.(js|ts):\d+/);
    expect(res.text).not.toContain('SyntaxError');
  });

  it('a JSON body that is not an object is refused', async () => {
    expectValidationFailed(await call('POST', '/api/cases', '"just a string"'), 'body');
    expectValidationFailed(await call('POST', `/api/cases/${ID}/withdraw`, '[1,2]'), 'body');
  });

  it('a body that is not JSON at all is refused', async () => {
    const res = await call('POST', '/api/cases', 'municipality=namsos', { 'content-type': 'application/x-www-form-urlencoded' });
    expectValidationFailed(res, 'body');
  });

  it('a body over 100 kB is 413 payload_too_large', async () => {
    const res = await call('POST', '/api/cases', application({ description: 'x'.repeat(120 * 1024) }));
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
    const step = await call('POST', `/api/cases/${ID}/withdraw`, { reason: 'x'.repeat(200 * 1024) });
    expect(step.status).toBe(413);
  });
});

describe('step bodies are checked before they reach the workflow', () => {
  const cases: Array<[string, unknown, string[]]> = [
    ['home-visit', {}, ['scheduledAt']],
    ['home-visit', { scheduledAt: '2020-01-01T10:00:00.000Z' }, ['scheduledAt']],
    ['home-visit/cancel', {}, ['reason']],
    ['provisional-reply', { reason: 'Venter på legeerklæring' }, ['expectedDecisionBy']],
    ['decision', { outcome: 'maybe', services: [], justification: '' }, ['outcome', 'services', 'justification']],
    ['decision', { outcome: 'granted', services: [{ code: 'home_nursing', hoursPerWeek: 200, from: '2027-02-01', until: '2027-01-01' }], justification: 'Behov.' }, ['services[0].hoursPerWeek', 'services[0].until']],
    ['decision', { outcome: 'granted', services: [{ code: 'nope' }], justification: 'Behov.' }, ['services[0].code']],
    ['appeal', { receivedAt: '2999-01-01T00:00:00.000Z' }, ['receivedAt']],
    ['reconsideration', { outcome: 'partially_reversed', justification: 'Delvis.' }, ['decision']],
    ['reconsideration', { outcome: 'thrown_out', justification: 'x' }, ['outcome']],
    ['appeal-body-decision', { outcome: 'annulled' }, ['outcome']],
    ['re-evaluation', { outcome: 'changed' }, ['decision']],
    ['withdraw', { reason: 'Flyttet', extra: true }, ['extra']],
    ['contact', { note: 42 }, ['note']],
  ];
  it.each(cases)('POST /api/cases/:id/%s with %j names %j', async (step, body, expected) => {
    expectValidationFailed(await call('POST', `/api/cases/${ID}/${step}`, body), ...expected);
  });

  it('a bad X-Access-Reason header is named', async () => {
    expectValidationFailed(await call('POST', `/api/cases/${ID}/withdraw`, { reason: 'Flyttet' }, { 'X-Access-Reason': 'x'.repeat(201) }), 'X-Access-Reason');
  });
});

describe('query strings', () => {
  it('an unknown status, a bad limit, a bad overdue flag, an unknown municipality or a forged cursor is named', async () => {
    expectValidationFailed(await call('GET', '/api/cases?status=pending'), 'status');
    expectValidationFailed(await call('GET', '/api/cases?limit=0'), 'limit');
    expectValidationFailed(await call('GET', '/api/cases?limit=101'), 'limit');
    expectValidationFailed(await call('GET', '/api/cases?limit=ten'), 'limit');
    expectValidationFailed(await call('GET', '/api/cases?overdue=yes'), 'overdue');
    expectValidationFailed(await call('GET', '/api/cases?municipality=bergen'), 'municipality');
    expectValidationFailed(await call('GET', '/api/stats?municipality=bergen'), 'municipality');
  });
});

describe('what names nothing', () => {
  it('a malformed case id is 404 not_found on every case route', async () => {
    for (const [method, path] of [
      ['GET', '/api/cases/42'],
      ['GET', '/api/cases/not-a-case/events'],
      ['GET', '/api/cases/not-a-case/letters'],
      ['GET', `/api/cases/${ID}/letters/nope.pdf`],
      ['POST', '/api/cases/not-a-case/contact'],
    ] as const) {
      const res = await call(method, path, method === 'POST' ? {} : undefined);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
  });

  it('an unknown route or method is 404 not_found in JSON', async () => {
    for (const [method, path] of [
      ['GET', '/api/nothing-here'],
      // `/` is the office's pages' work queue (test/pages); any other path outside them is unknown.
      ['GET', '/nothing-here'],
      ['DELETE', `/api/cases/${ID}`],
      ['GET', `/api/cases/${ID}/withdraw`],
    ] as const) {
      const res = await call(method, path);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body).toEqual({ error: { code: 'not_found', message: expect.stringContaining(path) } });
    }
  });
});

describe('GET /api/services', () => {
  it('lists the catalogue: code, name, legal basis, statutory, appeal body', async () => {
    const res = await call('GET', '/api/services');
    expect(res.status).toBe(200);
    const nursing = res.body.items.find((s: any) => s.code === 'home_nursing');
    expect(nursing).toEqual({
      code: 'home_nursing',
      name: 'Hjemmesykepleie',
      legalBasis: expect.stringContaining('helse- og omsorgstjenesteloven'),
      statutory: true,
      appealBody: 'statsforvalteren',
    });
    expect(res.body.items.some((s: any) => s.appealBody === 'klagenemnd' && s.statutory === false)).toBe(true);
  });
});
