// Decisions that reduce or end a service (issue 24), in the pure rules: the advance notice
// (forhåndsvarsel, fvl § 16) with its deadline for comments, the urgent exception, and a change that
// names what it replaces and from when (fvl §§ 24–25). A run started before these rules (facts
// without `reductions`) keeps deciding as it did, so its history replays.
import { describe, expect, it } from 'vitest';
import type { CaseFacts } from '../../domain/case/caseState';
import { caseFacts, LawCase } from './law/caseDriver';

const granted10 = { outcome: 'granted', services: [{ code: 'home_nursing', hoursPerWeek: 10 }], justification: 'Du trenger hjelp morgen og kveld.' };
const reducedTo2 = { outcome: 'granted', services: [{ code: 'home_nursing', hoursPerWeek: 2 }], justification: 'Etter opptreningen klarer du morgenstellet selv.' };

/** Home nursing, 10 hours a week, final and running: Monday 3 May 2027. */
function activeCase(reductions = true, more: Partial<CaseFacts> = {}): LawCase {
  const c = new LawCase(caseFacts({ services: ['home_nursing'], ...(reductions ? { reductions: true } : {}), ...more }));
  c.step('2027-03-03T09:00:00.000Z', 'decision', granted10);
  c.fire(c.view.deadlines.appealBy!, 'appealDeadline');
  expect(c.view.status).toBe('active');
  return c;
}

const MONDAY = '2027-05-03T08:00:00.000Z';

describe('the advance notice before a reduction or termination (fvl § 16)', () => {
  it('refuses a reduction from 10 to 2 hours without a notice: 409 advance_notice_required, and nothing changes', () => {
    const c = activeCase();
    const before = JSON.stringify(c.state);
    const result = c.try(MONDAY, 're-evaluation', { outcome: 'changed', decision: reducedTo2, effectiveFrom: '2027-06-01' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.refusal.code).toBe('advance_notice_required');
    expect(result.refusal.message).toContain('advance-notice');
    expect(JSON.stringify(c.state)).toBe(before);
  });

  it('refuses a termination without a notice, too', () => {
    const c = activeCase();
    const result = c.try(MONDAY, 're-evaluation', { outcome: 'terminated', justification: 'Behovet er borte.', effectiveFrom: '2027-06-01' });
    expect(!result.ok && result.refusal.code).toBe('advance_notice_required');
  });

  it('is 400 naming the field for a service the case does not run, and for a reduction that is no reduction', () => {
    const c = activeCase();
    const before = JSON.stringify(c.state);
    const other = c.try(MONDAY, 'advance-notice', { services: [{ code: 'safety_alarm', proposal: 'terminate' }], reason: 'Alarmen brukes ikke.' });
    expect(!other.ok && other.refusal.code).toBe('validation_failed');
    expect(!other.ok && other.refusal.problems?.map((p) => p.field)).toEqual(['services[0].code']);
    const more = c.try(MONDAY, 'advance-notice', { services: [{ code: 'home_nursing', proposal: 'reduce', hoursPerWeek: 12 }], reason: 'Mindre behov.' });
    expect(!more.ok && more.refusal.problems?.map((p) => p.field)).toEqual(['services[0].hoursPerWeek']);
    expect(JSON.stringify(c.state)).toBe(before);
  });

  it('sends the notice with a deadline of 2 weeks by default, counted as a legal period (17 May 2027 is a holiday: Tuesday 18 May)', () => {
    const c = activeCase();
    const sent = c.step(MONDAY, 'advance-notice', { services: [{ code: 'home_nursing', proposal: 'reduce', hoursPerWeek: 2 }], reason: 'Du klarer mer selv etter opptreningen.' });
    expect(c.letters(sent)).toEqual(['advance_notice']);
    expect(sent.effects.find((e) => e.kind === 'event')).toMatchObject({ type: 'advance_notice_sent' });
    // Oslo is UTC+2 in May: the end of Tuesday 18 May is 22.00 UTC.
    expect(c.view.advanceNotice).toMatchObject({
      commentsBy: '2027-05-18T22:00:00.000Z',
      services: [{ code: 'home_nursing', proposal: 'reduce', hoursPerWeek: 2, currentHoursPerWeek: 10 }],
    });
    expect(c.view.status).toBe('active');
  });

  it('holds the reduction until the deadline for comments has passed, then takes it', () => {
    const c = activeCase();
    c.step(MONDAY, 'advance-notice', { services: [{ code: 'home_nursing', proposal: 'reduce', hoursPerWeek: 2 }], reason: 'Mindre behov.', commentsBy: '2027-05-14' });
    const early = c.try('2027-05-14T20:00:00.000Z', 're-evaluation', { outcome: 'changed', decision: reducedTo2, effectiveFrom: '2027-06-01' });
    expect(!early.ok && early.refusal.code).toBe('advance_notice_required');
    expect(!early.ok && early.refusal.message).toContain('2027-05-14T22:00:00.000Z');
    const after = c.step('2027-05-17T08:00:00.000Z', 're-evaluation', { outcome: 'changed', decision: reducedTo2, effectiveFrom: '2027-06-01' });
    expect(c.letters(after)).toEqual(['decision']);
    expect(c.view.status).toBe('decided');
  });

  it('takes a reduction at once when the body says why it is urgent (§ 16 tredje ledd), and keeps the reason', () => {
    const c = activeCase();
    c.step(MONDAY, 're-evaluation', { outcome: 'terminated', justification: 'Du har flyttet til sykehjem.', effectiveFrom: '2027-05-03', urgent: { reason: 'Du har fått fast plass på sykehjem fra i dag.' } });
    expect(c.view).toMatchObject({ status: 'closed', closedReason: 'terminated' });
    expect(c.view.decision).toMatchObject({ terminates: true, effectiveFrom: '2027-05-03', urgent: { reason: 'Du har fått fast plass på sykehjem fra i dag.' }, reduces: ['home_nursing'] });
  });

  it('asks no notice of a change that only increases a service', () => {
    const c = activeCase();
    c.step(MONDAY, 're-evaluation', { outcome: 'changed', decision: { ...granted10, services: [{ code: 'home_nursing', hoursPerWeek: 12 }] } });
    expect(c.view.status).toBe('decided');
    expect(c.view.decision?.reduces).toBeUndefined();
  });

  it('keeps the old rules for a run started before them: a termination straight from active, no advance-notice step', () => {
    const c = activeCase(false);
    expect(c.try(MONDAY, 'advance-notice', { services: [{ code: 'home_nursing', proposal: 'terminate' }], reason: 'x' }).ok).toBe(false);
    c.step(MONDAY, 're-evaluation', { outcome: 'terminated', justification: 'Behovet er borte.' });
    expect(c.view.status).toBe('closed');
    expect(c.view.decision?.replaces).toBeUndefined();
    expect('advanceNotice' in c.view).toBe(false);
  });
});

describe('a change names what it replaces and from when (fvl §§ 24–25)', () => {
  const urgent = { reason: 'Hjelpen må flyttes til andre med større behov nå.' };

  it('records the decision it replaces (its date and 10 hours), effectiveFrom and the services it reduces', () => {
    const c = activeCase();
    const replaced = c.view.decision!;
    c.step(MONDAY, 're-evaluation', { outcome: 'changed', decision: reducedTo2, effectiveFrom: '2027-06-01', urgent });
    expect(c.view.decision).toMatchObject({
      replaces: { decidedAt: replaced.decidedAt, services: [{ code: 'home_nursing', hoursPerWeek: 10, outcome: 'granted' }] },
      effectiveFrom: '2027-06-01',
      reduces: ['home_nursing'],
      services: [{ code: 'home_nursing', hoursPerWeek: 2 }],
    });
  });

  it('is 400 naming effectiveFrom when it is before the day of the step, or left out of a reduction; nothing changes', () => {
    const c = activeCase();
    const before = JSON.stringify(c.state);
    const past = c.try(MONDAY, 're-evaluation', { outcome: 'changed', decision: reducedTo2, effectiveFrom: '2027-05-02', urgent });
    expect(!past.ok && past.refusal.code).toBe('validation_failed');
    expect(!past.ok && past.refusal.problems).toEqual([{ field: 'effectiveFrom', message: expect.stringContaining('before the day of the step') }]);
    const missing = c.try(MONDAY, 're-evaluation', { outcome: 'terminated', justification: 'Behovet er borte.', urgent });
    expect(!missing.ok && missing.refusal.problems?.map((p) => p.field)).toEqual(['effectiveFrom']);
    const emptyUrgency = c.try(MONDAY, 're-evaluation', { outcome: 'terminated', justification: 'Behovet er borte.', effectiveFrom: '2027-05-03', urgent: { reason: ' ' } });
    expect(!emptyUrgency.ok && emptyUrgency.refusal.problems?.map((p) => p.field)).toEqual(['urgent.reason']);
    expect(JSON.stringify(c.state)).toBe(before);
  });

  it('takes effectiveFrom on the day of the step itself', () => {
    const c = activeCase();
    expect(c.try(MONDAY, 're-evaluation', { outcome: 'changed', decision: reducedTo2, effectiveFrom: '2027-05-03', urgent }).ok).toBe(true);
  });
});

describe('deferred implementation while an appeal runs (utsatt iverksetting, fvl § 42)', () => {
  const urgent = { reason: 'Hjelpen må flyttes til andre med større behov nå.' };

  /** 10 → 2 hours decided (urgently, so no notice), and appealed. */
  function reducedAndAppealed(): LawCase {
    const c = activeCase();
    c.step(MONDAY, 're-evaluation', { outcome: 'changed', decision: reducedTo2, effectiveFrom: '2027-05-10', urgent });
    c.step('2027-05-05T08:00:00.000Z', 'appeal', { text: 'Jeg trenger fortsatt hjelp om morgenen.' });
    expect(c.view.status).toBe('under_reconsideration');
    return c;
  }

  it('records a yes: the services go on as before until the appeal is decided, with a letter', () => {
    const c = reducedAndAppealed();
    const answered = c.step('2027-05-06T08:00:00.000Z', 'deferral', { granted: true, justification: 'Klagen bør avgjøres før hjelpen reduseres.' });
    expect(c.letters(answered)).toEqual(['deferral_answer']);
    expect(c.view.deferredUntilAppealDecided).toBe(true);
    expect(c.view.deferral).toMatchObject({ granted: true, endedAt: null });
    // The appeal body upholds the reduction: the appeal is decided, and the deferral is over.
    c.step('2027-05-07T08:00:00.000Z', 'reconsideration', { outcome: 'upheld', justification: 'Vedtaket står.' });
    expect(c.view.deferredUntilAppealDecided).toBe(true);
    c.step('2027-06-07T08:00:00.000Z', 'appeal-body-decision', { outcome: 'upheld', justification: 'Kommunens vurdering er forsvarlig.' });
    expect(c.view.status).toBe('active');
    expect(c.view.deferredUntilAppealDecided).toBe(false);
    expect(c.view.deferral?.endedAt).toBe('2027-06-07T08:00:00.000Z');
  });

  it('records a no, and the decision is implemented as decided', () => {
    const c = reducedAndAppealed();
    c.step('2027-05-06T08:00:00.000Z', 'deferral', { granted: false, justification: 'Behovet er godt dokumentert.' });
    expect(c.view.deferredUntilAppealDecided).toBe(false);
    expect(c.view.deferral).toMatchObject({ granted: false });
  });

  it('is 409 on a decision that reduces nothing, 400 naming granted when it is not a yes or no', () => {
    const c = new LawCase(caseFacts({ services: ['home_nursing'], reductions: true }));
    c.step('2027-03-03T09:00:00.000Z', 'decision', granted10);
    const nothing = c.try('2027-03-04T09:00:00.000Z', 'deferral', { granted: true, justification: 'x' });
    expect(!nothing.ok && nothing.refusal.code).toBe('invalid_transition');
    const r = reducedAndAppealed();
    const bad = r.try('2027-05-06T08:00:00.000Z', 'deferral', { granted: 'ja', justification: 'x' });
    expect(!bad.ok && bad.refusal.problems?.map((p) => p.field)).toEqual(['granted']);
  });
});

describe('a plain decision on a running service obeys the same advance-notice rule (fvl § 16)', () => {
  /** The running case with its re-evaluation due: the one time a plain decision is taken from `active`. */
  function dueCase(): LawCase {
    const c = activeCase(true, { decisionNotice: true });
    c.fire(c.view.deadlines.nextReEvaluationAt!, 'reEvaluationDue');
    expect(c.view.flags.reEvaluationDue).toBe(true);
    return c;
  }
  const due = (c: LawCase) => new Date(Date.parse(c.view.deadlines.nextReEvaluationAt!) + 86_400_000).toISOString();

  it('refuses a decision that cuts 10 hours to 2 without a notice: 409 advance_notice_required, and nothing changes', () => {
    const c = dueCase();
    const before = JSON.stringify(c.state);
    const result = c.try(due(c), 'decision', reducedTo2);
    expect(!result.ok && result.refusal.code).toBe('advance_notice_required');
    expect(JSON.stringify(c.state)).toBe(before);
  });

  it('takes the same decision once the notice has gone out and its deadline passed, and says what it replaces', () => {
    const c = dueCase();
    const at = due(c);
    c.step(at, 'advance-notice', { services: [{ code: 'home_nursing', proposal: 'reduce', hoursPerWeek: 2 }], reason: 'Du klarer mer selv.', commentsBy: new Date(Date.parse(at) + 3_600_000).toISOString() });
    const later = new Date(Date.parse(at) + 2 * 3_600_000).toISOString();
    const decided = c.step(later, 'decision', reducedTo2);
    expect(c.letters(decided)).toEqual(['decision']);
    expect(c.view.decision).toMatchObject({ reduces: ['home_nursing'], replaces: { services: [{ code: 'home_nursing', hoursPerWeek: 10 }] } });
  });

  it('lets a decision that keeps or raises the hours through without a notice', () => {
    const c = dueCase();
    c.step(due(c), 'decision', { ...granted10, services: [{ code: 'home_nursing', hoursPerWeek: 12 }] });
    expect(c.view.status).toBe('decided');
  });

  it('keeps a run from before this rule (decisionNotice unset) deciding as it did', () => {
    for (const c of [activeCase(false), activeCase(true)]) {
      c.fire(c.view.deadlines.nextReEvaluationAt!, 'reEvaluationDue');
      c.step(due(c), 'decision', reducedTo2);
      expect(c.view.status).toBe('decided');
      expect(c.view.decision?.replaces).toBeUndefined();
    }
  });
});

describe('a termination with a future end date (effectiveFrom)', () => {
  it('closes the case at the step, as the contract\'s table says (terminated → closed), keeping the end date; a deferral is asked with an appeal, which reopens it', () => {
    const c = activeCase();
    c.step(MONDAY, 'advance-notice', { services: [{ code: 'home_nursing', proposal: 'terminate' }], reason: 'Behovet ser ut til å være borte.', commentsBy: '2027-05-04T08:00:00.000Z' });
    const ended = c.step('2027-05-05T08:00:00.000Z', 're-evaluation', { outcome: 'terminated', justification: 'Behovet er borte.', effectiveFrom: '2027-06-01' });
    expect(c.letters(ended)).toEqual(['closing']);
    expect(c.view).toMatchObject({ status: 'closed', closedReason: 'terminated', decision: { terminates: true, effectiveFrom: '2027-06-01', reduces: ['home_nursing'] } });
    // Nothing to defer on a closed case until the applicant appeals (fvl § 42: "until the appeal is decided").
    const early = c.try('2027-05-06T08:00:00.000Z', 'deferral', { granted: true, justification: 'Klagen avgjøres først.' });
    expect(!early.ok && early.refusal.code).toBe('case_closed');
    c.step('2027-05-10T08:00:00.000Z', 'appeal', { text: 'Jeg trenger fortsatt hjelp.' });
    c.step('2027-05-11T08:00:00.000Z', 'deferral', { granted: true, justification: 'Klagen avgjøres før tjenesten avsluttes.' });
    expect(c.view).toMatchObject({ status: 'under_reconsideration', deferredUntilAppealDecided: true });
  });
});
