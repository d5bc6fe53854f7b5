// `LETTER_TRANSPORT=svarut npm start` with nothing else set: the launcher runs its own Maskinporten,
// KRR and SvarUt, and a case's acknowledgement goes the whole way: KRR look-up, one forsendelse,
// its status followed until the letters list shows it read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually';
import { api, startStack, type Stack } from '../../scripts/stack/startStack';
import { application } from '../../scripts/stack/secondsPolicy';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ env: { LETTER_TRANSPORT: 'svarut' } });
}, 150_000);

afterAll(async () => {
  const code = await stack?.stop();
  expect(code).toBe(0);
});

describe('letters through the local national services under npm start', () => {
  it('sends the acknowledgement through SvarUt and shows it delivered, then read', { timeout: 120_000 }, async () => {
    expect(stack.output()).toMatch(/local Maskinporten http:\/\/127\.0\.0\.1:\d+, KRR http:\/\/127\.0\.0\.1:\d+, SvarUt http:\/\/127\.0\.0\.1:\d+/);
    const call = api(stack.apiUrl, stack.token);
    const created = await call('POST', '/api/cases', application('namsos'));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id: string = created.body.id;
    const read = await eventually(
      'the acknowledgement read',
      async () => {
        const letters = await call('GET', `/api/cases/${id}/letters`);
        const ack = letters.body.items?.find((l: { kind: string }) => l.kind === 'acknowledgement');
        return ack?.delivery?.status === 'read' ? ack : undefined;
      },
      90_000,
    );
    expect(read.delivery).toMatchObject({ status: 'read', route: 'digital', failedReason: null, deliveredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    expect(Date.parse(read.delivery.deliveredAt)).toBeGreaterThanOrEqual(Date.parse(read.createdAt));
  });

  it("sets a decision's deliveredAt and appeal period from SvarUt's receipt, never earlier than the letter stated", { timeout: 120_000 }, async () => {
    const call = api(stack.apiUrl, stack.token);
    const created = await call('POST', '/api/cases', application('namsos'));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id: string = created.body.id;
    const decided = await call('POST', `/api/cases/${id}/decision`, { outcome: 'granted', services: [{ code: 'home_nursing', hoursPerWeek: 3 }], justification: 'Du har behov for hjemmesykepleie.' });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    const stated = decided.body.decision.appealDeadlines;
    expect(decided.body.decision.receipt).toBeUndefined();

    // The local SvarUt makes it available (SENDT_DIGITALT) a few look-ups after it was sent.
    const letter = await eventually(
      'the decision letter delivered',
      async () => {
        const letters = await call('GET', `/api/cases/${id}/letters`);
        const found = letters.body.items?.find((l: { kind: string }) => l.kind === 'decision');
        return found?.delivery?.deliveredAt ? found : undefined;
      },
      90_000,
    );
    const view = await eventually(
      'the receipt registered with the case',
      async () => {
        const got = await call('GET', `/api/cases/${id}`);
        return got.body.decision?.receipt === 'registered' ? got.body : undefined;
      },
      60_000,
    );
    expect(view.decision.deliveredAt).toBe(letter.delivery.deliveredAt);
    expect(Date.parse(view.decision.deliveredAt)).toBeGreaterThan(Date.parse(decided.body.decision.deliveredAt));
    for (const [body, at] of Object.entries(stated)) expect(Date.parse(view.decision.appealDeadlines[body])).toBeGreaterThanOrEqual(Date.parse(at as string));
    const history = await call('GET', `/api/cases/${id}/events`);
    const received = history.body.items.filter((e: { type: string }) => e.type === 'decision_received');
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ actor: 'system', data: { receivedAt: letter.delivery.deliveredAt } });
  });
});
