// A case brought over is its old steps replayed through the decider at their own dates, in the order
// of those dates: what each step is listed as, when the case became final, what a step the rules
// refuse is named as, and what status the steps make (with what that status needs).
import { describe, expect, it } from 'vitest';
import { caseViewOf } from '../../../domain/case/caseState';
import { decideImport, type ImportableStatus, type ImportedSteps } from '../../../domain/import/importedCase';
import { at, grantedDecision, importFacts, imported, problemsOf } from './importLine';

const NOW = '2027-04-01T10:00:00.000Z';

function taken(steps: ImportedSteps, status: ImportableStatus, now = NOW, facts = importFacts()) {
  const checked = imported(steps, status, now, facts);
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
  return checked;
}

const listed = (steps: ImportedSteps, status: ImportableStatus, now = NOW) => taken(steps, status, now).steps.map((s) => `${s.step} ${s.at}`);

describe('each old step, listed by its date', () => {
  it('a contact: the case is contacted, and starts here with nothing recorded or sent', () => {
    const checked = taken({ contact: { at: '2027-03-02T09:00:00.000Z', note: 'Ringte søker.' } }, 'contacted');
    expect(checked.steps).toEqual([{ step: 'contact', at: '2027-03-02T09:00:00.000Z' }]);
    expect(checked.state).toMatchObject({ status: 'contacted', eventSeq: 0, letterSeq: 0, cycle: 0, appliedKeys: [] });
  });

  it('a visit booked when the old system says', () => {
    const steps = { contact: { at: '2027-03-02T09:00:00.000Z' }, homeVisit: { bookedAt: '2027-03-03T09:00:00.000Z', scheduledAt: '2027-03-09T10:00:00.000Z' } };
    expect(listed(steps, 'visit_scheduled')).toEqual(['contact 2027-03-02T09:00:00.000Z', 'home_visit_scheduled 2027-03-03T09:00:00.000Z']);
  });

  it('a visit with no booking date booked at the contact, after it', () => {
    const steps = { contact: { at: '2027-03-02T09:00:00.000Z' }, homeVisit: { scheduledAt: '2027-03-09T10:00:00.000Z' } };
    expect(listed(steps, 'visit_scheduled')).toEqual(['contact 2027-03-02T09:00:00.000Z', 'home_visit_scheduled 2027-03-02T09:00:00.000Z']);
  });

  it('a visit with no booking date and no contact booked at the receipt', () => {
    expect(listed({ homeVisit: { scheduledAt: '2027-03-09T10:00:00.000Z' } }, 'visit_scheduled')).toEqual(['home_visit_scheduled 2027-03-01T09:00:00.000Z']);
  });

  it('a visit held, with its notes kept', () => {
    const checked = taken({ homeVisit: { bookedAt: '2027-03-02T09:00:00.000Z', scheduledAt: '2027-03-09T10:00:00.000Z', completedAt: '2027-03-09T11:00:00.000Z', notes: 'Trenger hjelp morgen og kveld.' } }, 'under_assessment');
    expect(checked.steps.map((s) => s.step)).toEqual(['home_visit_scheduled', 'home_visit_completed']);
    expect(checked.state.homeVisit).toMatchObject({ scheduledAt: '2027-03-09T10:00:00.000Z', completedAt: '2027-03-09T11:00:00.000Z', notes: 'Trenger hjelp morgen og kveld.' });
  });

  it('a provisional reply sent before the contact comes first', () => {
    const steps = {
      contact: { at: '2027-03-05T09:00:00.000Z' },
      provisionalReply: { sentAt: '2027-03-02T09:00:00.000Z', reason: 'Vi venter på opplysninger fra fastlegen.', expectedDecisionBy: '2027-04-30' },
    };
    const checked = taken(steps, 'contacted');
    expect(checked.steps.map((s) => `${s.step} ${s.at}`)).toEqual(['provisional_reply 2027-03-02T09:00:00.000Z', 'contact 2027-03-05T09:00:00.000Z']);
    expect(checked.state.flags.provisionalReplySent).toBe(true);
  });

  it('a decision delivered by post days later: made when it was made, the appeal period (4 weeks, pbrl § 7-5) from its delivery', () => {
    const facts = importFacts({ channel: 'paper' });
    // Delivered Thursday 18 March: 4 weeks on is Thursday 15 April, to its end in Oslo.
    const checked = taken({ decision: grantedDecision({ deliveredAt: '2027-03-18T08:00:00.000Z' }) }, 'decided', NOW, facts);
    expect(checked.steps).toEqual([{ step: 'decision_issued', at: '2027-03-15T12:00:00.000Z' }]);
    const view = caseViewOf(facts, checked.state);
    expect(view.decision).toMatchObject({ decidedAt: '2027-03-15T12:00:00.000Z', deliveredAt: '2027-03-18T08:00:00.000Z' });
    expect(view.deadlines.appealBy).toBe('2027-04-15T22:00:00.000Z');
  });

  it('a re-evaluation that let the services continue leaves the decision made when it was', () => {
    const checked = taken({ decision: grantedDecision(), reEvaluations: [{ at: '2027-05-03T10:00:00.000Z' }] }, 'active', '2027-06-01T10:00:00.000Z');
    expect(checked.steps.map((s) => `${s.step} ${s.at}`)).toEqual(['decision_issued 2027-03-15T12:00:00.000Z', 're_evaluation 2027-05-03T10:00:00.000Z']);
    expect(checked.state.decision?.decidedAt).toBe('2027-03-15T12:00:00.000Z');
  });
});

describe('an appeal brought over', () => {
  const refused = grantedDecision({ outcome: 'refused', services: [{ code: 'home_nursing' }], justification: 'Søker klarer seg selv.' });
  const received = '2027-03-30T10:00:00.000Z';

  it('with the office: under reconsideration', () => {
    const checked = taken({ decision: refused, appeal: { receivedAt: received, stage: 'reconsideration' } }, 'under_reconsideration');
    expect(checked.steps.map((s) => `${s.step} ${s.at}`)).toEqual(['decision_issued 2027-03-15T12:00:00.000Z', 'appeal_received 2027-03-30T10:00:00.000Z']);
  });

  it('forwarded with no outcome given: the office upheld the decision', () => {
    const appeal = { receivedAt: received, stage: 'appeal_body' as const, forwarded: { at: '2027-03-31T10:00:00.000Z', justification: 'Klagen gir ikke nye opplysninger.' } };
    const checked = taken({ decision: refused, appeal }, 'with_appeal_body');
    expect(checked.steps.map((s) => s.step)).toEqual(['decision_issued', 'appeal_received', 'appeal_forwarded']);
    expect(checked.state.appeal?.reconsideration).toMatchObject({ outcome: 'upheld', at: '2027-03-31T10:00:00.000Z' });
  });

  it('forwarded after a reversal in part: the part reversal is the decision in force, and it needs that decision', () => {
    const facts = importFacts({ services: ['home_nursing', 'practical_assistance'] });
    const both = grantedDecision({ outcome: 'refused', services: [{ code: 'home_nursing' }, { code: 'practical_assistance' }], justification: 'Søker klarer seg selv.' });
    const inPart = {
      outcome: 'partially_granted' as const,
      services: [
        { code: 'home_nursing', outcome: 'granted' as const, hoursPerWeek: 3, from: '2027-04-05' },
        { code: 'practical_assistance', outcome: 'refused' as const },
      ],
      justification: 'Hjemmesykepleie innvilges etter ny vurdering.',
    };
    const forwarded = { at: '2027-03-31T10:00:00.000Z', outcome: 'partially_reversed' as const, justification: 'Praktisk bistand opprettholdes.' };
    const checked = taken({ decision: both, appeal: { receivedAt: received, stage: 'appeal_body', forwarded: { ...forwarded, decision: inPart } } }, 'with_appeal_body', NOW, facts);
    expect(checked.state.appeal?.reconsideration?.outcome).toBe('partially_reversed');
    expect(checked.state.decision?.outcome).toBe('partially_granted');
    const without = problemsOf({ decision: both, appeal: { receivedAt: received, stage: 'appeal_body', forwarded } }, 'with_appeal_body', NOW, facts);
    expect(without).toEqual([{ field: 'steps.appeal.forwarded.decision', message: 'Required for this outcome.' }]);
  });
});

describe('a step the rules refuse is named by where it sits in the line', () => {
  it("a step's own field", () => {
    expect(problemsOf({ contact: { at: '2027-03-02T09:00:00.000Z', note: '   ' } }, 'contacted', NOW)).toEqual([{ field: 'steps.contact.note', message: 'Must be a non-empty text.' }]);
    const visit = { bookedAt: '2027-03-02T09:00:00.000Z', scheduledAt: '2027-03-09T10:00:00.000Z', completedAt: '2027-03-09T11:00:00.000Z', notes: ' ' };
    expect(problemsOf({ homeVisit: visit }, 'under_assessment', NOW)).toEqual([{ field: 'steps.homeVisit.notes', message: 'Must be a non-empty text.' }]);
    // The date promised was already past when the reply went out.
    const reply = { sentAt: '2027-03-10T09:00:00.000Z', reason: 'Vi venter på opplysninger.', expectedDecisionBy: '2027-03-09' };
    expect(problemsOf({ provisionalReply: reply }, 'received', NOW)).toEqual([{ field: 'steps.provisionalReply.expectedDecisionBy', message: 'Must not be in the past.' }]);
  });

  it('a contact after the visit was booked: the case was visit_scheduled by then', () => {
    const steps = { contact: { at: '2027-03-03T09:00:00.000Z' }, homeVisit: { bookedAt: '2027-03-02T09:00:00.000Z', scheduledAt: '2027-03-09T10:00:00.000Z' } };
    const problems = problemsOf(steps, 'visit_scheduled', NOW);
    expect(problems).toEqual([{ field: 'steps.contact', message: expect.stringMatching(/^Cannot follow the steps before it: the case was visit_scheduled by then\. \S/) }]);
  });

  it('a visit booked after the decision in force: the case was decided by then', () => {
    const steps = { homeVisit: { bookedAt: '2027-03-20T09:00:00.000Z', scheduledAt: '2027-03-25T10:00:00.000Z' }, decision: grantedDecision() };
    expect(problemsOf(steps, 'decided', NOW)).toEqual([{ field: 'steps.homeVisit', message: expect.stringMatching(/^Cannot follow the steps before it: the case was decided by then\. \S/) }]);
  });

  it('a re-evaluation of a refused decision, which closed the case when its appeal period ran out', () => {
    const refused = grantedDecision({ outcome: 'refused', services: [{ code: 'home_nursing' }], justification: 'Søker klarer seg selv.' });
    const problems = problemsOf({ decision: refused, reEvaluations: [{ at: '2027-05-03T10:00:00.000Z' }] }, 'active', '2027-06-01T10:00:00.000Z');
    expect(problems).toEqual([{ field: 'steps.reEvaluations[0]', message: expect.stringMatching(/^Cannot follow the steps before it: the case was closed by then\. \S/) }]);
  });

  it('an appeal of a service the decision did not decide', () => {
    const refused = grantedDecision({ outcome: 'refused', services: [{ code: 'home_nursing' }], justification: 'Søker klarer seg selv.' });
    const problems = problemsOf({ decision: refused, appeal: { receivedAt: '2027-03-30T10:00:00.000Z', services: ['safety_alarm'], stage: 'reconsideration' } }, 'under_reconsideration', NOW);
    expect(problems.map((p) => p.field)).toEqual(['steps.appeal.services[0]']);
  });
});

describe('the end of the appeal period (4 weeks from Tuesday 16 March: the end of Tuesday 13 April in Oslo)', () => {
  const end = '2027-04-13T22:00:00.000Z';

  it('a granted case is active from that instant, decided until it', () => {
    expect(taken({ decision: grantedDecision() }, 'active', end).state.status).toBe('active');
    expect(problemsOf({ decision: grantedDecision() }, 'active', '2027-04-13T21:59:59.999Z')).toEqual([
      {
        field: 'status',
        message:
          'The steps recorded make the case decided, not active: active needs a decision that granted something and whose appeal period has run out (steps.decision.deliveredAt).',
      },
    ]);
  });

  it('a step at that instant finds the case active', () => {
    expect(listed({ decision: grantedDecision(), reEvaluations: [{ at: end }] }, 'active', '2027-06-01T10:00:00.000Z')).toEqual([
      'decision_issued 2027-03-15T12:00:00.000Z',
      `re_evaluation ${end}`,
    ]);
  });

  it('a case brought over as decided after it is left to its timer, which falls due when the workflow starts', () => {
    expect(taken({ decision: grantedDecision() }, 'decided', '2027-06-01T10:00:00.000Z').state.status).toBe('decided');
  });
});

describe('a status the steps do not make is refused, saying what it needs', () => {
  it.each<[ImportableStatus, ImportedSteps, string]>([
    ['received', { contact: { at: '2027-03-02T09:00:00.000Z' } }, 'The steps recorded make the case contacted, not received: a received case has no steps yet.'],
    ['contacted', {}, 'The steps recorded make the case received, not contacted: contacted needs steps.contact and no visit booked or decision.'],
    ['visit_scheduled', {}, 'The steps recorded make the case received, not visit_scheduled: visit_scheduled needs steps.homeVisit with a scheduledAt and no completedAt.'],
    [
      'under_assessment',
      {},
      'The steps recorded make the case received, not under_assessment: under_assessment needs a completed home visit (steps.homeVisit.completedAt) and no decision.',
    ],
    ['decided', {}, 'The steps recorded make the case received, not decided: decided needs steps.decision and no appeal.'],
    [
      'under_reconsideration',
      {},
      'The steps recorded make the case received, not under_reconsideration: under_reconsideration needs steps.decision and steps.appeal with stage reconsideration.',
    ],
    [
      'with_appeal_body',
      {},
      'The steps recorded make the case received, not with_appeal_body: with_appeal_body needs steps.decision and steps.appeal with stage appeal_body and forwarded.',
    ],
    [
      'active',
      {},
      'The steps recorded make the case received, not active: active needs a decision that granted something and whose appeal period has run out (steps.decision.deliveredAt).',
    ],
  ])('%s', (status, steps, message) => {
    expect(problemsOf(steps, status, NOW)).toEqual([{ field: 'status', message }]);
  });
});

describe("the case's first event here: imported, naming the source", () => {
  it('by whoever registered it, with the steps as listed; no letter', () => {
    const facts = importFacts();
    const checked = taken({ contact: { at: '2027-03-02T09:00:00.000Z' } }, 'contacted', NOW, facts);
    const source = { sourceId: 'gerica-100001', sourceCaseNumber: '2027/0901', steps: checked.steps };
    const { state, effects } = decideImport(facts, checked.state, source, at(NOW));
    expect(effects).toEqual([
      {
        kind: 'event',
        seq: 1,
        type: 'imported',
        actor: 'importer-1',
        data: { sourceId: 'gerica-100001', sourceCaseNumber: '2027/0901', status: 'contacted', steps: [{ step: 'contact', at: '2027-03-02T09:00:00.000Z' }] },
      },
    ]);
    expect(state).toMatchObject({ status: 'contacted', eventSeq: 1, letterSeq: 0 });
  });

  it('by the system when nobody is on record as registering it', () => {
    const facts = importFacts({ registeredBy: null });
    const checked = taken({}, 'received', NOW, facts);
    const { effects } = decideImport(facts, checked.state, { sourceId: 'visma-7', sourceCaseNumber: null, steps: [] }, at(NOW));
    expect(effects).toEqual([{ kind: 'event', seq: 1, type: 'imported', actor: 'system', data: { sourceId: 'visma-7', sourceCaseNumber: null, status: 'received', steps: [] } }]);
  });
});
