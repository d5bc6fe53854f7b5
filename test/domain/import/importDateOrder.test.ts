// The dates of a case brought over must follow one another as the case's life does, and none may lie
// in the future (a clock up to five minutes ahead is allowed): each rule a line breaks is named by its
// field and said in its own words, before anything is replayed.
import { describe, expect, it } from 'vitest';
import type { ImportedSteps } from '../../../domain/import/importedCase';
import { grantedDecision, importFacts, imported, problemsOf } from './importLine';

const BEFORE_RECEIPT = 'Must not be before the application was received (receivedAt).';
const IN_THE_FUTURE = 'Must not be in the future: only steps already taken are imported.';
const AFTER_THE_DECISION =
  'Must not be after the decision (steps.decision.decidedAt): the decision imported is the one in force, made after the steps that led to it.';

// Thursday 1 April 2027, 12.00 in Oslo: the decision's appeal period (to the end of 13 April) still runs.
const NOW = '2027-04-01T10:00:00.000Z';
const FIVE_MINUTES_AHEAD = '2027-04-01T10:05:00.000Z';
const JUST_OVER_FIVE_MINUTES_AHEAD = '2027-04-01T10:05:00.001Z';

describe('the receipt', () => {
  it('may be up to five minutes ahead of the clock, not a millisecond more', () => {
    expect(imported({}, 'received', NOW, importFacts({ receivedAt: FIVE_MINUTES_AHEAD })).ok).toBe(true);
    expect(imported({}, 'received', NOW, importFacts({ receivedAt: '2027-04-01T10:04:00.000Z' })).ok).toBe(true);
    expect(problemsOf({}, 'received', NOW, importFacts({ receivedAt: JUST_OVER_FIVE_MINUTES_AHEAD }))).toEqual([
      { field: 'receivedAt', message: 'Must not be in the future.' },
    ]);
  });
});

describe('a step already taken', () => {
  it('the contact: at the receipt or later, and at most five minutes ahead of the clock', () => {
    expect(imported({ contact: { at: '2027-03-01T09:00:00.000Z' } }, 'contacted', NOW).ok).toBe(true);
    expect(imported({ contact: { at: FIVE_MINUTES_AHEAD } }, 'contacted', NOW).ok).toBe(true);
    expect(imported({ contact: { at: '2027-04-01T10:04:00.000Z' } }, 'contacted', NOW).ok).toBe(true);
    expect(problemsOf({ contact: { at: '2027-03-01T08:59:59.999Z' } }, 'contacted', NOW)).toEqual([{ field: 'steps.contact.at', message: BEFORE_RECEIPT }]);
    expect(problemsOf({ contact: { at: JUST_OVER_FIVE_MINUTES_AHEAD } }, 'contacted', NOW)).toEqual([{ field: 'steps.contact.at', message: IN_THE_FUTURE }]);
  });

  it.each<[string, ImportedSteps, { field: string; message: string }[]]>([
    [
      'a visit booked before the receipt',
      { homeVisit: { bookedAt: '2027-02-28T09:00:00.000Z', scheduledAt: '2027-03-09T10:00:00.000Z' } },
      [{ field: 'steps.homeVisit.bookedAt', message: BEFORE_RECEIPT }],
    ],
    [
      'a visit held before the receipt',
      { homeVisit: { scheduledAt: '2027-03-09T10:00:00.000Z', completedAt: '2027-02-28T09:00:00.000Z' } },
      [{ field: 'steps.homeVisit.completedAt', message: BEFORE_RECEIPT }],
    ],
    [
      'a visit held in the future',
      { homeVisit: { scheduledAt: '2027-03-09T10:00:00.000Z', completedAt: '2027-04-02T10:00:00.000Z' } },
      [{ field: 'steps.homeVisit.completedAt', message: IN_THE_FUTURE }],
    ],
    [
      'a provisional reply sent before the receipt',
      { provisionalReply: { sentAt: '2027-02-28T09:00:00.000Z', reason: 'Vi venter på opplysninger.', expectedDecisionBy: '2027-04-30' } },
      [{ field: 'steps.provisionalReply.sentAt', message: BEFORE_RECEIPT }],
    ],
    [
      'an appeal received in the future',
      { decision: grantedDecision(), appeal: { receivedAt: '2027-04-02T10:00:00.000Z', stage: 'reconsideration' } },
      [{ field: 'steps.appeal.receivedAt', message: IN_THE_FUTURE }],
    ],
    [
      'an appeal sent in the future',
      { decision: grantedDecision(), appeal: { receivedAt: '2027-03-30T10:00:00.000Z', sentAt: '2027-04-02T10:00:00.000Z', stage: 'reconsideration' } },
      [{ field: 'steps.appeal.sentAt', message: IN_THE_FUTURE }],
    ],
    [
      'an appeal forwarded in the future',
      {
        decision: grantedDecision(),
        appeal: { receivedAt: '2027-03-30T10:00:00.000Z', stage: 'appeal_body', forwarded: { at: '2027-04-02T10:00:00.000Z', justification: 'Opprettholdt.' } },
      },
      [{ field: 'steps.appeal.forwarded.at', message: IN_THE_FUTURE }],
    ],
    [
      'a re-evaluation in the future',
      { decision: grantedDecision(), reEvaluations: [{ at: '2027-04-02T10:00:00.000Z' }] },
      [{ field: 'steps.reEvaluations[0].at', message: IN_THE_FUTURE }],
    ],
  ])('refuses %s', (_what, steps, problems) => {
    expect(problemsOf(steps, 'under_assessment', NOW)).toEqual(problems);
  });
});

describe('the home visit: set for after it was booked, held no earlier than it was booked', () => {
  const booked = '2027-03-02T09:00:00.000Z';

  it('a visit set for the very instant it was booked is refused', () => {
    expect(problemsOf({ homeVisit: { bookedAt: booked, scheduledAt: booked } }, 'visit_scheduled', NOW)).toEqual([
      { field: 'steps.homeVisit.scheduledAt', message: 'Must be after the visit was booked (bookedAt).' },
    ]);
  });

  it('a visit set for a minute after its booking is in order', () => {
    expect(imported({ homeVisit: { bookedAt: booked, scheduledAt: '2027-03-02T09:01:00.000Z' } }, 'visit_scheduled', NOW).ok).toBe(true);
  });

  it('a visit held a millisecond before it was booked is refused; held at the instant it was booked, it is not before it', () => {
    const scheduledAt = '2027-03-09T10:00:00.000Z';
    expect(problemsOf({ homeVisit: { bookedAt: booked, scheduledAt, completedAt: '2027-03-02T08:59:59.999Z' } }, 'under_assessment', NOW)).toEqual([
      { field: 'steps.homeVisit.completedAt', message: 'Must not be before the visit was booked (bookedAt).' },
    ]);
    expect(imported({ homeVisit: { bookedAt: booked, scheduledAt, completedAt: booked } }, 'under_assessment', NOW).ok).toBe(true);
  });
});

describe('the decision in force comes after the steps that led to it', () => {
  it.each<[string, ImportedSteps]>([
    ['the contact', { contact: { at: '2027-03-15T12:00:00.001Z' } }],
    ['the visit held', { homeVisit: { bookedAt: '2027-03-02T09:00:00.000Z', scheduledAt: '2027-03-09T10:00:00.000Z', completedAt: '2027-03-15T12:00:00.001Z' } }],
    ['the provisional reply', { provisionalReply: { sentAt: '2027-03-15T12:00:00.001Z', reason: 'Vi venter på opplysninger.', expectedDecisionBy: '2027-04-30' } }],
  ])('%s a millisecond after the decision is refused', (_what, steps) => {
    const field = { contact: 'steps.contact.at', homeVisit: 'steps.homeVisit.completedAt', provisionalReply: 'steps.provisionalReply.sentAt' }[Object.keys(steps)[0]!]!;
    expect(problemsOf({ ...steps, decision: grantedDecision() }, 'decided', NOW)).toEqual([{ field, message: AFTER_THE_DECISION }]);
  });

  it('delivered a millisecond before it was made is refused', () => {
    expect(problemsOf({ decision: grantedDecision({ deliveredAt: '2027-03-15T11:59:59.999Z' }) }, 'decided', NOW)).toEqual([
      { field: 'steps.decision.deliveredAt', message: 'Must not be before the decision was made (decidedAt).' },
    ]);
  });
});

describe('the re-evaluations: of the decision in force, oldest first', () => {
  // In October the decision's appeal period is long over: the case is active.
  const LATER = '2027-10-01T10:00:00.000Z';

  it('a re-evaluation with no decision is refused', () => {
    expect(problemsOf({ reEvaluations: [{ at: '2027-09-01T10:00:00.000Z' }] }, 'active', LATER)).toEqual([
      { field: 'steps.reEvaluations[0].at', message: 'A re-evaluation needs the decision it re-evaluates (steps.decision).' },
    ]);
  });

  it('the first before the decision is refused', () => {
    expect(problemsOf({ decision: grantedDecision(), reEvaluations: [{ at: '2027-03-15T11:59:59.999Z' }] }, 'active', LATER)).toEqual([
      { field: 'steps.reEvaluations[0].at', message: 'Must not be before the decision (steps.decision.decidedAt).' },
    ]);
  });

  it('a later one before the one listed before it is refused; the first stays in order', () => {
    const reEvaluations = [{ at: '2027-09-01T10:00:00.000Z' }, { at: '2027-08-31T10:00:00.000Z' }];
    expect(problemsOf({ decision: grantedDecision(), reEvaluations }, 'active', LATER)).toEqual([
      { field: 'steps.reEvaluations[1].at', message: 'Must not be before the re-evaluation listed before it: oldest first.' },
    ]);
  });

  it('three in order, the second and third on the same instant, are taken', () => {
    const reEvaluations = [{ at: '2027-05-03T10:00:00.000Z' }, { at: '2027-09-01T10:00:00.000Z' }, { at: '2027-09-01T10:00:00.000Z' }];
    const checked = imported({ decision: grantedDecision(), reEvaluations }, 'active', LATER);
    expect(checked.ok && checked.steps.map((s) => `${s.step} ${s.at}`)).toEqual([
      'decision_issued 2027-03-15T12:00:00.000Z',
      're_evaluation 2027-05-03T10:00:00.000Z',
      're_evaluation 2027-09-01T10:00:00.000Z',
      're_evaluation 2027-09-01T10:00:00.000Z',
    ]);
  });
});

describe('the appeal: of the decision in force, with the office or forwarded', () => {
  const appealed = '2027-03-30T10:00:00.000Z';

  it('an appeal with no decision is refused', () => {
    expect(problemsOf({ appeal: { receivedAt: appealed, stage: 'reconsideration' } }, 'under_reconsideration', NOW)).toEqual([
      { field: 'steps.appeal', message: 'An appeal needs the decision it appeals (steps.decision).' },
    ]);
  });

  it('with the appeal body needs when and why the office forwarded it', () => {
    expect(problemsOf({ decision: grantedDecision(), appeal: { receivedAt: appealed, stage: 'appeal_body' } }, 'with_appeal_body', NOW)).toEqual([
      {
        field: 'steps.appeal.forwarded',
        message: 'Required when the stage is appeal_body: when the office forwarded the appeal, and why it upheld the decision.',
      },
    ]);
  });

  it('forwarded is not with the office', () => {
    const appeal = { receivedAt: appealed, stage: 'reconsideration' as const, forwarded: { at: '2027-03-31T10:00:00.000Z', justification: 'Opprettholdt.' } };
    expect(problemsOf({ decision: grantedDecision(), appeal }, 'under_reconsideration', NOW)).toEqual([
      { field: 'steps.appeal.stage', message: 'Must be appeal_body when the appeal was forwarded (steps.appeal.forwarded).' },
    ]);
  });

  it('forwarded a millisecond before it was received is refused; at the instant it was received, it is in order', () => {
    const appeal = (forwardedAt: string) => ({ receivedAt: appealed, stage: 'appeal_body' as const, forwarded: { at: forwardedAt, justification: 'Opprettholdt.' } });
    expect(problemsOf({ decision: grantedDecision(), appeal: appeal('2027-03-30T09:59:59.999Z') }, 'with_appeal_body', NOW)).toEqual([
      { field: 'steps.appeal.forwarded.at', message: 'Must not be before the appeal was received (steps.appeal.receivedAt).' },
    ]);
    expect(imported({ decision: grantedDecision(), appeal: appeal(appealed) }, 'with_appeal_body', NOW).ok).toBe(true);
  });
});
