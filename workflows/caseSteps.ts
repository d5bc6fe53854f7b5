// The caseworker's steps, each an Update whose validator refuses what the status does not allow
// before anything reaches the history.
import type { UpdateDefinition } from '@temporalio/common';
import { ApplicationFailure, condition, setHandler } from '@temporalio/workflow';
import { appealCutOff, homeVisitReminderAt } from '../domain/caseDeadlines';
import { statusWhenFinal, stepRefusal, type CaseStep } from '../domain/caseRules';
import { isCalendarDate, osloDateOf } from '../domain/osloTime';
import {
  APPEAL_BODY_OUTCOMES,
  DECISION_OUTCOMES,
  RE_EVALUATION_OUTCOMES,
  RECONSIDERATION_OUTCOMES,
  type CaseView,
  type DecisionInput,
} from '../domain/caseTypes';
import { applyDecision, appealBodyFor, closeCase, grantedInFull, makeFinal, scheduleReEvaluation } from './caseDecisions';
import type { CaseRecord } from './caseRecord';
import * as m from './messages';

function validationFailed(problems: m.FieldProblem[]): never {
  throw ApplicationFailure.create({
    type: 'validation_failed',
    message: problems.map((p) => `${p.field}: ${p.message}`).join('; '),
    details: [problems],
    nonRetryable: true,
  });
}

function refuseUnlessAllowed(step: CaseStep, view: CaseView): void {
  const refusal = stepRefusal(step, view);
  if (refusal) throw ApplicationFailure.create({ type: refusal.code, message: refusal.message, nonRetryable: true });
}

/** Collects field problems so one answer names every bad field. */
class Checks {
  readonly problems: m.FieldProblem[] = [];
  constructor(readonly receivedAt: Date) {}
  text(field: string, value: unknown, required: boolean): void {
    if (value === undefined && !required) return;
    if (typeof value !== 'string' || value.trim() === '') this.problems.push({ field, message: 'Must be a non-empty text.' });
  }
  instant(field: string, value: unknown, required: boolean): Date | undefined {
    if (value === undefined && !required) return undefined;
    const ms = typeof value === 'string' ? Date.parse(value) : NaN;
    if (Number.isNaN(ms)) {
      this.problems.push({ field, message: 'Must be an ISO-8601 date-time, e.g. 2027-03-30T10:00:00.000Z.' });
      return undefined;
    }
    return new Date(ms);
  }
  dateOrInstant(field: string, value: unknown): void {
    if (value === undefined) return;
    if (typeof value !== 'string' || (!isCalendarDate(value) && Number.isNaN(Date.parse(value)))) {
      this.problems.push({ field, message: 'Must be a date (YYYY-MM-DD) or an ISO-8601 date-time.' });
    }
  }
  oneOf(field: string, value: unknown, allowed: readonly string[]): void {
    if (typeof value !== 'string' || !allowed.includes(value)) {
      this.problems.push({ field, message: `Must be one of ${allowed.join(', ')}.` });
    }
  }
  decision(prefix: string, d: DecisionInput | undefined, required: boolean): void {
    if (d === undefined) {
      if (required) this.problems.push({ field: prefix || 'decision', message: 'Required for this outcome.' });
      return;
    }
    const at = (f: string) => (prefix ? `${prefix}.${f}` : f);
    this.oneOf(at('outcome'), d.outcome, DECISION_OUTCOMES);
    this.text(at('justification'), d.justification, true);
    if (!Array.isArray(d.services) || d.services.length === 0) {
      this.problems.push({ field: at('services'), message: 'Must list at least one service.' });
    } else {
      d.services.forEach((s, i) => {
        this.text(at(`services[${i}].code`), s?.code, true);
        this.dateOrInstant(at(`services[${i}].from`), s?.from);
        this.dateOrInstant(at(`services[${i}].until`), s?.until);
        if (s?.hoursPerWeek !== undefined && !(typeof s.hoursPerWeek === 'number' && s.hoursPerWeek >= 0 && s.hoursPerWeek <= 168)) {
          this.problems.push({ field: at(`services[${i}].hoursPerWeek`), message: 'Must be a number of hours from 0 to 168.' });
        }
      });
    }
    const deliveredAt = this.instant(at('deliveredAt'), d.deliveredAt, false);
    if (deliveredAt && deliveredAt < this.receivedAt) {
      this.problems.push({ field: at('deliveredAt'), message: 'Must not be before the application was received.' });
    }
  }
  done(): void {
    if (this.problems.length > 0) validationFailed(this.problems);
  }
}

function actorOf(input: m.StepActor): string {
  return input.actor?.trim() || 'caseworker';
}

/** Registers a step: the validator checks the status and the input; the handler changes the case. */
function step<I extends m.StepActor>(
  c: CaseRecord,
  def: UpdateDefinition<CaseView, [I]>,
  name: CaseStep,
  check: (input: I, checks: Checks) => void,
  run: (input: I, actor: string) => Promise<void>,
): void {
  setHandler(
    def,
    async (input: I) => {
      if (!c.ready) {
        // A step that arrives while the case is still being registered waits for the receipt and the
        // acknowledgement, so events and letters keep their order; the status may have moved meanwhile.
        await condition(() => c.ready);
        refuseUnlessAllowed(name, c.view);
      }
      await run(input, actorOf(input));
      return c.view;
    },
    {
      validator: (input: I) => {
        refuseUnlessAllowed(name, c.view);
        if (typeof input !== 'object' || input === null) validationFailed([{ field: 'body', message: 'Must be an object.' }]);
        const checks = new Checks(new Date(c.view.receivedAt));
        check(input, checks);
        checks.done();
      },
    },
  );
}

export function registerSteps(c: CaseRecord, requestContinueAsNew: () => void): void {
  const view = () => c.view;

  step(c, m.contactUpdate, 'contact', (i, ch) => ch.text('note', i.note, false), async (i, actor) => {
    view().status = 'contacted';
    await c.record('contacted', actor, { note: i.note ?? null });
  });

  step(
    c,
    m.homeVisitUpdate,
    'home-visit',
    (i, ch) => {
      const at = ch.instant('scheduledAt', i.scheduledAt, true);
      if (at && at.getTime() <= Date.now()) ch.problems.push({ field: 'scheduledAt', message: 'Must be in the future.' });
    },
    async (i, actor) => {
      const moved = view().status === 'visit_scheduled';
      const scheduledAt = new Date(i.scheduledAt);
      const reminderAt = homeVisitReminderAt(scheduledAt, c.timers);
      view().homeVisit = {
        scheduledAt: scheduledAt.toISOString(),
        reminderAt: reminderAt.toISOString(),
        // A visit booked too close for a reminder gets none: the confirmation is sent now.
        reminderSent: false,
        completedAt: null,
        notes: null,
      };
      c.state.homeVisitReminderDue = reminderAt.getTime() > Date.now();
      view().status = 'visit_scheduled';
      await c.record(moved ? 'home_visit_moved' : 'home_visit_scheduled', actor, { scheduledAt: scheduledAt.toISOString() });
      await c.sendLetter('home_visit_confirmation');
    },
  );

  step(c, m.homeVisitCompleteUpdate, 'home-visit/complete', (i, ch) => ch.text('notes', i.notes, false), async (i, actor) => {
    const visit = view().homeVisit;
    if (visit) {
      visit.completedAt = c.now().toISOString();
      visit.notes = i.notes ?? null;
    }
    view().status = 'under_assessment';
    await c.record('home_visit_completed', actor, {});
  });

  step(c, m.homeVisitCancelUpdate, 'home-visit/cancel', (i, ch) => ch.text('reason', i.reason, true), async (i, actor) => {
    const cancelled = view().homeVisit?.scheduledAt ?? null;
    view().homeVisit = null;
    c.state.homeVisitReminderDue = false;
    view().status = 'contacted';
    await c.record('home_visit_cancelled', actor, { scheduledAt: cancelled, reason: i.reason });
  });

  step(
    c,
    m.provisionalReplyUpdate,
    'provisional-reply',
    (i, ch) => {
      ch.text('reason', i.reason, true);
      ch.dateOrInstant('expectedDecisionBy', i.expectedDecisionBy);
      if (i.expectedDecisionBy === undefined) ch.problems.push({ field: 'expectedDecisionBy', message: 'Required.' });
      else if (isCalendarDate(i.expectedDecisionBy) ? i.expectedDecisionBy < osloDateOf(new Date(Date.now())) : Date.parse(i.expectedDecisionBy) < Date.now()) {
        ch.problems.push({ field: 'expectedDecisionBy', message: 'Must not be in the past.' });
      }
    },
    async (i, actor) => {
      view().flags.provisionalReplySent = true;
      await c.record('provisional_reply_sent', actor, { automatic: false, expectedDecisionBy: i.expectedDecisionBy });
      await c.sendLetter('provisional_reply', { reason: i.reason, expectedDecisionBy: i.expectedDecisionBy });
    },
  );

  step(c, m.decisionUpdate, 'decision', (i, ch) => ch.decision('', i, true), async (i, actor) => {
    const decision = applyDecision(c, i);
    await c.record('decision_issued', actor, {
      outcome: decision.outcome,
      services: decision.services.map((s) => s.code),
      appealDeadlines: decision.appealDeadlines,
    });
    await c.sendLetter('decision');
  });

  step(
    c,
    m.appealUpdate,
    'appeal',
    (i, ch) => {
      ch.text('text', i.text, false);
      const at = ch.instant('receivedAt', i.receivedAt, false) ?? new Date(Date.now());
      const decision = c.view.decision;
      if (decision && at > appealCutOff(new Date(decision.decidedAt))) {
        // fvl § 31 tredje ledd: never more than one year after the decision.
        ch.problems.push({ field: 'receivedAt', message: 'More than one year after the decision: the appeal cannot be taken (forvaltningsloven § 31).' });
      }
      if (at.getTime() > Date.now() + 5 * 60_000) ch.problems.push({ field: 'receivedAt', message: 'Must not be in the future.' });
      if (decision && at < new Date(decision.decidedAt)) {
        ch.problems.push({ field: 'receivedAt', message: 'Must not be before the decision was made.' });
      }
    },
    async (i, actor) => {
      const receivedAt = i.receivedAt ? new Date(i.receivedAt) : c.now();
      const appealBy = view().deadlines.appealBy;
      // Late appeals are flagged, not refused: the office may still consider them (fvl § 31).
      const late = appealBy !== null && receivedAt.getTime() > Date.parse(appealBy);
      view().appeal = {
        receivedAt: receivedAt.toISOString(),
        text: i.text ?? null,
        late,
        reconsideration: null,
        appealBodyDecision: null,
      };
      view().flags.lateAppeal = late;
      view().appealBody = null;
      c.state.appealedFrom = view().status;
      view().status = 'under_reconsideration';
      await c.record('appeal_received', actor, { receivedAt: receivedAt.toISOString(), late });
      await c.sendLetter('appeal_acknowledgement');
    },
  );

  step(
    c,
    m.reconsiderationUpdate,
    'reconsideration',
    (i, ch) => {
      ch.oneOf('outcome', i.outcome, RECONSIDERATION_OUTCOMES);
      ch.text('justification', i.justification, true);
      ch.decision('decision', i.decision, i.outcome === 'partially_reversed');
    },
    async (i, actor) => {
      const appeal = view().appeal;
      if (appeal) appeal.reconsideration = { outcome: i.outcome, justification: i.justification, at: c.now().toISOString() };
      await c.record('reconsideration', actor, { outcome: i.outcome });
      switch (i.outcome) {
        case 'reversed': {
          // Omgjøring: the office grants the appeal; a new decision with a new appeal period.
          applyDecision(c, i.decision ?? grantedInFull(view().decision, view().services, i.justification));
          await c.record('decision_issued', actor, { outcome: view().decision?.outcome, reason: 'reconsideration' });
          await c.sendLetter('decision');
          return;
        }
        case 'partially_reversed':
        case 'upheld': {
          if (i.outcome === 'partially_reversed' && i.decision) {
            // Delvis omgjøring is a new decision; what remains of the appeal goes on to the appeal body.
            applyDecision(c, i.decision);
            await c.record('decision_issued', actor, { outcome: i.decision.outcome, reason: 'reconsideration' });
            await c.sendLetter('decision');
          }
          const body = appealBodyFor((view().decision?.services ?? []).map((s) => s.code).concat(view().services));
          view().appealBody = body;
          view().status = 'with_appeal_body';
          await c.record('appeal_forwarded', actor, { appealBody: body });
          await c.sendLetter('appeal_forwarded');
          return;
        }
        case 'dismissed': {
          // Avvist: the decision stands. Its appeal period runs on if it has not run out; a decision
          // that was final before the (late) appeal goes on as it was, re-evaluations and all.
          const appealBy = view().deadlines.appealBy;
          const finalBefore = c.state.appealedFrom === 'active';
          if (appealBy && Date.parse(appealBy) > Date.now()) view().status = 'decided';
          else if (finalBefore) view().status = statusWhenFinal(view());
          else makeFinal(c);
          const finalNow = !finalBefore && view().status !== 'decided';
          await c.record(finalNow ? 'decision_final' : 'appeal_dismissed', actor, { status: view().status });
          await c.sendLetter('appeal_outcome');
          if (view().status === 'closed') await c.sendLetter('closing');
          return;
        }
      }
    },
  );

  step(
    c,
    m.appealBodyDecisionUpdate,
    'appeal-body-decision',
    (i, ch) => {
      ch.oneOf('outcome', i.outcome, APPEAL_BODY_OUTCOMES);
      ch.text('justification', i.justification, false);
      ch.decision('decision', i.decision, false);
    },
    async (i, actor) => {
      const appeal = view().appeal;
      const body = view().appealBody ?? 'statsforvalteren';
      if (i.outcome === 'quashed') {
        // Opphevet: sent back for new processing and a new decision.
        view().status = 'under_assessment';
      } else {
        if (i.outcome === 'reversed') {
          applyDecision(c, i.decision ?? grantedInFull(view().decision, view().services, i.justification ?? 'Klagen er tatt til følge.'), body);
        }
        makeFinal(c);
      }
      // Set after any new decision, so the ruling is known to postdate the decision it made final.
      if (appeal) appeal.appealBodyDecision = { outcome: i.outcome, justification: i.justification ?? null, at: c.now().toISOString() };
      await c.record('appeal_body_decision', actor, { outcome: i.outcome, appealBody: body, status: view().status });
      await c.sendLetter('appeal_outcome');
      if (view().status === 'closed') await c.sendLetter('closing');
    },
  );

  step(
    c,
    m.reEvaluationUpdate,
    're-evaluation',
    (i, ch) => {
      ch.oneOf('outcome', i.outcome, RE_EVALUATION_OUTCOMES);
      ch.decision('decision', i.decision, i.outcome === 'changed');
    },
    async (i, actor) => {
      switch (i.outcome) {
        case 'continue':
          scheduleReEvaluation(c, c.now());
          await c.record('re_evaluation', actor, { outcome: i.outcome, nextReEvaluationAt: view().deadlines.nextReEvaluationAt });
          // Each cycle starts a fresh run, so a case that runs for years keeps a short history.
          requestContinueAsNew();
          return;
        case 'changed': {
          await c.record('re_evaluation', actor, { outcome: i.outcome });
          const decision = applyDecision(c, i.decision as DecisionInput);
          await c.record('decision_issued', actor, { outcome: decision.outcome, reason: 're_evaluation' });
          await c.sendLetter('decision');
          return;
        }
        case 'terminated':
          closeCase(c, 'terminated');
          await c.record('re_evaluation', actor, { outcome: i.outcome });
          await c.sendLetter('closing');
          return;
      }
    },
  );

  step(c, m.withdrawUpdate, 'withdraw', (i, ch) => ch.text('reason', i.reason, true), async (i, actor) => {
    closeCase(c, 'withdrawn');
    await c.record('withdrawn', actor, { reason: i.reason });
    await c.sendLetter('closing', { reason: i.reason });
  });
}
