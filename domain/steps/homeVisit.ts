// The home visit (hjemmebesøk) to assess the need: booked (or moved), completed, or cancelled; a
// reminder goes out before it.
import { SYSTEM_ACTOR } from '../case/caseChange';
import { homeVisitReminderAt } from '../case/caseDeadlines';
import { instant, stepBody, text } from './fields';
import { oneText } from './stepChecks';
import type { StepDefinition, StepTimers } from './step';

export const homeVisitStepSchema = stepBody({
  scheduledAt: instant.refine((value) => Date.parse(value) > Date.now(), { error: 'Must be in the future.' }),
}).meta({ id: 'HomeVisitStep', description: 'Books the home visit, or moves it when one is booked.' });

export const homeVisitCompleteStepSchema = stepBody({ notes: text(20_000, 'notes').optional() }).meta({ id: 'HomeVisitCompleteStep' });

export const homeVisitCancelStepSchema = stepBody({ reason: text(5_000, 'the reason') }).meta({ id: 'HomeVisitCancelStep' });

export const homeVisit: StepDefinition<'home-visit'> = {
  allowedFrom: ['received', 'contacted', 'visit_scheduled'],
  schema: homeVisitStepSchema,
  check(ch, input) {
    const at = ch.instant('scheduledAt', input.scheduledAt, true);
    if (at && at.getTime() <= ch.now) ch.add('scheduledAt', 'Must be in the future.');
  },
  apply(c, input, actor) {
    const { s, facts } = c;
    const moved = s.status === 'visit_scheduled';
    const scheduledAt = new Date(input.scheduledAt);
    const reminderAt = homeVisitReminderAt(scheduledAt, facts.timers);
    s.homeVisit = { scheduledAt: scheduledAt.toISOString(), reminderAt: reminderAt.toISOString(), reminderSent: false, completedAt: null, notes: null };
    // A visit booked too close for a reminder gets none: the confirmation is sent now.
    s.homeVisitReminderDue = reminderAt.getTime() > c.now;
    s.status = 'visit_scheduled';
    c.event(moved ? 'home_visit_moved' : 'home_visit_scheduled', actor, { scheduledAt: scheduledAt.toISOString() });
    c.letter('home_visit_confirmation');
  },
};

export const homeVisitComplete: StepDefinition<'home-visit/complete'> = {
  allowedFrom: ['visit_scheduled'],
  schema: homeVisitCompleteStepSchema,
  check: oneText('notes', false),
  apply(c, { notes }, actor) {
    const visit = c.s.homeVisit;
    if (visit) c.s.homeVisit = { ...visit, completedAt: c.nowIso, notes: notes ?? null };
    c.s.status = 'under_assessment';
    c.event('home_visit_completed', actor, {});
  },
};

export const homeVisitCancel: StepDefinition<'home-visit/cancel'> = {
  allowedFrom: ['visit_scheduled'],
  schema: homeVisitCancelStepSchema,
  check: oneText('reason', true),
  apply(c, input, actor) {
    const { s } = c;
    const cancelled = s.homeVisit?.scheduledAt ?? null;
    s.homeVisit = null;
    s.homeVisitReminderDue = false;
    s.status = 'contacted';
    c.event('home_visit_cancelled', actor, { scheduledAt: cancelled, reason: input.reason });
  },
};

export const homeVisitTimers: StepTimers<'homeVisitReminder'> = {
  homeVisitReminder(c) {
    const { s } = c;
    if (s.homeVisit) s.homeVisit = { ...s.homeVisit, reminderSent: true };
    c.event('home_visit_reminder_sent', SYSTEM_ACTOR, { scheduledAt: s.homeVisit?.scheduledAt ?? null });
    c.letter('home_visit_reminder');
  },
};
