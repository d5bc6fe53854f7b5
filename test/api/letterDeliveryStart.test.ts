// A step's letters are delivered by workflows of their own that the step's record activity starts once
// its transaction has committed, not by children of the case (deliveries-started-with-record, decision
// record 0007): the case's history holds neither their start nor their end, and a start made again
// (a retried activity) finds the delivery and sends nothing twice. Over the real stack: the API, the
// dev server, a real Worker with its client, PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LetterDeliveries } from '../../temporal/letterDeliveries';
import { caseWorkflowId, letterDeliveryWorkflowId } from '../../workflows/messages';
import { PATCHES } from '../../workflows/patches';
import { eventually } from '../support/eventually';
import { application } from './support/applications';
import { startApiStack, type ApiStack } from './support/apiStack';

let stack: ApiStack;

beforeAll(async () => {
  stack = await startApiStack();
});

afterAll(async () => {
  await stack?.stop();
});

const inTwoWeeks = () => new Date(Date.now() + 14 * 86_400_000).toISOString();

async function caseMovedToAVisit(): Promise<{ id: string; confirmation: string }> {
  const created = await stack.call('POST', '/api/cases', application());
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.id as string;
  expect((await stack.call('POST', `/api/cases/${id}/contact`, {})).status).toBe(200);
  const visit = await stack.call('POST', `/api/cases/${id}/home-visit`, { scheduledAt: inTwoWeeks() });
  expect(visit.status, JSON.stringify(visit.body)).toBe(200);
  const letters = (await stack.call('GET', `/api/cases/${id}/letters`)).body.items as Array<{ id: string; kind: string }>;
  const confirmation = letters.find((l) => l.kind === 'home_visit_confirmation');
  expect(confirmation, JSON.stringify(letters.map((l) => l.kind))).toBeDefined();
  return { id, confirmation: confirmation!.id };
}

const deliveryDone = (letterId: string) =>
  eventually(`the delivery of ${letterId} completed`, async () => {
    const d = await stack.temporal.workflow.getHandle(letterDeliveryWorkflowId(letterId)).describe().catch(() => undefined);
    return d?.status.name === 'COMPLETED' && d;
  });

describe("a step's letter", () => {
  it('is delivered by a workflow its record started, which the case neither starts nor hears the end of', { timeout: 60_000 }, async () => {
    const { id, confirmation } = await caseMovedToAVisit();
    const delivery = await deliveryDone(confirmation);
    // Not the case's child: no parent, and the case's history holds no child at all.
    expect(delivery.raw.workflowExecutionInfo?.parentExecution ?? null).toBeNull();
    const history = (await stack.temporal.workflow.getHandle(caseWorkflowId(id)).fetchHistory()).events ?? [];
    expect(history.filter((e) => e.startChildWorkflowExecutionInitiatedEventAttributes)).toHaveLength(0);
    expect(history.filter((e) => e.childWorkflowExecutionCompletedEventAttributes)).toHaveLength(0);
    const patches = history
      .map((e) => e.markerRecordedEventAttributes?.details?.['patch-data']?.payloads?.[0]?.data)
      .filter((data) => data)
      .map((data) => (JSON.parse(Buffer.from(data!).toString('utf8')) as { id: string }).id);
    expect(patches).toContain(PATCHES.deliveriesStartedWithRecord);
    // Every outbox row of the case was dealt with by its delivery (this stack has no channel configured: skipped).
    await eventually('no outbox row of the case pending', async () => {
      const statuses = await stack.db('letter_deliveries').join('letters', 'letters.id', 'letter_deliveries.letter_id').where('letters.case_id', id).pluck('letter_deliveries.status');
      return statuses.length > 0 && statuses.every((s) => s !== 'pending');
    });
  });

  it('is not delivered twice when its start is made again, as a retried activity would', { timeout: 60_000 }, async () => {
    const { id, confirmation } = await caseMovedToAVisit();
    await deliveryDone(confirmation);
    const outbox = () => stack.db('letter_deliveries').where({ letter_id: confirmation }).orderBy('channel').select('channel', 'status', 'attempts', 'delivered_at');
    const before = await eventually('the outbox rows dealt with', async () => {
      const rows = await outbox();
      return rows.length > 0 && rows.every((r) => r.status !== 'pending') && rows;
    });
    const channels = before.map((r) => r.channel);
    const deliveries = new LetterDeliveries(stack.temporal);
    // Done: the id may not be used again. Then twice at once, as two attempts racing would.
    await deliveries.start({ caseId: id, letterId: confirmation, channels }, { taskQueue: stack.taskQueue });
    await Promise.all([1, 2].map(() => deliveries.start({ caseId: id, letterId: confirmation, channels }, { taskQueue: stack.taskQueue })));
    await eventually('the delivery listed', async () => (await stack.temporal.workflow.count(`WorkflowId = "${letterDeliveryWorkflowId(confirmation)}"`)).count > 0);
    expect((await stack.temporal.workflow.count(`WorkflowId = "${letterDeliveryWorkflowId(confirmation)}"`)).count).toBe(1);
    const runs = await stack.temporal.workflow.getHandle(letterDeliveryWorkflowId(confirmation)).describe();
    expect(runs.status.name).toBe('COMPLETED');
    expect(await outbox()).toEqual(before);
  });
});
