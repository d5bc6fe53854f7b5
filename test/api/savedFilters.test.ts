// Saved work-queue filters (GET/POST /api/saved-filters): each person's own, replaced as a whole,
// bad input refused naming the field and changing nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiStack, type ApiStack } from './support/apiStack';
import type { Call } from './support/http';

let stack: ApiStack;
let anne: Call;
let bjorn: Call;

beforeAll(async () => {
  stack = await startApiStack();
  anne = stack.as(await stack.issuer.tokenFor(['caseworker'], ['namsos'], 'saksbehandler-anne'));
  bjorn = stack.as(await stack.issuer.tokenFor(['caseworker'], ['namsos'], 'saksbehandler-bjorn'));
});

afterAll(async () => {
  await stack?.stop();
});

describe('saved filters', () => {
  it("are each person's own, and replaced as a whole", async () => {
    expect((await anne('GET', '/api/saved-filters')).body).toEqual({ items: [] });
    const saved = await anne('POST', '/api/saved-filters', { items: [{ name: ' Nye saker ', assignee: 'none', status: 'received' }, { name: 'Mine i Namsos', assignee: 'me', municipality: 'namsos' }] });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.body.items).toEqual([
      { name: 'Nye saker', assignee: 'none', status: 'received' },
      { name: 'Mine i Namsos', assignee: 'me', municipality: 'namsos' },
    ]);
    expect((await anne('GET', '/api/saved-filters')).body.items).toHaveLength(2);
    expect((await bjorn('GET', '/api/saved-filters')).body.items).toEqual([]);
    expect((await anne('POST', '/api/saved-filters', { items: [{ name: 'Mine i Namsos', assignee: 'me', municipality: 'namsos' }] })).body.items).toEqual([
      { name: 'Mine i Namsos', assignee: 'me', municipality: 'namsos' },
    ]);
  });

  it('refuse bad input naming the field, and change nothing', async () => {
    const before = (await anne('GET', '/api/saved-filters')).body;
    const cases: Array<[unknown, string]> = [
      [{ items: [{ name: '', assignee: 'me' }] }, 'items[0].name'],
      [{ items: [{ name: 'X', assignee: 'someone' }] }, 'items[0].assignee'],
      [{ items: [{ name: 'X', assignee: 'me', status: 'lost' }] }, 'items[0].status'],
      [{ items: [{ name: 'X', assignee: 'me' }, { name: 'x', assignee: 'all' }] }, 'items[1].name'],
      [{ items: [{ name: 'X', assignee: 'me', municipality: 'luroy' }] }, 'items[0].municipality'],
      [{ items: [{ name: 'X', assignee: 'me', caseId: 'a' }] }, 'items[0].caseId'],
    ];
    for (const [body, field] of cases) {
      const res = await anne('POST', '/api/saved-filters', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.details.map((d: { field: string }) => d.field), JSON.stringify(body)).toContain(field);
    }
    expect((await anne('GET', '/api/saved-filters')).body).toEqual(before);
  });
});
