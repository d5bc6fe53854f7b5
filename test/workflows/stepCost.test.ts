// What one step costs before it answers, and that answering sooner gave up nothing: one activity
// (one transaction) for the change's event, view and letter; the letter's delivery after the answer;
// a retried step (same Idempotency-Key) or a retried activity makes no second event and no second letter;
// a step that changes nothing managers see upserts no search attribute and no memo, and one that leaves
// the earliest deadline where it was keeps its timer.
import type { WorkflowHandle } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { CaseChangeWithLetters } from '../../activities/recordChangeWithLetters';
import type { CaseWorkflow } from '../../workflows/case';
import { PATCHES } from '../../workflows/patches';
import { LetterDeliveries } from '../../temporal/letterDeliveries';
import * as m from '../../workflows/messages';
import { createHarness, DAY, fakeActivities, settled, startCase, until, withWorker, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

async function historyOf(handle: WorkflowHandle<typeof CaseWorkflow>): Promise<HistoryEvent[]> {
  return (await handle.fetchHistory()).events ?? [];
}

const visitIn = async (days: number) => new Date((await h.env.currentTimeMs()) + days * DAY).toISOString();

describe('the cost of a step', () => {
  it("bundles no zod: each case run the worker keeps would build the steps' schemas again (about 1 MB and a fifth of the workflow threads' time)", () => {
    // The step modules build their schemas for the API; worker/inertZod.ts stands in for zod in the sandbox.
    expect(h.bundle.code).not.toMatch(/node_modules\/zod\//);
    expect(h.bundle.code).toMatch(/worker\/inertZod\.ts/);
  });

  it('answers after one activity and two workflow tasks; the letter goes out after the answer', async () => {
    const fakes = fakeActivities();
    await withWorker(h, fakes, async (tq) => {
      const handle = await startCase(h, tq);
      await until(() => fakes.letterKinds(handle.workflowId.slice('case-'.length)).includes('acknowledgement'), 'acknowledgement');
      await settled(handle);
      const skip = (await historyOf(handle)).length;

      await handle.executeUpdate(m.homeVisitUpdate, { args: [{ scheduledAt: await visitIn(30), idempotencyKey: 'visit-1' }] });
      await settled(handle);
      const events = (await historyOf(handle)).slice(skip);
      const completedAt = events.findIndex((e) => e.workflowExecutionUpdateCompletedEventAttributes);
      const beforeAnswer = events.slice(0, completedAt);
      expect(beforeAnswer.filter((e) => e.activityTaskScheduledEventAttributes)).toHaveLength(1);
      // One task accepts the step and schedules the activity; the next, on its result, answers.
      expect(beforeAnswer.filter((e) => e.workflowTaskCompletedEventAttributes)).toHaveLength(2);
      expect(beforeAnswer.filter((e) => e.childWorkflowExecutionStartedEventAttributes)).toHaveLength(0);

      // The confirmation's delivery is started by the task that answers, and starts after the answer.
      const answering = beforeAnswer.map((e) => !!e.workflowTaskCompletedEventAttributes).lastIndexOf(true);
      expect(events.findIndex((e) => e.startChildWorkflowExecutionInitiatedEventAttributes)).toBeGreaterThan(answering);
      expect(events.findIndex((e) => e.childWorkflowExecutionStartedEventAttributes)).toBeGreaterThan(completedAt);
      const confirmation = (fakes.activities.recordChangeWithLetters as unknown as ReturnType<typeof vi.fn>).mock.calls
        .map((c) => c[0] as CaseChangeWithLetters)
        .find((c) => c.letters.some((l) => l.kind === 'home_visit_confirmation'));
      expect(confirmation?.events.map((e) => e.type)).toEqual(['home_visit_scheduled']);
      await until(() => (fakes.activities.deliverLetter as unknown as ReturnType<typeof vi.fn>).mock.calls.length >= 2, 'the confirmation delivered');

      // Moved again while the provisional reply is the nearest deadline: nothing managers see changes, nothing is upserted.
      await settled(handle);
      const skipMore = (await historyOf(handle)).length;
      await handle.executeUpdate(m.homeVisitUpdate, { args: [{ scheduledAt: await visitIn(31), idempotencyKey: 'visit-2' }] });
      await settled(handle);
      const moved = (await historyOf(handle)).slice(skipMore);
      expect(moved.filter((e) => e.workflowExecutionUpdateCompletedEventAttributes)).toHaveLength(1);
      expect(moved.filter((e) => e.upsertWorkflowSearchAttributesEventAttributes || e.workflowPropertiesModifiedEventAttributes)).toEqual([]);
      // Nor does the earliest deadline move (the provisional reply, before the visit's reminder): its timer runs on.
      expect(moved.filter((e) => e.timerStartedEventAttributes || e.timerCanceledEventAttributes)).toEqual([]);
    });
  });

  it("costs the case one activity and two workflow tasks, and nothing after, when the record starts the letter's delivery", async () => {
    const fakes = fakeActivities();
    // As the worker's real activity does when it has a client: the deliveries start once the record is in.
    const record = fakes.activities.recordChangeWithLetters;
    let taskQueue = '';
    fakes.activities.recordChangeWithLetters = vi.fn(async (change: CaseChangeWithLetters) => {
      const issued = await record(change);
      if (!change.startDeliveries) return issued;
      const deliveries = new LetterDeliveries(h.env.client);
      return Promise.all(
        issued.map(async (letter) => {
          await deliveries.start({ caseId: change.caseId, letterId: letter.letterId, channels: letter.channels }, { taskQueue });
          return { ...letter, deliveryStarted: true as const };
        }),
      );
    });
    await withWorker(h, fakes, async (tq) => {
      taskQueue = tq;
      const handle = await startCase(h, tq);
      await until(() => (fakes.activities.deliverLetter as unknown as ReturnType<typeof vi.fn>).mock.calls.length >= 1, 'the acknowledgement delivered');
      await settled(handle);
      const skip = (await historyOf(handle)).length;

      await handle.executeUpdate(m.homeVisitUpdate, { args: [{ scheduledAt: await visitIn(30), idempotencyKey: 'visit-1' }] });
      await until(() => (fakes.activities.deliverLetter as unknown as ReturnType<typeof vi.fn>).mock.calls.length >= 2, 'the confirmation delivered');
      await settled(handle);
      const events = (await historyOf(handle)).slice(skip);
      // Everything the step cost the case: the Update, one activity, two workflow tasks; no child, before or after.
      expect(events.filter((e) => e.activityTaskScheduledEventAttributes)).toHaveLength(1);
      expect(events.filter((e) => e.workflowTaskCompletedEventAttributes)).toHaveLength(2);
      expect(events.filter((e) => e.startChildWorkflowExecutionInitiatedEventAttributes || e.childWorkflowExecutionStartedEventAttributes || e.childWorkflowExecutionCompletedEventAttributes)).toEqual([]);
      // The answer is the last thing the case wrote: its letter's delivery, done by now, left nothing here.
      expect(events.at(-1)?.workflowExecutionUpdateCompletedEventAttributes).toBeTruthy();
    });
  });

  it('records a step once when it is retried with the same Idempotency-Key and when its activity is retried', async () => {
    const fakes = fakeActivities();
    // The first attempt for the visit commits and then loses its answer (a worker that crashed just after the commit).
    const record = fakes.activities.recordChangeWithLetters;
    let lostOnce = false;
    fakes.activities.recordChangeWithLetters = vi.fn(async (change: CaseChangeWithLetters) => {
      const issued = await record(change);
      if (!lostOnce && change.events.some((e) => e.type === 'home_visit_scheduled')) {
        lostOnce = true;
        throw new Error('connection lost after commit');
      }
      return issued;
    });
    await withWorker(h, fakes, async (tq) => {
      const handle = await startCase(h, tq);
      const caseId = handle.workflowId.slice('case-'.length);
      const input = { scheduledAt: await visitIn(30), idempotencyKey: 'visit-1' };
      const first = await handle.executeUpdate(m.homeVisitUpdate, { args: [input] });
      // The caseworker's system retries the same request: the same answer, nothing applied twice.
      const [again, concurrently] = await Promise.all([
        handle.executeUpdate(m.homeVisitUpdate, { args: [input] }),
        handle.executeUpdate(m.homeVisitUpdate, { args: [input] }),
      ]);
      expect(again.homeVisit).toEqual(first.homeVisit);
      expect(concurrently.homeVisit).toEqual(first.homeVisit);
      await settled(handle);

      expect(lostOnce).toBe(true);
      expect(fakes.events(caseId).filter((t) => t === 'home_visit_scheduled')).toHaveLength(1);
      expect(fakes.letterKinds(caseId).filter((k) => k === 'home_visit_confirmation')).toHaveLength(1);
      // Two attempts of one activity for the step, none for its retries.
      const calls = (fakes.activities.recordChangeWithLetters as unknown as ReturnType<typeof vi.fn>).mock.calls.map((c) => c[0] as CaseChangeWithLetters);
      expect(calls.filter((c) => c.events.some((e) => e.type === 'home_visit_scheduled'))).toHaveLength(2);
      // One delivery workflow for the confirmation, started once.
      const children = (await historyOf(handle)).filter((e) => e.startChildWorkflowExecutionInitiatedEventAttributes);
      expect(children).toHaveLength(2); // the acknowledgement's and the confirmation's
      // Each patch's marker, once, from the registration: a history recorded before them replays the old paths.
      const patches = (await historyOf(handle))
        .map((e) => e.markerRecordedEventAttributes?.details?.['patch-data']?.payloads?.[0]?.data)
        .filter((data) => data)
        .map((data) => (JSON.parse(Buffer.from(data!).toString('utf8')) as { id: string }).id);
      expect(patches.sort()).toEqual([PATCHES.appealRights, PATCHES.decisionNotice, PATCHES.deliveriesStartedWithRecord, PATCHES.keepUnchangedTimer, PATCHES.oneTransactionPerChange, PATCHES.publishOnlyChanges, PATCHES.reductions].sort());
    });
  });
});
