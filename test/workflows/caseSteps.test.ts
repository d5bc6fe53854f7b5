// The caseworker's steps and the appeal chain, on the time-skipping server.
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CaseWorkflow } from '../../workflows/case';
import * as m from '../../workflows/messages';
import { createHarness, DAY, fakeActivities, settled, startCase, withWorker, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});

const granted = { outcome: 'granted' as const, services: [{ code: 'home_nursing', hoursPerWeek: 4 }], justification: 'Behovet er dokumentert.' };

/** What a step leaves in the history: updates, activities, timers, children, markers (not the bookkeeping of tasks). */
async function traces(handle: WorkflowHandle<typeof CaseWorkflow>) {
  const history = await handle.fetchHistory();
  const events = history.events ?? [];
  return {
    updates: events.filter(
      (e) =>
        e.workflowExecutionUpdateAdmittedEventAttributes ||
        e.workflowExecutionUpdateAcceptedEventAttributes ||
        e.workflowExecutionUpdateRejectedEventAttributes ||
        e.workflowExecutionUpdateCompletedEventAttributes,
    ).length,
    activities: events.filter((e) => e.activityTaskScheduledEventAttributes).length,
    timers: events.filter((e) => e.timerStartedEventAttributes).length,
    children: events.filter((e) => e.startChildWorkflowExecutionInitiatedEventAttributes).length,
    searchAttributeUpserts: events.filter((e) => e.upsertWorkflowSearchAttributesEventAttributes).length,
  };
}

/** The step is refused with the code, and the workflow's history has no trace of it. */
async function expectRefused(handle: WorkflowHandle<typeof CaseWorkflow>, run: () => Promise<unknown>, code: string) {
  await settled(handle);
  const before = await traces(handle);
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (error as WorkflowUpdateFailedError).cause;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  expect((cause as ApplicationFailure).type).toBe(code);
  expect(await traces(handle)).toEqual(before);
  return cause as ApplicationFailure;
}

describe('caseworker steps', () => {
  it('refuses every step the status does not allow, leaving nothing in the history', async () => {
    const fakes = fakeActivities();
    await withWorker(h, fakes, async (tq) => {
      const handle = await startCase(h, tq);
      const refusals: [string, () => Promise<unknown>][] = [
        ['home-visit/complete', () => handle.executeUpdate(m.homeVisitCompleteUpdate, { args: [{}] })],
        ['home-visit/cancel', () => handle.executeUpdate(m.homeVisitCancelUpdate, { args: [{ reason: 'syk' }] })],
        ['appeal', () => handle.executeUpdate(m.appealUpdate, { args: [{}] })],
        ['reconsideration', () => handle.executeUpdate(m.reconsiderationUpdate, { args: [{ outcome: 'upheld', justification: 'x' }] })],
        ['appeal-body-decision', () => handle.executeUpdate(m.appealBodyDecisionUpdate, { args: [{ outcome: 'upheld' }] })],
        ['re-evaluation', () => handle.executeUpdate(m.reEvaluationUpdate, { args: [{ outcome: 'continue' }] })],
      ];
      for (const [step, run] of refusals) {
        const failure = await expectRefused(handle, run, 'invalid_transition');
        expect(failure.message).toContain('received');
        expect(failure.message, step).toContain(step);
      }
      // Bad input is refused the same way, naming the field.
      const bad = await expectRefused(
        handle,
        () => handle.executeUpdate(m.decisionUpdate, { args: [{ outcome: 'maybe', services: [], justification: '' } as never] }),
        'validation_failed',
      );
      const fields = (bad.details?.[0] as m.FieldProblem[]).map((p) => p.field);
      expect(fields).toEqual(['outcome', 'justification', 'services']);
      expect(bad.message).toContain('Must be one of granted, partially_granted, refused.');
      const pastReply = await expectRefused(
        handle,
        () => handle.executeUpdate(m.provisionalReplyUpdate, { args: [{ reason: 'Venter på lege.', expectedDecisionBy: '2020-01-01' }] }),
        'validation_failed',
      );
      expect((pastReply.details?.[0] as m.FieldProblem[]).map((p) => p.field)).toEqual(['expectedDecisionBy']);
      const beforeReceipt = await expectRefused(
        handle,
        () => handle.executeUpdate(m.decisionUpdate, { args: [{ ...granted, deliveredAt: '2020-01-01T00:00:00.000Z' }] }),
        'validation_failed',
      );
      expect((beforeReceipt.details?.[0] as m.FieldProblem[]).map((p) => p.field)).toEqual(['deliveredAt']);
      await handle.executeUpdate(m.contactUpdate, { args: [{ note: 'Ringt søker.' }] });
      await expectRefused(handle, () => handle.executeUpdate(m.contactUpdate, { args: [{}] }), 'invalid_transition');
      expect(fakes.events(handle.workflowId.slice(5))).toEqual(['received', 'contacted']);
    });
  });

  it('holds a step sent while the case is being registered until the receipt is acknowledged', async () => {
    const fakes = fakeActivities({ slowEvent: 'received' });
    await withWorker(h, fakes, async (tq) => {
      const handle = await startCase(h, tq);
      const decided = await handle.executeUpdate(m.decisionUpdate, { args: [granted] });
      expect(decided.status).toBe('decided');
      expect(fakes.events(decided.id)).toEqual(['received', 'decision_issued']);
      expect(fakes.letterKinds(decided.id)).toEqual(['acknowledgement', 'decision']);
    });
  });

  it('takes an appeal through reconsideration to Statsforvalteren, which quashes it; a new decision starts a new appeal period', async () => {
    const fakes = fakeActivities();
    await withWorker(h, fakes, async (tq) => {
      const handle = await startCase(h, tq);
      const first = await handle.executeUpdate(m.decisionUpdate, { args: [{ ...granted, outcome: 'partially_granted', services: granted.services.map((s) => ({ ...s, outcome: 'granted' as const })) }] });
      await h.env.sleep(10 * DAY);
      const appealed = await handle.executeUpdate(m.appealUpdate, { args: [{ text: 'Jeg trenger mer hjelp.' }] });
      expect(appealed.status).toBe('under_reconsideration');
      expect(appealed.flags.lateAppeal).toBe(false);
      const forwarded = await handle.executeUpdate(m.reconsiderationUpdate, {
        args: [{ outcome: 'upheld', justification: 'Vedtaket er riktig.' }],
      });
      expect(forwarded.status).toBe('with_appeal_body');
      expect(forwarded.appealBody).toBe('statsforvalteren');
      // The appeal period no longer runs: nothing happens on its own while the appeal body decides.
      await h.env.sleep(60 * DAY);
      expect((await handle.query(m.caseViewQuery)).status).toBe('with_appeal_body');
      const quashed = await handle.executeUpdate(m.appealBodyDecisionUpdate, { args: [{ outcome: 'quashed', justification: 'Mangelfull utredning.' }] });
      expect(quashed.status).toBe('under_assessment');
      const second = await handle.executeUpdate(m.decisionUpdate, { args: [granted] });
      expect(second.status).toBe('decided');
      expect(Date.parse(second.deadlines.appealBy!)).toBeGreaterThan(Date.parse(first.deadlines.appealBy!) + 60 * DAY);
      expect(fakes.letterKinds(second.id)).toEqual([
        'acknowledgement',
        'decision',
        'appeal_acknowledgement',
        'appeal_forwarded',
        'appeal_outcome',
        'decision',
      ]);
    });
  });

  it('forwards an appeal on a safety alarm to the municipal appeals board', async () => {
    const fakes = fakeActivities();
    await withWorker(h, fakes, async (tq) => {
      const handle = await startCase(h, tq, { services: ['safety_alarm'] });
      await handle.executeUpdate(m.decisionUpdate, { args: [{ outcome: 'refused', services: [{ code: 'safety_alarm' }], justification: 'Ikke behov.' }] });
      await handle.executeUpdate(m.appealUpdate, { args: [{}] });
      const forwarded = await handle.executeUpdate(m.reconsiderationUpdate, { args: [{ outcome: 'upheld', justification: 'Står ved vedtaket.' }] });
      expect(forwarded.appealBody).toBe('klagenemnd');
      const final = await handle.executeUpdate(m.appealBodyDecisionUpdate, { args: [{ outcome: 'upheld' }] });
      expect(final).toMatchObject({ status: 'closed', closedReason: 'refused' });
    });
  });

  it('reverses on reconsideration with a new decision and a new appeal period; dismisses an appeal and lets the decision stand', async () => {
    const fakes = fakeActivities();
    await withWorker(h, fakes, async (tq) => {
      const handle = await startCase(h, tq);
      const refused = await handle.executeUpdate(m.decisionUpdate, { args: [{ ...granted, outcome: 'refused' }] });
      await h.env.sleep(5 * DAY);
      await handle.executeUpdate(m.appealUpdate, { args: [{}] });
      const reversed = await handle.executeUpdate(m.reconsiderationUpdate, { args: [{ outcome: 'reversed', justification: 'Ny opplysning.' }] });
      expect(reversed.status).toBe('decided');
      expect(reversed.decision!.outcome).toBe('granted');
      expect(Date.parse(reversed.deadlines.appealBy!)).toBeGreaterThan(Date.parse(refused.deadlines.appealBy!));

      await handle.executeUpdate(m.appealUpdate, { args: [{ text: 'Vil ha mer.' }] });
      const dismissed = await handle.executeUpdate(m.reconsiderationUpdate, { args: [{ outcome: 'dismissed', justification: 'Ikke signert.' }] });
      expect(dismissed.status).toBe('decided');
      expect(dismissed.appeal!.reconsideration!.outcome).toBe('dismissed');
    });
  });

  it('flags a late appeal but still takes it, and refuses one more than a year after the decision', async () => {
    const fakes = fakeActivities();
    await withWorker(h, fakes, async (tq) => {
      const handle = await startCase(h, tq);
      const decided = await handle.executeUpdate(m.decisionUpdate, { args: [granted] });
      await h.env.sleep(40 * DAY);
      const active = await handle.query(m.caseViewQuery);
      expect(active.status).toBe('active');
      const beforeDecision = await expectRefused(
        handle,
        () => handle.executeUpdate(m.appealUpdate, { args: [{ receivedAt: new Date(Date.parse(decided.decision!.decidedAt) - DAY).toISOString() }] }),
        'validation_failed',
      );
      expect((beforeDecision.details?.[0] as m.FieldProblem[])[0]?.field).toBe('receivedAt');
      const late = await handle.executeUpdate(m.appealUpdate, { args: [{}] });
      expect(late.flags.lateAppeal).toBe(true);
      expect(late.status).toBe('under_reconsideration');
      const dismissed = await handle.executeUpdate(m.reconsiderationUpdate, { args: [{ outcome: 'dismissed', justification: 'For sent.' }] });
      // The decision was final before the appeal: it goes on as it was, its re-evaluation still counted from when it took effect.
      expect(dismissed.status).toBe('active');
      expect(dismissed.deadlines.nextReEvaluationAt).toBe(active.deadlines.nextReEvaluationAt);
      const tooLate = new Date(Date.parse(decided.decision!.decidedAt) + 370 * DAY);
      await h.env.sleep(tooLate.getTime() - (await h.env.currentTimeMs()) + DAY);
      const failure = await expectRefused(handle, () => handle.executeUpdate(m.appealUpdate, { args: [{}] }), 'validation_failed');
      expect((failure.details?.[0] as m.FieldProblem[])[0]?.field).toBe('receivedAt');
    });
  });

  it('partly reverses on reconsideration: a new decision, and the rest of the appeal goes to the appeal body', async () => {
    const fakes = fakeActivities();
    await withWorker(h, fakes, async (tq) => {
      const handle = await startCase(h, tq);
      await handle.executeUpdate(m.decisionUpdate, { args: [{ ...granted, services: [{ code: 'home_nursing', hoursPerWeek: 2 }] }] });
      await handle.executeUpdate(m.appealUpdate, { args: [{ text: 'Trenger fire timer.' }] });
      const partly = await handle.executeUpdate(m.reconsiderationUpdate, {
        args: [{
          outcome: 'partially_reversed',
          justification: 'Vi øker til tre timer.',
          decision: { outcome: 'partially_granted', services: [{ code: 'home_nursing', outcome: 'granted', hoursPerWeek: 3 }], justification: 'Tre timer dekker behovet.' },
        }],
      });
      expect(partly).toMatchObject({ status: 'with_appeal_body', appealBody: 'statsforvalteren' });
      expect(partly.decision).toMatchObject({ outcome: 'partially_granted', services: [{ code: 'home_nursing', hoursPerWeek: 3 }] });
      expect(fakes.events(partly.id).filter((e) => e === 'decision_issued')).toHaveLength(2);
      expect(fakes.letterKinds(partly.id).slice(-2)).toEqual(['decision', 'appeal_forwarded']);
      // With the appeal body, no appeal period of the new decision runs out on its own.
      await h.env.sleep(40 * DAY);
      expect((await handle.query(m.caseViewQuery)).status).toBe('with_appeal_body');
    });
  });

  it('takes no appeal on a decision the appeal body has ruled on: its ruling is final', async () => {
    const fakes = fakeActivities();
    await withWorker(h, fakes, async (tq) => {
      const handle = await startCase(h, tq, { services: ['home_nursing', 'safety_alarm'] });
      await handle.executeUpdate(m.decisionUpdate, {
        args: [{ outcome: 'partially_granted', services: [{ code: 'home_nursing', outcome: 'granted', hoursPerWeek: 1 }, { code: 'safety_alarm', outcome: 'refused' }], justification: 'Delvis.' }],
      });
      await handle.executeUpdate(m.appealUpdate, { args: [{}] });
      await handle.executeUpdate(m.reconsiderationUpdate, { args: [{ outcome: 'upheld', justification: 'Står ved vedtaket.' }] });
      // The appeal touches both bodies' services: each rules on its own part (appeal rights in every case).
      const first = await handle.executeUpdate(m.appealBodyDecisionUpdate, { args: [{ body: 'statsforvalteren', outcome: 'upheld', justification: 'Forsvarlig.' }] });
      expect(first.status).toBe('with_appeal_body');
      const reversed = await handle.executeUpdate(m.appealBodyDecisionUpdate, { args: [{ body: 'klagenemnd', outcome: 'reversed', justification: 'Omgjort.' }] });
      expect(reversed.status).toBe('active');
      // Reversed with no changed decision given: its part is granted; the granted scope is kept.
      expect(reversed.decision).toMatchObject({
        outcome: 'granted',
        decidedBy: 'klagenemnd',
        services: [{ code: 'home_nursing', hoursPerWeek: 1 }, { code: 'safety_alarm' }],
      });
      const refusal = await expectRefused(handle, () => handle.executeUpdate(m.appealUpdate, { args: [{}] }), 'invalid_transition');
      expect(refusal.message).toContain('appeal body has ruled');
    });
  });

  it('withdraws from any open status and refuses every step after', { timeout: 120_000 }, async () => {
    const fakes = fakeActivities();
    await withWorker(h, fakes, async (tq) => {
      const soon = async (days: number) => new Date((await h.env.currentTimeMs()) + days * DAY).toISOString();
      type Handle = WorkflowHandle<typeof CaseWorkflow>;
      const decide = (handle: Handle, outcome: 'granted' | 'refused' = 'granted') => handle.executeUpdate(m.decisionUpdate, { args: [{ ...granted, outcome }] });
      const appeal = async (handle: Handle) => {
        await decide(handle, 'refused');
        await handle.executeUpdate(m.appealUpdate, { args: [{ text: 'Jeg klager.' }] });
      };
      const forward = async (handle: Handle) => {
        await appeal(handle);
        await handle.executeUpdate(m.reconsiderationUpdate, { args: [{ outcome: 'upheld', justification: 'Vedtaket står.' }] });
      };
      // Each open status, and the steps that take a fresh case there.
      const openStatuses: [string, (handle: Handle) => Promise<unknown>][] = [
        ['received', async () => undefined],
        ['contacted', (handle) => handle.executeUpdate(m.contactUpdate, { args: [{}] })],
        ['visit_scheduled', async (handle) => handle.executeUpdate(m.homeVisitUpdate, { args: [{ scheduledAt: await soon(2) }] })],
        ['under_assessment', async (handle) => {
          await handle.executeUpdate(m.homeVisitUpdate, { args: [{ scheduledAt: await soon(2) }] });
          await handle.executeUpdate(m.homeVisitCompleteUpdate, { args: [{}] });
        }],
        ['decided', (handle) => decide(handle)],
        ['under_reconsideration', appeal],
        ['with_appeal_body', forward],
        ['active', async (handle) => {
          await forward(handle);
          await handle.executeUpdate(m.appealBodyDecisionUpdate, { args: [{ outcome: 'reversed', justification: 'Klagen tas til følge.' }] });
        }],
      ];
      // Every step, each with an input it would take in a status that allows it.
      const steps = async (handle: Handle): Promise<[string, () => Promise<unknown>][]> => {
        const visitAt = await soon(3);
        const replyBy = (await soon(30)).slice(0, 10);
        return [
          ['contact', () => handle.executeUpdate(m.contactUpdate, { args: [{}] })],
          ['home-visit', () => handle.executeUpdate(m.homeVisitUpdate, { args: [{ scheduledAt: visitAt }] })],
          ['home-visit/complete', () => handle.executeUpdate(m.homeVisitCompleteUpdate, { args: [{}] })],
          ['home-visit/cancel', () => handle.executeUpdate(m.homeVisitCancelUpdate, { args: [{ reason: 'Syk.' }] })],
          ['provisional-reply', () => handle.executeUpdate(m.provisionalReplyUpdate, { args: [{ reason: 'Venter på lege.', expectedDecisionBy: replyBy }] })],
          ['decision', () => decide(handle)],
          ['appeal', () => handle.executeUpdate(m.appealUpdate, { args: [{}] })],
          ['reconsideration', () => handle.executeUpdate(m.reconsiderationUpdate, { args: [{ outcome: 'upheld', justification: 'x' }] })],
          ['appeal-body-decision', () => handle.executeUpdate(m.appealBodyDecisionUpdate, { args: [{ outcome: 'upheld' }] })],
          ['re-evaluation', () => handle.executeUpdate(m.reEvaluationUpdate, { args: [{ outcome: 'continue' }] })],
          ['withdraw', () => handle.executeUpdate(m.withdrawUpdate, { args: [{ reason: 'Igjen.' }] })],
        ];
      };
      for (const [status, reach] of openStatuses) {
        const handle = await startCase(h, tq);
        await reach(handle);
        expect((await handle.query(m.caseViewQuery)).status, 'reached').toBe(status);
        if (status === 'under_reconsideration' || status === 'with_appeal_body') {
          // While an appeal is pending, withdraw withdraws the appeal only: the decision's period still runs.
          const back = await handle.executeUpdate(m.withdrawUpdate, { args: [{ reason: 'Søker trekker klagen.' }] });
          expect(back, `withdrawn from ${status}`).toMatchObject({ status: 'decided', closedReason: null });
          expect(fakes.letterKinds(back.id).at(-1), status).toBe('appeal_withdrawn');
          expect(fakes.events(back.id).at(-1), status).toBe('appeal_withdrawn');
        }
        const closed = await handle.executeUpdate(m.withdrawUpdate, { args: [{ reason: 'Søker trakk søknaden.' }] });
        expect(closed, `withdrawn from ${status}`).toMatchObject({ status: 'closed', closedReason: 'withdrawn' });
        expect(await handle.result()).toEqual({ status: 'closed', closedReason: 'withdrawn' });
        expect(fakes.letterKinds(closed.id).at(-1), status).toBe('closing');
        expect(fakes.events(closed.id).at(-1), status).toBe('withdrawn');
        const before = await traces(handle);
        const eventsBefore = fakes.events(closed.id);
        for (const [step, run] of await steps(handle)) {
          // Refused by the workflow as case_closed, or, the workflow having finished, by Temporal itself
          // (which the API answers with 409 case_closed: test/api/cases.test.ts drives that over HTTP).
          const error = await run().then(() => undefined, (e: unknown) => e);
          const refusedAsClosed =
            error instanceof WorkflowNotFoundError ||
            (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure && error.cause.type === 'case_closed');
          expect(refusedAsClosed, `${step} after withdrawal from ${status}: ${String(error)}`).toBe(true);
        }
        expect(await traces(handle), status).toEqual(before);
        expect(fakes.events(closed.id), status).toEqual(eventsBefore);
      }
    });
  });
});
