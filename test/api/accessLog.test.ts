// The access log (tilgangslogg): a row for every answer that shows a case, written before the answer;
// no row, no answer (503); rows the database will not change; and the auditor's GET /api/access-log.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiStack, type ApiStack } from './support/apiStack';
import { application } from './support/applications';
import type { Call } from './support/http';
import { eventually } from '../support/eventually';

let stack: ApiStack;
let caseworker: Call;
let manager: Call;
let auditor: Call;
const CASEWORKER = `saksbehandler-${randomUUID().slice(0, 8)}`;
const MANAGER = `leder-${randomUUID().slice(0, 8)}`;

interface Row {
  at: string;
  actor: string;
  role: string;
  municipality: string | null;
  caseId: string | null;
  action: string;
  reason: string | null;
}

beforeAll(async () => {
  stack = await startApiStack();
  caseworker = stack.as(await stack.issuer.tokenFor(['caseworker'], ['namsos'], CASEWORKER));
  manager = stack.as(await stack.issuer.tokenFor(['manager'], ['namsos', 'luroy'], MANAGER));
  auditor = stack.as(await stack.issuer.tokenFor(['auditor'], ['namsos'], 'revisor-1'));
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

async function newCase(municipality = 'namsos'): Promise<string> {
  const res = await caseworker('POST', '/api/cases', application({ municipality }), { 'X-Access-Reason': 'Ny søknad fra postmottak' });
  expect(res.status, res.text).toBe(201);
  return res.body.id;
}

/** The rows of one case, oldest first, as the auditor reads them. */
async function rowsOf(caseId: string): Promise<Row[]> {
  const res = await auditor('GET', `/api/access-log?caseId=${caseId}&limit=100`);
  expect(res.status, res.text).toBe(200);
  return [...res.body.items].reverse();
}

describe('a row for every answer that shows a case', () => {
  it('registration, view, events, letters, a PDF and a step each write one row naming who, in which role, and why', async () => {
    const id = await newCase();
    const letters = await eventually('the acknowledgement', async () => {
      const res = await caseworker('GET', `/api/cases/${id}/letters`);
      return res.body.items.length > 0 && res.body.items;
    });
    const before = (await rowsOf(id)).length;

    expect((await caseworker('GET', `/api/cases/${id}`, undefined, { 'X-Access-Reason': 'Telefon fra søker, sak 2026/17' })).status).toBe(200);
    expect((await manager('GET', `/api/cases/${id}`)).status).toBe(200);
    expect((await caseworker('GET', `/api/cases/${id}/events`)).status).toBe(200);
    expect((await caseworker('GET', `/api/cases/${id}/letters`)).status).toBe(200);
    expect((await caseworker('GET', `/api/cases/${id}/letters/${letters[0].id}.pdf`)).status).toBe(200);
    expect((await caseworker('POST', `/api/cases/${id}/contact`, {})).status).toBe(200);

    const rows = await rowsOf(id);
    // The registration, then the letters read while waiting for the acknowledgement (one per poll).
    expect(rows[0]).toMatchObject({ actor: CASEWORKER, role: 'caseworker', municipality: 'namsos', caseId: id, action: 'case.register', reason: 'Ny søknad fra postmottak' });
    expect(rows.slice(1, before).every((row) => row.action === 'case.letters')).toBe(true);
    expect(rows.slice(before)).toEqual([
      { at: expect.any(String), actor: CASEWORKER, role: 'caseworker', municipality: 'namsos', caseId: id, action: 'case.view', reason: 'Telefon fra søker, sak 2026/17' },
      { at: expect.any(String), actor: MANAGER, role: 'manager', municipality: 'namsos', caseId: id, action: 'case.view', reason: null },
      { at: expect.any(String), actor: CASEWORKER, role: 'caseworker', municipality: 'namsos', caseId: id, action: 'case.events', reason: null },
      { at: expect.any(String), actor: CASEWORKER, role: 'caseworker', municipality: 'namsos', caseId: id, action: 'case.letters', reason: null },
      { at: expect.any(String), actor: CASEWORKER, role: 'caseworker', municipality: 'namsos', caseId: id, action: 'case.letter_pdf', reason: null },
      { at: expect.any(String), actor: CASEWORKER, role: 'caseworker', municipality: 'namsos', caseId: id, action: 'case.step.contact', reason: null },
    ]);
    for (const row of rows) expect(Math.abs(Date.parse(row.at) - Date.now())).toBeLessThan(120_000);
  });

  it('a list writes one row for the list, naming the municipalities it covered', async () => {
    const countLists = async () => (await stack.db('access_log').where({ actor: MANAGER, action: 'cases.list' }).select('municipality', 'municipalities'));
    const before = (await countLists()).length;
    expect((await manager('GET', '/api/cases?limit=100')).status).toBe(200);
    expect((await manager('GET', '/api/cases?municipality=luroy')).status).toBe(200);
    const rows = (await countLists()).slice(before);
    expect(rows).toEqual([
      { municipality: null, municipalities: ['namsos', 'luroy'] },
      { municipality: 'luroy', municipalities: ['luroy'] },
    ]);
  });

  it('what shows no case writes no row: stats, health, a refused request, a case that is not there', async () => {
    const count = async () => Number((await stack.db('access_log').count<{ n: string }[]>('* as n'))[0]?.n);
    const before = await count();
    expect((await manager('GET', '/api/stats')).status).toBe(200);
    expect((await stack.as(null)('GET', '/api/health')).status).toBe(200);
    expect((await manager('POST', '/api/cases', application())).status).toBe(403);
    expect((await caseworker('GET', `/api/cases/${randomUUID()}`)).status).toBe(404);
    // A namsos caseworker may not register in luroy.
    expect((await caseworker('POST', '/api/cases', application({ municipality: 'luroy' }))).status).toBe(403);
    expect(await count()).toBe(before);
  });

  it('a list carries no free text: justifications, appeal text and visit notes are only in the case view', async () => {
    const id = await newCase();
    const secret = `Kognitiv svikt etter hjerneslag ${randomUUID().slice(0, 6)}`;
    expect((await caseworker('POST', `/api/cases/${id}/home-visit`, { scheduledAt: new Date(Date.now() + 7 * 86_400_000).toISOString() })).status).toBe(200);
    expect((await caseworker('POST', `/api/cases/${id}/home-visit/complete`, { notes: `Notat: ${secret}` })).status).toBe(200);
    expect((await caseworker('POST', `/api/cases/${id}/decision`, { outcome: 'refused', services: [{ code: 'home_nursing' }], justification: `Begrunnelse: ${secret}` })).status).toBe(200);
    expect((await caseworker('POST', `/api/cases/${id}/appeal`, { text: `Klage: ${secret}` })).status).toBe(200);
    expect((await caseworker('POST', `/api/cases/${id}/reconsideration`, { outcome: 'upheld', justification: `Vurdering: ${secret}` })).status).toBe(200);

    const view = await manager('GET', `/api/cases/${id}`);
    expect(view.text).toContain(`Begrunnelse: ${secret}`);
    expect(view.text).toContain(`Klage: ${secret}`);
    const list = await manager('GET', '/api/cases?municipality=namsos&limit=100');
    const item = list.body.items.find((c: { id: string }) => c.id === id);
    expect(item).toMatchObject({ id, status: 'with_appeal_body', decision: { outcome: 'refused' }, appeal: { reconsideration: { outcome: 'upheld' } } });
    expect(item.homeVisit.completedAt).toEqual(expect.any(String));
    expect(list.text).not.toContain(secret);
  });
});

describe('no row, no answer', () => {
  it('when the row cannot be written the answer is 503 and shows nothing; it recovers when the log can be written again', async () => {
    const id = await newCase();
    const letterId = await eventually('the acknowledgement', async () => (await caseworker('GET', `/api/cases/${id}/letters`)).body.items[0]?.id as string | undefined);
    // The database refuses every new row, as a full disk or a revoked grant would (done by the owner).
    await stack.database.owner.raw('ALTER TABLE access_log ADD CONSTRAINT refuse_rows CHECK (false) NOT VALID');
    try {
      for (const [call, method, path, body] of [
        [caseworker, 'GET', `/api/cases/${id}`],
        [caseworker, 'GET', `/api/cases/${id}/events`],
        [caseworker, 'GET', `/api/cases/${id}/letters`],
        [caseworker, 'GET', `/api/cases/${id}/letters/${letterId}.pdf`],
        [manager, 'GET', '/api/cases?municipality=namsos'],
        [caseworker, 'POST', '/api/cases', application()],
      ] as Array<[Call, string, string, unknown?]>) {
        const res = await call(method, path, body);
        expect(res.status, `${method} ${path}: ${res.text}`).toBe(503);
        expect(res.body.error).toEqual({ code: 'unavailable', message: expect.stringMatching(/access log/) });
        expect(res.headers.get('retry-after')).toBe('5');
        expect(res.text).not.toContain(id);
        expect(res.text).not.toContain('namsos');
      }
    } finally {
      await stack.database.owner.raw('ALTER TABLE access_log DROP CONSTRAINT refuse_rows');
    }
    expect((await caseworker('GET', `/api/cases/${id}`)).status).toBe(200);
  });
});

describe('rows are never changed or deleted', () => {
  it('the database refuses UPDATE, DELETE and TRUNCATE on access_log, even to the owner of the table', async () => {
    await newCase();
    const owner = stack.database.owner;
    await expect(owner('access_log').update({ reason: 'endret' })).rejects.toThrow(/append-only/);
    await expect(owner('access_log').delete()).rejects.toThrow(/append-only/);
    await expect(owner.raw('TRUNCATE access_log')).rejects.toThrow(/append-only/);
    expect(Number((await owner('access_log').count<{ n: string }[]>('* as n'))[0]?.n)).toBeGreaterThan(0);
  });

  it("the API's own connection (the application's role) cannot switch the triggers off, drop them, or change a row", async () => {
    await newCase();
    const rows = await stack.database.owner('access_log').orderBy('id').select('*');
    const trx = await stack.db.transaction();
    try {
      await expect(trx.raw('SET LOCAL session_replication_role = replica')).rejects.toThrow(/permission denied/);
    } finally {
      await trx.rollback();
    }
    await expect(stack.db.raw('DROP TRIGGER access_log_no_change ON access_log')).rejects.toThrow(/must be owner/);
    await expect(stack.db('access_log').update({ reason: 'endret' })).rejects.toThrow(/permission denied/);
    await expect(stack.db('access_log').delete()).rejects.toThrow(/permission denied/);
    await expect(stack.db.raw('TRUNCATE access_log')).rejects.toThrow(/permission denied/);
    expect(await stack.database.owner('access_log').orderBy('id').select('*')).toEqual(rows);
  });
});

describe('GET /api/access-log', () => {
  it('answers "who read my case?" within the auditor\'s municipalities, filtered by actor and time, paged by cursor', async () => {
    const id = await newCase();
    const start = new Date().toISOString();
    const reader = `leser-${randomUUID().slice(0, 8)}`;
    const readerCall = stack.as(await stack.issuer.tokenFor(['caseworker'], ['namsos'], reader));
    for (let i = 0; i < 5; i++) expect((await readerCall('GET', `/api/cases/${id}/events`)).status).toBe(200);
    const end = new Date(Date.now() + 1).toISOString();

    const all = await auditor('GET', `/api/access-log?caseId=${id}`);
    expect(all.status).toBe(200);
    expect(all.body.items.map((r: Row) => r.actor)).toEqual([reader, reader, reader, reader, reader, CASEWORKER]);
    const ats = all.body.items.map((r: Row) => Date.parse(r.at));
    expect(ats).toEqual([...ats].sort((a, b) => b - a));

    const byActor = await auditor('GET', `/api/access-log?actor=${reader}`);
    expect(byActor.body.items).toHaveLength(5);
    const inWindow = await auditor('GET', `/api/access-log?caseId=${id}&from=${start}&to=${end}`);
    expect(inWindow.body.items.map((r: Row) => r.actor)).toEqual([reader, reader, reader, reader, reader]);
    const beforeStart = await auditor('GET', `/api/access-log?caseId=${id}&to=${start}`);
    expect(beforeStart.body.items.map((r: Row) => r.action)).toEqual(['case.register']);

    const seen: Row[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { items: Row[]; nextCursor: string | null } } = await auditor('GET', `/api/access-log?caseId=${id}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.body.items);

    // An auditor of another municipality sees none of it.
    const luroyAuditor = stack.as(await stack.issuer.tokenFor(['auditor'], ['luroy'], 'revisor-2'));
    expect((await luroyAuditor('GET', `/api/access-log?caseId=${id}`)).body).toEqual({ items: [], nextCursor: null });
  });

  it('takes a time filter in any offset ISO-8601 allows, even one PostgreSQL does not (+22:14), as the same instant', async () => {
    const id = await newCase();
    // 2026-11-20T09:00+22:14 is 2026-11-19T10:46Z: the registration comes after it, and not before it.
    const after = await auditor('GET', `/api/access-log?caseId=${id}&from=${encodeURIComponent('2026-11-20T09:00:00.000+22:14')}`);
    expect(after.status, after.text).toBe(200);
    expect(after.body.items.map((r: Row) => r.action)).toEqual(['case.register']);
    const before = await auditor('GET', `/api/access-log?caseId=${id}&to=${encodeURIComponent('2026-11-20T09:00:00.000-23:59')}`);
    expect(before.status, before.text).toBe(200);
    expect(before.body.items).toEqual([]);
  });

  it('names a bad filter', async () => {
    for (const [query, field] of [
      ['caseId=abc', 'caseId'],
      ['from=yesterday', 'from'],
      ['to=2026-13-01', 'to'],
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['cursor=bm9wZQ', 'cursor'],
      ['actor=%20', 'actor'],
      ['unknown=1', 'unknown'],
    ]) {
      const res = await auditor('GET', `/api/access-log?${query}`);
      expect(res.status, `${query}: ${res.text}`).toBe(400);
      expect(res.body.error.details.map((d: { field: string }) => d.field), query).toContain(field);
    }
  });
});
