// Appeal rights in every case (the contract's section), in the pure rules: a decision decides every
// service applied for, a dismissal gives its own deadline and body, a missed provisional-reply date
// makes a new reply due, a withdrawn appeal returns the case to where its decision left it, and a
// refusal can be appealed for a year whatever closed the case since. A run started before these
// rules (facts without `appealRights`) keeps deciding as it did, so its history replays.
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../config/policy';
import type { CaseCommand, StepCommand } from '../../domain/case/caseCommands';
import type { CaseEffect } from '../../domain/case/caseChange';
import { decide, decideRegistration } from '../../domain/decider';
import { initialCaseState, type CaseFacts, type CaseState } from '../../domain/case/caseState';
import { caseIsOver, earliest, runningTimers } from '../../domain/case/caseTimers';
import type { CaseTimerName } from '../../domain/case/caseCommands';

const DAY = 86_400_000;
const timers = loadPolicy().municipalities.luroy!.timers;

function factsFor(services: string[], appealRights = true): CaseFacts {
  return {
    caseId: '00000000-0000-4000-8000-0000000000a1',
    caseNumber: '2027/0007',
    municipality: 'luroy',
    services,
    channel: 'digital',
    receivedAt: '2027-01-04T09:00:00.000Z',
    timers,
    ...(appealRights ? { appealRights: true } : {}),
  };
}

/** A case run through the decider as the workflow runs it: steps at given instants, timers when due. */
class Run {
  state: CaseState;
  effects: CaseEffect[] = [];
  constructor(readonly facts: CaseFacts) {
    this.state = decideRegistration(facts, initialCaseState(facts), Date.parse(facts.receivedAt)).state;
  }

  step(command: Omit<StepCommand, 'kind'>, at: string) {
    const result = decide(this.facts, this.state, { kind: 'step', ...command } as CaseCommand, Date.parse(at));
    if (result.ok) {
      this.state = result.state;
      this.effects = result.effects;
    }
    return result;
  }

  ok(command: Omit<StepCommand, 'kind'>, at: string): CaseEffect[] {
    const result = this.step(command, at);
    if (!result.ok) throw new Error(`${command.step} refused: ${result.refusal.message}`);
    return result.effects;
  }

  /** Fires every timer due up to `until`, in order; the names fired. */
  timersUntil(until: string): CaseTimerName[] {
    const fired: CaseTimerName[] = [];
    for (;;) {
      const next = earliest(runningTimers(this.facts, this.state));
      if (!next || next.at > Date.parse(until)) return fired;
      const result = decide(this.facts, this.state, { kind: 'timer', name: next.name }, next.at);
      if (!result.ok) return fired;
      this.state = result.state;
      this.effects.push(...result.effects);
      fired.push(next.name);
    }
  }
}

const letters = (effects: CaseEffect[]) => effects.flatMap((e) => (e.kind === 'letter' ? [e.letter] : []));
const events = (effects: CaseEffect[]) => effects.flatMap((e) => (e.kind === 'event' ? [e.type] : []));

describe('a decision decides every service applied for (fvl § 25)', () => {
  const decision = {
    outcome: 'partially_granted' as const,
    services: [{ code: 'home_nursing', outcome: 'granted' as const, hoursPerWeek: 3 }],
    justification: 'Du trenger hjelp med medisiner.',
  };

  it('refuses one that leaves a service out, naming it, and changes nothing', () => {
    const run = new Run(factsFor(['home_nursing', 'safety_alarm']));
    const before = JSON.stringify(run.state);
    const result = run.step({ step: 'decision', input: decision }, '2027-01-20T10:00:00.000Z');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.refusal.code).toBe('validation_failed');
    expect(result.refusal.problems).toEqual([{ field: 'services', message: expect.stringContaining('safety_alarm') }]);
    expect(JSON.stringify(run.state)).toBe(before);
  });

  it('takes it when every service is decided', () => {
    const run = new Run(factsFor(['home_nursing', 'safety_alarm']));
    const full = { ...decision, services: [...decision.services, { code: 'safety_alarm', outcome: 'refused' as const }] };
    expect(run.step({ step: 'decision', input: full }, '2027-01-20T10:00:00.000Z').ok).toBe(true);
  });

  it('a run started before the rule keeps taking it (its history replays)', () => {
    const run = new Run(factsFor(['home_nursing', 'safety_alarm'], false));
    expect(run.step({ step: 'decision', input: decision }, '2027-01-20T10:00:00.000Z').ok).toBe(true);
  });
});

describe('a dismissal is a decision with its own appeal deadline and body (fvl § 2 tredje ledd)', () => {
  it('keeps 3 weeks from the dismissal, rolled past a holiday, and the body that hears the appeal', () => {
    const run = new Run(factsFor(['home_nursing']));
    run.ok({ step: 'decision', input: { outcome: 'refused', services: [{ code: 'home_nursing' }], justification: 'Ikke behov.' } }, '2027-01-20T10:00:00.000Z');
    run.ok({ step: 'appeal', input: { receivedAt: '2027-02-20T10:00:00.000Z' } }, '2027-02-22T10:00:00.000Z');
    // Dismissed Fri 5 March 2027: 3 weeks → Fri 26 March (langfredag) → Tue 30 March 2027.
    const effects = run.ok({ step: 'reconsideration', input: { outcome: 'dismissed', justification: 'Klagen er ikke underskrevet.' } }, '2027-03-05T10:00:00.000Z');
    expect(run.state.appeal?.reconsideration).toMatchObject({ outcome: 'dismissed', appealBody: 'statsforvalteren', appealBy: '2027-03-30T22:00:00.000Z' });
    expect(letters(effects)).toContain('appeal_outcome');
  });
});

describe('provisional replies (fvl § 11 a)', () => {
  it('may be sent while an appeal is reconsidered, about the appeal', () => {
    const run = new Run(factsFor(['home_nursing']));
    run.ok({ step: 'decision', input: { outcome: 'refused', services: [{ code: 'home_nursing' }], justification: 'Ikke behov.' } }, '2027-01-20T10:00:00.000Z');
    run.ok({ step: 'appeal', input: {} }, '2027-01-25T10:00:00.000Z');
    const effects = run.ok({ step: 'provisional-reply', input: { reason: 'Vi venter på legeerklæring.', expectedDecisionBy: '2027-03-15' } }, '2027-02-01T10:00:00.000Z');
    expect(effects).toContainEqual(expect.objectContaining({ kind: 'letter', letter: 'provisional_reply', details: expect.objectContaining({ regarding: 'appeal' }) }));
    expect(new Run(factsFor(['home_nursing'], false)).step({ step: 'provisional-reply', input: { reason: 'x', expectedDecisionBy: '2027-03-15' } }, '2027-01-10T10:00:00.000Z').ok).toBe(true);
  });

  it('when the date a reply gave passes undecided, a new one is due: flag, event and letter, again for each date missed', () => {
    const run = new Run(factsFor(['home_nursing']));
    run.ok({ step: 'provisional-reply', input: { reason: 'Vi venter på legeerklæring.', expectedDecisionBy: '2027-02-15' } }, '2027-01-20T10:00:00.000Z');
    run.effects = [];
    expect(run.timersUntil('2027-02-15T22:59:59.000Z')).not.toContain('provisionalReplyOverdue');
    expect(run.state.flags.provisionalReplyOverdue).toBe(false);
    const fired = run.timersUntil('2027-02-16T12:00:00.000Z');
    expect(fired).toContain('provisionalReplyOverdue');
    expect(run.state.flags.provisionalReplyOverdue).toBe(true);
    expect(events(run.effects)).toContain('provisional_reply_overdue');
    const letter = run.effects.find((e) => e.kind === 'letter' && e.letter === 'provisional_reply');
    expect(letter).toMatchObject({ details: { regarding: 'application', previousExpectedBy: '2027-02-15T23:00:00.000Z' } });
    // The new reply gives a new date, and that one is watched too.
    const next = run.state.provisionalReplyExpectedBy!;
    expect(Date.parse(next)).toBeGreaterThan(Date.parse('2027-03-01T00:00:00.000Z'));
    run.effects = [];
    expect(run.timersUntil(new Date(Date.parse(next) + DAY).toISOString())).toContain('provisionalReplyOverdue');
    // A decision answers it: no reply is due any more.
    run.ok({ step: 'decision', input: { outcome: 'granted', services: [{ code: 'home_nursing' }], justification: 'Behov.' } }, '2027-04-20T10:00:00.000Z');
    expect(run.state.flags.provisionalReplyOverdue).toBe(false);
    expect(runningTimers(run.facts, run.state).map((t) => t.name)).not.toContain('provisionalReplyOverdue');
  });

  it('a run started before the rule gets no such timer', () => {
    const run = new Run(factsFor(['home_nursing'], false));
    run.ok({ step: 'provisional-reply', input: { reason: 'x', expectedDecisionBy: '2027-02-15' } }, '2027-01-20T10:00:00.000Z');
    expect(run.timersUntil('2027-03-01T00:00:00.000Z')).not.toContain('provisionalReplyOverdue');
  });
});

describe('withdrawing an appeal withdraws the appeal only', () => {
  const partly = {
    outcome: 'partially_granted' as const,
    services: [
      { code: 'home_nursing', outcome: 'granted' as const, hoursPerWeek: 3 },
      { code: 'practical_assistance', outcome: 'refused' as const },
    ],
    justification: 'Du trenger hjelp med medisiner, men klarer rengjøringen selv.',
  };

  it('forwarded, then withdrawn after the period ran out: the granted nursing goes on (active), with a letter', () => {
    const run = new Run(factsFor(['home_nursing', 'practical_assistance']));
    run.ok({ step: 'decision', input: partly }, '2027-01-20T10:00:00.000Z');
    run.ok({ step: 'appeal', input: { services: ['practical_assistance'] } }, '2027-01-25T10:00:00.000Z');
    run.ok({ step: 'reconsideration', input: { outcome: 'upheld', justification: 'Vedtaket står.' } }, '2027-02-01T10:00:00.000Z');
    expect(run.state.status).toBe('with_appeal_body');
    const effects = run.ok({ step: 'withdraw', input: { reason: 'Klagen er trukket' } }, '2027-03-10T10:00:00.000Z');
    expect(run.state.status).toBe('active');
    expect(run.state.closedReason).toBeNull();
    expect(run.state.decision?.services).toContainEqual(expect.objectContaining({ code: 'home_nursing', outcome: 'granted' }));
    expect(run.state.appeal?.withdrawn).toEqual({ reason: 'Klagen er trukket', at: '2027-03-10T10:00:00.000Z' });
    expect(letters(effects)).toEqual(['appeal_withdrawn']);
    expect(events(effects)).toEqual(['appeal_withdrawn']);
  });

  it('withdrawn while its period runs: decided again, the period still running', () => {
    const run = new Run(factsFor(['home_nursing', 'practical_assistance']));
    run.ok({ step: 'decision', input: partly }, '2027-01-20T10:00:00.000Z');
    run.ok({ step: 'appeal', input: {} }, '2027-01-25T10:00:00.000Z');
    run.ok({ step: 'appeal/withdraw', input: { reason: 'Søker ombestemte seg.' } }, '2027-01-27T10:00:00.000Z');
    expect(run.state.status).toBe('decided');
    expect(runningTimers(run.facts, run.state).map((t) => t.name)).toContain('appealDeadline');
  });

  it('withdrawn on a reopened closed case: closed again as it was', () => {
    const run = new Run(factsFor(['home_nursing']));
    run.ok({ step: 'decision', input: { outcome: 'refused', services: [{ code: 'home_nursing' }], justification: 'Ikke behov.' } }, '2027-01-20T10:00:00.000Z');
    run.timersUntil('2027-03-01T00:00:00.000Z');
    expect(run.state).toMatchObject({ status: 'closed', closedReason: 'refused' });
    run.ok({ step: 'appeal', input: {} }, '2027-03-10T10:00:00.000Z');
    run.ok({ step: 'appeal/withdraw', input: { reason: 'Trukket.' } }, '2027-03-11T10:00:00.000Z');
    expect(run.state).toMatchObject({ status: 'closed', closedReason: 'refused' });
  });

  it('is 409 when no appeal is pending, and case_closed on a closed case', () => {
    const run = new Run(factsFor(['home_nursing']));
    run.ok({ step: 'decision', input: { outcome: 'granted', services: [{ code: 'home_nursing' }], justification: 'Behov.' } }, '2027-01-20T10:00:00.000Z');
    const pending = run.step({ step: 'appeal/withdraw', input: { reason: 'x' } }, '2027-01-21T10:00:00.000Z');
    expect(pending).toMatchObject({ ok: false, refusal: { code: 'invalid_transition', message: expect.stringContaining('no appeal is pending') } });
    run.ok({ step: 'withdraw', input: { reason: 'Søker trekker søknaden.' } }, '2027-01-22T10:00:00.000Z');
    expect(run.step({ step: 'appeal/withdraw', input: { reason: 'x' } }, '2027-01-23T10:00:00.000Z')).toMatchObject({ ok: false, refusal: { code: 'case_closed' } });
  });
});

describe('a refusal can be appealed for a year whatever closed the case since (fvl § 31)', () => {
  const decision = {
    outcome: 'partially_granted' as const,
    services: [
      { code: 'short_term_stay', outcome: 'granted' as const, from: '2027-01-04', until: '2027-01-31' },
      { code: 'long_term_stay', outcome: 'refused' as const },
    ],
    justification: 'Korttidsopphold gir forsvarlig hjelp nå.',
  };

  it('a time-limited grant expired: the refusal is appealed on 1 March, and 409 case_closed after the year', () => {
    const run = new Run(factsFor(['short_term_stay', 'long_term_stay']));
    run.ok({ step: 'decision', input: decision }, '2027-01-05T10:00:00.000Z');
    // Final when the 4 weeks run out (Tue 2 February); the stay ended 31 January, so the case closes as expired.
    run.timersUntil('2027-02-10T00:00:00.000Z');
    expect(run.state).toMatchObject({ status: 'closed', closedReason: 'expired' });
    expect(caseIsOver(run.state, Date.parse('2027-02-10T00:00:00.000Z'), { appealRights: true })).toBe(false);

    const later = new Run(run.facts);
    later.state = run.state;
    expect(later.step({ step: 'appeal', input: { services: ['long_term_stay'] } }, '2028-01-06T10:00:00.000Z')).toMatchObject({ ok: false, refusal: { code: 'case_closed' } });

    run.ok({ step: 'appeal', input: { services: ['long_term_stay'] } }, '2027-03-01T10:00:00.000Z');
    expect(run.state).toMatchObject({ status: 'under_reconsideration', flags: { lateAppeal: true } });
  });

  it('before the rules, an expired case was over', () => {
    const run = new Run(factsFor(['short_term_stay', 'long_term_stay'], false));
    run.ok({ step: 'decision', input: decision }, '2027-01-05T10:00:00.000Z');
    run.timersUntil('2027-02-10T00:00:00.000Z');
    expect(run.state).toMatchObject({ status: 'closed', closedReason: 'expired' });
    expect(run.step({ step: 'appeal', input: {} }, '2027-03-01T10:00:00.000Z')).toMatchObject({ ok: false, refusal: { code: 'case_closed' } });
  });
});

describe('the appeal period counts from when the applicant got the decision (fvl § 29, pbrl § 7-5)', () => {
  const services = ['home_nursing', 'safety_alarm'];
  const refusal = { outcome: 'refused' as const, services: [{ code: 'home_nursing' }, { code: 'safety_alarm' }], justification: 'Ikke behov.' };
  const paper = (appealRights = true): CaseFacts => ({ ...factsFor(services, appealRights), channel: 'paper' });
  const MONDAY_1_MARCH = '2027-03-01T09:00:00.000Z';

  it('by post: handed in Monday 1 March, presumed received 7 days later; 4 weeks to 5 April, 3 weeks to 29 March (2. påskedag) → 30 March', () => {
    const run = new Run(paper());
    run.ok({ step: 'decision', input: refusal }, MONDAY_1_MARCH);
    expect(run.state.decision).toMatchObject({
      receipt: 'post',
      deliveredAt: '2027-03-07T23:00:00.000Z',
      appealDeadlines: { statsforvalteren: '2027-04-05T22:00:00.000Z', klagenemnd: '2027-03-30T22:00:00.000Z' },
    });
    expect(run.state.decision?.statedAppealDeadlines).toEqual(run.state.decision?.appealDeadlines);
    // An appeal on the nursing posted 2 April is in time; counted from 1 March it would have been late.
    run.ok({ step: 'appeal', input: { services: ['home_nursing'], sentAt: '2027-04-02T10:00:00.000Z' } }, '2027-04-06T10:00:00.000Z');
    expect(run.state.flags.lateAppeal).toBe(false);
  });

  it('before the rules, a paper case counted from the day of the decision', () => {
    const run = new Run(paper(false));
    run.ok({ step: 'decision', input: refusal }, MONDAY_1_MARCH);
    expect(run.state.decision?.deliveredAt).toBe(MONDAY_1_MARCH);
    expect(run.state.decision?.receipt).toBeUndefined();
  });

  it('the digital mailbox: from when the letter was made available (the step)', () => {
    const run = new Run(factsFor(services));
    run.ok({ step: 'decision', input: refusal }, MONDAY_1_MARCH);
    expect(run.state.decision).toMatchObject({ deliveredAt: MONDAY_1_MARCH, appealDeadlines: { statsforvalteren: '2027-03-30T22:00:00.000Z', klagenemnd: '2027-03-22T23:00:00.000Z' } });
    expect(run.state.decision?.receipt).toBeUndefined();
  });

  it('a registered later receipt moves the deadlines on; an earlier one never moves them before what the letter stated', () => {
    const run = new Run(paper());
    run.ok({ step: 'decision', input: refusal }, MONDAY_1_MARCH);
    const stated = run.state.decision!.appealDeadlines;
    const effects = run.ok({ step: 'decision-received', input: { receivedAt: '2027-03-02T12:00:00.000Z' } }, '2027-03-03T10:00:00.000Z');
    expect(run.state.decision).toMatchObject({ receipt: 'registered', deliveredAt: '2027-03-02T12:00:00.000Z', appealDeadlines: stated });
    expect(events(effects)).toEqual(['decision_received']);
    run.ok({ step: 'decision-received', input: { receivedAt: '2027-03-10T12:00:00.000Z' } }, '2027-03-11T10:00:00.000Z');
    // Wed 10 March: 4 weeks → Wed 7 April; 3 weeks → Wed 31 March.
    expect(run.state.decision?.appealDeadlines).toEqual({ statsforvalteren: '2027-04-07T22:00:00.000Z', klagenemnd: '2027-03-31T22:00:00.000Z' });
    // The decision is final only when the later period has run out.
    expect(run.timersUntil('2027-04-07T21:59:59.000Z')).not.toContain('appealDeadline');
    expect(run.state.status).toBe('decided');
    expect(run.timersUntil('2027-04-08T00:00:00.000Z')).toContain('appealDeadline');
    expect(run.state).toMatchObject({ status: 'closed', closedReason: 'refused' });
  });

  it('refuses a receipt before the decision or in the future, naming receivedAt, and changes nothing', () => {
    const run = new Run(paper());
    run.ok({ step: 'decision', input: refusal }, MONDAY_1_MARCH);
    const before = JSON.stringify(run.state);
    for (const receivedAt of ['2027-02-28T12:00:00.000Z', '2027-03-20T12:00:00.000Z', 'i går']) {
      const result = run.step({ step: 'decision-received', input: { receivedAt } }, '2027-03-05T10:00:00.000Z');
      expect(result, receivedAt).toMatchObject({ ok: false, refusal: { code: 'validation_failed', problems: [{ field: 'receivedAt' }] } });
    }
    expect(JSON.stringify(run.state)).toBe(before);
  });
});

describe('each service appealed is judged on its own appeal period', () => {
  const refusal = { outcome: 'refused' as const, services: [{ code: 'home_nursing' }, { code: 'safety_alarm' }], justification: 'Ikke behov.', deliveredAt: '2027-03-05T10:00:00.000Z' };

  it('Lurøy refuses home nursing and a safety alarm; an appeal on both posted 31 March is late for the alarm (3 weeks) and in time for the nursing (4 weeks)', () => {
    const run = new Run(factsFor(['home_nursing', 'safety_alarm']));
    run.ok({ step: 'decision', input: refusal }, '2027-03-05T10:00:00.000Z');
    expect(run.state.decision?.appealDeadlines).toEqual({ statsforvalteren: '2027-04-02T22:00:00.000Z', klagenemnd: '2027-03-30T22:00:00.000Z' });
    run.ok({ step: 'appeal', input: { sentAt: '2027-03-31T10:00:00.000Z' } }, '2027-04-01T10:00:00.000Z');
    expect(run.state.flags.lateAppeal).toBe(true);
    expect(run.state.appeal).toMatchObject({ late: true, lateServices: ['safety_alarm'] });
  });

  it('before the rules, only the 4-week period was looked at', () => {
    const run = new Run(factsFor(['home_nursing', 'safety_alarm'], false));
    run.ok({ step: 'decision', input: refusal }, '2027-03-05T10:00:00.000Z');
    run.ok({ step: 'appeal', input: { sentAt: '2027-03-31T10:00:00.000Z' } }, '2027-04-01T10:00:00.000Z');
    expect(run.state.flags.lateAppeal).toBe(false);
  });
});

describe('one appeal touching services of both appeal bodies', () => {
  const refusal = { outcome: 'refused' as const, services: [{ code: 'home_nursing' }, { code: 'safety_alarm' }], justification: 'Ikke behov.' };

  function forwarded(): Run {
    const run = new Run(factsFor(['home_nursing', 'safety_alarm']));
    run.ok({ step: 'decision', input: refusal }, '2027-03-05T10:00:00.000Z');
    run.ok({ step: 'appeal', input: {} }, '2027-03-10T10:00:00.000Z');
    return run;
  }

  it('is forwarded to each body with its own services: two letters, appealBodies, no single appealBody', () => {
    const run = forwarded();
    const effects = run.ok({ step: 'reconsideration', input: { outcome: 'upheld', justification: 'Vedtaket står.' } }, '2027-03-20T10:00:00.000Z');
    expect(run.state.status).toBe('with_appeal_body');
    expect(run.state.appealBody).toBeNull();
    expect(run.state.appealBodies).toEqual([
      { body: 'statsforvalteren', services: ['home_nursing'], outcome: null },
      { body: 'klagenemnd', services: ['safety_alarm'], outcome: null },
    ]);
    const forwardedLetters = effects.flatMap((e) => (e.kind === 'letter' && e.letter === 'appeal_forwarded' ? [e.details.appealBody] : []));
    expect(forwardedLetters).toEqual(['statsforvalteren', 'klagenemnd']);
  });

  it('one ruling per body: body required while two are pending; the case moves on when both have ruled', () => {
    const run = forwarded();
    run.ok({ step: 'reconsideration', input: { outcome: 'upheld', justification: 'Vedtaket står.' } }, '2027-03-20T10:00:00.000Z');
    const noBody = run.step({ step: 'appeal-body-decision', input: { outcome: 'upheld' } }, '2027-04-20T10:00:00.000Z');
    expect(noBody).toMatchObject({ ok: false, refusal: { code: 'validation_failed', problems: [{ field: 'body' }] } });
    const first = run.ok({ step: 'appeal-body-decision', input: { body: 'statsforvalteren', outcome: 'upheld', justification: 'Forsvarlig.' } }, '2027-04-20T10:00:00.000Z');
    expect(run.state.status).toBe('with_appeal_body');
    expect(letters(first)).toEqual(['appeal_outcome']);
    const again = run.step({ step: 'appeal-body-decision', input: { body: 'statsforvalteren', outcome: 'upheld' } }, '2027-04-21T10:00:00.000Z');
    expect(again).toMatchObject({ ok: false, refusal: { code: 'validation_failed', problems: [{ field: 'body' }] } });
    // The appeals board reverses its part: the alarm is granted, the nursing stays refused, and the case runs.
    run.ok({ step: 'appeal-body-decision', input: { outcome: 'reversed', justification: 'Alarmen er nødvendig.' } }, '2027-05-03T10:00:00.000Z');
    expect(run.state.status).toBe('active');
    expect(run.state.appealBodies?.map((p) => p.outcome)).toEqual(['upheld', 'reversed']);
    expect(run.state.decision?.services).toEqual([
      { code: 'home_nursing', outcome: 'refused' },
      { code: 'safety_alarm', outcome: 'granted' },
    ]);
  });

  it('one body alone: appealBody as before, and appealBodies with that one', () => {
    const run = new Run(factsFor(['home_nursing', 'safety_alarm']));
    run.ok({ step: 'decision', input: refusal }, '2027-03-05T10:00:00.000Z');
    run.ok({ step: 'appeal', input: { services: ['safety_alarm'] } }, '2027-03-10T10:00:00.000Z');
    run.ok({ step: 'reconsideration', input: { outcome: 'upheld', justification: 'Vedtaket står.' } }, '2027-03-20T10:00:00.000Z');
    expect(run.state.appealBody).toBe('klagenemnd');
    run.ok({ step: 'appeal-body-decision', input: { outcome: 'upheld' } }, '2027-04-20T10:00:00.000Z');
    expect(run.state.appealBodies).toEqual([{ body: 'klagenemnd', services: ['safety_alarm'], outcome: 'upheld' }]);
    expect(run.state.status).toBe('closed');
  });
});
