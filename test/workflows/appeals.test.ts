// Every appeal right the law gives, on the time-skipping server with the real legal lengths:
// an appeal posted in time (fvl § 30), a closed refusal or termination reopened within a year
// (fvl § 31), the appeal body chosen by the services appealed, a termination as a decision, and
// foreløpig svar for an appeal that waits and after a quash (fvl § 11 a).
import type { WorkflowHandle } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { beforeAll, describe, expect, it, type Mock } from 'vitest';
import type { IssueLetterInput } from '../../activities/letters/issueLetter';
import type { CaseView } from '../../domain/case/caseTypes';
import { osloDateOf } from '../../domain/calendar/osloTime';
import type { CaseWorkflow } from '../../workflows/case';
import * as m from '../../workflows/messages';
import { createHarness, DAY, fakeActivities, startCase, until, withWorker, type Fakes, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});

const refusal = (code = 'home_nursing') => ({
  outcome: 'refused' as const,
  services: [{ code }],
  justification: 'Du klarer deg selv i hjemmet nå.',
});
const grant = { outcome: 'granted' as const, services: [{ code: 'home_nursing', hoursPerWeek: 4 }], justification: 'Du trenger hjelp med medisiner.' };

async function refusedAndClosed(handle: WorkflowHandle<typeof CaseWorkflow>): Promise<CaseView> {
  const decided = await handle.executeUpdate(m.decisionUpdate, { args: [refusal()] });
  // The four-week appeal period (pbrl § 7-5) runs out with no appeal: the refusal is final and the case closes.
  await h.env.sleep(Date.parse(decided.deadlines.appealBy!) - (await h.env.currentTimeMs()) + DAY);
  const closed = await view(handle);
  expect(closed).toMatchObject({ status: 'closed', closedReason: 'refused' });
  return closed;
}

function view(handle: WorkflowHandle<typeof CaseWorkflow>) {
  return handle.query(m.caseViewQuery);
}

function lettersOf(fakes: Fakes, caseId: string): IssueLetterInput[] {
  return (fakes.activities.issueLetter as unknown as Mock).mock.calls.map((c) => c[0] as IssueLetterInput).filter((l) => l.caseId === caseId);
}

async function refused<I>(handle: WorkflowHandle, update: UpdateDefinition<CaseView, [I]>, input: I): Promise<{ type?: string; message: string }> {
  const err = await handle.executeUpdate(update, { args: [input] }).then(
    () => undefined,
    (e: { cause?: { type?: string; message: string } }) => e.cause,
  );
  expect(err, 'the step should have been refused').toBeDefined();
  return err as { type?: string; message: string };
}

describe('appeals', () => {
  it('takes an appeal posted in time that arrives after the case closed: it reopens, and is not late (fvl § 30)', async () => {
    const fakes = fakeActivities();
    await withWorker(h, fakes, async (tq) => {
      const handle = await startCase(h, tq);
      const closed = await refusedAndClosed(handle);
      const appealBy = Date.parse(closed.deadlines.appealBy!);
      const now = await h.env.currentTimeMs();
      // Posted on the last day, arrived a day after the period ran out (today).
      const sentAt = new Date(appealBy - 6 * 3_600_000).toISOString();
      const reopened = await handle.executeUpdate(m.appealUpdate, { args: [{ sentAt, receivedAt: new Date(now).toISOString(), text: 'Jeg klager.' }] });
      expect(reopened).toMatchObject({ status: 'under_reconsideration', closedReason: null, flags: { lateAppeal: false } });
      expect(reopened.appeal).toMatchObject({ sentAt, late: false, services: ['home_nursing'] });
      expect(fakes.letterKinds(closed.id).slice(-2)).toEqual(['closing', 'appeal_acknowledgement']);
      // The office reverses its refusal: a new decision with a new appeal period.
      const reversed = await handle.executeUpdate(m.reconsiderationUpdate, { args: [{ outcome: 'reversed', justification: 'Nye opplysninger viser behov.' }] });
      expect(reversed.status).toBe('decided');
      expect(reversed.decision).toMatchObject({ outcome: 'granted', services: [{ code: 'home_nursing', outcome: 'granted' }] });
    });
  });

  it('registers a late appeal on a closed refusal within a year (fvl § 31); dismissed, the case closes again as it was', async () => {
    const fakes = fakeActivities();
    await withWorker(h, fakes, async (tq) => {
      const handle = await startCase(h, tq);
      const closed = await refusedAndClosed(handle);
      await h.env.sleep(60 * DAY);
      const late = await handle.executeUpdate(m.appealUpdate, { args: [{ text: 'Jeg klager for sent.' }] });
      expect(late).toMatchObject({ status: 'under_reconsideration', flags: { lateAppeal: true } });
      const dismissed = await handle.executeUpdate(m.reconsiderationUpdate, { args: [{ outcome: 'dismissed', justification: 'Ingen særlige grunner.' }] });
      expect(dismissed).toMatchObject({ status: 'closed', closedReason: 'refused' });
      expect(fakes.letterKinds(closed.id).at(-1)).toBe('appeal_outcome');
    });
  });

  it('ends the workflow of a closed refusal once the year for an appeal has passed (fvl § 31)', async () => {
    const fakes = fakeActivities();
    await withWorker(h, fakes, async (tq) => {
      const handle = await startCase(h, tq);
      const closed = await refusedAndClosed(handle);
      const yearAfter = Date.parse(closed.decision!.decidedAt) + 366 * DAY;
      await h.env.sleep(yearAfter - (await h.env.currentTimeMs()) + DAY);
      // The workflow has nothing more to wait for: it has ended, and so no step reaches it.
      expect(await handle.result()).toEqual({ status: 'closed', closedReason: 'refused' });
      const events = fakes.events(closed.id);
      expect(events.at(-1)).toBe('decision_final');
    });
  });

  it('sends the appeal to the municipal appeals board when only the refused safety alarm is appealed', async () => {
    const fakes = fakeActivities();
    await withWorker(h, fakes, async (tq) => {
      const handle = await startCase(h, tq, { services: ['home_nursing', 'safety_alarm'] });
      const decided = await handle.executeUpdate(m.decisionUpdate, {
        args: [{
          outcome: 'partially_granted',
          services: [{ code: 'home_nursing', outcome: 'granted', hoursPerWeek: 3 }, { code: 'safety_alarm', outcome: 'refused' }],
          justification: 'Du får hjemmesykepleie, men ikke trygghetsalarm.',
        }],
      });
      // Both services are decided, so both bodies' deadlines are given (fvl § 27 tredje ledd).
      expect(Object.keys(decided.decision!.appealDeadlines).sort()).toEqual(['klagenemnd', 'statsforvalteren']);
      expect(decided.decision!.services.map((s) => s.outcome)).toEqual(['granted', 'refused']);
      const bad = await refused(handle, m.appealUpdate, { services: ['bpa'] as string[] });
      expect(bad).toMatchObject({ type: 'validation_failed' });
      expect(bad.message).toContain('services[0]');
      await handle.executeUpdate(m.appealUpdate, { args: [{ services: ['safety_alarm'], text: 'Jeg trenger alarmen.' }] });
      const forwarded = await handle.executeUpdate(m.reconsiderationUpdate, { args: [{ outcome: 'upheld', justification: 'Vi står ved vedtaket.' }] });
      expect(forwarded).toMatchObject({ status: 'with_appeal_body', appealBody: 'klagenemnd' });
    });
  });

  it('takes a termination only with a justification, as a decision that can be appealed and reopens the case', async () => {
    const fakes = fakeActivities();
    await withWorker(h, fakes, async (tq) => {
      const handle = await startCase(h, tq);
      const decided = await handle.executeUpdate(m.decisionUpdate, { args: [grant] });
      await h.env.sleep(Date.parse(decided.deadlines.appealBy!) - (await h.env.currentTimeMs()) + DAY);
      expect((await view(handle)).status).toBe('active');
      const bad = await refused(handle, m.reEvaluationUpdate, { outcome: 'terminated' as const });
      expect(bad).toMatchObject({ type: 'validation_failed' });
      expect(bad.message).toContain('justification');
      // Issue 24: a termination waits for an advance notice (fvl § 16) and its deadline for comments.
      const early = await refused(handle, m.reEvaluationUpdate, { outcome: 'terminated' as const, justification: 'Du klarer deg nå uten hjemmesykepleie.', effectiveFrom: osloDateOf(new Date(await h.env.currentTimeMs())) });
      expect(early).toMatchObject({ type: 'advance_notice_required' });
      const noticed = await handle.executeUpdate(m.advanceNoticeUpdate, { args: [{ services: [{ code: 'home_nursing', proposal: 'terminate' }], reason: 'Du ser ut til å klare deg selv.' }] });
      await h.env.sleep(Date.parse(noticed.advanceNotice!.commentsBy) - (await h.env.currentTimeMs()) + 1000);
      const effectiveFrom = osloDateOf(new Date((await h.env.currentTimeMs()) + 7 * DAY));
      const terminated = await handle.executeUpdate(m.reEvaluationUpdate, { args: [{ outcome: 'terminated', justification: 'Du klarer deg nå uten hjemmesykepleie.', effectiveFrom }] });
      expect(terminated.decision).toMatchObject({ effectiveFrom, replaces: { services: [{ code: 'home_nursing' }] } });
      expect(terminated).toMatchObject({ status: 'closed', closedReason: 'terminated' });
      expect(terminated.decision).toMatchObject({ terminates: true, outcome: 'refused', services: [{ code: 'home_nursing', outcome: 'refused' }] });
      expect(terminated.decision!.appealDeadlines.statsforvalteren).toBeDefined();
      expect(terminated.deadlines.appealBy).toBe(terminated.decision!.appealDeadlines.statsforvalteren);
      const letter = lettersOf(fakes, decided.id).at(-1)!;
      expect(letter.kind).toBe('closing');
      expect(letter.view.decision?.justification).toBe('Du klarer deg nå uten hjemmesykepleie.');
      // Appealed within the period: the case reopens; the appeal body reverses, and the services run again.
      await h.env.sleep(7 * DAY);
      await handle.executeUpdate(m.appealUpdate, { args: [{ text: 'Jeg trenger fortsatt hjelp.' }] });
      await handle.executeUpdate(m.reconsiderationUpdate, { args: [{ outcome: 'upheld', justification: 'Vi står ved opphøret.' }] });
      const ruled = await handle.executeUpdate(m.appealBodyDecisionUpdate, { args: [{ outcome: 'reversed', justification: 'Behovet er der fortsatt.' }] });
      expect(ruled).toMatchObject({ status: 'active', decision: { decidedBy: 'statsforvalteren', terminates: false } });
      expect(ruled.decision!.services).toEqual([{ code: 'home_nursing', outcome: 'granted', hoursPerWeek: 4 }]);
    });
  });

  it('sends a provisional reply when an appeal waits four weeks, and again when a quashed case waits four weeks', async () => {
    const fakes = fakeActivities();
    await withWorker(h, fakes, async (tq) => {
      const handle = await startCase(h, tq);
      const decided = await handle.executeUpdate(m.decisionUpdate, { args: [refusal()] });
      await h.env.sleep(3 * DAY);
      const appealed = await handle.executeUpdate(m.appealUpdate, { args: [{ text: 'Jeg klager.' }] });
      expect(appealed.flags.provisionalReplySent).toBe(false);
      expect(Date.parse(appealed.deadlines.provisionalReplyBy!)).toBeGreaterThan(await h.env.currentTimeMs());
      await h.env.sleep(20 * DAY);
      expect(lettersOf(fakes, decided.id).filter((l) => l.kind === 'provisional_reply')).toHaveLength(0);
      await h.env.sleep(10 * DAY);
      await until(() => fakes.letterKinds(decided.id).includes('provisional_reply'), 'the provisional reply on the appeal');
      const onAppeal = lettersOf(fakes, decided.id).filter((l) => l.kind === 'provisional_reply');
      expect(onAppeal).toHaveLength(1);
      expect(onAppeal[0]!.details).toMatchObject({ regarding: 'appeal' });
      expect((await view(handle)).flags.provisionalReplySent).toBe(true);

      await handle.executeUpdate(m.reconsiderationUpdate, { args: [{ outcome: 'upheld', justification: 'Vi står ved vedtaket.' }] });
      const quashed = await handle.executeUpdate(m.appealBodyDecisionUpdate, { args: [{ outcome: 'quashed', justification: 'Saken er ikke godt nok utredet.' }] });
      expect(quashed).toMatchObject({ status: 'under_assessment', flags: { provisionalReplySent: false } });
      await h.env.sleep(35 * DAY);
      await until(() => lettersOf(fakes, decided.id).filter((l) => l.kind === 'provisional_reply').length === 2, 'the provisional reply after the quash');
      expect(lettersOf(fakes, decided.id).filter((l) => l.kind === 'provisional_reply')[1]!.details).toMatchObject({ regarding: 'new_processing' });
      // A decision ends what is owed: no further reply.
      await handle.executeUpdate(m.decisionUpdate, { args: [grant] });
      await h.env.sleep(35 * DAY);
      expect(lettersOf(fakes, decided.id).filter((l) => l.kind === 'provisional_reply')).toHaveLength(2);
    });
  });
});
