// A receipt from SvarUt handed to a real case workflow (time-skipping server) as the worker hands it:
// through the step decision-received, once however often it is handed, and a case that will not
// take it answers why instead of failing the worker's round.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { CaseWorkflows } from '../../temporal/caseWorkflows';
import { registerReceiptWith } from '../../worker/receipts';
import * as m from '../../workflows/messages';
import { createHarness, fakeActivities, startCase, withWorker, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});

describe('a receipt registered with its case', () => {
  it('sets the decision\'s deliveredAt once, however often it is handed; a case that will not take it says why', { timeout: 120_000 }, async () => {
    const fakes = fakeActivities();
    await withWorker(h, fakes, async (tq) => {
      const register = registerReceiptWith(() => new CaseWorkflows(h.env.client, tq));
      const handle = await startCase(h, tq);
      const decided = await handle.executeUpdate(m.decisionUpdate, { args: [{ outcome: 'granted', services: [{ code: 'home_nursing', hoursPerWeek: 2 }], justification: 'Behov.' }] });
      const caseId = decided.id;
      await h.env.sleep(60_000);
      const receivedAt = new Date((await h.env.currentTimeMs()) - 30_000).toISOString();
      const letterId = randomUUID();
      expect(await register({ caseId, letterId, receivedAt })).toBe('registered');
      expect(await register({ caseId, letterId, receivedAt })).toBe('registered');
      const view = await handle.query(m.caseViewQuery);
      expect(view.decision).toMatchObject({ receipt: 'registered', deliveredAt: receivedAt });
      expect(Date.parse(view.deadlines.appealBy!)).toBeGreaterThanOrEqual(Date.parse(decided.deadlines.appealBy!));
      expect(fakes.events(caseId).filter((t) => t === 'decision_received')).toHaveLength(1);
      expect(fakes.lastChange(caseId)?.event).toMatchObject({ type: 'decision_received', actor: 'system' });

      // An appeal came in first: the case is no longer decided, and the receipt is not taken.
      await handle.executeUpdate(m.appealUpdate, { args: [{}] });
      expect(await register({ caseId, letterId: randomUUID(), receivedAt })).toMatch(/^not registered: invalid_transition: /);
      expect(await register({ caseId: randomUUID(), letterId: randomUUID(), receivedAt })).toBe('not registered: the case has no running workflow');
    });
  });
});
