// `npm start` with nothing set archives through the launcher's own Fiks IO and Fiks Arkiv: a case's
// letters, once they have gone out, and its appeal each get one registry entry, and the letters list
// and the events show when and under which reference.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually';
import { api, startStack, type Stack } from '../../scripts/stack/startStack';
import { application } from '../../scripts/stack/secondsPolicy';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
}, 150_000);

afterAll(async () => {
  const code = await stack?.stop();
  expect(code).toBe(0);
});

describe('Fiks Arkiv under npm start', () => {
  it('archives every letter and the appeal, each with the archive\'s reference', { timeout: 150_000 }, async () => {
    expect(stack.output()).toMatch(/local Maskinporten http:\/\/127\.0\.0\.1:\d+, Fiks IO and Fiks Arkiv http:\/\/127\.0\.0\.1:\d+/);
    const call = api(stack.apiUrl, stack.token);
    const created = await call('POST', '/api/cases', application('namsos'));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id: string = created.body.id;
    const decided = await call('POST', `/api/cases/${id}/decision`, { outcome: 'refused', services: [{ code: 'home_nursing' }], justification: 'Du har ikke behov for hjemmesykepleie nå.' });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    const appealed = await call('POST', `/api/cases/${id}/appeal`, { text: 'Jeg klager på avslaget.' });
    expect(appealed.status, JSON.stringify(appealed.body)).toBe(200);

    const letters = await eventually(
      'every letter archived',
      async () => {
        const got = await call('GET', `/api/cases/${id}/letters`);
        const items = got.body.items as { kind: string; archive: { status: string } | null }[];
        return items.some((l) => l.kind === 'appeal_acknowledgement') && items.every((l) => l.archive?.status === 'archived') ? items : undefined;
      },
      120_000,
    );
    const references = letters.map((l) => (l as unknown as { archive: { reference: string; archivedAt: string } }).archive);
    for (const a of references) expect(a).toEqual({ status: 'archived', archivedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), reference: expect.stringMatching(/^\d{4}\/\d+-\d+$/) });
    // One saksmappe for the case: every reference has the same case number, and each entry its own number.
    expect(new Set(references.map((a) => a.reference.split('-')[0])).size).toBe(1);
    expect(new Set(references.map((a) => a.reference)).size).toBe(references.length);
    const appeal = await eventually(
      'the appeal archived',
      async () => {
        const got = await call('GET', `/api/cases/${id}/events`);
        const found = (got.body.items as { type: string; archive?: { status: string } }[]).find((e) => e.type === 'appeal_received');
        return found?.archive?.status === 'archived' ? found : undefined;
      },
      60_000,
    );
    expect((appeal.archive as unknown as { reference: string }).reference.split('-')[0]).toBe(references[0]!.reference.split('-')[0]);
  });
});
