// A co-signer before a decision (to-trinnskontroll), over real HTTP: where the policy says
// coSignDecisions, one caseworker proposes a decision and it is sent only when another approves it;
// the proposer cannot approve their own; a second co-signer finds it approved (409); a returned
// proposal sends nothing; elsewhere a caseworker decides alone as before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPolicy } from '../../config/policy';
import { startApiStack, type ApiStack } from './support/apiStack';
import { application } from './support/applications';
import type { Call } from './support/http';
import { eventually } from '../support/eventually';

let stack: ApiStack;
let anne: Call;
let bjorn: Call;
let cecilie: Call;
let luroyCaseworker: Call;
const ids = {} as Record<'approved' | 'returned' | 'alone', string>;
const decision = { outcome: 'granted', services: [{ code: 'home_nursing', hoursPerWeek: 4 }], justification: 'Behov for hjelp morgen og kveld etter hjemmebesøk.' };

async function create(name: keyof typeof ids, municipality = 'namsos'): Promise<string> {
  const res = await (municipality === 'namsos' ? anne : luroyCaseworker)('POST', '/api/cases', application({ municipality }));
  expect(res.status, res.text).toBe(201);
  ids[name] = res.body.id;
  return res.body.id;
}

const letterKinds = async (id: string) => ((await anne('GET', `/api/cases/${id}/letters`)).body.items as Array<{ kind: string }>).map((l) => l.kind);

beforeAll(async () => {
  const policy = loadPolicy();
  // Namsos asks for a co-signer; Lurøy does not.
  policy.municipalities.namsos = { ...policy.municipalities.namsos!, coSignDecisions: true };
  stack = await startApiStack({ policy });
  anne = stack.as(await stack.issuer.tokenFor(['caseworker'], ['namsos'], 'saksbehandler-anne'));
  bjorn = stack.as(await stack.issuer.tokenFor(['caseworker'], ['namsos'], 'saksbehandler-bjorn'));
  cecilie = stack.as(await stack.issuer.tokenFor(['caseworker'], ['namsos'], 'saksbehandler-cecilie'));
  luroyCaseworker = stack.as(await stack.issuer.tokenFor(['caseworker'], ['luroy'], 'saksbehandler-luroy'));
  await create('approved');
  await create('returned');
  await create('alone', 'luroy');
});

afterAll(async () => {
  await stack?.stop();
});

describe('a co-signer before a decision', () => {
  it('refuses a decision made alone where the policy asks for a co-signer (403), and sends nothing', async () => {
    const alone = await anne('POST', `/api/cases/${ids.approved}/decision`, decision);
    expect(alone.status, alone.text).toBe(403);
    expect(alone.body.error).toMatchObject({ code: 'forbidden', message: expect.stringContaining('decision/proposal') });
    expect((await anne('GET', `/api/cases/${ids.approved}`)).body.status).toBe('received');
    expect(await letterKinds(ids.approved)).not.toContain('decision');
  });

  it('a proposal waits; the proposer cannot approve it (403); another caseworker approves it and it is sent; a second co-signer finds it approved (409)', async () => {
    const bad = await anne('POST', `/api/cases/${ids.approved}/decision/proposal`, { ...decision, justification: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { field: string }) => d.field)).toContain('justification');

    const proposed = await anne('POST', `/api/cases/${ids.approved}/decision/proposal`, decision);
    expect(proposed.status, proposed.text).toBe(201);
    expect(proposed.body).toMatchObject({ coSignRequired: true, pending: { state: 'pending', proposedBy: 'saksbehandler-anne', decision } });
    const proposalId = proposed.body.pending.id as string;
    // Nothing is sent while it waits, and a second proposal is refused.
    expect((await anne('GET', `/api/cases/${ids.approved}`)).body.status).toBe('received');
    const second = await bjorn('POST', `/api/cases/${ids.approved}/decision/proposal`, decision);
    expect(second.status).toBe(409);
    expect(second.body.error).toMatchObject({ code: 'invalid_transition', message: expect.stringContaining('saksbehandler-anne') });

    const own = await anne('POST', `/api/cases/${ids.approved}/decision/proposal/approve`, { proposalId });
    expect(own.status, own.text).toBe(403);
    expect(own.body.error.code).toBe('forbidden');
    expect((await anne('GET', `/api/cases/${ids.approved}`)).body.status).toBe('received');

    // Two co-signers at once: one makes the decision, the other is told it was done first.
    const [b, c] = await Promise.all([
      bjorn('POST', `/api/cases/${ids.approved}/decision/proposal/approve`, { proposalId }),
      cecilie('POST', `/api/cases/${ids.approved}/decision/proposal/approve`, { proposalId }),
    ]);
    expect([b.status, c.status].sort()).toEqual([200, 409]);
    const won = b.status === 200 ? b : c;
    const lost = b.status === 200 ? c : b;
    expect(won.body.status).toBe('decided');
    expect(lost.body.error).toMatchObject({ code: 'invalid_transition', message: expect.stringContaining('already approved') });
    const approver = b.status === 200 ? 'saksbehandler-bjorn' : 'saksbehandler-cecilie';

    await eventually('decision letter', async () => (await letterKinds(ids.approved)).filter((k) => k === 'decision').length === 1);
    const events = (await anne('GET', `/api/cases/${ids.approved}/events`)).body.items as Array<{ type: string; actor: string }>;
    expect(events.filter((e) => e.type === 'decision_issued').map((e) => e.actor)).toEqual([approver]);
    const after = await anne('GET', `/api/cases/${ids.approved}/decision/proposal`);
    expect(after.body).toMatchObject({ coSignRequired: true, pending: null, history: [{ state: 'approved', proposedBy: 'saksbehandler-anne', settledBy: approver }] });
    // Reading a proposal (its justification) is in the access log; an empty answer is not.
    expect(await stack.db('access_log').where({ case_id: ids.approved, action: 'case.decision.proposal.read', actor: 'saksbehandler-anne' }).first()).toBeDefined();
  });

  it('a returned proposal sends nothing and can be proposed anew; returning it twice is 409; another municipality sees none of it', async () => {
    const proposed = await bjorn('POST', `/api/cases/${ids.returned}/decision/proposal`, decision);
    const proposalId = proposed.body.pending.id as string;
    const returned = await anne('POST', `/api/cases/${ids.returned}/decision/proposal/return`, { proposalId });
    expect(returned.status, returned.text).toBe(200);
    expect(returned.body).toMatchObject({ pending: null, history: [{ state: 'returned', settledBy: 'saksbehandler-anne' }] });
    const again = await bjorn('POST', `/api/cases/${ids.returned}/decision/proposal/return`, { proposalId });
    expect(again.status).toBe(409);
    expect((await anne('POST', `/api/cases/${ids.returned}/decision/proposal/approve`, { proposalId })).status).toBe(409);
    expect((await anne('GET', `/api/cases/${ids.returned}`)).body.status).toBe('received');
    expect(await letterKinds(ids.returned)).not.toContain('decision');
    expect((await bjorn('POST', `/api/cases/${ids.returned}/decision/proposal`, decision)).status).toBe(201);

    const badRef = await anne('POST', `/api/cases/${ids.returned}/decision/proposal/approve`, { proposalId: 'first' });
    expect(badRef.status).toBe(400);
    expect(badRef.body.error.details[0].field).toBe('proposalId');
    expect((await luroyCaseworker('GET', `/api/cases/${ids.returned}/decision/proposal`)).status).toBe(404);
    expect((await luroyCaseworker('POST', `/api/cases/${ids.returned}/decision/proposal/approve`, { proposalId })).status).toBe(404);
  });

  it('where the policy does not ask for it, a caseworker decides alone as before', async () => {
    const res = await luroyCaseworker('POST', `/api/cases/${ids.alone}/decision`, decision);
    expect(res.status, res.text).toBe(200);
    expect((await luroyCaseworker('GET', `/api/cases/${ids.alone}/decision/proposal`)).body).toEqual({ coSignRequired: false, pending: null, history: [] });
    expect(await stack.db('access_log').where({ case_id: ids.alone, action: 'case.decision.proposal.read' }).first()).toBeUndefined();
  });
});
