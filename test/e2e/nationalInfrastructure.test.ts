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
});
