// One whole case over HTTP against the launcher's own stack, with a policy of seconds:
// from the application to closing, as a caseworker's system would drive it.
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseDataConverter } from '../../temporal/dataConverter';
import { caseWorkflowId } from '../../workflows/messages';
import { CaseStatusKey, MunicipalityKey, NextDeadlineKey, OverdueKey, ServiceCodesKey } from '../../workflows/searchAttributes';
import { eventually } from '../support/eventually';
import { api, startStack, type Stack } from '../../scripts/stack/startStack';
import { application, applicant, secondsPolicy } from '../../scripts/stack/secondsPolicy';

let stack: Stack;
let temporal: Client;
let connection: Connection;

beforeAll(async () => {
  stack = await startStack({ policy: secondsPolicy });
  connection = await Connection.connect({ address: stack.temporalAddress });
  // The launcher's own key: the memo and results are encrypted.
  temporal = new Client({ connection, dataConverter: caseDataConverter(stack.payloadKeys()) });
}, 120_000);

afterAll(async () => {
  await connection?.close();
  const code = await stack?.stop();
  expect(code).toBe(0);
});

async function searchAttributes(caseId: string) {
  const description = await temporal.workflow.getHandle(caseWorkflowId(caseId)).describe();
  const sa = description.typedSearchAttributes;
  return {
    status: sa.get(CaseStatusKey),
    municipality: sa.get(MunicipalityKey),
    services: sa.get(ServiceCodesKey),
    nextDeadline: sa.get(NextDeadlineKey),
    overdue: sa.get(OverdueKey),
    memo: JSON.stringify(description.memo ?? {}),
  };
}

describe('a whole case over HTTP', () => {
  it('runs from application to closing with every timer on its own', { timeout: 120_000 }, async () => {
    const call = api(stack.apiUrl, stack.token);
    const created = await call('POST', '/api/cases', application('namsos'), { 'Idempotency-Key': 'e2e-whole-case' });
    expect(created.status).toBe(201);
    const id: string = created.body.id;
    expect(created.headers.get('location')).toBe(`/api/cases/${id}`);
    // A second case nobody touches: its contact (20 s) and provisional-reply (40 s) timers fire on their own.
    const idle = await call('POST', '/api/cases', application('namsos'));
    expect(idle.status).toBe(201);
    expect(created.body.status).toBe('received');
    const step = async (name: string, body: unknown, expected: string) => {
      const res = await call('POST', `/api/cases/${id}/${name}`, body);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.status).toBe(expected);
      expect((await searchAttributes(id)).status).toBe(expected);
      return res.body;
    };

    // The workflow sets its search attributes in its first task, a moment after the registration answered.
    const sa = await eventually('the first search attributes', async () => {
      const found = await searchAttributes(id);
      return found.overdue !== undefined && found;
    });
    expect(sa).toMatchObject({ status: 'received', municipality: 'namsos', services: ['home_nursing'], overdue: false });
    // Managers see nothing that identifies the applicant.
    expect(sa.memo).not.toContain(applicant.nationalId);
    expect(sa.memo).not.toContain(applicant.name);
    expect(caseWorkflowId(id)).not.toContain(applicant.nationalId);

    await step('contact', { note: 'Ringte søker.' }, 'contacted');
    // The reminder goes 2 s before the visit: leave room for a slow machine to book it first.
    await step('home-visit', { scheduledAt: new Date(Date.now() + 8_000).toISOString() }, 'visit_scheduled');
    await eventually('the home visit reminder', async () => {
      const letters = await call('GET', `/api/cases/${id}/letters`);
      return letters.body.items.some((l: { kind: string }) => l.kind === 'home_visit_reminder');
    }, 15_000);
    await step('home-visit/complete', { notes: 'Behov kartlagt.' }, 'under_assessment');

    // Long enough for the appeal period (4 s), one re-evaluation cycle (3 s) and a slow machine before it ends.
    const until = new Date(Date.now() + 20_000).toISOString();
    const decided = await step(
      'decision',
      { outcome: 'granted', services: [{ code: 'home_nursing', hoursPerWeek: 3, until }], justification: 'Du har behov for hjemmesykepleie.' },
      'decided',
    );
    expect(decided.deadlines.appealBy).not.toBeNull();
    expect((await searchAttributes(id)).nextDeadline?.toISOString()).toBe(decided.deadlines.appealBy);

    // The appeal period runs out: the decision is final and services run.
    await eventually('active', async () => (await call('GET', `/api/cases/${id}`)).body.status === 'active', 15_000);
    // A re-evaluation falls due on its own and the office is overdue until it re-evaluates.
    await eventually('re-evaluation due', async () => (await call('GET', `/api/cases/${id}`)).body.flags.reEvaluationDue, 15_000);
    expect((await searchAttributes(id)).overdue).toBe(true);
    const continued = await step('re-evaluation', { outcome: 'continue' }, 'active');
    expect(continued.flags.reEvaluationDue).toBe(false);

    // The time-limited decision ends: a notice first, then the case closes.
    const closed = await eventually('closed', async () => {
      const view = (await call('GET', `/api/cases/${id}`)).body;
      return view.status === 'closed' ? view : undefined;
    }, 30_000);
    expect(closed.closedReason).toBe('expired');
    // Nothing is due on a closed case.
    expect(closed.flags.reEvaluationDue).toBe(false);
    expect((await searchAttributes(id)).overdue).toBe(false);

    // The view answers from the workflow as soon as it changed; the change's events are recorded a moment after.
    const events = await eventually('the expiry recorded', async () => {
      const types = (await call('GET', `/api/cases/${id}/events`)).body.items.map((e: { type: string }) => e.type) as string[];
      return types.includes('expired') && types;
    }, 10_000);
    for (const type of [
      'received',
      'contacted',
      'home_visit_scheduled',
      'home_visit_reminder_sent',
      'home_visit_completed',
      'decision_issued',
      'decision_final',
      're_evaluation_due',
      're_evaluation',
      'expiry_notice_sent',
      'expired',
    ]) {
      expect(events, type).toContain(type);
    }
    // The closing letter is issued a moment after the case shows as closed.
    const letters = await eventually('the closing letter', async () => {
      const items = (await call('GET', `/api/cases/${id}/letters`)).body.items;
      return items.some((l: { kind: string }) => l.kind === 'closing') ? items : undefined;
    }, 10_000);
    const kinds = letters.map((l: { kind: string }) => l.kind);
    for (const kind of ['acknowledgement', 'home_visit_confirmation', 'home_visit_reminder', 'decision', 're_evaluation_notice', 'expiry_notice', 'closing']) {
      expect(kinds, kind).toContain(kind);
    }
    const decisionLetter = letters.find((l: { kind: string }) => l.kind === 'decision');
    expect(decisionLetter.body).toContain('Brukerkontoret');
    expect(decisionLetter.body).toContain('95 98 81 35');
    expect(JSON.stringify(letters)).not.toContain(applicant.nationalId);

    // The untouched case: overdue for contact once its week (20 s) ran out, then a provisional reply
    // (foreløpig svar) when no decision came within its four weeks (40 s), with its letter.
    const idleId: string = idle.body.id;
    type Event = { type: string; at: string; actor: string; data: Record<string, unknown> };
    const idleEvents = await eventually('the automatic provisional reply', async () => {
      const items: Event[] = (await call('GET', `/api/cases/${idleId}/events`)).body.items;
      return items.some((e) => e.type === 'provisional_reply_sent') && items;
    }, 60_000);
    const replied = (await call('GET', `/api/cases/${idleId}`)).body;
    expect(replied).toMatchObject({ status: 'received', flags: { contactOverdue: true, provisionalReplySent: true } });
    expect(idleEvents.map((e) => e.type)).toEqual(['received', 'contact_overdue', 'provisional_reply_sent']);
    const overdue = idleEvents[1]!;
    const provisional = idleEvents[2]!;
    expect(overdue).toMatchObject({ actor: 'system', data: { contactBy: idle.body.deadlines.contactBy } });
    expect(Date.parse(overdue.at)).toBeGreaterThanOrEqual(Date.parse(idle.body.deadlines.contactBy));
    expect(provisional).toMatchObject({ actor: 'system', data: { automatic: true } });
    expect(Date.parse(provisional.at)).toBeGreaterThanOrEqual(Date.parse(idle.body.deadlines.provisionalReplyBy));
    await eventually('the provisional reply letter', async () => {
      const items = (await call('GET', `/api/cases/${idleId}/letters`)).body.items;
      return items.some((l: { kind: string }) => l.kind === 'provisional_reply');
    }, 10_000);

    // A step on a closed case is refused and changes nothing.
    const refused = await call('POST', `/api/cases/${id}/contact`, {});
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('case_closed');
    expect((await call('GET', `/api/cases/${id}/events`)).body.items).toHaveLength(events.length);
  });

  it('takes an appeal through the chain over HTTP', { timeout: 60_000 }, async () => {
    const call = api(stack.apiUrl, stack.token);
    const created = await call('POST', '/api/cases', application('luroy', ['safety_alarm']));
    const id = created.body.id;
    const decided = await call('POST', `/api/cases/${id}/decision`, {
      outcome: 'refused',
      services: [{ code: 'safety_alarm' }],
      justification: 'Du har ikke behov for trygghetsalarm nå.',
    });
    expect(decided.body.status).toBe('decided');
    expect(Object.keys(decided.body.decision.appealDeadlines)).toEqual(['klagenemnd']);
    const appealed = await call('POST', `/api/cases/${id}/appeal`, { text: 'Jeg faller ofte.' });
    expect(appealed.body.status).toBe('under_reconsideration');
    const forwarded = await call('POST', `/api/cases/${id}/reconsideration`, { outcome: 'upheld', justification: 'Vi står ved vedtaket.' });
    expect(forwarded.body).toMatchObject({ status: 'with_appeal_body', appealBody: 'klagenemnd' });
    const reversed = await call('POST', `/api/cases/${id}/appeal-body-decision`, { outcome: 'reversed', justification: 'Klagen tas til følge.' });
    expect(reversed.body.status).toBe('active');
    const stats = await call('GET', '/api/stats?municipality=luroy');
    expect(stats.status).toBe(200);
  });

  it("needs a token, and an auditor's token from npm run token shows who read the case", { timeout: 60_000 }, async () => {
    const call = api(stack.apiUrl, stack.token);
    const created = await call('POST', '/api/cases', application('namsos'), { 'X-Access-Reason': 'Søknad mottatt på e-post' });
    expect(created.status).toBe(201);
    const id: string = created.body.id;
    const anonymous = await api(stack.apiUrl, null)('GET', `/api/cases/${id}`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await call('GET', `/api/cases/${id}`)).status).toBe(200);

    const auditor = api(stack.apiUrl, await stack.mintToken({ sub: 'e2e-revisor', roles: ['auditor'], municipalities: ['namsos'] }));
    expect((await auditor('GET', `/api/cases/${id}`)).status).toBe(403);
    const log = await auditor('GET', `/api/access-log?caseId=${id}`);
    expect(log.status).toBe(200);
    expect(log.body.items.map((r: { actor: string; action: string }) => `${r.actor} ${r.action}`)).toEqual([
      'e2e-saksbehandler case.view',
      'e2e-saksbehandler case.register',
    ]);
    expect(log.body.items[1].reason).toBe('Søknad mottatt på e-post');
  });
});
