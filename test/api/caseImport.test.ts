// Bringing the office's open cases over, over HTTP against the real stack (API, Temporal dev server, a
// real Worker, PostgreSQL): each worked example imported, then the case goes on as if it had started
// here — a deadline already past falls due at once, no letter for what the old system did, the old case
// number quoted in the next letter; a second import adds nothing; a bad line is refused naming its field.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleLine, type ExampleKind } from '../../scripts/import/exampleDates';
import { eventually } from '../support/eventually';
import { IMPORTED_CASE_PRIORITY } from '../../temporal/caseWorkflows';
import { caseWorkflowId, letterDeliveryWorkflowId } from '../../workflows/messages';
import { application } from './support/applications';
import { startApiStack, type ApiStack } from './support/apiStack';
import type { Call } from './support/http';

let stack: ApiStack;
let call: Call;
let importer: Call;

beforeAll(async () => {
  stack = await startApiStack();
  call = stack.call;
  importer = stack.as(await stack.issuer.tokenFor(['importer'], ['namsos'], 'import-run-1'));
});

afterAll(async () => {
  await stack?.stop();
});

/** The example, with a sourceId of its own so each test imports a case of its own. */
function line(kind: ExampleKind): Record<string, any> {
  const l = exampleLine(kind);
  return { ...l, sourceId: `${String(l.sourceId)}-${randomUUID().slice(0, 8)}` };
}

async function imported(kind: ExampleKind): Promise<{ id: string; line: Record<string, any> }> {
  const l = line(kind);
  const res = await importer('POST', '/api/imports/cases', l);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  expect(res.body).toMatchObject({ created: true, dryRun: false, sourceId: l.sourceId, status: l.status });
  expect(res.headers.get('location')).toBe(`/api/cases/${res.body.caseId}`);
  return { id: res.body.caseId, line: l };
}

async function step(id: string, name: string, body: unknown): Promise<any> {
  const res = await call('POST', `/api/cases/${id}/${name}`, body);
  expect(res.status, `${name}: ${JSON.stringify(res.body)}`).toBe(200);
  return res.body;
}

async function events(id: string): Promise<{ type: string; actor: string; data: any }[]> {
  return (await call('GET', `/api/cases/${id}/events`)).body.items;
}

async function letters(id: string): Promise<{ kind: string; body: string }[]> {
  return (await call('GET', `/api/cases/${id}/letters`)).body.items;
}

async function view(id: string): Promise<any> {
  return (await call('GET', `/api/cases/${id}`)).body;
}

/** The `imported` event is recorded, first, naming the source; nothing was sent for the old steps. */
async function expectImportedOnly(id: string, l: Record<string, any>): Promise<void> {
  const recorded = await eventually('the imported event', async () => {
    const items = await events(id);
    return items.length > 0 && items;
  });
  expect(recorded[0]).toMatchObject({ type: 'imported', actor: 'import-run-1', data: { sourceId: l.sourceId, sourceCaseNumber: l.sourceCaseNumber } });
  expect(recorded.filter((e) => e.type === 'imported')).toHaveLength(1);
  expect((await letters(id)).map((x) => x.kind)).not.toContain('acknowledgement');
}

describe('each kind of case, imported, goes on as if it had started here', () => {
  it('waiting for contact: the contact deadline already past falls due at once; contact then moves it on', { timeout: 60_000 }, async () => {
    const { id, line: l } = await imported('waiting-for-contact');
    await expectImportedOnly(id, l);
    const overdue = await eventually('contactOverdue', async () => ((await view(id)).flags.contactOverdue ? await view(id) : false));
    expect(overdue).toMatchObject({ status: 'received', previousCaseNumber: l.sourceCaseNumber });
    expect((await events(id)).map((e) => e.type)).toEqual(['imported', 'contact_overdue']);
    expect(await letters(id)).toEqual([]);
    expect((await step(id, 'contact', {})).status).toBe('contacted');
  });

  it('visit booked: no letter for the booking; the visit is completed here', { timeout: 60_000 }, async () => {
    const { id, line: l } = await imported('visit-booked');
    await expectImportedOnly(id, l);
    expect(await view(id)).toMatchObject({ status: 'visit_scheduled', homeVisit: { scheduledAt: l.steps.homeVisit.scheduledAt, reminderSent: false } });
    expect((await step(id, 'home-visit/complete', {})).status).toBe('under_assessment');
    expect((await letters(id)).map((x) => x.kind)).not.toContain('home_visit_confirmation');
  });

  it('under assessment: decided here, and the decision letter quotes the old case number', { timeout: 60_000 }, async () => {
    const { id, line: l } = await imported('under-assessment');
    await expectImportedOnly(id, l);
    const decided = await step(id, 'decision', { outcome: 'granted', services: [{ code: 'practical_assistance', hoursPerWeek: 2 }], justification: 'Behovet er kartlagt.' });
    expect(decided.status).toBe('decided');
    const letter = await eventually('the decision letter', async () => (await letters(id)).find((x) => x.kind === 'decision'));
    expect(letter.body).toContain(`(tidligere saksnummer ${l.sourceCaseNumber})`);
    expect(letter.body).toContain(decided.caseNumber);
  });

  it('decided within its appeal period: the appeal is taken, in time', { timeout: 60_000 }, async () => {
    const { id, line: l } = await imported('decided-in-appeal-period');
    await expectImportedOnly(id, l);
    expect((await view(id)).deadlines.appealBy).toBeTruthy();
    const appealed = await step(id, 'appeal', { text: 'Jeg trenger praktisk bistand.' });
    expect(appealed).toMatchObject({ status: 'under_reconsideration', flags: { lateAppeal: false } });
  });

  it('active with a re-evaluation due: the flag and the notice at once; the re-evaluation schedules the next', { timeout: 60_000 }, async () => {
    const { id, line: l } = await imported('re-evaluation-due');
    await expectImportedOnly(id, l);
    const due = await eventually('reEvaluationDue', async () => ((await view(id)).flags.reEvaluationDue ? await view(id) : false));
    expect(due.status).toBe('active');
    const notice = await eventually('the re-evaluation notice', async () => (await letters(id)).find((x) => x.kind === 're_evaluation_notice'));
    expect(notice.body).toContain(`tidligere saksnummer ${l.sourceCaseNumber}`);
    const continued = await step(id, 're-evaluation', { outcome: 'continue' });
    expect(continued.flags.reEvaluationDue).toBe(false);
    expect(Date.parse(continued.deadlines.nextReEvaluationAt)).toBeGreaterThan(Date.now());
  });

  it("with the appeal body: the appeal body's ruling is taken (quashed: assessed again here)", { timeout: 60_000 }, async () => {
    const { id, line: l } = await imported('with-appeal-body');
    await expectImportedOnly(id, l);
    expect(await view(id)).toMatchObject({ status: 'with_appeal_body', appealBody: 'statsforvalteren' });
    const ruled = await step(id, 'appeal-body-decision', { outcome: 'quashed', justification: 'Saken er ikke godt nok utredet.' });
    expect(ruled.status).toBe('under_assessment');
  });

  it('time-limited grant about to expire: the expiry notice falls due at once; it stays active until the last day', { timeout: 60_000 }, async () => {
    const { id, line: l } = await imported('time-limited-expiring');
    await expectImportedOnly(id, l);
    await eventually('the expiry notice', async () => (await letters(id)).find((x) => x.kind === 'expiry_notice'));
    expect(await view(id)).toMatchObject({ status: 'active', deadlines: { expiresAt: expect.any(String) } });
    expect((await events(id)).map((e) => e.type)).toEqual(['imported', 'expiry_notice_sent']);
  });
});

describe("an import's backlog does not hold up a caseworker's own cases", () => {
  it("an imported case's workflow runs at Temporal's lower priority, a case registered here at the default", { timeout: 60_000 }, async () => {
    const { id: importedId } = await imported('waiting-for-contact');
    const registered = await call('POST', '/api/cases', application(), { 'Idempotency-Key': randomUUID() });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    const priorityOf = async (id: string) => (await stack.temporal.workflow.getHandle(caseWorkflowId(id)).describe()).raw.workflowExecutionInfo?.priority?.priorityKey ?? 0;
    expect(await priorityOf(importedId)).toBe(IMPORTED_CASE_PRIORITY);
    // 0: none given, the server's default (3), ahead of the imported ones.
    expect(await priorityOf(registered.body.id)).toBe(0);
  });

  it("an imported case's letters are delivered at its priority too, a registered case's at the default", { timeout: 60_000 }, async () => {
    const { id: importedId } = await imported('waiting-for-contact');
    const registered = await call('POST', '/api/cases', application(), { 'Idempotency-Key': randomUUID() });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    // The record's activity starts each delivery (not the case, as its child): it passes the case's priority on.
    for (const id of [importedId, registered.body.id as string]) {
      expect((await call('POST', `/api/cases/${id}/contact`, {})).status).toBe(200);
      const visit = await call('POST', `/api/cases/${id}/home-visit`, { scheduledAt: new Date(Date.now() + 14 * 86_400_000).toISOString() });
      expect(visit.status, JSON.stringify(visit.body)).toBe(200);
    }
    const deliveryPriority = async (id: string) => {
      const letters = (await call('GET', `/api/cases/${id}/letters`)).body.items as Array<{ id: string; kind: string }>;
      const confirmation = letters.find((l) => l.kind === 'home_visit_confirmation');
      expect(confirmation, JSON.stringify(letters.map((l) => l.kind))).toBeDefined();
      const described = await eventually('the delivery started', () => stack.temporal.workflow.getHandle(letterDeliveryWorkflowId(confirmation!.id)).describe().catch(() => undefined));
      return described.raw.workflowExecutionInfo?.priority?.priorityKey ?? 0;
    };
    expect(await deliveryPriority(importedId)).toBe(IMPORTED_CASE_PRIORITY);
    expect(await deliveryPriority(registered.body.id)).toBe(0);
  });
});

describe('once per sourceId, and only by an importer', () => {
  it('a second import of the same line adds nothing and answers with the first case', { timeout: 60_000 }, async () => {
    const { id, line: l } = await imported('decided-in-appeal-period');
    const again = await importer('POST', '/api/imports/cases', l);
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body).toMatchObject({ created: false, caseId: id });
    const rows = await stack.db('cases').where({ municipality: 'namsos', source_id: l.sourceId }).count<{ count: string }[]>('* as count');
    expect(Number(rows[0]?.count)).toBe(1);
    await eventually('the imported event', async () => (await events(id)).length > 0);
    expect((await events(id)).filter((e) => e.type === 'imported')).toHaveLength(1);
  });

  it('a dry run checks and starts nothing', async () => {
    const l = line('with-appeal-body');
    const res = await importer('POST', '/api/imports/cases?dryRun=true', l);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ sourceId: l.sourceId, status: 'with_appeal_body', created: false, dryRun: true, caseId: null, caseNumber: null });
    expect(await stack.db('cases').where({ source_id: l.sourceId }).first()).toBeUndefined();
  });

  it('a line that breaks a rule is 400 naming the field, and nothing is stored', async () => {
    const l = line('decided-in-appeal-period');
    l.steps.decision.decidedAt = new Date(Date.parse(l.receivedAt) - 86_400_000).toISOString();
    const res = await importer('POST', '/api/imports/cases', l);
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details).toContainEqual({ field: 'steps.decision.decidedAt', message: expect.stringMatching(/before the application was received/) });
    expect(await stack.db('cases').where({ source_id: l.sourceId }).first()).toBeUndefined();
  });

  it('a caseworker may not import; an importer reads no case', async () => {
    const l = line('waiting-for-contact');
    const asCaseworker = await call('POST', '/api/imports/cases', l);
    expect(asCaseworker.status).toBe(403);
    const { id } = await imported('waiting-for-contact');
    expect((await importer('GET', `/api/cases/${id}`)).status).toBe(403);
  });

  it('every import is in the access log under the importer', async () => {
    const { id } = await imported('visit-booked');
    const rows = await stack.db('access_log').where({ case_id: id });
    expect(rows).toContainEqual(expect.objectContaining({ actor: 'import-run-1', role: 'importer', action: 'case.import', municipality: 'namsos' }));
  });
});
