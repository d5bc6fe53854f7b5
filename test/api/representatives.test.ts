// The applicant's representative (issue 24) over HTTP, against the real stack (API, Temporal dev
// server, a real Worker, PostgreSQL): a guardian given with the application gets the
// acknowledgement, the applicant a copy; a fullmektig without a copy; a relative gets nothing; the
// letters list says who each letter went to; the notices go to the representative's own phone and
// e-mail; DELETE ends it, and again is 409 no_representative; bad input is 400 naming the field,
// and a refused step leaves nothing behind, not even the stored name. No letter holds a national id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeliverLetter } from '../../activities/delivery/deliverLetter';
import type { DeliveryChannel, DeliveryChannelName, OutgoingMessage } from '../../activities/delivery/channels';
import { eventually } from '../support/eventually';
import { startApiStack, type ApiStack } from './support/apiStack';
import { application, VALID_FNR } from './support/applications';
import type { Call } from './support/http';

let stack: ApiStack;
let call: Call;

beforeAll(async () => {
  stack = await startApiStack();
  call = stack.call;
});

afterAll(async () => {
  await stack?.stop();
});

interface Letter {
  id: string;
  kind: string;
  subject: string;
  body: string;
  recipient: { to: string; role?: string; name?: string; copyOf?: string };
}

const GUARDIAN = { role: 'guardian', name: 'Ola Verge', phone: '+47 934 56 789', email: 'ola.verge@example.no', address: 'Kirkegata 5, 7800 Namsos' };

async function letters(id: string, count: number): Promise<Letter[]> {
  return eventually(`${count} letter(s)`, async () => {
    const items: Letter[] = (await call('GET', `/api/cases/${id}/letters`)).body.items;
    return items.length >= count && items;
  });
}

async function eventTypes(id: string): Promise<string[]> {
  return (await call('GET', `/api/cases/${id}/events`)).body.items.map((e: { type: string }) => e.type);
}

async function storedRepresentatives(id: string): Promise<number> {
  return Number(((await stack.db('case_representatives').where({ case_id: id }).count({ n: '*' })) as { n: string }[])[0]?.n ?? 0);
}

const fields = (body: any): string[] => (body.error.details ?? []).map((d: { field: string }) => d.field);
const inAWeek = () => new Date(Date.now() + 7 * 86_400_000).toISOString();

describe('a representative over HTTP', () => {
  it('sends the acknowledgement to a guardian given with the application, with a copy to the applicant, and the notices to the guardian', { timeout: 120_000 }, async () => {
    const created = await call('POST', '/api/cases', application({ representative: GUARDIAN }));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id;
    const [toGuardian, copy] = await letters(id, 2);
    const view = (await call('GET', `/api/cases/${id}`)).body;
    expect(view.representative).toMatchObject({ role: 'guardian', copyToApplicant: true });
    // The view names no one: the name is in PostgreSQL only.
    expect(JSON.stringify(view)).not.toContain('Ola Verge');
    expect(await eventTypes(id)).toEqual(['received', 'representative_added']);

    expect(toGuardian).toMatchObject({ kind: 'acknowledgement', recipient: { to: 'representative', role: 'guardian', name: 'Ola Verge' } });
    expect(toGuardian!.subject).toBe('Vi har mottatt søknaden din – gjelder Kari Nordmann');
    expect(toGuardian!.body).toContain('Hei, Ola Verge');
    expect(toGuardian!.body).toContain('fordi du er verge for Kari Nordmann');
    expect(copy).toMatchObject({ kind: 'acknowledgement', subject: 'Kopi: Vi har mottatt søknaden din', recipient: { to: 'applicant', copyOf: toGuardian!.id } });
    expect(copy!.body).toContain('Brevet er sendt til Ola Verge, som er vergen din.');
    for (const letter of [toGuardian!, copy!]) expect(`${letter.subject} ${letter.body}`.replace(/\s/g, '')).not.toContain(VALID_FNR);

    // The guardian's letter goes to the digital mailbox with notices to the guardian's own phone and e-mail.
    const channels = (await stack.db('letter_deliveries').where({ letter_id: toGuardian!.id }).orderBy('id').pluck('channel')) as string[];
    expect(channels).toEqual(['digital_mailbox', 'sms', 'email']);
    // This stack configures no channel: the delivery workflow marks each row skipped. Once it has, the
    // rows are delivered again here through channels that keep what they were given.
    await eventually('the deliveries settled', async () =>
      ((await stack.db('letter_deliveries').where({ letter_id: toGuardian!.id }).pluck('status')) as string[]).every((status) => status === 'skipped'),
    );
    const sent: Record<string, OutgoingMessage> = {};
    const recorder = (name: DeliveryChannelName): DeliveryChannel => ({ name, deliver: async (msg) => ((sent[name] = msg), { externalId: `${name}-1` }) });
    const deliver = createDeliverLetter({ db: stack.db, policy: stack.policy, channels: { digital_mailbox: recorder('digital_mailbox'), sms: recorder('sms'), email: recorder('email') } });
    for (const channel of ['digital_mailbox', 'sms', 'email'] as const) {
      await stack.db('letter_deliveries').where({ letter_id: toGuardian!.id, channel }).update({ status: 'pending' });
      await deliver({ letterId: toGuardian!.id, channel });
    }
    expect(sent.sms?.recipient).toMatchObject({ name: 'Ola Verge', phone: '+47 934 56 789' });
    expect(sent.email?.recipient).toMatchObject({ name: 'Ola Verge', email: 'ola.verge@example.no' });
    expect(sent.digital_mailbox?.toRepresentative).toBe(true);
    expect(JSON.stringify(sent)).not.toContain(VALID_FNR);
  });

  it('registers a fullmektig without a copy, ends the representation, and refuses to end it twice (409 no_representative)', { timeout: 120_000 }, async () => {
    const created = await call('POST', '/api/cases', application());
    const id = created.body.id;
    await letters(id, 1);
    const added = await call('POST', `/api/cases/${id}/representative`, { role: 'authorised', name: 'Advokat Per Hansen', email: 'per@advokat.example.no', copyToApplicant: false });
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    expect(added.body.representative).toMatchObject({ role: 'authorised', copyToApplicant: false });

    await call('POST', `/api/cases/${id}/home-visit`, { scheduledAt: inAWeek() });
    const afterVisit = await letters(id, 2);
    expect(afterVisit).toHaveLength(2);
    expect(afterVisit[1]).toMatchObject({ kind: 'home_visit_confirmation', recipient: { to: 'representative', role: 'authorised', name: 'Advokat Per Hansen' } });
    expect(afterVisit[1]!.body).toContain('fordi du er fullmektig for Kari Nordmann');

    const ended = await call('DELETE', `/api/cases/${id}/representative`);
    expect(ended.status, JSON.stringify(ended.body)).toBe(200);
    expect(ended.body.representative).toBeNull();
    const events = await eventTypes(id);
    expect(events.slice(-1)).toEqual(['representative_ended']);
    const again = await call('DELETE', `/api/cases/${id}/representative`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('no_representative');
    expect(await eventTypes(id)).toEqual(events);

    await call('POST', `/api/cases/${id}/home-visit`, { scheduledAt: new Date(Date.now() + 8 * 86_400_000).toISOString() });
    const moved = await letters(id, 3);
    expect(moved[2]).toMatchObject({ kind: 'home_visit_confirmation', recipient: { to: 'applicant' } });
    expect(moved[2]!.body).toContain('Hei, Kari Nordmann');
  });

  it('records a relative, who gets no letters', { timeout: 120_000 }, async () => {
    const id = (await call('POST', '/api/cases', application())).body.id;
    await letters(id, 1);
    const added = await call('POST', `/api/cases/${id}/representative`, { role: 'relative', name: 'Per Nordmann', phone: '+47 987 65 432' });
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    expect(added.body.representative).toMatchObject({ role: 'relative', copyToApplicant: false });
    await call('POST', `/api/cases/${id}/home-visit`, { scheduledAt: inAWeek() });
    const all = await letters(id, 2);
    expect(all.map((l) => l.recipient)).toEqual([{ to: 'applicant' }, { to: 'applicant' }]);
  });

  it('refuses bad input naming the field, and a step the case refuses, leaving nothing behind', { timeout: 120_000 }, async () => {
    const bad = await call('POST', '/api/cases', application({ representative: { role: 'guardian', name: 'Ola Verge' } }));
    expect(bad.status).toBe(400);
    expect(fields(bad.body)).toEqual(['representative.address']);

    const id = (await call('POST', '/api/cases', application())).body.id;
    await letters(id, 1);
    const before = await eventTypes(id);
    const unreachable = await call('POST', `/api/cases/${id}/representative`, { role: 'guardian', name: 'Ola Verge' });
    expect(unreachable.status).toBe(400);
    expect(fields(unreachable.body)).toEqual(['address']);
    const withId = await call('POST', `/api/cases/${id}/representative`, { role: 'guardian', name: 'Ola Verge', phone: '+47 934 56 789', nationalId: VALID_FNR });
    expect(withId.status).toBe(400);
    const copyForRelative = await call('POST', `/api/cases/${id}/representative`, { role: 'relative', name: 'Per', phone: '+47 934 56 789', copyToApplicant: true });
    expect(fields(copyForRelative.body)).toEqual(['copyToApplicant']);
    expect(await eventTypes(id)).toEqual(before);
    expect(await storedRepresentatives(id)).toBe(0);

    // Closed: the case refuses the step, and the name the API stored first is gone again.
    expect((await call('POST', `/api/cases/${id}/withdraw`, { reason: 'Trekker søknaden.' })).status).toBe(200);
    const closed = await call('POST', `/api/cases/${id}/representative`, GUARDIAN);
    expect(closed.status).toBe(409);
    expect(closed.body.error.code).toBe('case_closed');
    expect(await storedRepresentatives(id)).toBe(0);
  });
});
