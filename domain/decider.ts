// Decide, then effect: given the case's state and a command (a caseworker's step or a timer that
// fired), the new state and the effects to run, in order (events to record, letters to send).
// Pure and synchronous, so the workflow changes the case before any await: a second step is
// always checked against the case as the first one left it.
import {
  appealCutOff,
  appealDeadlines,
  laterDeadlines,
  presumedPostalReceipt,
  decisionExpiry,
  expectedDecisionDate,
  expiryNoticeAt,
  homeVisitReminderAt,
  latestAppealDeadline,
  reEvaluationDeadline,
} from './case/caseDeadlines';
import type { CaseCommand, CaseTimerName, FieldProblem, StepCommand } from './case/caseCommands';
import { statusWhenFinal, stepRefusal } from './case/caseRules';
import { APPLIED_KEYS_KEPT, caseViewOf, type CaseFacts, type CaseState } from './case/caseState';
import {
  APPEAL_BODY_OUTCOMES,
  RE_EVALUATION_OUTCOMES,
  RECONSIDERATION_OUTCOMES,
  type AppealBody,
  type AppealBodyPart,
  type ClosedReason,
  type Decision,
  type DecisionInput,
  type LetterKind,
} from './case/caseTypes';
import { appealBodiesFor } from './policy/catalogue';
import { decidedCodes, outcomeOf } from './case/decidedServices';
import { applicantDeadline, officeDeadline } from './calendar/periods';
import { endOfOsloDay, isCalendarDate, osloDateOf } from './calendar/osloTime';
import { rulesOf, runningTimers } from './case/caseTimers';
import { StepChecks } from './steps/stepChecks';
import { DEFAULT_PRESUMED_POSTAL_DELIVERY } from './policy/policy';

export const SYSTEM_ACTOR = 'system';
export const DEFAULT_ACTOR = 'caseworker';

/** What a provisional reply answers: the application, an appeal, or the new processing after a quash. */
export type ProvisionalReplyRegarding = 'application' | 'appeal' | 'new_processing';

export interface CaseLetterDetails {
  reason?: string;
  expectedDecisionBy?: string;
  regarding?: ProvisionalReplyRegarding;
  /** A new provisional reply because the date the last one gave has passed: that date. */
  previousExpectedBy?: string;
  /** The appeal body a forwarding or a ruling is about, where two hear parts of the appeal. */
  appealBody?: AppealBody;
}

/** A dismissal (avvisning) is a decision that can be appealed within 3 weeks (fvl §§ 2 tredje ledd, 29). */
export const DISMISSAL_APPEAL_WINDOW = Object.freeze({ amount: 3, unit: 'week' as const });

/** The instant a provisional reply's date runs out: a date at the end of its Oslo day, an instant as it is. */
function endOfPromise(value: string): string {
  return isCalendarDate(value) ? endOfOsloDay(value).toISOString() : new Date(value).toISOString();
}

export type CaseEffect =
  | { kind: 'event'; seq: number; type: string; actor: string; data: Record<string, unknown> }
  | { kind: 'letter'; key: string; letter: LetterKind; details: CaseLetterDetails }
  | { kind: 'continueAsNew' };

export interface Refusal {
  code: 'invalid_transition' | 'case_closed' | 'validation_failed';
  message: string;
  problems?: FieldProblem[];
}

export type Decided = { ok: true; state: CaseState; effects: CaseEffect[]; replayed: boolean } | { ok: false; refusal: Refusal };

const AUTOMATIC_PROVISIONAL_REASON: Record<ProvisionalReplyRegarding, string> = {
  application:
    'Vi har ikke fått behandlet søknaden ferdig ennå, fordi vi trenger mer tid til å kartlegge behovet ditt og vurdere hvilke tjenester som er riktige for deg.',
  appeal: 'Vi har ikke fått vurdert klagen din ferdig ennå, fordi vi trenger mer tid til å gå gjennom saken på nytt.',
  new_processing:
    'Vedtaket ble opphevet av klageinstansen, og vi behandler saken din på nytt. Vi trenger mer tid til å vurdere behovet ditt før vi gjør et nytt vedtak.',
};

const OVERDUE_PROVISIONAL_REASON: Record<ProvisionalReplyRegarding, string> = {
  application: 'Vi har dessverre ikke klart å gjøre vedtak innen datoen vi ga deg sist. Vi trenger fortsatt litt mer tid til å vurdere behovet ditt.',
  appeal: 'Vi har dessverre ikke klart å vurdere klagen din ferdig innen datoen vi ga deg sist. Vi trenger fortsatt litt mer tid til å gå gjennom saken.',
  new_processing: 'Vi har dessverre ikke klart å gjøre nytt vedtak innen datoen vi ga deg sist. Vi trenger fortsatt litt mer tid til å behandle saken på nytt.',
};

/** The body that hears an appeal on these services: Statsforvalteren when any is statutory. */
export function appealBodyFor(serviceCodes: readonly string[]): AppealBody {
  const bodies = appealBodiesFor([...serviceCodes]);
  return bodies.includes('statsforvalteren') || bodies.length === 0 ? 'statsforvalteren' : 'klagenemnd';
}

/**
 * Omgjøring in the applicant's favour with no changed decision given: what was applied for, granted.
 * Services the earlier decision decided keep their scope; a service refused by 0 hours loses its hours.
 */
export function grantedInFull(previous: Decision | null, appliedFor: readonly string[], justification: string): DecisionInput {
  const earlier = new Map((previous?.services ?? []).map((s) => [s.code, s]));
  const codes = [...new Set([...appliedFor, ...earlier.keys()])];
  const services = codes.map((code) => {
    const service = earlier.get(code);
    if (!service) return { code, outcome: 'granted' as const };
    const { hoursPerWeek, ...rest } = service;
    return { ...rest, ...(hoursPerWeek ? { hoursPerWeek } : {}), outcome: 'granted' as const };
  });
  return { outcome: 'granted', services, justification };
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** One command being decided: the state it changes and the effects it collects. */
class Decision_ {
  readonly effects: CaseEffect[] = [];
  constructor(
    readonly facts: CaseFacts,
    readonly s: CaseState,
    readonly now: number,
  ) {}

  get nowIso(): string {
    return new Date(this.now).toISOString();
  }

  event(type: string, actor: string, data: Record<string, unknown> = {}): void {
    this.effects.push({ kind: 'event', seq: ++this.s.eventSeq, type, actor, data });
  }

  letter(letter: LetterKind, details: CaseLetterDetails = {}): void {
    this.effects.push({ kind: 'letter', key: `${letter}-${++this.s.letterSeq}`, letter, details });
  }

  /** Sets a new decision with its own appeal period (restarted by every decision the office makes). */
  applyDecision(input: DecisionInput, decidedBy: Decision['decidedBy'] = 'office', terminates = false): Decision {
    const { s, facts } = this;
    // A letter by post reaches the applicant some days after it is handed in: the period counts from then.
    const byPost = facts.appealRights === true && !input.deliveredAt && facts.channel === 'paper' && decidedBy === 'office';
    const deliveredAt = input.deliveredAt
      ? new Date(input.deliveredAt)
      : byPost
        ? presumedPostalReceipt(new Date(this.now), facts.timers.presumedPostalDelivery ?? DEFAULT_PRESUMED_POSTAL_DELIVERY)
        : new Date(this.now);
    const services = input.services.map((service) => ({ ...service, outcome: outcomeOf(input, service) }));
    const codes = decidedCodes({ outcome: input.outcome, services, terminates }, facts.services);
    // A decision an appeal body made is final at once: no new appeal period runs.
    const deadlines = decidedBy === 'office' ? appealDeadlines(deliveredAt, codes, facts.timers) : {};
    const decision: Decision = {
      outcome: input.outcome,
      services,
      justification: input.justification,
      deliveredAt: deliveredAt.toISOString(),
      decidedAt: this.nowIso,
      appealDeadlines: deadlines,
      decidedBy,
      terminates,
      ...(byPost ? { receipt: 'post' as const } : {}),
      ...(facts.appealRights && decidedBy === 'office' ? { statedAppealDeadlines: { ...deadlines } } : {}),
    };
    s.decision = decision;
    const expiresAt = decisionExpiry(decision);
    const noticeAt = expiresAt ? expiryNoticeAt(expiresAt, facts.timers.expiryNoticeBefore) : null;
    // A decision shorter than the notice period gets no separate notice: the decision letter says when it ends.
    s.expiryNoticeAt = noticeAt && noticeAt.getTime() > this.now ? noticeAt.toISOString() : null;
    s.expiryNoticeSent = false;
    // Once decided, the office owes no provisional reply any more, nor keeps one's promise.
    s.provisionalReplyDispatchAt = null;
    if (facts.appealRights) {
      s.provisionalReplyExpectedBy = null;
      s.flags.provisionalReplyOverdue = false;
    }
    s.flags.reEvaluationDue = false;
    s.nextReEvaluationAt = null;
    s.reEvaluationDispatchAt = null;
    if (terminates) this.close('terminated');
    else s.status = decidedBy === 'office' ? 'decided' : statusWhenFinal(s);
    return decision;
  }

  /** The decision stands and can no longer be appealed in time: services run, or the case closes. */
  makeFinal(): void {
    if (statusWhenFinal(this.s) === 'active') {
      this.s.status = 'active';
      this.scheduleReEvaluation();
    } else {
      this.close(this.s.decision?.terminates ? 'terminated' : 'refused');
    }
  }

  scheduleReEvaluation(): void {
    const { dueAt, dispatchAt } = reEvaluationDeadline(new Date(this.now), this.facts.timers);
    this.s.nextReEvaluationAt = dueAt.toISOString();
    this.s.flags.reEvaluationDue = false;
    this.s.reEvaluationDispatchAt = dispatchAt.toISOString();
  }

  close(reason: ClosedReason): void {
    this.s.status = 'closed';
    this.s.closedReason = reason;
    this.s.flags.reEvaluationDue = false;
  }

  /** A provisional reply falls due `provisionalReplyAfter` from `from` (fvl § 11 a). */
  owesProvisionalReply(from: Date): void {
    const { dueAt, dispatchAt } = officeDeadline(from, this.facts.timers.provisionalReplyAfter);
    this.s.provisionalReplyBy = dueAt.toISOString();
    this.s.provisionalReplyDispatchAt = dispatchAt.toISOString();
    this.s.flags.provisionalReplySent = false;
    this.s.provisionalReplyExpectedBy = null;
  }

  /** What the case does when an appeal ends without a ruling (dismissed, withdrawn): back to where its decision left it. */
  returnToDecision(): { finalNow: boolean } {
    const { s } = this;
    const from = s.appealedFrom;
    const appealBy = s.decision ? latestAppealDeadline(s.decision.appealDeadlines) : null;
    if (from?.status === 'closed') {
      s.status = 'closed';
      s.closedReason = from.closedReason;
    } else if (appealBy && Date.parse(appealBy) > this.now) {
      s.status = 'decided';
    } else if (from?.status === 'active') {
      s.status = statusWhenFinal(s);
    } else {
      this.makeFinal();
      return { finalNow: true };
    }
    return { finalNow: false };
  }
}

function actorOf(input: { actor?: string }): string {
  return input.actor?.trim() || DEFAULT_ACTOR;
}

/** The input problems of a step, checked against the case as it stands. */
export function stepProblems(facts: CaseFacts, state: CaseState, command: StepCommand, now: number): FieldProblem[] {
  const input = command.input as unknown;
  if (typeof input !== 'object' || input === null) return [{ field: 'body', message: 'Must be an object.' }];
  const ch = new StepChecks(new Date(facts.receivedAt), now);
  switch (command.step) {
    case 'contact':
      ch.text('note', command.input.note, false);
      break;
    case 'home-visit': {
      const at = ch.instant('scheduledAt', command.input.scheduledAt, true);
      if (at && at.getTime() <= now) ch.add('scheduledAt', 'Must be in the future.');
      break;
    }
    case 'home-visit/complete':
      ch.text('notes', command.input.notes, false);
      break;
    case 'home-visit/cancel':
      ch.text('reason', command.input.reason, true);
      break;
    case 'provisional-reply': {
      const i = command.input;
      ch.text('reason', i.reason, true);
      if (ch.dateOrInstant('expectedDecisionBy', i.expectedDecisionBy, true)) {
        const past = isCalendarDate(i.expectedDecisionBy) ? i.expectedDecisionBy < osloDateOf(new Date(now)) : Date.parse(i.expectedDecisionBy) < now;
        if (past) ch.add('expectedDecisionBy', 'Must not be in the past.');
      }
      break;
    }
    case 'decision':
      ch.decision('', command.input, true);
      if (facts.appealRights) everyServiceDecided(ch, facts, command.input);
      break;
    case 'appeal':
      appealProblems(ch, facts, state, command.input);
      break;
    case 'reconsideration':
      ch.oneOf('outcome', command.input.outcome, RECONSIDERATION_OUTCOMES);
      ch.text('justification', command.input.justification, true);
      ch.decision('decision', command.input.decision, command.input.outcome === 'partially_reversed');
      break;
    case 'appeal-body-decision': {
      const pending = (state.appealBodies ?? []).filter((p) => p.outcome === null).map((p) => p.body);
      const body = command.input.body;
      if (facts.appealRights && pending.length > 0) {
        if (body === undefined && pending.length > 1) ch.add('body', `Required while ${pending.join(' and ')} each hear part of the appeal.`);
        else if (body !== undefined && !pending.includes(body)) ch.add('body', `Must be an appeal body that has not ruled yet: ${pending.join(', ')}.`);
      }
      ch.oneOf('outcome', command.input.outcome, APPEAL_BODY_OUTCOMES);
      ch.text('justification', command.input.justification, false);
      ch.decision('decision', command.input.decision, false);
      break;
    }
    case 're-evaluation':
      ch.oneOf('outcome', command.input.outcome, RE_EVALUATION_OUTCOMES);
      ch.decision('decision', command.input.decision, command.input.outcome === 'changed');
      // A termination is a decision: it must give its reasons (fvl § 24).
      ch.text('justification', command.input.justification, command.input.outcome === 'terminated');
      break;
    case 'withdraw':
    case 'appeal/withdraw':
      ch.text('reason', command.input.reason, true);
      break;
    case 'decision-received': {
      const at = ch.pastInstant('receivedAt', command.input.receivedAt, true);
      const decision = state.decision;
      if (at && decision && at.getTime() < Date.parse(decision.decidedAt)) ch.add('receivedAt', 'Must not be before the decision was made.');
      break;
    }
  }
  return ch.problems;
}

/** A decision decides every service applied for (fvl § 25): one left out would be refused without reasons. */
function everyServiceDecided(ch: StepChecks, facts: CaseFacts, input: { services?: unknown }): void {
  // An empty or malformed list is refused on its own already.
  if (!Array.isArray(input.services) || input.services.length === 0) return;
  const decided = new Set(input.services.map((s: unknown) => (typeof s === 'object' && s !== null ? (s as { code?: unknown }).code : undefined)));
  for (const code of facts.services) {
    if (!decided.has(code)) ch.add('services', `${code} was applied for and is not decided: give it an outcome (granted or refused) and the reasons.`);
  }
}

function appealProblems(ch: StepChecks, facts: CaseFacts, state: CaseState, i: StepCommand['input'] & { receivedAt?: string; sentAt?: string; text?: string; services?: unknown }): void {
  ch.text('text', i.text, false);
  const receivedAt = ch.pastInstant('receivedAt', i.receivedAt, false) ?? (i.receivedAt === undefined ? new Date(ch.now) : undefined);
  const sentAt = ch.pastInstant('sentAt', i.sentAt, false);
  const decision = state.decision;
  if (receivedAt && decision) {
    if (receivedAt > appealCutOff(new Date(decision.decidedAt))) {
      // fvl § 31 tredje ledd: never more than one year after the decision.
      ch.add('receivedAt', 'More than one year after the decision: the appeal cannot be taken (forvaltningsloven § 31).');
    }
    if (receivedAt < new Date(decision.decidedAt)) ch.add('receivedAt', 'Must not be before the decision was made.');
  }
  if (sentAt && receivedAt && sentAt > receivedAt) ch.add('sentAt', 'Must not be after the appeal was received.');
  if (sentAt && decision && sentAt.getTime() < Math.min(Date.parse(decision.decidedAt), Date.parse(decision.deliveredAt))) {
    ch.add('sentAt', 'Must not be before the decision was made.');
  }
  if (i.services !== undefined) {
    const decided = decision ? decidedCodes(decision, facts.services) : facts.services;
    if (!Array.isArray(i.services) || i.services.length === 0) {
      ch.add('services', 'Must list at least one service the decision decided.');
    } else {
      i.services.forEach((code: unknown, n: number) => {
        if (typeof code !== 'string' || !decided.includes(code)) ch.add(`services[${n}]`, `Must be a service the decision decided: ${decided.join(', ')}.`);
        else if (i.services && (i.services as unknown[]).indexOf(code) !== n) ch.add(`services[${n}]`, `${code} is listed twice.`);
      });
    }
  }
}

/** Decides a command: the new state and its effects, or why it is refused (and then nothing changes). */
export function decide(facts: CaseFacts, state: CaseState, command: CaseCommand, now: number): Decided {
  if (command.kind === 'timer') return decideTimer(facts, state, command.name, now);
  const key = command.input && typeof command.input === 'object' && command.input.idempotencyKey ? `${command.step}:${command.input.idempotencyKey}` : null;
  // A retried step with the same Idempotency-Key was applied once already: it changes nothing now.
  if (key && state.appliedKeys.includes(key)) return { ok: true, state, effects: [], replayed: true };
  const refusal = stepRefusal(command.step, state, now, rulesOf(facts));
  if (refusal) return { ok: false, refusal };
  const problems = stepProblems(facts, state, command, now);
  if (problems.length > 0) {
    return { ok: false, refusal: { code: 'validation_failed', message: problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems } };
  }
  const d = new Decision_(facts, clone(state), now);
  applyStep(d, command);
  if (key) d.s.appliedKeys = [...d.s.appliedKeys, key].slice(-APPLIED_KEYS_KEPT);
  return { ok: true, state: d.s, effects: d.effects, replayed: false };
}

function applyStep(d: Decision_, command: StepCommand): void {
  const { s, facts } = d;
  const actor = actorOf(command.input);
  switch (command.step) {
    case 'contact':
      s.status = 'contacted';
      d.event('contacted', actor, { note: command.input.note ?? null });
      return;
    case 'home-visit': {
      const moved = s.status === 'visit_scheduled';
      const scheduledAt = new Date(command.input.scheduledAt);
      const reminderAt = homeVisitReminderAt(scheduledAt, facts.timers);
      s.homeVisit = { scheduledAt: scheduledAt.toISOString(), reminderAt: reminderAt.toISOString(), reminderSent: false, completedAt: null, notes: null };
      // A visit booked too close for a reminder gets none: the confirmation is sent now.
      s.homeVisitReminderDue = reminderAt.getTime() > d.now;
      s.status = 'visit_scheduled';
      d.event(moved ? 'home_visit_moved' : 'home_visit_scheduled', actor, { scheduledAt: scheduledAt.toISOString() });
      d.letter('home_visit_confirmation');
      return;
    }
    case 'home-visit/complete':
      if (s.homeVisit) s.homeVisit = { ...s.homeVisit, completedAt: d.nowIso, notes: command.input.notes ?? null };
      s.status = 'under_assessment';
      d.event('home_visit_completed', actor, {});
      return;
    case 'home-visit/cancel': {
      const cancelled = s.homeVisit?.scheduledAt ?? null;
      s.homeVisit = null;
      s.homeVisitReminderDue = false;
      s.status = 'contacted';
      d.event('home_visit_cancelled', actor, { scheduledAt: cancelled, reason: command.input.reason });
      return;
    }
    case 'provisional-reply': {
      const { reason, expectedDecisionBy } = command.input;
      s.flags.provisionalReplySent = true;
      if (facts.appealRights) {
        const regarding = regardingNow(s);
        // The reply's date is a promise: when it passes undecided, another reply is due.
        s.provisionalReplyExpectedBy = endOfPromise(expectedDecisionBy);
        d.event('provisional_reply_sent', actor, { automatic: false, expectedDecisionBy, regarding });
        d.letter('provisional_reply', { reason, expectedDecisionBy, regarding });
        return;
      }
      d.event('provisional_reply_sent', actor, { automatic: false, expectedDecisionBy });
      d.letter('provisional_reply', { reason, expectedDecisionBy, regarding: 'application' });
      return;
    }
    case 'decision': {
      const decision = d.applyDecision(command.input);
      d.event('decision_issued', actor, {
        outcome: decision.outcome,
        services: decision.services.map((x) => x.code),
        appealDeadlines: decision.appealDeadlines,
      });
      d.letter('decision');
      return;
    }
    case 'appeal':
      applyAppeal(d, command.input, actor);
      return;
    case 'reconsideration':
      applyReconsideration(d, command.input, actor);
      return;
    case 'appeal-body-decision':
      applyAppealBodyDecision(d, command.input, actor);
      return;
    case 're-evaluation':
      applyReEvaluation(d, command.input, actor);
      return;
    case 'withdraw':
      // While an appeal is pending, withdrawing withdraws the appeal only: nothing granted is taken away.
      if (facts.appealRights && (s.status === 'under_reconsideration' || s.status === 'with_appeal_body')) {
        withdrawAppeal(d, command.input.reason, actor);
        return;
      }
      d.close('withdrawn');
      d.event('withdrawn', actor, { reason: command.input.reason });
      d.letter('closing', { reason: command.input.reason });
      return;
    case 'appeal/withdraw':
      withdrawAppeal(d, command.input.reason, actor);
      return;
    case 'decision-received': {
      // Underretning: the period counts from when the applicant got it, never ending before what the letter stated.
      const decision = s.decision;
      if (!decision) return;
      const receivedAt = new Date(command.input.receivedAt);
      const fromReceipt = appealDeadlines(receivedAt, decidedCodes(decision, facts.services), facts.timers);
      const appealDeadlinesNow = laterDeadlines(decision.statedAppealDeadlines ?? decision.appealDeadlines, fromReceipt);
      s.decision = { ...decision, deliveredAt: receivedAt.toISOString(), receipt: 'registered', appealDeadlines: appealDeadlinesNow };
      d.event('decision_received', actor, { receivedAt: receivedAt.toISOString(), appealDeadlines: appealDeadlinesNow });
      return;
    }
  }
}

/** What a provisional reply answers in this state. */
function regardingNow(s: CaseState): ProvisionalReplyRegarding {
  return s.status === 'under_reconsideration' ? 'appeal' : s.appeal?.appealBodyDecision?.outcome === 'quashed' ? 'new_processing' : 'application';
}

/** Klagen trekkes: the case goes back to where its decision left it, and a letter says so. */
function withdrawAppeal(d: Decision_, reason: string, actor: string): void {
  const { s } = d;
  if (s.appeal) s.appeal = { ...s.appeal, withdrawn: { reason, at: d.nowIso } };
  s.provisionalReplyDispatchAt = null;
  s.provisionalReplyExpectedBy = null;
  s.flags.provisionalReplyOverdue = false;
  const { finalNow } = d.returnToDecision();
  d.event('appeal_withdrawn', actor, { reason, status: s.status, ...(finalNow ? { final: true } : {}) });
  d.letter('appeal_withdrawn', { reason });
  if (finalNow && s.status === 'closed') d.letter('closing');
}

type Input<S extends StepCommand['step']> = Extract<StepCommand, { step: S }>['input'];

function applyAppeal(d: Decision_, i: Input<'appeal'>, actor: string): void {
  const { s, facts } = d;
  const decision = s.decision;
  const receivedAt = i.receivedAt ? new Date(i.receivedAt) : new Date(d.now);
  const sentAt = i.sentAt ? new Date(i.sentAt).toISOString() : null;
  const services = i.services ?? (decision ? decidedCodes(decision, facts.services) : [...facts.services]);
  const body = appealBodyFor(services);
  const deadline = decision ? (decision.appealDeadlines[body] ?? latestAppealDeadline(decision.appealDeadlines)) : null;
  // Timely when posted or sent on or before the deadline, whenever it arrived (fvl § 30). A late
  // appeal is flagged, not refused: the office may still consider it (fvl § 31).
  const at = Date.parse(sentAt ?? receivedAt.toISOString());
  // Each service on its own period: the safety alarm's 3 weeks may have run out while the nursing's 4 weeks run.
  const lateServices =
    facts.appealRights && decision
      ? services.filter((code) => {
          const own = decision.appealDeadlines[appealBodyFor([code])] ?? deadline;
          return own !== null && at > Date.parse(own);
        })
      : null;
  const late = lateServices ? lateServices.length > 0 : deadline !== null && at > Date.parse(deadline);
  const reopened = s.status === 'closed';
  s.appeal = {
    receivedAt: receivedAt.toISOString(),
    sentAt,
    services,
    text: i.text ?? null,
    late,
    ...(lateServices ? { lateServices } : {}),
    reconsideration: null,
    appealBodyDecision: null,
  };
  s.flags.lateAppeal = late;
  s.appealBody = null;
  if (facts.appealRights) s.appealBodies = [];
  s.appealedFrom = { status: s.status, closedReason: s.closedReason };
  s.status = 'under_reconsideration';
  s.closedReason = null;
  d.owesProvisionalReply(receivedAt);
  d.event('appeal_received', actor, { receivedAt: receivedAt.toISOString(), sentAt, late, services, ...(lateServices ? { lateServices } : {}), ...(reopened ? { reopened: true } : {}) });
  d.letter('appeal_acknowledgement');
}

function applyReconsideration(d: Decision_, i: Input<'reconsideration'>, actor: string): void {
  const { s, facts } = d;
  if (s.appeal) s.appeal = { ...s.appeal, reconsideration: { outcome: i.outcome, justification: i.justification, at: d.nowIso } };
  // The office has answered the appeal: no provisional reply is owed on it any more.
  s.provisionalReplyDispatchAt = null;
  d.event('reconsideration', actor, { outcome: i.outcome });
  switch (i.outcome) {
    case 'reversed': {
      // Omgjøring: the office grants the appeal; a new decision with a new appeal period.
      const decision = d.applyDecision(i.decision ?? grantedInFull(s.decision, facts.services, i.justification));
      d.event('decision_issued', actor, { outcome: decision.outcome, reason: 'reconsideration', appealDeadlines: decision.appealDeadlines });
      d.letter('decision');
      return;
    }
    case 'partially_reversed':
    case 'upheld': {
      if (i.outcome === 'partially_reversed' && i.decision) {
        // Delvis omgjøring is a new decision; what remains of the appeal goes on to the appeal body.
        const decision = d.applyDecision(i.decision);
        d.event('decision_issued', actor, { outcome: decision.outcome, reason: 'reconsideration', appealDeadlines: decision.appealDeadlines });
        d.letter('decision');
      }
      if (facts.appealRights) {
        // Each body gets its own services (fvl § 28 andre ledd, pbrl § 7-2): one forwarding, one letter, one ruling each.
        const services = s.appeal?.services ?? facts.services;
        const parts = appealBodiesFor([...services]).map((body) => ({ body, services: services.filter((code) => appealBodyFor([code]) === body), outcome: null }));
        s.appealBodies = parts;
        s.appealBody = parts.length === 1 ? parts[0]!.body : null;
        s.status = 'with_appeal_body';
        for (const part of parts) {
          d.event('appeal_forwarded', actor, { appealBody: part.body, services: part.services });
          d.letter('appeal_forwarded', { appealBody: part.body });
        }
        return;
      }
      const body = appealBodyFor(s.appeal?.services ?? facts.services);
      s.appealBody = body;
      s.status = 'with_appeal_body';
      d.event('appeal_forwarded', actor, { appealBody: body });
      d.letter('appeal_forwarded');
      return;
    }
    case 'dismissed': {
      // Avvist: the decision stands. A closed case closes again as it was; a decision whose appeal
      // period still runs is decided again; one that was final before the (late) appeal goes on as it was.
      if (facts.appealRights && s.appeal?.reconsideration) {
        // The dismissal is itself a decision (fvl § 2 tredje ledd): appealable within 3 weeks to the body that hears the appeal.
        const appealBody = appealBodyFor(s.appeal.services);
        const appealBy = applicantDeadline(new Date(d.now), DISMISSAL_APPEAL_WINDOW).toISOString();
        s.appeal = { ...s.appeal, reconsideration: { ...s.appeal.reconsideration, appealBy, appealBody } };
      }
      const { finalNow } = d.returnToDecision();
      d.event(finalNow ? 'decision_final' : 'appeal_dismissed', actor, { status: s.status });
      d.letter('appeal_outcome');
      if (finalNow && s.status === 'closed') d.letter('closing');
      return;
    }
  }
}

/** What the body's reversal decides: its own services granted, the rest of the decision as it was. */
function grantedFor(previous: Decision | null, codes: readonly string[], justification: string): DecisionInput {
  const services = (previous?.services ?? []).map((service) => {
    if (!codes.includes(service.code)) return service;
    const { hoursPerWeek, ...rest } = service;
    return { ...rest, ...(hoursPerWeek ? { hoursPerWeek } : {}), outcome: 'granted' as const };
  });
  for (const code of codes) if (!services.some((x) => x.code === code)) services.push({ code, outcome: 'granted' });
  const outcome = services.every((x) => x.outcome === 'granted') ? 'granted' : 'partially_granted';
  return { outcome, services, justification };
}

/** One of two appeal bodies rules on its part; the case moves on once both have. */
function applyPartRuling(d: Decision_, i: Input<'appeal-body-decision'>, actor: string, parts: AppealBodyPart[]): void {
  const { s } = d;
  const pending = parts.filter((p) => p.outcome === null);
  const body = i.body ?? pending[0]!.body;
  const part = parts.find((p) => p.body === body)!;
  if (i.outcome === 'reversed') {
    d.applyDecision(i.decision ?? grantedFor(s.decision, part.services, i.justification ?? 'Klagen er tatt til følge.'), body);
  }
  s.appealBodies = parts.map((p) => (p.body === body ? { ...p, outcome: i.outcome } : p));
  const ruled = s.appealBodies;
  if (ruled.some((p) => p.outcome === null)) {
    s.status = 'with_appeal_body';
  } else if (ruled.some((p) => p.outcome === 'quashed')) {
    s.status = 'under_assessment';
    d.owesProvisionalReply(new Date(d.now));
  } else {
    d.makeFinal();
  }
  if (s.appeal) s.appeal = { ...s.appeal, appealBodyDecision: { outcome: i.outcome, justification: i.justification ?? null, at: d.nowIso } };
  d.event('appeal_body_decision', actor, { outcome: i.outcome, appealBody: body, services: part.services, status: s.status });
  d.letter('appeal_outcome', { appealBody: body });
  if (s.status === 'closed') d.letter('closing');
}

function applyAppealBodyDecision(d: Decision_, i: Input<'appeal-body-decision'>, actor: string): void {
  const { s, facts } = d;
  const parts = s.appealBodies ?? [];
  if (facts.appealRights && parts.length > 1) {
    applyPartRuling(d, i, actor, parts);
    return;
  }
  if (facts.appealRights && parts.length === 1) s.appealBodies = [{ ...parts[0]!, outcome: i.outcome }];
  const body = s.appealBody ?? 'statsforvalteren';
  if (i.outcome === 'quashed') {
    // Opphevet: sent back for new processing and a new decision; a provisional reply is owed if it takes time.
    s.status = 'under_assessment';
    d.owesProvisionalReply(new Date(d.now));
  } else {
    if (i.outcome === 'reversed') {
      d.applyDecision(i.decision ?? grantedInFull(s.decision, facts.services, i.justification ?? 'Klagen er tatt til følge.'), body);
    }
    d.makeFinal();
  }
  // Set after any new decision, so the ruling is known to postdate the decision it made final.
  if (s.appeal) s.appeal = { ...s.appeal, appealBodyDecision: { outcome: i.outcome, justification: i.justification ?? null, at: d.nowIso } };
  d.event('appeal_body_decision', actor, { outcome: i.outcome, appealBody: body, status: s.status });
  d.letter('appeal_outcome');
  if (s.status === 'closed') d.letter('closing');
}

function applyReEvaluation(d: Decision_, i: Input<'re-evaluation'>, actor: string): void {
  const { s } = d;
  switch (i.outcome) {
    case 'continue':
      d.scheduleReEvaluation();
      d.event('re_evaluation', actor, { outcome: i.outcome, nextReEvaluationAt: s.nextReEvaluationAt });
      // Each cycle starts a fresh run, so a case that runs for years keeps a short history.
      d.effects.push({ kind: 'continueAsNew' });
      return;
    case 'changed': {
      d.event('re_evaluation', actor, { outcome: i.outcome });
      const decision = d.applyDecision(i.decision as DecisionInput);
      d.event('decision_issued', actor, { outcome: decision.outcome, reason: 're_evaluation', appealDeadlines: decision.appealDeadlines });
      d.letter('decision');
      return;
    }
    case 'terminated': {
      // Opphør is a decision: the services the case ran are refused from now on, and it can be appealed.
      const running = (s.decision?.services ?? []).filter((x) => x.outcome !== 'refused');
      const services = (running.length > 0 ? running : d.facts.services.map((code) => ({ code }))).map((x) => ({ ...x, outcome: 'refused' as const }));
      d.event('re_evaluation', actor, { outcome: i.outcome });
      const decision = d.applyDecision({ outcome: 'refused', services, justification: (i.justification ?? '').trim() }, 'office', true);
      d.event('decision_issued', actor, { outcome: decision.outcome, reason: 'termination', appealDeadlines: decision.appealDeadlines });
      d.letter('closing', { reason: decision.justification });
      return;
    }
  }
}

function decideTimer(facts: CaseFacts, state: CaseState, name: CaseTimerName, now: number): Decided {
  // A step may have changed the case in the moment the timer fired: then it no longer runs.
  const timer = runningTimers(facts, state).find((t) => t.name === name);
  if (!timer || timer.at > now) return { ok: false, refusal: { code: 'invalid_transition', message: `The timer ${name} is not due.` } };
  const d = new Decision_(facts, clone(state), now);
  const { s } = d;
  const view = caseViewOf(facts, state);
  switch (name) {
    case 'contactDeadline':
      s.flags.contactOverdue = true;
      d.event('contact_overdue', SYSTEM_ACTOR, { contactBy: view.deadlines.contactBy });
      break;
    case 'homeVisitReminder':
      if (s.homeVisit) s.homeVisit = { ...s.homeVisit, reminderSent: true };
      d.event('home_visit_reminder_sent', SYSTEM_ACTOR, { scheduledAt: s.homeVisit?.scheduledAt ?? null });
      d.letter('home_visit_reminder');
      break;
    case 'provisionalReplyDue': {
      // Foreløpig svar (fvl § 11 a): the office has not answered within the period, so it says why and when.
      const regarding: ProvisionalReplyRegarding =
        s.status === 'under_reconsideration' ? 'appeal' : s.appeal?.appealBodyDecision?.outcome === 'quashed' ? 'new_processing' : 'application';
      const expectedDecisionBy = expectedDecisionDate(new Date(now), facts.timers).toISOString();
      s.flags.provisionalReplySent = true;
      if (facts.appealRights) s.provisionalReplyExpectedBy = expectedDecisionBy;
      d.event('provisional_reply_sent', SYSTEM_ACTOR, { automatic: true, expectedDecisionBy, regarding });
      d.letter('provisional_reply', { reason: AUTOMATIC_PROVISIONAL_REASON[regarding], expectedDecisionBy, regarding });
      break;
    }
    case 'provisionalReplyOverdue': {
      // The date the last provisional reply gave has passed undecided: a new reply, with a new date (fvl § 11 a).
      const regarding = regardingNow(s);
      const previousExpectedBy = s.provisionalReplyExpectedBy ?? '';
      const expectedDecisionBy = expectedDecisionDate(new Date(now), facts.timers).toISOString();
      s.flags.provisionalReplyOverdue = true;
      s.flags.provisionalReplySent = true;
      s.provisionalReplyExpectedBy = expectedDecisionBy;
      d.event('provisional_reply_overdue', SYSTEM_ACTOR, { expectedDecisionBy: previousExpectedBy, newExpectedDecisionBy: expectedDecisionBy, regarding });
      d.letter('provisional_reply', { reason: OVERDUE_PROVISIONAL_REASON[regarding], expectedDecisionBy, regarding, previousExpectedBy });
      break;
    }
    case 'appealDeadline':
      // The appeal period ran out with no appeal: the decision is final.
      d.makeFinal();
      d.event('decision_final', SYSTEM_ACTOR, { status: s.status });
      if (s.status === 'closed') d.letter('closing');
      break;
    case 'reEvaluationDue':
      s.flags.reEvaluationDue = true;
      d.event('re_evaluation_due', SYSTEM_ACTOR, { nextReEvaluationAt: s.nextReEvaluationAt });
      d.letter('re_evaluation_notice');
      break;
    case 'expiryNotice':
      s.expiryNoticeSent = true;
      d.event('expiry_notice_sent', SYSTEM_ACTOR, { expiresAt: view.deadlines.expiresAt });
      d.letter('expiry_notice');
      break;
    case 'decisionExpiry':
      d.close('expired');
      d.event('expired', SYSTEM_ACTOR, { expiresAt: view.deadlines.expiresAt });
      d.letter('closing');
      break;
    case 'appealRightLapses':
      // Nothing to record: the case is over, and the workflow ends.
      break;
  }
  return { ok: true, state: s, effects: d.effects, replayed: false };
}

/** The receipt: the first event and the acknowledgement letter. */
export function decideRegistration(facts: CaseFacts, state: CaseState, now: number): { state: CaseState; effects: CaseEffect[] } {
  const d = new Decision_(facts, clone(state), now);
  d.event('received', facts.registeredBy ?? SYSTEM_ACTOR, { channel: facts.channel, services: facts.services });
  d.letter('acknowledgement');
  return { state: d.s, effects: d.effects };
}
