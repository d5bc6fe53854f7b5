// What a manager filters on in the Web UI stays current at every step and every timer.
import type { WorkflowHandle } from '@temporalio/client';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CaseWorkflow } from '../../workflows/case';
import * as m from '../../workflows/messages';
import { CaseStatusKey, MunicipalityKey, NextDeadlineKey, OverdueKey, ServiceCodesKey } from '../../workflows/searchAttributes';
import { createHarness, DAY, fakeActivities, startCase, until, withWorker, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});

async function attributes(handle: WorkflowHandle<typeof CaseWorkflow>) {
  const { typedSearchAttributes: sa, memo } = await handle.describe();
  return {
    status: sa.get(CaseStatusKey),
    municipality: sa.get(MunicipalityKey),
    services: sa.get(ServiceCodesKey),
    nextDeadline: sa.get(NextDeadlineKey)?.toISOString() ?? null,
    overdue: sa.get(OverdueKey),
    memo: memo as { summary?: Record<string, unknown> } | undefined,
  };
}

/** The search attributes agree with the case view, once the workflow has published them. */
async function expectCurrent(handle: WorkflowHandle<typeof CaseWorkflow>, expected: { status: string; overdue: boolean; next: 'contactBy' | 'provisionalReplyBy' | 'appealBy' | 'nextReEvaluationAt' | 'visit' | null }) {
  await until(async () => (await attributes(handle)).status === expected.status, `CaseStatus ${expected.status}`);
  const view = await handle.query(m.caseViewQuery);
  const sa = await attributes(handle);
  expect(sa.status).toBe(view.status);
  expect(sa.overdue).toBe(expected.overdue);
  const next =
    expected.next === null ? null : expected.next === 'visit' ? view.homeVisit!.scheduledAt : view.deadlines[expected.next];
  expect(sa.nextDeadline).toBe(next);
  expect(sa.memo?.summary).toMatchObject({ caseId: view.id, status: view.status, municipality: 'namsos', overdue: expected.overdue });
  return sa;
}

describe('search attributes', () => {
  it('follow the case through its steps and timers', async () => {
    const fakes = fakeActivities();
    await withWorker(h, fakes, async (tq) => {
      const handle = await startCase(h, tq, { services: ['home_nursing', 'safety_alarm'] });
      const received = await expectCurrent(handle, { status: 'received', overdue: false, next: 'contactBy' });
      expect(received).toMatchObject({ municipality: 'namsos', services: ['home_nursing', 'safety_alarm'] });

      // The contact deadline passes: the case is overdue.
      await h.env.sleep(8 * DAY);
      await until(async () => (await attributes(handle)).overdue === true, 'Overdue');
      await handle.executeUpdate(m.contactUpdate, { args: [{}] });
      // Contacted: the provisional reply is still owed, and its deadline is the one running.
      await expectCurrent(handle, { status: 'contacted', overdue: false, next: 'provisionalReplyBy' });

      const now = await h.env.currentTimeMs();
      await handle.executeUpdate(m.homeVisitUpdate, { args: [{ scheduledAt: new Date(now + 2 * DAY).toISOString() }] });
      await expectCurrent(handle, { status: 'visit_scheduled', overdue: false, next: 'visit' });
      await handle.executeUpdate(m.homeVisitCompleteUpdate, { args: [{}] });
      await handle.executeUpdate(m.decisionUpdate, {
        args: [{ outcome: 'granted', services: [{ code: 'home_nursing' }, { code: 'safety_alarm' }], justification: 'Behov.' }],
      });
      await expectCurrent(handle, { status: 'decided', overdue: false, next: 'appealBy' });

      // The appeal period runs out (a timer): active, with the next re-evaluation as the deadline. Slept
      // to its stated end: a period that ends on a holiday (1 January) runs to the next working day.
      const decided = await handle.query(m.caseViewQuery);
      await h.env.sleep(Date.parse(decided.deadlines.appealBy!) - (await h.env.currentTimeMs()) + DAY);
      await expectCurrent(handle, { status: 'active', overdue: false, next: 'nextReEvaluationAt' });
      // The re-evaluation falls due (a timer): overdue until the office re-evaluates.
      await h.env.sleep(190 * DAY);
      await expectCurrent(handle, { status: 'active', overdue: true, next: null });
      await handle.executeUpdate(m.reEvaluationUpdate, { args: [{ outcome: 'continue' }] });
      await until(async () => (await attributes(handle)).overdue === false, 'Overdue cleared in the new run');
      await expectCurrent(handle, { status: 'active', overdue: false, next: 'nextReEvaluationAt' });

      await handle.executeUpdate(m.withdrawUpdate, { args: [{ reason: 'Flytter.' }] });
      await handle.result();
      const closed = await attributes(handle);
      expect(closed).toMatchObject({ status: 'closed', overdue: false, nextDeadline: null });
    });
  });
});
