// A case brought over from the office's old system (Gerica, Visma Profil, a spreadsheet): the steps it
// already took, with their dates, replayed through the decider at those dates. So every legal deadline
// (the appeal period, the next re-evaluation, the expiry notice, the visit's reminder) is computed by the
// same rules as a case that started here; what the replay would have sent is dropped, since the old
// system sent it. A deadline still running after the last step is left to the workflow: one already
// past falls due the moment the case starts.
import { decide, decideTimer } from '../decider';
import { CaseChange, SYSTEM_ACTOR, type CaseEffect } from '../case/caseChange';
import type { StepCommand } from '../case/caseCommands';
import { latestAppealDeadline } from '../case/caseDeadlines';
import type { CaseFacts, CaseState } from '../case/caseState';
import { initialCaseState } from '../case/caseState';
import type { CaseStatus, DecidedService, DecisionInput, DecisionOutcome } from '../case/caseTypes';
import type { FieldProblem } from '../case/refusals';
import { CLOCK_TOLERANCE_MS } from '../steps/stepChecks';

/** The statuses a case can be brought over in: every open one. A closed case stays in the old system's archive. */
export const IMPORTABLE_STATUSES = [
  'received',
  'contacted',
  'visit_scheduled',
  'under_assessment',
  'decided',
  'under_reconsideration',
  'with_appeal_body',
  'active',
] as const satisfies readonly CaseStatus[];
export type ImportableStatus = (typeof IMPORTABLE_STATUSES)[number];

/** The steps the old system recorded, each with its date (instants, ISO-8601). */
export interface ImportedSteps {
  contact?: { at: string; note?: string };
  homeVisit?: { bookedAt?: string; scheduledAt: string; completedAt?: string; notes?: string };
  provisionalReply?: { sentAt: string; reason: string; expectedDecisionBy: string };
  /** The decision in force: the latest one the office (or a re-evaluation) made. */
  decision?: { decidedAt: string; deliveredAt?: string; outcome: DecisionOutcome; services: DecidedService[]; justification: string };
  /** Periodic re-evaluations (revurdering) that let the services continue, oldest first. */
  reEvaluations?: { at: string; note?: string }[];
  /** An appeal (klage) pending: with the office (`reconsideration`), or forwarded to the appeal body. */
  appeal?: {
    receivedAt: string;
    sentAt?: string;
    text?: string;
    services?: string[];
    stage: 'reconsideration' | 'appeal_body';
    /** The office upheld the decision (or reversed it in part) and forwarded the appeal (oversendt klageinstansen). */
    forwarded?: { at: string; outcome?: 'upheld' | 'partially_reversed'; justification: string; decision?: DecisionInput };
  };
}

/** One old step as the `imported` event lists it: which, and when (no free text). */
export interface ImportedStepSummary {
  step: string;
  at: string;
}

export type ImportedCaseCheck =
  | { ok: true; state: CaseState; steps: ImportedStepSummary[] }
  | { ok: false; problems: FieldProblem[] };

/** Who the replayed steps are by: never recorded, since the replay's events are dropped. */
// Stryker disable next-line StringLiteral: the actor goes only into the replay's events, which are dropped (and an empty one is the system's).
const IMPORT_ACTOR = 'import';

interface Replayed {
  field: string;
  step: string;
  at: number;
  /** The `now` the decider decides at: the step's date, or (a decision delivered later) its delivery. */
  decideAt: number;
  command: StepCommand;
}

/**
 * A date of the import line in ms; NaN when it is not given. NaN compares false with every number,
 * so a date the line leaves out breaks no rule of order (the schema has checked the dates given).
 */
function ms(value: string | undefined): number {
  return Date.parse(String(value));
}

/** The dates must follow one another as the case's life does: checked before anything is replayed. */
function dateOrderProblems(facts: CaseFacts, steps: ImportedSteps, now: number): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const received = Date.parse(facts.receivedAt);
  const add = (field: string, message: string) => problems.push({ field, message });
  const happened = (field: string, value: string | undefined) => {
    const at = ms(value);
    if (at < received) add(field, 'Must not be before the application was received (receivedAt).');
    if (at > now + CLOCK_TOLERANCE_MS) add(field, 'Must not be in the future: only steps already taken are imported.');
  };
  if (received > now + CLOCK_TOLERANCE_MS) add('receivedAt', 'Must not be in the future.');
  happened('steps.contact.at', steps.contact?.at);
  const visit = steps.homeVisit;
  if (visit) {
    happened('steps.homeVisit.bookedAt', visit.bookedAt);
    happened('steps.homeVisit.completedAt', visit.completedAt);
    const booked = ms(visit.bookedAt);
    if (ms(visit.scheduledAt) <= booked) add('steps.homeVisit.scheduledAt', 'Must be after the visit was booked (bookedAt).');
    if (ms(visit.completedAt) < booked) add('steps.homeVisit.completedAt', 'Must not be before the visit was booked (bookedAt).');
  }
  happened('steps.provisionalReply.sentAt', steps.provisionalReply?.sentAt);
  const decision = steps.decision;
  const decided = ms(decision?.decidedAt);
  if (decision) {
    happened('steps.decision.decidedAt', decision.decidedAt);
    happened('steps.decision.deliveredAt', decision.deliveredAt);
    if (ms(decision.deliveredAt) < decided) add('steps.decision.deliveredAt', 'Must not be before the decision was made (decidedAt).');
    for (const [field, before] of [
      ['steps.contact.at', steps.contact?.at],
      ['steps.homeVisit.completedAt', visit?.completedAt],
      ['steps.provisionalReply.sentAt', steps.provisionalReply?.sentAt],
    ] as const) {
      if (ms(before) > decided) add(field, 'Must not be after the decision (steps.decision.decidedAt): the decision imported is the one in force, made after the steps that led to it.');
    }
  }
  let previous = decided;
  (steps.reEvaluations ?? []).forEach((r, i) => {
    const field = `steps.reEvaluations[${i}].at`;
    happened(field, r.at);
    const at = ms(r.at);
    if (!decision) add(field, 'A re-evaluation needs the decision it re-evaluates (steps.decision).');
    else if (at < previous) add(field, i === 0 ? 'Must not be before the decision (steps.decision.decidedAt).' : 'Must not be before the re-evaluation listed before it: oldest first.');
    previous = at;
  });
  const appeal = steps.appeal;
  if (appeal) {
    happened('steps.appeal.receivedAt', appeal.receivedAt);
    happened('steps.appeal.sentAt', appeal.sentAt);
    if (!decision) add('steps.appeal', 'An appeal needs the decision it appeals (steps.decision).');
    const forwarded = appeal.forwarded;
    if (appeal.stage === 'appeal_body' && !forwarded) add('steps.appeal.forwarded', 'Required when the stage is appeal_body: when the office forwarded the appeal, and why it upheld the decision.');
    if (appeal.stage === 'reconsideration' && forwarded) add('steps.appeal.stage', 'Must be appeal_body when the appeal was forwarded (steps.appeal.forwarded).');
    if (forwarded) {
      happened('steps.appeal.forwarded.at', forwarded.at);
      if (ms(forwarded.at) < ms(appeal.receivedAt)) add('steps.appeal.forwarded.at', 'Must not be before the appeal was received (steps.appeal.receivedAt).');
    }
  }
  return problems;
}

/** The old steps as the decider's commands, in the order of their dates. */
function replayedSteps(facts: CaseFacts, steps: ImportedSteps): Replayed[] {
  const out: Replayed[] = [];
  const push = (field: string, step: string, at: string, command: Omit<StepCommand, 'kind'>, decideAt = at) =>
    // Stryker disable next-line StringLiteral: the decider tells a timer by its kind and takes any other command for a step.
    out.push({ field, step, at: Date.parse(at), decideAt: Date.parse(decideAt), command: { kind: 'step', ...command } as StepCommand });
  const input = <T extends object>(i: T) => ({ ...i, actor: IMPORT_ACTOR });
  if (steps.contact) push('steps.contact', 'contact', steps.contact.at, { step: 'contact', input: input(steps.contact.note ? { note: steps.contact.note } : {}) });
  const visit = steps.homeVisit;
  if (visit) {
    // Booked when the old system says, else when contact was made, else at receipt.
    const bookedAt = visit.bookedAt ?? steps.contact?.at ?? facts.receivedAt;
    push('steps.homeVisit', 'home_visit_scheduled', bookedAt, { step: 'home-visit', input: input({ scheduledAt: visit.scheduledAt }) });
    if (visit.completedAt) {
      push('steps.homeVisit', 'home_visit_completed', visit.completedAt, { step: 'home-visit/complete', input: input(visit.notes ? { notes: visit.notes } : {}) });
    }
  }
  const reply = steps.provisionalReply;
  if (reply) {
    push('steps.provisionalReply', 'provisional_reply', reply.sentAt, {
      step: 'provisional-reply',
      input: input({ reason: reply.reason, expectedDecisionBy: reply.expectedDecisionBy }),
    });
  }
  const decision = steps.decision;
  if (decision) {
    const { decidedAt, deliveredAt, ...rest } = decision;
    // Decided at decidedAt; the decider takes a delivery no later than its `now`, so it decides at the delivery.
    push('steps.decision', 'decision_issued', decidedAt, { step: 'decision', input: input({ ...rest, ...(deliveredAt ? { deliveredAt } : {}) }) }, deliveredAt ?? decidedAt);
  }
  (steps.reEvaluations ?? []).forEach((r, i) => {
    push(`steps.reEvaluations[${i}]`, 're_evaluation', r.at, { step: 're-evaluation', input: input({ outcome: 'continue' as const }) });
  });
  const appeal = steps.appeal;
  if (appeal) {
    const { stage: _stage, forwarded, ...filed } = appeal;
    push('steps.appeal', 'appeal_received', appeal.receivedAt, { step: 'appeal', input: input(filed) });
    if (forwarded) {
      push('steps.appeal.forwarded', 'appeal_forwarded', forwarded.at, {
        step: 'reconsideration',
        input: input({ outcome: forwarded.outcome ?? 'upheld', justification: forwarded.justification, ...(forwarded.decision ? { decision: forwarded.decision } : {}) }),
      });
    }
  }
  // Array sorting is stable: steps of one date keep the order of the case's life.
  return out.sort((a, b) => a.at - b.at);
}

/** A decided case whose appeal period ran out before `at` became final then (active, or closed): its timer fired, as the workflow fires it. */
function finalBy(facts: CaseFacts, state: CaseState, at: number): CaseState {
  const appealBy = state.decision ? latestAppealDeadline(state.decision.appealDeadlines) : null;
  if (!appealBy || Date.parse(appealBy) > at) return state;
  // Refused (and the state kept) unless the case is decided: the appeal period runs only then.
  const fired = decideTimer(facts, state, 'appealDeadline', Date.parse(appealBy));
  return fired.ok ? fired.state : state;
}

/** Prefixes a step's own field names with where the step sits in the import line (its input is always an object, so no problem is of the whole body). */
function problemsOf(field: string, refusal: { message: string; problems?: FieldProblem[] }, status: CaseStatus): FieldProblem[] {
  if (refusal.problems?.length) return refusal.problems.map((p) => ({ field: `${field}.${p.field}`, message: p.message }));
  return [{ field, message: `Cannot follow the steps before it: the case was ${status} by then. ${refusal.message}` }];
}

/**
 * The case's state as it stands at `now`, from the old steps replayed at their own dates; or every
 * problem, each naming its field in the import line. `facts` are the case's as the workflow will run
 * on them (the current rules: appealRights and reductions set).
 */
export function importedCaseState(facts: CaseFacts, steps: ImportedSteps, status: ImportableStatus, now: number): ImportedCaseCheck {
  const ordered = dateOrderProblems(facts, steps, now);
  if (ordered.length > 0) return { ok: false, problems: ordered };
  let state = initialCaseState(facts);
  const summary: ImportedStepSummary[] = [];
  for (const step of replayedSteps(facts, steps)) {
    state = finalBy(facts, state, step.at);
    const decided = decide(facts, state, step.command, step.decideAt);
    if (!decided.ok) return { ok: false, problems: problemsOf(step.field, decided.refusal, state.status) };
    state = decided.state;
    if (step.command.step === 'decision' && state.decision) {
      // The decision was made at decidedAt, whenever it reached the applicant (the one-year limit counts from it).
      state = { ...state, decision: { ...state.decision, decidedAt: new Date(step.at).toISOString() } };
    }
    summary.push({ step: step.step, at: new Date(step.at).toISOString() });
  }
  // An active case became final when its appeal period ran out; a decided one is left to its timer.
  if (status === 'active') state = finalBy(facts, state, now);
  if (state.status !== status) {
    return {
      ok: false,
      problems: [{ field: 'status', message: `The steps recorded make the case ${state.status}, not ${status}: ${STATUS_HINT[status]}` }],
    };
  }
  // Nothing was recorded or sent by the replay: the case's own events and letters start at its import.
  return { ok: true, state: { ...state, eventSeq: 0, letterSeq: 0, cycle: 0, appliedKeys: [] }, steps: summary };
}

/** What a status needs among the steps. */
const STATUS_HINT: Record<ImportableStatus, string> = {
  received: 'a received case has no steps yet.',
  contacted: 'contacted needs steps.contact and no visit booked or decision.',
  visit_scheduled: 'visit_scheduled needs steps.homeVisit with a scheduledAt and no completedAt.',
  under_assessment: 'under_assessment needs a completed home visit (steps.homeVisit.completedAt) and no decision.',
  decided: 'decided needs steps.decision and no appeal.',
  under_reconsideration: 'under_reconsideration needs steps.decision and steps.appeal with stage reconsideration.',
  with_appeal_body: 'with_appeal_body needs steps.decision and steps.appeal with stage appeal_body and forwarded.',
  active: 'active needs a decision that granted something and whose appeal period has run out (steps.decision.deliveredAt).',
};

/** The case's first change in this system: one `imported` event, naming the source; no letter. */
export function decideImport(
  facts: CaseFacts,
  state: CaseState,
  source: { sourceId: string; sourceCaseNumber: string | null; steps: ImportedStepSummary[] },
  now: number,
): { state: CaseState; effects: CaseEffect[] } {
  const c = new CaseChange(facts, state, now);
  c.event('imported', facts.registeredBy ?? SYSTEM_ACTOR, {
    sourceId: source.sourceId,
    sourceCaseNumber: source.sourceCaseNumber,
    status: state.status,
    steps: source.steps,
  });
  return { state: c.s, effects: c.effects };
}
