// Where each step and each timer takes a case, found by running the decider itself: from a new case,
// every step (with each of its outcomes) and the earliest timer are tried on every state reached, and
// each change of status is noted. The lifecycle table in docs/ is written from what this finds, so it
// says what the code does, not what someone remembered.
import { loadPolicy } from '../../config/policy';
import type { CaseTimerName, StepCommand } from '../../domain/case/caseCommands';
import { decide, decideRegistration } from '../../domain/decider';
import type { CaseStep } from '../../domain/case/caseRules';
import { initialCaseState, type CaseFacts, type CaseState } from '../../domain/case/caseState';
import { earliest, runningTimers } from '../../domain/case/caseTimers';
import type { CaseStatus, DecisionInput } from '../../domain/case/caseTypes';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** One change the decider made: a step (with its outcome, if it has one) or a timer, from a status to a status. */
export interface Move {
  kind: 'step' | 'timer';
  /** The step or the timer's name. */
  name: string;
  /** The step's `outcome` field, where it has one. */
  outcome?: string;
  from: CaseStatus;
  to: CaseStatus;
}

const facts: CaseFacts = {
  caseId: '00000000-0000-4000-8000-000000000001',
  caseNumber: '2027/0001',
  municipality: 'namsos',
  // One statutory service and one the municipal appeals board hears, so both appeal bodies occur.
  // And a long-term care home place, which a decision may put on the waiting list.
  services: ['home_nursing', 'safety_alarm', 'long_term_stay'],
  channel: 'digital',
  receivedAt: '2027-03-01T09:00:00.000Z',
  timers: loadPolicy().municipalities.namsos!.timers,
  // The rules every case started now runs ("Appeal rights in every case").
  appealRights: true,
  // And those of "Decisions that reduce or end a service".
  reductions: true,
  decisionNotice: true,
};

function decisionOf(outcome: DecisionInput['outcome'], now: number, until = false, waiting = false): DecisionInput {
  const last = until ? { until: new Date(now + 60 * DAY).toISOString().slice(0, 10) } : {};
  const place = waiting ? { outcome: 'waiting_list' as const } : outcome === 'partially_granted' ? { outcome: 'granted' as const } : {};
  return {
    outcome,
    justification: 'Begrunnelse.',
    services: [
      { code: 'home_nursing', hoursPerWeek: 4, ...last, ...(outcome === 'partially_granted' ? { outcome: 'granted' as const } : {}) },
      { code: 'safety_alarm', ...last, ...(outcome === 'partially_granted' ? { outcome: 'refused' as const } : {}) },
      { code: 'long_term_stay', ...last, ...place },
    ],
  };
}

/** Every step a caseworker can send, with each outcome it can have, as a command at `now`. */
function stepsAt(now: number): { step: CaseStep; outcome?: string; command: StepCommand }[] {
  const at = (days: number) => new Date(now + days * DAY).toISOString();
  const list: { step: CaseStep; outcome?: string; input: unknown }[] = [
    { step: 'contact', input: {} },
    { step: 'home-visit', input: { scheduledAt: at(7) } },
    { step: 'home-visit/complete', input: {} },
    { step: 'home-visit/cancel', input: { reason: 'Syk.' } },
    { step: 'provisional-reply', input: { reason: 'Venter på opplysninger.', expectedDecisionBy: at(20) } },
    ...(['granted', 'partially_granted', 'refused'] as const).map((o) => ({ step: 'decision' as const, outcome: o, input: decisionOf(o, now) })),
    { step: 'decision', outcome: 'granted', input: decisionOf('granted', now, true) },
    // The long-term care home place on the waiting list (pbrl § 2-1 e), until a place is offered.
    { step: 'decision', outcome: 'granted', input: decisionOf('granted', now, false, true) },
    { step: 'place-offered', input: { from: at(7).slice(0, 10) } },
    { step: 'appeal', input: {} },
    { step: 'appeal', input: { services: ['home_nursing'] } },
    { step: 'appeal', input: { services: ['safety_alarm'] } },
    { step: 'appeal/withdraw', input: { reason: 'Klagen er trukket.' } },
    { step: 'decision-received', input: { receivedAt: at(0) } },
    { step: 'reconsideration', outcome: 'reversed', input: { outcome: 'reversed', justification: 'Omgjort.' } },
    { step: 'reconsideration', outcome: 'partially_reversed', input: { outcome: 'partially_reversed', justification: 'Delvis.', decision: decisionOf('partially_granted', now) } },
    { step: 'reconsideration', outcome: 'upheld', input: { outcome: 'upheld', justification: 'Opprettholdt.' } },
    { step: 'reconsideration', outcome: 'dismissed', input: { outcome: 'dismissed', justification: 'Avvist.' } },
    ...(['upheld', 'reversed', 'quashed'] as const).map((o) => ({ step: 'appeal-body-decision' as const, outcome: o, input: { outcome: o } })),
    // With two appeal bodies each hearing part of the appeal, each answers for its own.
    ...(['upheld', 'reversed', 'quashed'] as const).flatMap((o) =>
      (['statsforvalteren', 'klagenemnd'] as const).map((body) => ({ step: 'appeal-body-decision' as const, outcome: o, input: { outcome: o, body } })),
    ),
    { step: 're-evaluation', outcome: 'continue', input: { outcome: 'continue' } },
    { step: 're-evaluation', outcome: 'changed', input: { outcome: 'changed', decision: decisionOf('granted', now) } },
    // Without an advance notice, a termination states its urgency; the notice leaves the case active.
    { step: 're-evaluation', outcome: 'terminated', input: { outcome: 'terminated', justification: 'Behovet er borte.', effectiveFrom: at(1).slice(0, 10), urgent: { reason: 'Haster.' } } },
    { step: 'advance-notice', input: { services: [{ code: 'home_nursing', proposal: 'terminate' }], reason: 'Behovet ser ut til å være borte.' } },
    {
      step: 're-evaluation',
      outcome: 'changed',
      input: { outcome: 'changed', decision: { ...decisionOf('granted', now), services: [{ code: 'home_nursing', hoursPerWeek: 1 }, { code: 'safety_alarm' }] }, effectiveFrom: at(1).slice(0, 10), urgent: { reason: 'Haster.' } },
    },
    { step: 'deferral', input: { granted: true, justification: 'Klagen avgjøres først.' } },
    { step: 'withdraw', input: { reason: 'Trekker søknaden.' } },
    // A guardian from now on, and the end of the representation.
    { step: 'representative', input: { representativeId: '00000000-0000-4000-8000-0000000000aa', role: 'guardian' } },
    { step: 'representative/end', input: {} },
  ];
  return list.map(({ step, outcome, input }) => ({ step, ...(outcome ? { outcome } : {}), command: { kind: 'step', step, input } as StepCommand }));
}

/** What makes two states lead to different places; their times do not. */
function shapeOf(s: CaseState): string {
  return JSON.stringify([
    s.status,
    s.closedReason,
    s.flags,
    s.homeVisit?.reminderSent ?? null,
    s.decision?.outcome,
    s.decision?.decidedBy,
    s.decision?.terminates,
    s.expiryNoticeAt !== null,
    s.expiryNoticeSent,
    s.appeal?.reconsideration?.outcome ?? null,
    s.appeal?.appealBodyDecision?.outcome ?? null,
    s.appealBody,
    // A decision that reduces a service can be deferred while appealed.
    s.decision?.reduces?.length ?? 0,
    // A decision that puts a place on the waiting list can be followed by place-offered.
    s.decision?.services.some((x) => x.outcome === 'waiting_list') ?? false,
    // A case with a representative can end the representation.
    !!s.representative,
  ]);
}

/** Every status change the decider makes on the states a case can reach, each once. */
export function walkCase(): Move[] {
  const start = Date.parse(facts.receivedAt);
  const first = decideRegistration(facts, initialCaseState(facts), start).state;
  const queue: { state: CaseState; now: number }[] = [{ state: first, now: start }];
  const seen = new Set([shapeOf(first)]);
  const moves = new Map<string, Move>();
  const note = (move: Move) => moves.set(JSON.stringify(move), move);
  const visit = (state: CaseState, now: number) => {
    const shape = shapeOf(state);
    if (seen.has(shape)) return;
    seen.add(shape);
    queue.push({ state, now });
  };
  for (let next = queue.shift(); next; next = queue.shift()) {
    const { state, now } = next;
    const stepAt = now + HOUR;
    for (const { step, outcome, command } of stepsAt(stepAt)) {
      const decided = decide(facts, state, command, stepAt);
      if (!decided.ok) continue;
      note({ kind: 'step', name: step, ...(outcome ? { outcome } : {}), from: state.status, to: decided.state.status });
      visit(decided.state, stepAt);
    }
    const timer = earliest(runningTimers(facts, state));
    if (timer) {
      const firedAt = Math.max(timer.at, now);
      const decided = decide(facts, state, { kind: 'timer', name: timer.name as CaseTimerName }, firedAt);
      if (decided.ok) {
        note({ kind: 'timer', name: timer.name, from: state.status, to: decided.state.status });
        visit(decided.state, firedAt);
      }
    }
  }
  return [...moves.values()];
}
