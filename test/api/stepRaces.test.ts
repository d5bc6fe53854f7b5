// Steps that arrive at the same moment, as two caseworkers (or a retrying system) send them: over
// real HTTP, against the shared Temporal dev server and a real Worker. Of two steps that exclude
// each other one is applied and the other refused with 409, never both, and nothing answers 5xx.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiStack, type ApiStack } from './support/apiStack';
import { application } from './support/applications';
import type { Answer, Call } from './support/http';

let stack: ApiStack;
let call: Call;

beforeAll(async () => {
  stack = await startApiStack();
  call = stack.call;
});

afterAll(async () => {
  await stack?.stop();
});

interface Event {
  type: string;
  data: Record<string, unknown>;
}

const granted = {
  outcome: 'granted',
  services: [{ code: 'home_nursing', hoursPerWeek: 5 }],
  justification: 'Søker har behov for hjelp med medisiner morgen og kveld.',
};

async function newCase(): Promise<string> {
  const res = await call('POST', '/api/cases', application());
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

async function step(id: string, name: string, body: unknown = {}, headers: Record<string, string> = {}): Promise<Answer> {
  return call('POST', `/api/cases/${id}/${name}`, body, headers);
}

async function ok(id: string, name: string, body: unknown = {}): Promise<Answer> {
  const res = await step(id, name, body);
  expect(res.status, `${name}: ${JSON.stringify(res.body)}`).toBe(200);
  return res;
}

async function events(id: string): Promise<Event[]> {
  const res = await call('GET', `/api/cases/${id}/events`);
  expect(res.status).toBe(200);
  return res.body.items as Event[];
}

async function letterKinds(id: string): Promise<string[]> {
  const res = await call('GET', `/api/cases/${id}/letters`);
  expect(res.status).toBe(200);
  return (res.body.items as { kind: string }[]).map((l) => l.kind);
}

async function view(id: string): Promise<any> {
  const res = await call('GET', `/api/cases/${id}`);
  expect(res.status).toBe(200);
  return res.body;
}

function expectRefused(res: Answer): void {
  expect(res.status, JSON.stringify(res.body)).toBe(409);
  expect(['invalid_transition', 'case_closed']).toContain(res.body.error.code);
}

/** A case in the given status, reached by the steps a caseworker takes. */
async function caseIn(status: string): Promise<string> {
  const id = await newCase();
  const soon = new Date(Date.now() + 14 * 86_400_000).toISOString();
  switch (status) {
    case 'received':
      break;
    case 'visit_scheduled':
      await ok(id, 'home-visit', { scheduledAt: soon });
      break;
    case 'decided':
      await ok(id, 'decision', granted);
      break;
    case 'under_reconsideration':
      await ok(id, 'decision', granted);
      await ok(id, 'appeal', { text: 'Jeg trenger mer hjelp.' });
      break;
    case 'with_appeal_body':
      await ok(id, 'decision', granted);
      await ok(id, 'appeal', {});
      await ok(id, 'reconsideration', { outcome: 'upheld', justification: 'Vi står ved vedtaket.' });
      break;
    case 'active':
      // The appeal body upholds a granted decision: it is final, and the services run.
      await ok(id, 'decision', granted);
      await ok(id, 'appeal', {});
      await ok(id, 'reconsideration', { outcome: 'upheld', justification: 'Vi står ved vedtaket.' });
      await ok(id, 'appeal-body-decision', { outcome: 'upheld' });
      break;
    default:
      throw new Error(`no route to ${status}`);
  }
  expect((await view(id)).status).toBe(status);
  return id;
}

describe('two steps that exclude each other, sent at once', () => {
  it('reconsideration upheld and reversed: one is applied, the other is 409, and the letters say one thing', async () => {
    const id = await caseIn('under_reconsideration');
    const [upheld, reversed] = await Promise.all([
      step(id, 'reconsideration', { outcome: 'upheld', justification: 'Vi står ved vedtaket.' }),
      step(id, 'reconsideration', { outcome: 'reversed', justification: 'Du får medhold.' }),
    ]);
    const answers = [upheld, reversed];
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expectRefused(answers.find((a) => a.status !== 200) as Answer);
    const after = await view(id);
    const kinds = await letterKinds(id);
    const types = (await events(id)).map((e) => e.type);
    expect(types.filter((t) => t === 'reconsideration')).toHaveLength(1);
    if (upheld.status === 200) {
      expect(after).toMatchObject({ status: 'with_appeal_body', appealBody: 'statsforvalteren' });
      expect(kinds.filter((k) => k === 'decision')).toHaveLength(1);
      expect(kinds).toContain('appeal_forwarded');
    } else {
      expect(after).toMatchObject({ status: 'decided', appealBody: null });
      expect(kinds.filter((k) => k === 'decision')).toHaveLength(2);
      expect(kinds).not.toContain('appeal_forwarded');
    }
  });

  it('a decision and a home visit at once: never both', async () => {
    const id = await caseIn('received');
    const soon = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const [decision, visit] = await Promise.all([step(id, 'decision', granted), step(id, 'home-visit', { scheduledAt: soon })]);
    const after = await view(id);
    if (decision.status === 200) {
      // The visit may have come first (then the decision followed it), or been refused after the decision.
      expect(after.status).toBe('decided');
      if (visit.status !== 200) expectRefused(visit);
    } else {
      expectRefused(decision);
      expect(visit.status).toBe(200);
      expect(after.status).toBe('visit_scheduled');
    }
    expect(after.status === 'decided' || after.status === 'visit_scheduled').toBe(true);
  });
});

describe('eight identical steps at once, no Idempotency-Key', () => {
  it('contact: one applied, seven 409, one event', async () => {
    const id = await caseIn('received');
    const answers = await Promise.all(Array.from({ length: 8 }, () => step(id, 'contact', { note: 'Ringte søker.' })));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    for (const a of answers.filter((x) => x.status !== 200)) expectRefused(a);
    expect((await events(id)).filter((e) => e.type === 'contacted')).toHaveLength(1);
  });

  it('decision: one applied, seven 409, one decision letter', async () => {
    const id = await caseIn('received');
    const answers = await Promise.all(Array.from({ length: 8 }, () => step(id, 'decision', granted)));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    for (const a of answers.filter((x) => x.status !== 200)) expectRefused(a);
    expect((await letterKinds(id)).filter((k) => k === 'decision')).toHaveLength(1);
    expect((await events(id)).filter((e) => e.type === 'decision_issued')).toHaveLength(1);
  });

  it('with one Idempotency-Key: all eight answer 200 and the step is applied once', async () => {
    const id = await caseIn('received');
    const headers = { 'Idempotency-Key': `contact-${id}` };
    const answers = await Promise.all(Array.from({ length: 8 }, () => step(id, 'contact', {}, headers)));
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200));
    expect((await events(id)).filter((e) => e.type === 'contacted')).toHaveLength(1);
  });
});

describe('a withdrawal racing each step', () => {
  const soon = () => new Date(Date.now() + 14 * 86_400_000).toISOString();
  const cases: Array<{ step: string; from: string; body: () => unknown }> = [
    { step: 'contact', from: 'received', body: () => ({}) },
    { step: 'home-visit', from: 'received', body: () => ({ scheduledAt: soon() }) },
    { step: 'home-visit/complete', from: 'visit_scheduled', body: () => ({}) },
    { step: 'home-visit/cancel', from: 'visit_scheduled', body: () => ({ reason: 'Søker er på sykehus.' }) },
    { step: 'provisional-reply', from: 'received', body: () => ({ reason: 'Vi venter på legeopplysninger.', expectedDecisionBy: soon() }) },
    { step: 'decision', from: 'received', body: () => granted },
    { step: 'appeal', from: 'decided', body: () => ({ text: 'Jeg klager.' }) },
    { step: 'reconsideration', from: 'under_reconsideration', body: () => ({ outcome: 'upheld', justification: 'Vi står ved vedtaket.' }) },
    { step: 'appeal-body-decision', from: 'with_appeal_body', body: () => ({ outcome: 'quashed' }) },
    { step: 're-evaluation', from: 'active', body: () => ({ outcome: 'continue' }) },
  ];

  for (const c of cases) {
    it(`${c.step} (from ${c.from}): the case ends withdrawn, and nothing happens after the withdrawal`, async () => {
      const id = await caseIn(c.from);
      const [other, withdraw] = await Promise.all([step(id, c.step, c.body()), step(id, 'withdraw', { reason: 'Søker trekker søknaden.' })]);
      // Withdrawal is allowed from every open status, so it is always applied; the other step either
      // came first (both 200) or found the case closed (409 case_closed).
      expect(withdraw.status, JSON.stringify(withdraw.body)).toBe(200);
      const after = await view(id);
      const types = (await events(id)).map((e) => e.type);
      // While an appeal is pending, a withdrawal withdraws the appeal only (appeal rights in every
      // case): the case goes back to its decision's running period, and the step that needed the
      // appeal is refused (409 invalid_transition).
      if (after.status !== 'closed') {
        expect(after, JSON.stringify(types)).toMatchObject({ status: 'decided', closedReason: null });
        expect(types.at(-1)).toBe('appeal_withdrawn');
        expect(types.filter((t) => t === 'appeal_withdrawn' || t === 'withdrawn')).toHaveLength(1);
        expect((await letterKinds(id)).at(-1)).toBe('appeal_withdrawn');
        if (other.status !== 200) expect(other.body.error.code, JSON.stringify(other.body)).toBe('invalid_transition');
        return;
      }
      if (other.status !== 200) {
        expect(other.status, JSON.stringify(other.body)).toBe(409);
        expect(other.body.error.code).toBe('case_closed');
      }
      expect(after).toMatchObject({ status: 'closed', closedReason: 'withdrawn' });
      expect(types.at(-1)).toBe('withdrawn');
      expect(types.filter((t) => t === 'withdrawn')).toHaveLength(1);
      expect((await letterKinds(id)).at(-1)).toBe('closing');
    });
  }
});

describe('a step retried with the same Idempotency-Key', () => {
  it('is applied once, also after the case continued as new', async () => {
    const id = await caseIn('active');
    const headers = { 'Idempotency-Key': `re-evaluation-${id}` };
    const first = await step(id, 're-evaluation', { outcome: 'continue' }, headers);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    // The re-evaluation starts a fresh run of the workflow; the retry reaches that run.
    const retried = await step(id, 're-evaluation', { outcome: 'continue' }, headers);
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
    expect(retried.body.deadlines.nextReEvaluationAt).toBe(first.body.deadlines.nextReEvaluationAt);
    expect((await events(id)).filter((e) => e.type === 're_evaluation')).toHaveLength(1);
    // A new key is a new step.
    const next = await step(id, 're-evaluation', { outcome: 'continue' }, { 'Idempotency-Key': `re-evaluation-2-${id}` });
    expect(next.status).toBe(200);
    expect((await events(id)).filter((e) => e.type === 're_evaluation')).toHaveLength(2);
  });
});
