// What a final decision leaves the case in, and when a final or closed case can still be appealed:
// a late appeal up to one year after the decision (fvl § 31 tredje ledd), never one the appeal body
// has ruled on (fvl § 28 tredje ledd), never on a case the applicant withdrew. Views built by hand,
// each answer written out.
import { describe, expect, it } from 'vitest';
import { appealOpenOnClosed, statusWhenFinal, type RuleView } from '../../../domain/case/caseRules';
import { stepRefusal } from '../../../domain/decider';
import type { Decision } from '../../../domain/case/caseTypes';

const DECIDED_AT = '2027-03-05T10:00:00.000Z';
// One year after Friday 5 March 2027 (Oslo): to the end of Sunday 5 March 2028 (not moved off a Sunday).
const LAST_MS = Date.parse('2028-03-05T23:00:00.000Z');
const OLD = { appealRights: false };
const NEW = { appealRights: true };

function decision(over: Partial<Decision> = {}): Decision {
  return {
    outcome: 'refused',
    services: [{ code: 'home_nursing', outcome: 'refused' }],
    justification: 'Vilkårene er ikke oppfylt.',
    deliveredAt: DECIDED_AT,
    decidedAt: DECIDED_AT,
    appealDeadlines: { statsforvalteren: '2027-04-02T22:00:00.000Z' },
    decidedBy: 'office',
    terminates: false,
    ...over,
  };
}

const FLAGS = { contactOverdue: false, provisionalReplySent: true, lateAppeal: false, reEvaluationDue: false, provisionalReplyOverdue: false };

function closed(over: Partial<RuleView> = {}): RuleView {
  return { status: 'closed', closedReason: 'refused', flags: FLAGS, decision: decision(), appeal: null, ...over };
}

function ruled(at: string): RuleView['appeal'] {
  return {
    receivedAt: '2027-03-20T10:00:00.000Z',
    sentAt: null,
    services: ['home_nursing'],
    text: null,
    late: false,
    reconsideration: { outcome: 'upheld', justification: 'Opprettholdt.', at: '2027-04-01T10:00:00.000Z' },
    appealBodyDecision: { outcome: 'upheld', justification: null, at },
  };
}

describe('a closed case reopens on appeal up to one year after the decision (fvl § 31)', () => {
  it('to the last millisecond of the year, not one after', () => {
    expect(appealOpenOnClosed(closed(), LAST_MS)).toBe(true);
    expect(appealOpenOnClosed(closed(), LAST_MS + 1)).toBe(false);
    expect(stepRefusal('appeal', closed(), LAST_MS)).toBeNull();
    expect(stepRefusal('appeal', closed(), LAST_MS + 1)?.code).toBe('case_closed');
  });

  it('whatever closed it since, as long as the decision refused or ended something', () => {
    expect(appealOpenOnClosed(closed({ closedReason: 'expired' }), LAST_MS)).toBe(true);
    expect(appealOpenOnClosed(closed({ closedReason: 'terminated', decision: decision({ outcome: 'granted', terminates: true }) }), LAST_MS)).toBe(true);
    // A partial grant refusing one service (by its own outcome, or by 0 hours the old way).
    const partial = decision({ outcome: 'partially_granted', services: [{ code: 'home_nursing', outcome: 'granted' }, { code: 'safety_alarm', outcome: 'refused' }] });
    expect(appealOpenOnClosed(closed({ closedReason: 'expired', decision: partial }), LAST_MS)).toBe(true);
    const zeroHours = decision({ outcome: 'partially_granted', services: [{ code: 'home_nursing', hoursPerWeek: 5 }, { code: 'safety_alarm', hoursPerWeek: 0 }] });
    expect(appealOpenOnClosed(closed({ closedReason: 'expired', decision: zeroHours }), LAST_MS)).toBe(true);
  });

  it('not when nothing was refused, nor when the applicant withdrew', () => {
    const granted = decision({ outcome: 'granted', services: [{ code: 'home_nursing', outcome: 'granted', until: '2027-06-30' }] });
    expect(appealOpenOnClosed(closed({ closedReason: 'expired', decision: granted }), LAST_MS)).toBe(false);
    const grantedByDefault = decision({ outcome: 'partially_granted', services: [{ code: 'home_nursing', hoursPerWeek: 5 }] });
    expect(appealOpenOnClosed(closed({ closedReason: 'expired', decision: grantedByDefault }), LAST_MS)).toBe(false);
    expect(appealOpenOnClosed(closed({ closedReason: 'withdrawn' }), LAST_MS)).toBe(false);
    expect(appealOpenOnClosed(closed({ decision: null }), LAST_MS)).toBe(false);
  });

  it('not once the appeal body has ruled on the decision, nor on the appeal body’s own decision', () => {
    expect(appealOpenOnClosed(closed({ appeal: ruled('2027-06-01T10:00:00.000Z') }), LAST_MS)).toBe(false);
    // A ruling at the very instant of the decision is a ruling on it.
    expect(appealOpenOnClosed(closed({ appeal: ruled(DECIDED_AT) }), LAST_MS)).toBe(false);
    expect(appealOpenOnClosed(closed({ decision: decision({ decidedBy: 'statsforvalteren' }) }), LAST_MS)).toBe(false);
    // The office's new decision after a quash is its own again, and can be appealed.
    const anew = decision({ decidedAt: '2027-08-02T10:00:00.000Z' });
    expect(appealOpenOnClosed(closed({ decision: anew, appeal: ruled('2027-06-01T10:00:00.000Z') }), Date.parse('2028-08-02T22:00:00.000Z'))).toBe(true);
  });

  it('only a closed case', () => {
    expect(appealOpenOnClosed({ ...closed(), status: 'active' }, LAST_MS)).toBe(false);
  });

  it('on a run from before the appeal-rights rules: a refusal or a termination only', () => {
    expect(appealOpenOnClosed(closed({ closedReason: 'refused' }), LAST_MS, OLD)).toBe(true);
    expect(appealOpenOnClosed(closed({ closedReason: 'terminated' }), LAST_MS, OLD)).toBe(true);
    expect(appealOpenOnClosed(closed({ closedReason: 'expired' }), LAST_MS, OLD)).toBe(false);
    expect(appealOpenOnClosed(closed({ closedReason: 'withdrawn' }), LAST_MS, OLD)).toBe(false);
    expect(appealOpenOnClosed(closed({ closedReason: 'refused' }), LAST_MS + 1, OLD)).toBe(false);
    expect(appealOpenOnClosed(closed({ closedReason: 'expired' }), LAST_MS, NEW)).toBe(true);
  });
});

describe('an active case: a late appeal on a decision the office made (fvl § 31)', () => {
  const active = (over: Partial<RuleView> = {}): RuleView => ({
    status: 'active',
    closedReason: null,
    flags: FLAGS,
    decision: decision({ outcome: 'granted', services: [{ code: 'home_nursing', outcome: 'granted' }] }),
    appeal: null,
    ...over,
  });
  const now = Date.parse('2027-06-01T08:00:00.000Z');

  it('is allowed on a grant, and refused once the appeal body has ruled, naming why', () => {
    expect(stepRefusal('appeal', active(), now)).toBeNull();
    const refusal = stepRefusal('appeal', active({ appeal: ruled('2027-05-01T10:00:00.000Z') }), now);
    expect(refusal).toEqual({
      code: 'invalid_transition',
      message: 'The case is active: the decision cannot be appealed: the appeal body has ruled on it, or nothing was granted. Allowed now: re-evaluation, withdraw, advance-notice, representative.',
    });
  });

  it('is refused on a decision with nothing granted', () => {
    expect(stepRefusal('appeal', active({ decision: decision() }), now)?.code).toBe('invalid_transition');
  });

  it('tells why a decision is refused elsewhere than on an active case', () => {
    const decided: RuleView = { ...active(), status: 'decided' };
    expect(stepRefusal('decision', decided, now)?.message).toBe(
      "The case is decided: 'decision' is allowed when the case is received, contacted, visit_scheduled, under_assessment, active. Allowed now: appeal, withdraw, decision-received, representative.",
    );
    expect(stepRefusal('appeal/withdraw', decided, now)?.message).toBe(
      'The case is decided: no appeal is pending, so there is none to withdraw. Allowed now: appeal, withdraw, decision-received, representative.',
    );
    expect(stepRefusal('home-visit', { ...decided, status: 'with_appeal_body' }, now)?.message).toBe(
      "The case is with_appeal_body: 'home-visit' is allowed when the case is received, contacted, visit_scheduled. Allowed now: appeal-body-decision, withdraw, appeal/withdraw, representative.",
    );
  });

  it('says so when nothing is allowed', () => {
    // A run from before the appeal-rights rules, under reconsideration: nothing but the reconsideration and a withdrawal.
    const view: RuleView = { ...active(), status: 'under_reconsideration' };
    expect(stepRefusal('decision', view, now, OLD)?.message).toMatch(/Allowed now: reconsideration, withdraw\.$/);
    expect(stepRefusal('contact', closed(), LAST_MS + 1)?.message).toBe('The case is closed (refused); no step can be taken on it.');
    expect(stepRefusal('contact', closed({ closedReason: null }), LAST_MS + 1)?.message).toBe('The case is closed (closed); no step can be taken on it.');
  });
});

describe('what a decision made final leaves the case in', () => {
  it('active when it grants anything, closed when it grants nothing or ends the services', () => {
    expect(statusWhenFinal({ decision: null })).toBe('closed');
    expect(statusWhenFinal({ decision: decision({ outcome: 'granted', services: [{ code: 'home_nursing', outcome: 'granted' }], terminates: true }) })).toBe('closed');
    expect(statusWhenFinal({ decision: decision({ outcome: 'granted', services: [{ code: 'home_nursing' }] }) })).toBe('active');
    expect(statusWhenFinal({ decision: decision({ outcome: 'refused', services: [{ code: 'home_nursing' }] }) })).toBe('closed');
  });

  it('a partial grant runs its granted service; one whose every service is refused closes', () => {
    const partly = decision({ outcome: 'partially_granted', services: [{ code: 'home_nursing', outcome: 'granted' }, { code: 'safety_alarm', outcome: 'refused' }] });
    expect(statusWhenFinal({ decision: partly })).toBe('active');
    const none = decision({ outcome: 'partially_granted', services: [{ code: 'home_nursing', outcome: 'refused' }] });
    expect(statusWhenFinal({ decision: none })).toBe('closed');
  });
});
