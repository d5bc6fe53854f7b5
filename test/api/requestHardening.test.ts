// Requests that once got round the API's checks, over real HTTP against the real stack: text with a NUL
// or a lone surrogate (500 and a PostgreSQL error), a cursor of the right shape with impossible values
// (500), an upper-case case id (a stale view, a step that answered 500), and a case of another
// municipality whose workflow was asked before its municipality was checked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiStack, type ApiStack } from './support/apiStack';
import { application } from './support/applications';

let stack: ApiStack;

beforeAll(async () => {
  stack = await startApiStack({ proxied: true });
});

afterAll(async () => {
  await stack?.stop();
});

async function register(overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await stack.call('POST', '/api/cases', application(overrides));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

async function caseCount(): Promise<number> {
  const [row] = await stack.db('cases').count<{ count: string }[]>('* as count');
  return Number(row!.count);
}

function expectNamed(res: { status: number; body: any }, field: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(400);
  expect(res.body.error.code).toBe('validation_failed');
  expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
  expect(res.body.error.details.find((d: { field: string }) => d.field === field).message).toMatch(/NUL|surrogate/);
}

/** A body as JSON text with the escape written out, so the server's JSON parser makes the bad character. */
function withEscape(body: Record<string, unknown>, placeholder: string, escape: string): string {
  return JSON.stringify(body).replace(placeholder, escape);
}

describe('text fields refuse NUL and lone surrogates, naming the field, and store nothing', () => {
  it.each([
    ['a NUL', '\\u0000'],
    ['a lone high surrogate', '\\ud800'],
    ['a lone low surrogate', '\\udc00'],
  ])('an applicant name with %s', async (_what, escape) => {
    const before = await caseCount();
    const body = application({ applicant: { nationalId: (application().applicant as { nationalId: string }).nationalId, name: 'Kari @@ Nordmann' } });
    const res = await stack.call('POST', '/api/cases', withEscape(body, '@@', escape));
    expectNamed(res, 'applicant.name');
    expect(await caseCount()).toBe(before);
  });

  it('the description and the consent name: every bad field in one answer', async () => {
    const body = application({ description: 'Beskrivelse @1', consent: { givenBy: 'applicant', name: 'Kari @2', givenAt: new Date().toISOString().slice(0, 10) } });
    const res = await stack.call('POST', '/api/cases', withEscape(body, '@1', '\\u0000').replace('@2', '\\udfff'));
    expectNamed(res, 'description');
    expectNamed(res, 'consent.name');
  });

  it('a step\'s free text: refused, and the case has no event of it', async () => {
    const id = await register();
    const res = await stack.call('POST', `/api/cases/${id}/contact`, withEscape({ note: 'Ringte @@' }, '@@', '\\ud83d'));
    expectNamed(res, 'note');
    const view = await stack.call('GET', `/api/cases/${id}`);
    expect(view.body.status).toBe('received');
    const events = await stack.call('GET', `/api/cases/${id}/events`);
    expect(events.body.items.map((e: { type: string }) => e.type)).not.toContain('contacted');
  });

  it('a query parameter', async () => {
    const auditor = await stack.issuer.tokenFor(['auditor']);
    const res = await stack.as(auditor)('GET', `/api/access-log?actor=${encodeURIComponent('saksbehandler\u0000')}`);
    expectNamed(res, 'actor');
  });

  it('text with emoji and Norwegian letters (well-formed UTF-16) is taken as before', async () => {
    const id = await register({ description: 'Hjelp med dusj 🚿 og påkledning, ærlig talt' });
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('a cursor of the right shape with impossible values is 400 naming cursor', () => {
  const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const ID = '7d0b3c5e-2b4a-4c1e-9a55-0f3c2d1e4b6a';

  it.each([
    ['a 13th month', ['2026-13-01T00:00:00.000000Z', ID]],
    ['a 25th hour', ['2026-01-01T25:00:00.000000Z', ID]],
    ['a 30th of February', ['2026-02-30T00:00:00.000000Z', ID]],
    ['the year 0', ['0000-01-01T00:00:00.000000Z', ID]],
  ])('the case list: %s', async (_what, position) => {
    const res = await stack.call('GET', `/api/cases?cursor=${cursorOf(position)}`);
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error.details.map((d: { field: string }) => d.field)).toEqual(['cursor']);
  });

  it.each([
    ['a 13th month', ['access', '2026-13-01T00:00:00.000000Z', '1']],
    ['a row id beyond bigint', ['access', '2026-01-01T00:00:00.000000Z', '9999999999999999999']],
  ])('the access log: %s', async (_what, position) => {
    const auditor = await stack.issuer.tokenFor(['auditor']);
    const res = await stack.as(auditor)('GET', `/api/access-log?cursor=${cursorOf(position)}`);
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error.details.map((d: { field: string }) => d.field)).toEqual(['cursor']);
  });
});

describe('a case id is matched in any case of letters', () => {
  it('an upper-case id reads the case as it is now, and a step with it is taken', async () => {
    const id = await register();
    const upper = id.toUpperCase();
    const contacted = await stack.call('POST', `/api/cases/${id}/contact`, { note: 'Ringte søker' });
    expect(contacted.body.status).toBe('contacted');

    const read = await stack.call('GET', `/api/cases/${upper}`);
    expect(read.status, JSON.stringify(read.body)).toBe(200);
    expect(read.body.id).toBe(id);
    expect(read.body.status).toBe('contacted');

    const step = await stack.call('POST', `/api/cases/${upper}/home-visit`, { scheduledAt: new Date(Date.now() + 3 * 86_400_000).toISOString() });
    expect(step.status, JSON.stringify(step.body)).toBe(200);
    expect(step.body.status).toBe('visit_scheduled');
    expect((await stack.call('GET', `/api/cases/${id}`)).body.status).toBe('visit_scheduled');

    for (const path of ['events', 'letters']) {
      const res = await stack.call('GET', `/api/cases/${upper}/${path}`);
      expect(res.status, path).toBe(200);
      expect(res.body.items.length, path).toBeGreaterThan(0);
    }
    // One workflow per case, under the id in lower case; the access log names the case as given out.
    const rows = await stack.db('access_log').where({ case_id: id }).select('action');
    expect(rows.map((r: { action: string }) => r.action)).toEqual(expect.arrayContaining(['case.view', 'case.step.home-visit']));
  });
});

describe('a case outside the token\'s municipalities is refused before anything is read', () => {
  it('404 while Temporal is away, where a case within them waits for Temporal (503)', { timeout: 60_000 }, async () => {
    const id = await register({ municipality: 'namsos' });
    const luroy = await stack.issuer.tokenFor(['caseworker'], ['luroy']);
    await stack.temporalProxy!.down();
    try {
      const started = Date.now();
      const outside = await stack.as(luroy)('GET', `/api/cases/${id}`);
      expect(outside.status, JSON.stringify(outside.body)).toBe(404);
      expect(outside.body.error.code).toBe('not_found');
      expect(Date.now() - started).toBeLessThan(3_000);
      const within = await stack.call('GET', `/api/cases/${id}`);
      expect(within.status).toBe(503);
    } finally {
      await stack.temporalProxy!.up();
    }
  });
});
