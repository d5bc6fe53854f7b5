// A caseworker's system driving real cases over HTTP: the API, the shared Temporal dev server, a real
// Worker running the case workflow, and a database of this file's own.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { letterDeliveryWorkflowId } from '../../workflows/letterDelivery';
import { isPatchMarker } from '../support/workflowPatches';
import { caseWorkflowId } from '../../workflows/messages';
import { startApiStack, type ApiStack } from './support/apiStack';
import { DEFAULT_SUB, defaultTestToken } from './support/tokenIssuer';
import { application, nationalId } from './support/applications';
import { caseHistories } from './support/decodedHistories';
import type { Call } from './support/http';
import { eventually } from '../support/eventually';

let stack: ApiStack;
let call: Call;

beforeAll(async () => {
  stack = await startApiStack();
  call = stack.call;
});

afterAll(async () => {
  await stack?.stop();
});

async function newCase(overrides: Record<string, unknown> = {}): Promise<any> {
  const res = await call('POST', '/api/cases', application(overrides));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function events(id: string): Promise<Array<{ type: string; at: string; actor: string; data: Record<string, unknown> }>> {
  const res = await call('GET', `/api/cases/${id}/events`);
  expect(res.status).toBe(200);
  return res.body.items;
}

async function letters(id: string): Promise<Array<{ id: string; kind: string; channel: string; createdAt: string; subject: string; body: string }>> {
  const res = await call('GET', `/api/cases/${id}/letters`);
  expect(res.status).toBe(200);
  return res.body.items;
}

const inTwoWeeks = () => new Date(Date.now() + 14 * 86_400_000).toISOString();
const decision = (outcome = 'granted') => ({
  outcome,
  services: [{ code: 'home_nursing', hoursPerWeek: 5, from: '2027-01-04' }],
  justification: 'Søker har behov for hjelp med medisiner morgen og kveld.',
});

describe('POST /api/cases', () => {
  it('registers the application: 201, Location, the case view without personal data, an acknowledgement letter', async () => {
    const body = application({ municipality: 'luroy', services: ['home_nursing', 'safety_alarm'], channel: 'paper', receivedAt: '2026-11-20T09:00:00.000Z' });
    const res = await call('POST', '/api/cases', body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const view = res.body;
    expect(res.headers.get('location')).toBe(`/api/cases/${view.id}`);
    expect(view).toMatchObject({
      municipality: 'luroy',
      status: 'received',
      services: ['home_nursing', 'safety_alarm'],
      receivedAt: '2026-11-20T09:00:00.000Z',
      deadlines: { appealBy: null, nextReEvaluationAt: null, expiresAt: null },
      // Received 20 November: the week for contact ran out on the 27th, so the case is overdue at once.
      flags: { contactOverdue: new Date() > new Date('2026-11-27T23:00:00.000Z'), provisionalReplySent: false, lateAppeal: false, reEvaluationDue: false },
      homeVisit: null,
      decision: null,
      appeal: null,
      appealBody: null,
      closedReason: null,
    });
    expect(view.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(view.deadlines.contactBy)).toBeGreaterThan(Date.parse(view.receivedAt));
    expect(Date.parse(view.deadlines.provisionalReplyBy)).toBeGreaterThan(Date.parse(view.deadlines.contactBy));
    // Personal data stays in PostgreSQL: not in the view, not in the workflow's input.
    const applicant = body.applicant as { nationalId: string; name: string; phone: string; email: string; address: string };
    expect(JSON.stringify(view)).not.toContain(applicant.nationalId);
    expect(JSON.stringify(view)).not.toContain(applicant.name);

    const row = await stack.db('cases').where({ id: view.id }).first();
    expect(row.applicant.nationalId).toBe(applicant.nationalId);
    expect(row.consent.givenBy).toBe('applicant');
    expect(row.description).toBe(body.description);

    const acknowledged = await eventually('the acknowledgement letter', async () => {
      const items = await letters(view.id);
      return items.some((l) => l.kind === 'acknowledgement') && items;
    });
    const ack = acknowledged.find((l) => l.kind === 'acknowledgement')!;
    expect(ack).toMatchObject({ id: expect.any(String), channel: expect.any(String), subject: expect.any(String), body: expect.any(String) });
    expect(ack.body).toContain('Tildelingskontoret');
    // The registering caseworker (the default token's sub) is the received event's actor.
    expect((await events(view.id))[0]).toMatchObject({ type: 'received', actor: DEFAULT_SUB });

    // Every workflow the case has started (its own, and the acknowledgement's delivery), every payload
    // of every event decoded: none holds anything of the applicant's, nor the application's text.
    const histories = await eventually('the acknowledgement delivered by a workflow of its own', async () => {
      const all = await caseHistories(stack.temporal, stack.payloadKeys, caseWorkflowId(view.id));
      const delivery = all.find((h) => h.workflowId === letterDeliveryWorkflowId(ack.id));
      return delivery?.events.some((e) => e.workflowExecutionCompletedEventAttributes) && all;
    });
    expect(histories.map((h) => h.workflowId)).toEqual([caseWorkflowId(view.id), letterDeliveryWorkflowId(ack.id)]);
    const payloads = histories.flatMap((h) => h.payloads);
    expect(payloads.length).toBeGreaterThan(0);
    for (const p of payloads) {
      // Decoded to what the SDK wrote, so the search below reads clear text, never ciphertext.
      expect(['json/plain', 'binary/null'], `${p.workflowId} ${p.where}`).toContain(p.encoding);
      // Clear by design: search attributes, and the patch markers the SDK writes itself (a patch id, nothing else).
      if (p.where.includes('.patch-data.')) expect(isPatchMarker(JSON.parse(p.text)), `${p.workflowId} ${p.where}: ${p.text}`).toBe(true);
      else if (!p.where.includes('.searchAttributes.')) expect(p.storedEncoding, `${p.workflowId} ${p.where}`).toBe('binary/encrypted');
    }
    const secrets = [applicant.nationalId, applicant.name, applicant.phone, applicant.email, applicant.address, body.description as string];
    for (const p of payloads) {
      for (const secret of secrets) expect(p.text.includes(secret), `${p.workflowId} ${p.where} holds "${secret}"`).toBe(false);
    }
    // The start inputs hold exactly what the workflows need, and nothing else.
    const startInput = (workflowId: string) => {
      const found = payloads.filter((p) => p.workflowId === workflowId && p.where.includes('.workflowExecutionStartedEventAttributes.input.'));
      expect(found, workflowId).toHaveLength(1);
      return JSON.parse(found[0]!.text) as unknown;
    };
    expect(startInput(caseWorkflowId(view.id))).toEqual({
      caseId: view.id,
      caseNumber: view.caseNumber,
      municipality: 'luroy',
      services: ['home_nursing', 'safety_alarm'],
      channel: 'paper',
      receivedAt: '2026-11-20T09:00:00.000Z',
      timers: JSON.parse(JSON.stringify(stack.policy.municipalities.luroy!.timers)),
      registeredBy: DEFAULT_SUB,
    });
    expect(startInput(letterDeliveryWorkflowId(ack.id))).toEqual({
      caseId: view.id,
      letterId: ack.id,
      channels: await stack.db('letter_deliveries').where({ letter_id: ack.id }).orderBy('id').pluck('channel'),
    });
  });

  it('ten concurrent requests with one Idempotency-Key make one case, one workflow and one acknowledgement', async () => {
    const key = randomUUID();
    const body = application({ applicant: { nationalId: nationalId('120345', '100'), name: 'Per Hansen' } });
    const answers = await Promise.all(Array.from({ length: 10 }, () => call('POST', '/api/cases', body, { 'Idempotency-Key': key })));
    for (const res of answers) expect(res.status, JSON.stringify(res.body)).toBe(201);
    const ids = new Set(answers.map((res) => res.body.id));
    expect(ids.size).toBe(1);
    const [id] = [...ids] as [string];
    expect(answers.every((res) => res.headers.get('location') === `/api/cases/${id}`)).toBe(true);

    const rows = await stack.db('cases').whereRaw(`applicant->>'name' = ?`, ['Per Hansen']).select('id');
    expect(rows).toEqual([{ id }]);
    expect(await stack.db('idempotency_keys').where({ key }).select('case_id')).toEqual([{ case_id: id }]);

    const description = await stack.temporal.workflow.getHandle(caseWorkflowId(id)).describe();
    expect(description.status.name).toBe('RUNNING');
    // Visibility lags behind: wait until the case's workflow is listed at all, then it is listed once.
    const workflowsOfTheCase = () => stack.temporal.workflow.count(`WorkflowId = "${caseWorkflowId(id)}"`).then((c) => c.count);
    await eventually('the case workflow in visibility', async () => (await workflowsOfTheCase()) > 0);
    expect(await workflowsOfTheCase()).toBe(1);

    // The receipt is done once its acknowledgement is handed to a delivery workflow: from then on the
    // workflow waits for a step, and its history says how many times it did each thing. The delivery is
    // started by the record's activity, not as the case's child (deliveries-started-with-record).
    const deliveriesOf = async () => {
      let started = 0;
      for (const letter of await stack.db('letters').where({ case_id: id }).select('id')) {
        started += (await stack.temporal.workflow.count(`WorkflowId = "${letterDeliveryWorkflowId(letter.id)}"`)).count;
      }
      return started;
    };
    const history = async () => {
      const all = (await stack.temporal.workflow.getHandle(caseWorkflowId(id)).fetchHistory()).events ?? [];
      const activities = (type: string) => all.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === type).length;
      return {
        runs: all.filter((e) => e.workflowExecutionStartedEventAttributes).length,
        // One change, one activity: the received event, the view and the acknowledgement in one transaction.
        recordChangeWithLetters: activities('recordChangeWithLetters'),
        issueLetter: activities('issueLetter'),
        recordCaseChange: activities('recordCaseChange'),
        children: all.filter((e) => e.startChildWorkflowExecutionInitiatedEventAttributes).length,
        deliveriesStarted: await deliveriesOf(),
      };
    };
    const receipt = await eventually('the acknowledgement handed to its delivery', async () => {
      const counted = await history();
      return counted.deliveriesStarted > 0 && counted;
    });
    expect(receipt).toEqual({ runs: 1, recordChangeWithLetters: 1, issueLetter: 0, recordCaseChange: 0, children: 0, deliveriesStarted: 1 });
    expect((await letters(id)).filter((l) => l.kind === 'acknowledgement')).toHaveLength(1);
    expect((await events(id)).filter((e) => e.type === 'received')).toHaveLength(1);

    // A retry later answers with the same case and starts nothing new.
    const retry = await call('POST', '/api/cases', body, { 'Idempotency-Key': key });
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(id);
    expect(await history()).toEqual(receipt);
    expect(await stack.db('cases').whereRaw(`applicant->>'name' = ?`, ['Per Hansen']).select('id')).toEqual([{ id }]);
  });

  it('refuses a reused Idempotency-Key with a different body, naming the header', async () => {
    const key = randomUUID();
    const first = await call('POST', '/api/cases', application(), { 'Idempotency-Key': key });
    expect(first.status).toBe(201);
    const other = await call('POST', '/api/cases', application({ services: ['practical_assistance'] }), { 'Idempotency-Key': key });
    expect(other.status).toBe(400);
    expect(other.body.error.code).toBe('validation_failed');
    expect(other.body.error.details).toEqual([{ field: 'Idempotency-Key', message: expect.stringContaining('different') }]);
  });
});

describe('GET /api/cases/:id', () => {
  it('answers with the workflow view', async () => {
    const created = await newCase();
    const res = await call('GET', `/api/cases/${created.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: created.id, status: 'received', municipality: 'namsos' });
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('is 404 not_found for a case that does not exist', async () => {
    const res = await call('GET', `/api/cases/${randomUUID()}`);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
    for (const path of ['events', 'letters', `letters/${randomUUID()}.pdf`]) {
      expect((await call('GET', `/api/cases/${randomUUID()}/${path}`)).status).toBe(404);
    }
    const step = await call('POST', `/api/cases/${randomUUID()}/contact`, {});
    expect(step.status).toBe(404);
    expect(step.body.error.code).toBe('not_found');
  });

  it('starts the workflow of a stored case that has none yet (Temporal was down when it came in)', async () => {
    const created = await newCase();
    const id = randomUUID();
    const row = await stack.db('cases').where({ id: created.id }).first();
    await stack.db('cases').insert({
      ...row,
      id,
      view: JSON.stringify({ ...row.view, id }),
      view_seq: 0,
      // A copy, not the same application: it has no case number of its own.
      case_number: null,
      applicant: JSON.stringify(row.applicant),
      consent: JSON.stringify(row.consent),
    });
    const res = await call('GET', `/api/cases/${id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id, status: 'received' });
    await eventually('its acknowledgement', async () => (await letters(id)).some((l) => l.kind === 'acknowledgement'));
  });
});

/** Every step of the contract, each with a body it would take where the status allows it, is 409 case_closed. */
async function expectEveryStepClosed(id: string): Promise<void> {
  const steps: [string, unknown][] = [
    ['contact', {}],
    ['home-visit', { scheduledAt: inTwoWeeks() }],
    ['home-visit/complete', {}],
    ['home-visit/cancel', { reason: 'Syk.' }],
    ['provisional-reply', { reason: 'Venter på lege.', expectedDecisionBy: inTwoWeeks().slice(0, 10) }],
    ['decision', decision()],
    ['appeal', { text: 'Jeg klager.' }],
    ['reconsideration', { outcome: 'upheld', justification: 'Vedtaket står.' }],
    ['appeal-body-decision', { outcome: 'upheld' }],
    ['re-evaluation', { outcome: 'continue' }],
    ['withdraw', { reason: 'Igjen.' }],
  ];
  for (const [step, body] of steps) {
    const res = await call('POST', `/api/cases/${id}/${step}`, body);
    expect(res.status, `${step}: ${JSON.stringify(res.body)}`).toBe(409);
    expect(res.body.error.code, step).toBe('case_closed');
    expect(res.body.error.message).toMatch(/closed/);
  }
}

describe('the steps', () => {
  it('takes a case from contact through home visit to a decision, recording who took each step', async () => {
    const { id } = await newCase();
    const contacted = await call('POST', `/api/cases/${id}/contact`, { note: 'Ringte søker.' }, {
      authorization: `Bearer ${await stack.issuer.tokenFor(['caseworker'], undefined, 'saksbehandler-17')}`,
    });
    expect(contacted.status, JSON.stringify(contacted.body)).toBe(200);
    expect(contacted.body.status).toBe('contacted');

    const scheduledAt = inTwoWeeks();
    const booked = await call('POST', `/api/cases/${id}/home-visit`, { scheduledAt });
    expect(booked.status, JSON.stringify(booked.body)).toBe(200);
    expect(booked.body.status).toBe('visit_scheduled');
    expect(booked.body.homeVisit.scheduledAt).toBe(scheduledAt);

    const done = await call('POST', `/api/cases/${id}/home-visit/complete`, { notes: 'Trenger hjelp morgen og kveld.' });
    expect(done.body.status).toBe('under_assessment');

    const replied = await call('POST', `/api/cases/${id}/provisional-reply`, { reason: 'Venter på legeerklæring.', expectedDecisionBy: new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10) });
    expect(replied.status, JSON.stringify(replied.body)).toBe(200);
    expect(replied.body.flags.provisionalReplySent).toBe(true);

    const decided = await call('POST', `/api/cases/${id}/decision`, decision());
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    expect(decided.body.status).toBe('decided');
    expect(decided.body.decision.outcome).toBe('granted');
    expect(Date.parse(decided.body.deadlines.appealBy)).toBeGreaterThan(Date.now());

    const history = await events(id);
    const types = history.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['received', 'contacted', 'home_visit_scheduled', 'home_visit_completed', 'provisional_reply_sent', 'decision_issued']));
    expect(types.indexOf('received')).toBeLessThan(types.indexOf('contacted'));
    expect(history.find((e) => e.type === 'contacted')?.actor).toBe('saksbehandler-17');
    expect(history.find((e) => e.type === 'decision_issued')?.actor).toBe(DEFAULT_SUB);
    const sorted = [...history].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    expect(history.map((e) => e.at)).toEqual(sorted.map((e) => e.at));

    const kinds = await eventually('the decision letter', async () => {
      const items = (await letters(id)).map((l) => l.kind);
      return items.includes('decision') && items;
    });
    expect(kinds).toEqual(expect.arrayContaining(['acknowledgement', 'home_visit_confirmation', 'provisional_reply', 'decision']));
  });

  it('refuses a step the status does not allow with 409 invalid_transition, and records nothing', async () => {
    const { id } = await newCase();
    await eventually('the received event', async () => (await events(id)).length > 0);
    const before = await events(id);
    const res = await call('POST', `/api/cases/${id}/home-visit/complete`, {});
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('invalid_transition');
    expect(res.body.error.message).toContain('received');
    expect(res.body.error.message).toContain('contact');
    const appeal = await call('POST', `/api/cases/${id}/appeal`, {});
    expect(appeal.status).toBe(409);
    expect(await events(id)).toEqual(before);
    expect((await call('GET', `/api/cases/${id}`)).body.status).toBe('received');
  });

  it('applies a retried step with the same Idempotency-Key once, also when the retries race', async () => {
    // Booking a home visit is a step the status allows again and again (it moves the visit), so only
    // the key can keep a retry from being applied a second time.
    const { id } = await newCase();
    // Each step is answered once its events are recorded: a duplicate would be there by now.
    const bookings = async () => (await events(id)).filter((e) => e.type === 'home_visit_scheduled' || e.type === 'home_visit_moved');
    const key = randomUUID();
    const first = { scheduledAt: inTwoWeeks() };
    const answers = await Promise.all(Array.from({ length: 6 }, () => call('POST', `/api/cases/${id}/home-visit`, first, { 'Idempotency-Key': key })));
    for (const res of answers) expect(res.status, JSON.stringify(res.body)).toBe(200);
    for (const res of answers) expect(res.body).toEqual(answers[0]!.body);
    expect(answers[0]!.body.homeVisit.scheduledAt).toBe(first.scheduledAt);
    expect(await bookings()).toHaveLength(1);

    // Another key is another step: the visit moves.
    const moved = { scheduledAt: new Date(Date.now() + 15 * 86_400_000).toISOString() };
    const move = await call('POST', `/api/cases/${id}/home-visit`, moved, { 'Idempotency-Key': randomUUID() });
    expect(move.status, JSON.stringify(move.body)).toBe(200);
    expect(move.body.homeVisit.scheduledAt).toBe(moved.scheduledAt);
    expect(await bookings()).toHaveLength(2);

    // The first key once more, later: answered as the first time, and the visit stays where it was moved.
    const late = await call('POST', `/api/cases/${id}/home-visit`, first, { 'Idempotency-Key': key });
    expect(late.status).toBe(200);
    expect(late.body).toEqual(answers[0]!.body);
    expect(await bookings()).toHaveLength(2);
    expect((await call('GET', `/api/cases/${id}`)).body.homeVisit.scheduledAt).toBe(moved.scheduledAt);
    const confirmations = await eventually('the two confirmations', async () => {
      const items = (await letters(id)).filter((l) => l.kind === 'home_visit_confirmation');
      return items.length >= 2 && items;
    });
    expect(confirmations).toHaveLength(2);
  });

  it('closes a withdrawn case; every step after that is 409 case_closed, and GET still answers', async () => {
    const { id } = await newCase();
    const key = randomUUID();
    const withdrawn = await call('POST', `/api/cases/${id}/withdraw`, { reason: 'Søker har flyttet.' }, { 'Idempotency-Key': key });
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
    expect(withdrawn.body).toMatchObject({ status: 'closed', closedReason: 'withdrawn' });
    // The workflow has finished; a retry of the same step with the same key still gets the first answer.
    const retried = await call('POST', `/api/cases/${id}/withdraw`, { reason: 'Søker har flyttet.' }, { 'Idempotency-Key': key });
    expect(retried.status).toBe(200);
    expect(retried.body).toEqual(withdrawn.body);
    const eventsAfter = await eventually('the withdrawn event', async () => {
      const items = await events(id);
      return items.some((e) => e.type === 'withdrawn') && items;
    });

    await expectEveryStepClosed(id);
    expect(await events(id)).toEqual(eventsAfter);
    const view = await call('GET', `/api/cases/${id}`);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ status: 'closed', closedReason: 'withdrawn' });

    // Withdrawn after a refusal, which a closed case could otherwise still be appealed against: closed all the same.
    const refused = await newCase();
    expect((await call('POST', `/api/cases/${refused.id}/decision`, decision('refused'))).status).toBe(200);
    expect((await call('POST', `/api/cases/${refused.id}/withdraw`, { reason: 'Flytter.' })).body).toMatchObject({ status: 'closed', closedReason: 'withdrawn' });
    const refusedEvents = await events(refused.id);
    await expectEveryStepClosed(refused.id);
    expect(await events(refused.id)).toEqual(refusedEvents);
  });

  it('takes an appeal through reconsideration to the appeal body', async () => {
    const { id } = await newCase({ municipality: 'nordre-land' });
    expect((await call('POST', `/api/cases/${id}/decision`, decision('refused'))).status).toBe(200);
    const appealed = await call('POST', `/api/cases/${id}/appeal`, { text: 'Jeg klager på vedtaket.' });
    expect(appealed.status, JSON.stringify(appealed.body)).toBe(200);
    expect(appealed.body.status).toBe('under_reconsideration');
    const upheld = await call('POST', `/api/cases/${id}/reconsideration`, { outcome: 'upheld', justification: 'Vedtaket opprettholdes.' });
    expect(upheld.body).toMatchObject({ status: 'with_appeal_body', appealBody: 'statsforvalteren' });
    const ruled = await call('POST', `/api/cases/${id}/appeal-body-decision`, { outcome: 'quashed', justification: 'Saken sendes tilbake.' });
    expect(ruled.status, JSON.stringify(ruled.body)).toBe(200);
    expect(ruled.body.status).toBe('under_assessment');
    const types = (await events(id)).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['appeal_received', 'reconsideration', 'appeal_forwarded', 'appeal_body_decision']));
  });
});

describe('letters', () => {
  it('renders a letter as a PDF; an unknown letter is 404', async () => {
    const { id } = await newCase();
    const [ack] = await eventually('the acknowledgement letter', async () => {
      const items = await letters(id);
      return items.length > 0 && items;
    });
    const res = await fetch(`${stack.url}/api/cases/${id}/letters/${ack?.id}.pdf`, { headers: { authorization: `Bearer ${await defaultTestToken()}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const missing = await call('GET', `/api/cases/${id}/letters/${randomUUID()}.pdf`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
  });
});

describe('GET /api/health', () => {
  it('is 200 when Temporal and the database answer', async () => {
    const res = await call('GET', '/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', temporal: 'ok', database: 'ok' });
  });
});
