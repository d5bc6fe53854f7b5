// Every timer path of a case, on the time-skipping server with the real legal lengths skipped through.
import { beforeAll, describe, expect, it } from 'vitest';
import { applicantDeadline } from '../../domain/calendar/periods';
import * as m from '../../workflows/messages';
import { createHarness, DAY, fakeActivities, startCase, until, withWorker, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});

const grant = (code = 'home_nursing', extra: Record<string, unknown> = {}) => ({
  outcome: 'granted' as const,
  services: [{ code, hoursPerWeek: 3, ...extra }],
  justification: 'Du har behov for hjelp i hjemmet.',
});

describe('case timers', () => {
  it('acknowledges the application and flags the contact deadline after one week without contact', async () => {
    const fakes = fakeActivities();
    await withWorker(h, fakes, async (tq) => {
      const handle = await startCase(h, tq);
      const start = await handle.query(m.caseViewQuery);
      expect(start.status).toBe('received');
      await until(() => fakes.letterKinds(start.id).length > 0, 'the acknowledgement');
      expect(fakes.letterKinds(start.id)).toEqual(['acknowledgement']);
      expect(start.deadlines.contactBy).not.toBeNull();

      await h.env.sleep(6 * DAY);
      expect((await handle.query(m.caseViewQuery)).flags.contactOverdue).toBe(false);
      await h.env.sleep(3 * DAY);
      const late = await handle.query(m.caseViewQuery);
      expect(late.flags.contactOverdue).toBe(true);
      expect(fakes.events(start.id)).toContain('contact_overdue');
      expect(fakes.lastChange(start.id)?.overdue).toBe(true);
    });
  });

  it('sends a provisional reply when four weeks pass without a decision', async () => {
    const fakes = fakeActivities();
    await withWorker(h, fakes, async (tq) => {
      const handle = await startCase(h, tq);
      await handle.executeUpdate(m.contactUpdate, { args: [{}] });
      await h.env.sleep(20 * DAY);
      const before = await handle.query(m.caseViewQuery);
      expect(before.flags.provisionalReplySent).toBe(false);
      await h.env.sleep(9 * DAY);
      const after = await handle.query(m.caseViewQuery);
      expect(after.flags.provisionalReplySent).toBe(true);
      expect(fakes.letterKinds(after.id)).toContain('provisional_reply');
      // It went out no later than the day the office's period ran out.
      const sentAt = fakes.eventAt(after.id, 'provisional_reply_sent');
      expect(Date.parse(sentAt!)).toBeLessThanOrEqual(Date.parse(after.deadlines.provisionalReplyBy!));
      expect(Date.parse(sentAt!)).toBeGreaterThan(Date.parse(after.receivedAt) + 20 * DAY);
    });
  });

  it('sends no provisional reply when the decision came first', async () => {
    const fakes = fakeActivities();
    await withWorker(h, fakes, async (tq) => {
      const handle = await startCase(h, tq);
      await h.env.sleep(3 * DAY);
      await handle.executeUpdate(m.decisionUpdate, { args: [grant()] });
      await h.env.sleep(30 * DAY);
      const view = await handle.query(m.caseViewQuery);
      expect(view.flags.provisionalReplySent).toBe(false);
      expect(fakes.letterKinds(view.id)).not.toContain('provisional_reply');
    });
  });

  it('reminds the applicant the day before the home visit, and moves the reminder with the visit', async () => {
    const fakes = fakeActivities();
    await withWorker(h, fakes, async (tq) => {
      const handle = await startCase(h, tq);
      const now = await h.env.currentTimeMs();
      await handle.executeUpdate(m.homeVisitUpdate, { args: [{ scheduledAt: new Date(now + 3 * DAY).toISOString() }] });
      const moved = await handle.executeUpdate(m.homeVisitUpdate, { args: [{ scheduledAt: new Date(now + 10 * DAY).toISOString() }] });
      expect(moved.status).toBe('visit_scheduled');
      expect(Date.parse(moved.homeVisit!.reminderAt)).toBe(now + 9 * DAY);
      await h.env.sleep(5 * DAY);
      const id = moved.id;
      expect(fakes.letterKinds(id).filter((k) => k === 'home_visit_reminder')).toHaveLength(0);
      await h.env.sleep(4.5 * DAY);
      expect(fakes.letterKinds(id).filter((k) => k === 'home_visit_reminder')).toHaveLength(1);
      expect(fakes.letterKinds(id).filter((k) => k === 'home_visit_confirmation')).toHaveLength(2);
      const done = await handle.executeUpdate(m.homeVisitCompleteUpdate, { args: [{ notes: 'Kartlagt behov.' }] });
      expect(done.status).toBe('under_assessment');
    });
  });

  it('makes a granted decision final when the four-week appeal period runs out, then re-evaluates every six months', async () => {
    const fakes = fakeActivities();
    await withWorker(h, fakes, async (tq) => {
      const handle = await startCase(h, tq);
      const decided = await handle.executeUpdate(m.decisionUpdate, { args: [grant()] });
      expect(decided.status).toBe('decided');
      const deliveredAt = new Date(decided.decision!.deliveredAt);
      const fourWeeks = applicantDeadline(deliveredAt, { amount: 4, unit: 'week' }).toISOString();
      expect(decided.deadlines.appealBy).toBe(fourWeeks);
      expect(decided.decision!.appealDeadlines).toEqual({ statsforvalteren: fourWeeks });
      expect(fakes.letterKinds(decided.id)).toContain('decision');

      await h.env.sleep(Date.parse(fourWeeks) - (await h.env.currentTimeMs()) - DAY);
      expect((await handle.query(m.caseViewQuery)).status).toBe('decided');
      await h.env.sleep(2 * DAY);
      const active = await handle.query(m.caseViewQuery);
      expect(active.status).toBe('active');
      expect(active.deadlines.nextReEvaluationAt).not.toBeNull();

      await h.env.sleep(Date.parse(active.deadlines.nextReEvaluationAt!) - (await h.env.currentTimeMs()) + 1000);
      const due = await handle.query(m.caseViewQuery);
      expect(due.flags.reEvaluationDue).toBe(true);
      expect(fakes.events(due.id)).toContain('re_evaluation_due');
      expect(fakes.letterKinds(due.id)).toContain('re_evaluation_notice');
    });
  });

  it('gives three weeks for a service the municipal appeals board hears, and states both deadlines for a mixed decision', async () => {
    const fakes = fakeActivities();
    await withWorker(h, fakes, async (tq) => {
      const handle = await startCase(h, tq, { services: ['safety_alarm', 'home_nursing'] });
      const alarmOnly = await handle.executeUpdate(m.decisionUpdate, {
        args: [{ ...grant('safety_alarm'), services: [{ code: 'safety_alarm' }, { code: 'home_nursing' }] }],
      });
      const deliveredAt = new Date(alarmOnly.decision!.deliveredAt);
      const three = applicantDeadline(deliveredAt, { amount: 3, unit: 'week' }).toISOString();
      const four = applicantDeadline(deliveredAt, { amount: 4, unit: 'week' }).toISOString();
      expect(alarmOnly.decision!.appealDeadlines).toEqual({ statsforvalteren: four, klagenemnd: three });
      expect(alarmOnly.deadlines.appealBy).toBe(four);
    });
  });

  it('closes a refused case when its appeal period runs out', async () => {
    const fakes = fakeActivities();
    await withWorker(h, fakes, async (tq) => {
      const handle = await startCase(h, tq, { services: ['safety_alarm'] });
      await handle.executeUpdate(m.decisionUpdate, {
        args: [{ outcome: 'refused', services: [{ code: 'safety_alarm' }], justification: 'Vilkårene er ikke oppfylt.' }],
      });
      const outcome = await handle.result();
      expect(outcome).toEqual({ status: 'closed', closedReason: 'refused' });
      const caseId = handle.workflowId.replace('case-', '');
      expect(fakes.letterKinds(caseId)).toEqual(['acknowledgement', 'decision', 'closing']);
    });
  });

  it('sends a notice before a time-limited decision ends and closes the case at its end', async () => {
    const fakes = fakeActivities();
    await withWorker(h, fakes, async (tq) => {
      const handle = await startCase(h, tq, { services: ['short_term_stay'] });
      const now = await h.env.currentTimeMs();
      const until = new Date(now + 120 * DAY).toISOString().slice(0, 10);
      const decided = await handle.executeUpdate(m.decisionUpdate, { args: [grant('short_term_stay', { until })] });
      expect(decided.deadlines.expiresAt).not.toBeNull();
      await h.env.sleep(85 * DAY);
      const beforeNotice = await handle.query(m.caseViewQuery);
      expect(beforeNotice.status).toBe('active');
      expect(fakes.letterKinds(decided.id)).not.toContain('expiry_notice');
      await h.env.sleep(10 * DAY);
      expect(fakes.letterKinds(decided.id)).toContain('expiry_notice');
      const outcome = await handle.result();
      expect(outcome).toEqual({ status: 'closed', closedReason: 'expired' });
      expect((await handle.query(m.caseViewQuery)).flags.reEvaluationDue).toBe(false);
      expect(await h.env.currentTimeMs()).toBeGreaterThanOrEqual(Date.parse(decided.deadlines.expiresAt!));
      expect(fakes.letterKinds(decided.id).at(-1)).toBe('closing');
    });
  });
});
