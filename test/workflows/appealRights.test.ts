// Appeal rights in every case, on the time-skipping server with the real legal lengths: a missed
// provisional-reply date makes a new reply go out, a withdrawn appeal leaves the granted service
// running, a refusal beside an expired grant can be appealed, and a decision by post counts from
// its presumed arrival or a registered receipt.
import type { WorkflowHandle } from '@temporalio/client';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CaseWorkflow } from '../../workflows/case';
import * as m from '../../workflows/messages';
import { createHarness, DAY, fakeActivities, startCase, until, withWorker, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});

const view = (handle: WorkflowHandle<typeof CaseWorkflow>) => handle.query(m.caseViewQuery);
const osloDate = (ms: number) => new Date(ms).toLocaleDateString('sv-SE', { timeZone: 'Europe/Oslo' });

describe('appeal rights in every case', () => {
  it('sends a new provisional reply when the date the last one gave passes without a decision', { timeout: 120_000 }, async () => {
    const fakes = fakeActivities();
    await withWorker(h, fakes, async (tq) => {
      const handle = await startCase(h, tq);
      const promised = osloDate((await h.env.currentTimeMs()) + 10 * DAY);
      const sent = await handle.executeUpdate(m.provisionalReplyUpdate, { args: [{ reason: 'Vi venter på legeerklæring.', expectedDecisionBy: promised }] });
      expect(sent.flags.provisionalReplyOverdue).toBe(false);
      await h.env.sleep(12 * DAY);
      const overdue = await view(handle);
      expect(overdue.flags.provisionalReplyOverdue).toBe(true);
      await until(() => fakes.letterKinds(overdue.id).filter((k) => k === 'provisional_reply').length === 2, 'the second provisional reply');
      expect(fakes.events(overdue.id)).toContain('provisional_reply_overdue');
      // A decision answers it.
      const decided = await handle.executeUpdate(m.decisionUpdate, { args: [{ outcome: 'granted', services: [{ code: 'home_nursing', hoursPerWeek: 2 }], justification: 'Behov.' }] });
      expect(decided.flags.provisionalReplyOverdue).toBe(false);
    });
  });

  it('withdrawing a forwarded appeal leaves the granted home nursing running (active), with a letter saying so', { timeout: 120_000 }, async () => {
    const fakes = fakeActivities();
    await withWorker(h, fakes, async (tq) => {
      const handle = await startCase(h, tq, { services: ['home_nursing', 'practical_assistance'] });
      await handle.executeUpdate(m.decisionUpdate, {
        args: [
          {
            outcome: 'partially_granted',
            services: [
              { code: 'home_nursing', outcome: 'granted', hoursPerWeek: 3 },
              { code: 'practical_assistance', outcome: 'refused' },
            ],
            justification: 'Du trenger hjelp med medisiner, men klarer rengjøringen selv.',
          },
        ],
      });
      await handle.executeUpdate(m.appealUpdate, { args: [{ services: ['practical_assistance'] }] });
      const forwarded = await handle.executeUpdate(m.reconsiderationUpdate, { args: [{ outcome: 'upheld', justification: 'Vedtaket står.' }] });
      expect(forwarded.status).toBe('with_appeal_body');
      await h.env.sleep(40 * DAY);
      const back = await handle.executeUpdate(m.withdrawUpdate, { args: [{ reason: 'Klagen er trukket' }] });
      expect(back).toMatchObject({ status: 'active', closedReason: null });
      expect(back.decision?.services).toContainEqual(expect.objectContaining({ code: 'home_nursing', outcome: 'granted', hoursPerWeek: 3 }));
      expect(back.deadlines.nextReEvaluationAt).not.toBeNull();
      await until(() => fakes.letterKinds(back.id).includes('appeal_withdrawn'), 'the appeal_withdrawn letter');
      expect(fakes.letterKinds(back.id)).not.toContain('closing');
      expect(fakes.events(back.id)).not.toContain('withdrawn');
    });
  });

  it('takes an appeal on a refused long-term stay after the short stay granted with it expired (fvl § 31)', { timeout: 120_000 }, async () => {
    const fakes = fakeActivities();
    await withWorker(h, fakes, async (tq) => {
      const handle = await startCase(h, tq, { services: ['short_term_stay', 'long_term_stay'] });
      const now = await h.env.currentTimeMs();
      await handle.executeUpdate(m.decisionUpdate, {
        args: [
          {
            outcome: 'partially_granted',
            services: [
              { code: 'short_term_stay', outcome: 'granted', until: osloDate(now + 10 * DAY) },
              { code: 'long_term_stay', outcome: 'refused' },
            ],
            justification: 'Korttidsopphold gir forsvarlig hjelp nå.',
          },
        ],
      });
      await h.env.sleep(60 * DAY);
      expect(await view(handle)).toMatchObject({ status: 'closed', closedReason: 'expired' });
      const appealed = await handle.executeUpdate(m.appealUpdate, { args: [{ services: ['long_term_stay'] }] });
      expect(appealed).toMatchObject({ status: 'under_reconsideration', flags: { lateAppeal: true } });
    });
  });

  it('a decision by post counts from its presumed arrival; a later registered receipt moves the deadline on', { timeout: 120_000 }, async () => {
    const fakes = fakeActivities();
    await withWorker(h, fakes, async (tq) => {
      const handle = await startCase(h, tq, { channel: 'paper' });
      const decided = await handle.executeUpdate(m.decisionUpdate, { args: [{ outcome: 'refused', services: [{ code: 'home_nursing' }], justification: 'Ikke behov.' }] });
      const now = await h.env.currentTimeMs();
      expect(decided.decision?.receipt).toBe('post');
      expect(osloDate(Date.parse(decided.decision!.deliveredAt))).toBe(osloDate(now + 7 * DAY));
      const stated = Date.parse(decided.deadlines.appealBy!);
      const received = await handle.executeUpdate(m.decisionReceivedUpdate, { args: [{ receivedAt: new Date(now + 9 * DAY).toISOString() }] }).catch((e: unknown) => e);
      // Not in the future: the receipt is registered once it has happened.
      expect(received).toBeInstanceOf(Error);
      await h.env.sleep(9 * DAY);
      const moved = await handle.executeUpdate(m.decisionReceivedUpdate, { args: [{ receivedAt: new Date(now + 9 * DAY).toISOString() }] });
      expect(moved.decision?.receipt).toBe('registered');
      expect(Date.parse(moved.deadlines.appealBy!)).toBeGreaterThan(stated);
      // Not final when the stated deadline passes: only after the later one.
      await h.env.sleep(stated - (await h.env.currentTimeMs()) + DAY);
      expect((await view(handle)).status).toBe('decided');
      await h.env.sleep(Date.parse(moved.deadlines.appealBy!) - (await h.env.currentTimeMs()) + DAY);
      expect((await view(handle)).status).toBe('closed');
    });
  });
});
