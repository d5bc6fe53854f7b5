// A case that runs for ten years of six-monthly re-evaluations keeps every run's history short.
import { beforeAll, expect, it } from 'vitest';
import * as m from '../../workflows/messages';
import { createHarness, DAY, fakeActivities, startCase, withWorker, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});

/** Generous for one cycle (a due flag, a notice and a re-evaluation), far below what years without continue-as-new would reach. */
const EVENTS_PER_RUN_BOUND = 120;

it('continues as new at each re-evaluation, so ten years of re-evaluations stay bounded per run', { timeout: 240_000 }, async () => {
  const fakes = fakeActivities();
  await withWorker(h, fakes, async (tq) => {
    const handle = await startCase(h, tq);
    const caseId = handle.workflowId.slice('case-'.length);
    const decided = await handle.executeUpdate(m.decisionUpdate, {
      args: [{ outcome: 'granted', services: [{ code: 'home_nursing', hoursPerWeek: 2 }], justification: 'Behov for hjelp.' }],
    });
    // The appeal period runs out first: then the services run and re-evaluations begin. Slept to its
    // stated end, not a fixed month: a period that ends on a holiday (1 January) runs to the next working day.
    await h.env.sleep(Date.parse(decided.deadlines.appealBy!) - (await h.env.currentTimeMs()) + DAY);
    const startedAt = await h.env.currentTimeMs();
    const runIds = new Set<string>();
    let cycles = 0;
    while ((await h.env.currentTimeMs()) - startedAt < 3650 * DAY) {
      const view = await handle.query(m.caseViewQuery);
      expect(view.status).toBe('active');
      await h.env.sleep(Date.parse(view.deadlines.nextReEvaluationAt!) - (await h.env.currentTimeMs()) + 1000);
      const due = await handle.query(m.caseViewQuery);
      expect(due.flags.reEvaluationDue).toBe(true);
      const after = await handle.executeUpdate(m.reEvaluationUpdate, { args: [{ outcome: 'continue' }] });
      expect(after.flags.reEvaluationDue).toBe(false);
      cycles++;
      runIds.add((await handle.describe()).runId);
    }
    expect(cycles).toBeGreaterThanOrEqual(19);
    expect(runIds.size).toBeGreaterThanOrEqual(cycles - 1);
    for (const runId of runIds) {
      const history = await h.env.client.workflow.getHandle(handle.workflowId, runId).fetchHistory();
      expect(history.events?.length ?? 0).toBeLessThan(EVENTS_PER_RUN_BOUND);
    }
    const final = await handle.query(m.caseViewQuery);
    expect(final.status).toBe('active');
    expect(fakes.letterKinds(caseId).filter((k) => k === 're_evaluation_notice')).toHaveLength(cycles);
    // Every event kept its own sequence number across runs: none was lost or written twice.
    expect(fakes.events(caseId).filter((e) => e === 're_evaluation')).toHaveLength(cycles);
  });
});
