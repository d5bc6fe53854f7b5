// What a decision says for each service, when a time-limited grant ends, which appeal deadline a
// case shows, and which deadline a manager sorts by: each rule as examples with the answer written out.
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../../config/policy';
import {
  decisionExpiry,
  expiryNoticeAt,
  laterDeadlines,
  latestAppealDeadline,
  nextRunningDeadline,
  presumedPostalReceipt,
} from '../../../domain/case/caseDeadlines';
import { caseViewOf, initialCaseState, type CaseFacts } from '../../../domain/case/caseState';
import type { CaseStatus, CaseView, DecidedService } from '../../../domain/case/caseTypes';
import { decidedCodes, grantedServices, outcomeOf, serviceVerdicts } from '../../../domain/case/decidedServices';

describe('what a decision says for each service', () => {
  it("a service's own outcome wins over the decision's", () => {
    expect(outcomeOf({ outcome: 'refused' }, { code: 'home_nursing', outcome: 'granted' })).toBe('granted');
    expect(outcomeOf({ outcome: 'granted' }, { code: 'home_nursing', outcome: 'refused' })).toBe('refused');
  });

  it('else it follows the decision: a refusal refuses, a grant grants, even one of 0 hours', () => {
    expect(outcomeOf({ outcome: 'refused' }, { code: 'home_nursing', hoursPerWeek: 5 })).toBe('refused');
    expect(outcomeOf({ outcome: 'granted' }, { code: 'home_nursing', hoursPerWeek: 0 })).toBe('granted');
    expect(outcomeOf({ outcome: 'granted' }, { code: 'home_nursing' })).toBe('granted');
  });

  it('an old-style partial decision refused a service by giving it 0 hours', () => {
    expect(outcomeOf({ outcome: 'partially_granted' }, { code: 'home_nursing', hoursPerWeek: 0 })).toBe('refused');
    expect(outcomeOf({ outcome: 'partially_granted' }, { code: 'home_nursing', hoursPerWeek: 4 })).toBe('granted');
    expect(outcomeOf({ outcome: 'partially_granted' }, { code: 'home_nursing' })).toBe('granted');
  });

  it('a grant decides only what it lists; a partial grant or refusal also refuses what it left out', () => {
    const listed: DecidedService[] = [{ code: 'home_nursing', outcome: 'granted', hoursPerWeek: 5 }];
    const appliedFor = ['home_nursing', 'safety_alarm'];
    expect(serviceVerdicts({ outcome: 'granted', services: listed }, appliedFor)).toEqual([{ code: 'home_nursing', outcome: 'granted', service: listed[0] }]);
    expect(serviceVerdicts({ outcome: 'partially_granted', services: listed }, appliedFor)).toEqual([
      { code: 'home_nursing', outcome: 'granted', service: listed[0] },
      { code: 'safety_alarm', outcome: 'refused' },
    ]);
    const refused: DecidedService[] = [{ code: 'safety_alarm' }];
    expect(serviceVerdicts({ outcome: 'refused', services: refused }, appliedFor)).toEqual([
      { code: 'safety_alarm', outcome: 'refused', service: refused[0] },
      { code: 'home_nursing', outcome: 'refused' },
    ]);
  });

  it('a termination decides only the services it ends', () => {
    const ended: DecidedService[] = [{ code: 'home_nursing', outcome: 'refused' }];
    expect(serviceVerdicts({ outcome: 'refused', services: ended, terminates: true }, ['home_nursing', 'safety_alarm'])).toEqual([
      { code: 'home_nursing', outcome: 'refused', service: ended[0] },
    ]);
  });

  it('names every decided service once', () => {
    const services: DecidedService[] = [
      { code: 'home_nursing', outcome: 'granted' },
      { code: 'home_nursing', outcome: 'granted', hoursPerWeek: 2 },
    ];
    expect(decidedCodes({ outcome: 'partially_granted', services }, ['home_nursing', 'safety_alarm', 'safety_alarm'])).toEqual(['home_nursing', 'safety_alarm']);
  });

  it('grants only the services granted', () => {
    const services: DecidedService[] = [
      { code: 'home_nursing', outcome: 'granted', hoursPerWeek: 5 },
      { code: 'safety_alarm', outcome: 'refused' },
      { code: 'meal_delivery', hoursPerWeek: 0 },
    ];
    expect(grantedServices({ outcome: 'partially_granted', services }).map((s) => s.code)).toEqual(['home_nursing']);
    expect(grantedServices({ outcome: 'refused', services: [{ code: 'home_nursing' }] })).toEqual([]);
  });
});

describe('when a time-limited decision ends (tidsbegrenset vedtak)', () => {
  const grant = (services: DecidedService[]) => decisionExpiry({ outcome: 'partially_granted', services })?.toISOString() ?? null;

  it('runs while any granted service runs: it ends with the last, in whatever order they are listed', () => {
    const june = { code: 'home_nursing', outcome: 'granted', until: '2027-06-30' } as const;
    const december = { code: 'safety_alarm', outcome: 'granted', until: '2027-12-31' } as const;
    // The end of 31 December 2027 in Oslo (winter time).
    expect(grant([june, december])).toBe('2027-12-31T23:00:00.000Z');
    expect(grant([december, june])).toBe('2027-12-31T23:00:00.000Z');
    // The end of 30 June 2027 (summer time) when it is the only one.
    expect(grant([june])).toBe('2027-06-30T22:00:00.000Z');
  });

  it('takes an instant as it is, and ignores the end of a refused service', () => {
    expect(grant([{ code: 'home_nursing', outcome: 'granted', until: '2027-08-01T10:00:00.000Z' }, { code: 'safety_alarm', outcome: 'refused', until: '2028-01-31' }])).toBe(
      '2027-08-01T10:00:00.000Z',
    );
  });

  it('does not end when nothing is granted or nothing has an end', () => {
    expect(grant([{ code: 'home_nursing', outcome: 'refused', until: '2027-06-30' }])).toBeNull();
    expect(grant([{ code: 'home_nursing', outcome: 'granted' }])).toBeNull();
    expect(grant([])).toBeNull();
  });

  it('sends its notice a month before the last day, on the last working day on or before', () => {
    // Until Wednesday 13 October 2027: the last day the service runs; a month before is Monday 13 September.
    expect(expiryNoticeAt(new Date('2027-10-13T22:00:00.000Z'), { amount: 1, unit: 'month' }).toISOString()).toBe('2027-09-12T22:00:00.000Z');
    // Until Monday 11 October: a month before is Saturday 11 September, so the notice goes out on Friday 10th.
    expect(expiryNoticeAt(new Date('2027-10-11T22:00:00.000Z'), { amount: 1, unit: 'month' }).toISOString()).toBe('2027-09-09T22:00:00.000Z');
  });
});

describe('a letter sent by post', () => {
  it('counts as received a legal period after it was handed in, at the start of that day', () => {
    // Handed in Thursday 4 March 2027 at 15.00; three days on is Sunday 7 March (no roll to a working day).
    expect(presumedPostalReceipt(new Date('2027-03-04T14:00:00.000Z'), { amount: 3, unit: 'day' }).toISOString()).toBe('2027-03-06T23:00:00.000Z');
  });

  it('or a plain duration later, to the millisecond', () => {
    expect(presumedPostalReceipt(new Date('2027-03-04T14:00:00.000Z'), { amount: 90, unit: 'second' }).toISOString()).toBe('2027-03-04T14:01:30.000Z');
  });
});

describe('the appeal deadlines a case shows', () => {
  const EARLY = '2027-03-26T23:00:00.000Z';
  const LATE = '2027-04-02T22:00:00.000Z';

  it('is the later one where two appeal bodies hear the decision, whichever is listed first', () => {
    expect(latestAppealDeadline({ statsforvalteren: LATE, klagenemnd: EARLY })).toBe(LATE);
    expect(latestAppealDeadline({ klagenemnd: EARLY, statsforvalteren: LATE })).toBe(LATE);
    expect(latestAppealDeadline({ klagenemnd: LATE, statsforvalteren: EARLY })).toBe(LATE);
    expect(latestAppealDeadline({})).toBeNull();
  });

  it('keeps per body the later of what the letter stated and what the law gives', () => {
    expect(laterDeadlines({ statsforvalteren: EARLY }, { statsforvalteren: LATE })).toEqual({ statsforvalteren: LATE });
    expect(laterDeadlines({ statsforvalteren: LATE }, { statsforvalteren: EARLY })).toEqual({ statsforvalteren: LATE });
    expect(laterDeadlines({ statsforvalteren: LATE }, { klagenemnd: EARLY })).toEqual({ statsforvalteren: LATE, klagenemnd: EARLY });
    expect(laterDeadlines({}, { klagenemnd: EARLY })).toEqual({ klagenemnd: EARLY });
  });
});

describe('the deadline a manager sorts by, in every status', () => {
  const facts: CaseFacts = {
    caseId: '00000000-0000-4000-8000-0000000000cc',
    caseNumber: '2027/0044',
    municipality: 'namsos',
    services: ['home_nursing'],
    channel: 'digital',
    receivedAt: '2027-03-01T09:00:00.000Z',
    timers: loadPolicy().municipalities.namsos!.timers,
    appealRights: true,
  };
  const CONTACT_BY = '2027-03-08T23:00:00.000Z';
  const REPLY_BY = '2027-03-24T23:00:00.000Z';
  const D = {
    visit: '2027-03-05T09:00:00.000Z',
    appealBy: '2027-04-02T22:00:00.000Z',
    reEvaluation: '2027-10-01T22:00:00.000Z',
    expires: '2027-12-31T23:00:00.000Z',
  };

  function view(status: CaseStatus, over: Partial<CaseView> = {}): CaseView {
    const v = caseViewOf(facts, { ...initialCaseState(facts), status });
    return {
      ...v,
      homeVisit: { scheduledAt: D.visit, reminderAt: D.visit, reminderSent: false, completedAt: null, notes: null },
      deadlines: { ...v.deadlines, appealBy: D.appealBy, nextReEvaluationAt: D.reEvaluation, expiresAt: D.expires },
      ...over,
    };
  }
  const next = (status: CaseStatus, over: Partial<CaseView> = {}) => nextRunningDeadline(view(status, over));

  it('before a decision: contact, then foreløpig svar, then a booked visit, the earliest first', () => {
    expect(next('received')).toBe(CONTACT_BY);
    expect(next('contacted')).toBe(REPLY_BY);
    expect(next('visit_scheduled')).toBe(D.visit);
    expect(next('visit_scheduled', { homeVisit: null })).toBe(REPLY_BY);
    expect(next('under_assessment')).toBe(REPLY_BY);
  });

  it('once the reply or contact is done, they no longer run', () => {
    const v = view('received');
    expect(nextRunningDeadline({ ...v, flags: { ...v.flags, contactOverdue: true } })).toBe(REPLY_BY);
    expect(nextRunningDeadline({ ...v, flags: { ...v.flags, contactOverdue: true, provisionalReplySent: true } })).toBeNull();
  });

  it('after a decision: the appeal period, then the re-evaluation and the grant’s end', () => {
    expect(next('decided')).toBe(D.appealBy);
    expect(next('decided', { deadlines: { ...view('decided').deadlines, appealBy: null } })).toBe(D.expires);
    expect(next('active')).toBe(D.reEvaluation);
    const v = view('active');
    expect(nextRunningDeadline({ ...v, flags: { ...v.flags, reEvaluationDue: true } })).toBe(D.expires);
  });

  it('nothing runs on its own while an appeal is heard or once closed', () => {
    expect(next('under_reconsideration')).toBeNull();
    expect(next('with_appeal_body')).toBeNull();
    expect(next('closed')).toBeNull();
  });

  it('of two deadlines at the same instant, gives that instant', () => {
    expect(next('active', { deadlines: { ...view('active').deadlines, expiresAt: D.reEvaluation } })).toBe(D.reEvaluation);
    expect(next('decided', { deadlines: { ...view('decided').deadlines, expiresAt: '2027-03-30T22:00:00.000Z' } })).toBe('2027-03-30T22:00:00.000Z');
  });
});
