// Every path a case can take, as data: the steps a caseworker sends (update name and input) and the
// time that passes between them. `npm run histories` runs each on the time-skipping server and
// stores its history; when a step's input changes shape, change it here.
import type { DecisionInput } from '../../domain/case/caseTypes';
import type { CaseStep, CasePath } from './pathTypes';

const DAY = 24 * 3600 * 1000;

const isoIn = (now: number, days: number) => new Date(now + days * DAY).toISOString();
const dateIn = (now: number, days: number) => isoIn(now, days).slice(0, 10);

const granted: DecisionInput = {
  outcome: 'granted',
  services: [{ code: 'home_nursing', hoursPerWeek: 4 }],
  justification: 'Behovet for hjemmesykepleie er dokumentert.',
};
const refused: DecisionInput = { ...granted, outcome: 'refused', justification: 'Vilkårene er ikke oppfylt.' };
/** Home nursing and practical assistance applied for: the nursing granted, the assistance refused. */
const twoServices = { services: ['home_nursing', 'practical_assistance'] };
const partly: DecisionInput = {
  outcome: 'partially_granted',
  services: [
    { code: 'home_nursing', outcome: 'granted', hoursPerWeek: 2 },
    { code: 'practical_assistance', outcome: 'refused' },
  ],
  justification: 'To timer hjemmesykepleie i uken dekker behovet; praktisk bistand gis ikke.',
};
const bothGranted: DecisionInput = {
  outcome: 'granted',
  services: [
    { code: 'home_nursing', hoursPerWeek: 3 },
    { code: 'practical_assistance', hoursPerWeek: 2 },
  ],
  justification: 'Ny utredning viser behov for begge tjenestene.',
};

/** A decided case that no one appeals: the appeal period runs out and the services run. */
const becomesFinal: CaseStep[] = [{ skipPast: 'appealBy', days: 1, expect: 'active' }];

export const CASE_PATHS: CasePath[] = [
  {
    name: 'whole-case',
    about: 'contact, a home visit moved and held (with its reminder), the automatic provisional reply, a decision made final, a re-evaluation that ends the services',
    steps: [
      { update: 'contact', input: { note: 'Ringt søker.' }, expect: 'contacted' },
      { update: 'homeVisit', input: ({ now }) => ({ scheduledAt: isoIn(now, 5) }), expect: 'visit_scheduled' },
      { update: 'homeVisit', input: ({ now }) => ({ scheduledAt: isoIn(now, 10) }), expect: 'visit_scheduled' },
      { skipDays: 10.5 },
      { update: 'completeHomeVisit', input: { notes: 'Kartlagt behov.' }, expect: 'under_assessment' },
      { skipDays: 20 },
      { update: 'decision', input: granted, expect: 'decided' },
      ...becomesFinal,
      { skipPast: 'nextReEvaluationAt', days: 1 },
      // Since the reductions patch a termination without an advance notice states its urgency (fvl § 16 tredje ledd).
      {
        update: 'reEvaluation',
        input: ({ now }) => ({ outcome: 'terminated', justification: 'Behovet for hjemmesykepleie er ikke lenger til stede.', effectiveFrom: dateIn(now, 1), urgent: { reason: 'Søker har flyttet.' } }),
        expect: 'closed',
      },
    ],
    end: { status: 'closed', closedReason: 'terminated' },
  },
  {
    name: 'contact-overdue-refused',
    about: 'no contact within the week (overdue), a provisional reply sent by hand, a refusal that closes the case when its appeal period runs out',
    steps: [
      { skipDays: 8 },
      { update: 'provisionalReply', input: ({ now }) => ({ reason: 'Vi venter på opplysninger fra fastlegen.', expectedDecisionBy: dateIn(now, 30) }) },
      { update: 'decision', input: refused, expect: 'decided' },
      { skipUntilClosed: true },
    ],
    end: { status: 'closed', closedReason: 'refused' },
  },
  {
    name: 'home-visit-cancelled-withdrawn',
    about: 'a home visit booked and cancelled, then the application withdrawn',
    steps: [
      { update: 'contact', input: {}, expect: 'contacted' },
      { update: 'homeVisit', input: ({ now }) => ({ scheduledAt: isoIn(now, 3) }), expect: 'visit_scheduled' },
      { update: 'cancelHomeVisit', input: { reason: 'Søker er innlagt på sykehus.' }, expect: 'contacted' },
      { update: 'withdraw', input: { reason: 'Søker trekker søknaden.' }, expect: 'closed' },
    ],
    end: { status: 'closed', closedReason: 'withdrawn' },
  },
  {
    name: 'withdrawn',
    about: 'an application withdrawn before contact',
    steps: [{ update: 'withdraw', input: { reason: 'Søker trekker søknaden.' }, expect: 'closed' }],
    end: { status: 'closed', closedReason: 'withdrawn' },
  },
  {
    name: 'reconsideration-reversed',
    about: 'a refusal appealed and reversed by the office (omgjøring): a new decision with a new appeal period, then final',
    steps: [
      { update: 'decision', input: refused, expect: 'decided' },
      { skipDays: 5 },
      { update: 'appeal', input: { text: 'Jeg trenger hjelp hjemme.' }, expect: 'under_reconsideration' },
      { update: 'reconsideration', input: { outcome: 'reversed', justification: 'Nye opplysninger viser behov.' }, expect: 'decided' },
      ...becomesFinal,
    ],
    end: { status: 'active' },
  },
  {
    name: 'reconsideration-partially-reversed-appeal-body-upheld',
    about: 'partly reversed by the office, the rest forwarded to Statsforvalteren, which upholds it',
    start: twoServices,
    steps: [
      { update: 'decision', input: partly, expect: 'decided' },
      { update: 'appeal', input: { text: 'Trenger fire timer.' }, expect: 'under_reconsideration' },
      {
        update: 'reconsideration',
        input: {
          outcome: 'partially_reversed',
          justification: 'Vi øker til tre timer.',
          decision: {
            ...partly,
            services: [
              { code: 'home_nursing', outcome: 'granted', hoursPerWeek: 3 },
              { code: 'practical_assistance', outcome: 'refused' },
            ],
            justification: 'Tre timer hjemmesykepleie dekker behovet.',
          },
        },
        expect: 'with_appeal_body',
      },
      { skipDays: 40 },
      { update: 'appealBodyDecision', input: { outcome: 'upheld', justification: 'Vedtaket stadfestes.' }, expect: 'active' },
    ],
    end: { status: 'active' },
  },
  {
    name: 'reconsideration-upheld-appeal-body-reversed',
    about: 'upheld by the office, reversed by Statsforvalteren (final at once)',
    start: twoServices,
    steps: [
      { update: 'decision', input: partly, expect: 'decided' },
      { update: 'appeal', input: {}, expect: 'under_reconsideration' },
      { update: 'reconsideration', input: { outcome: 'upheld', justification: 'Vi står ved vedtaket.' }, expect: 'with_appeal_body' },
      { update: 'appealBodyDecision', input: { outcome: 'reversed', justification: 'Klagen tas til følge.' }, expect: 'active' },
    ],
    end: { status: 'active' },
  },
  {
    name: 'reconsideration-upheld-appeal-body-quashed',
    about: 'upheld by the office, quashed by Statsforvalteren: processed again, a new decision, final',
    start: twoServices,
    steps: [
      { update: 'decision', input: partly, expect: 'decided' },
      { skipDays: 10 },
      { update: 'appeal', input: { text: 'Jeg trenger mer hjelp.' }, expect: 'under_reconsideration' },
      { update: 'reconsideration', input: { outcome: 'upheld', justification: 'Vedtaket er riktig.' }, expect: 'with_appeal_body' },
      { skipDays: 60 },
      { update: 'appealBodyDecision', input: { outcome: 'quashed', justification: 'Mangelfull utredning.' }, expect: 'under_assessment' },
      { update: 'decision', input: bothGranted, expect: 'decided' },
      ...becomesFinal,
    ],
    end: { status: 'active' },
  },
  {
    name: 'appeal-board-upheld-refusal',
    about: 'a refused safety alarm appealed to the municipal appeals board (klagenemnd), which upholds it: the case closes',
    start: { services: ['safety_alarm'] },
    steps: [
      { update: 'decision', input: { outcome: 'refused', services: [{ code: 'safety_alarm' }], justification: 'Ikke behov.' }, expect: 'decided' },
      { update: 'appeal', input: {}, expect: 'under_reconsideration' },
      { update: 'reconsideration', input: { outcome: 'upheld', justification: 'Står ved vedtaket.' }, expect: 'with_appeal_body' },
      { update: 'appealBodyDecision', input: { outcome: 'upheld' }, expect: 'closed' },
    ],
    end: { status: 'closed', closedReason: 'refused' },
  },
  {
    name: 'reconsideration-dismissed',
    about: 'an appeal dismissed (avvist) within the appeal period: the decision stands and becomes final',
    start: { channel: 'paper' },
    steps: [
      { update: 'decision', input: granted, expect: 'decided' },
      { update: 'appeal', input: { text: 'Vil ha mer.' }, expect: 'under_reconsideration' },
      { update: 'reconsideration', input: { outcome: 'dismissed', justification: 'Klagen er ikke underskrevet.' }, expect: 'decided' },
      ...becomesFinal,
    ],
    end: { status: 'active' },
  },
  {
    name: 'late-appeal-dismissed',
    about: 'an appeal after the period ran out (flagged late), dismissed: the final decision goes on',
    steps: [
      { update: 'decision', input: granted, expect: 'decided' },
      { skipDays: 40, expect: 'active' },
      { update: 'appeal', input: { text: 'Jeg er uenig.' }, expect: 'under_reconsideration' },
      { update: 'reconsideration', input: { outcome: 'dismissed', justification: 'Klagen kom for sent.' }, expect: 'active' },
    ],
    end: { status: 'active' },
  },
  {
    name: 'closed-refusal-appealed-reopens',
    about: 'a refusal whose appeal period ran out closes the case; an appeal within the year (fvl § 31) reopens it, the office reverses, the new decision becomes final',
    steps: [
      { update: 'decision', input: refused, expect: 'decided' },
      { skipPast: 'appealBy', days: 1, expect: 'closed' },
      { skipDays: 60 },
      { update: 'appeal', input: { text: 'Jeg fikk ikke brevet før nå.' }, expect: 'under_reconsideration' },
      { update: 'reconsideration', input: { outcome: 'reversed', justification: 'Behovet er dokumentert.', decision: granted }, expect: 'decided' },
      ...becomesFinal,
    ],
    end: { status: 'active' },
  },
  {
    name: 'expiry',
    about: 'a time-limited short-term stay: the notice before it ends, then the case closes as expired',
    start: { services: ['short_term_stay'] },
    steps: [
      {
        update: 'decision',
        input: ({ now }) => ({ ...granted, services: [{ code: 'short_term_stay', until: dateIn(now, 120) }] }),
        expect: 'decided',
      },
      { skipUntilClosed: true },
    ],
    end: { status: 'closed', closedReason: 'expired' },
  },
  {
    name: 're-evaluation-continued',
    about: 'six-monthly re-evaluations across continue-as-new: continued (a new run), then changed with a new decision in the carried run',
    steps: [
      { update: 'decision', input: granted, expect: 'decided' },
      ...becomesFinal,
      { skipPast: 'nextReEvaluationAt', days: 1 },
      { update: 'reEvaluation', input: { outcome: 'continue' }, expect: 'active' },
      { skipPast: 'nextReEvaluationAt', days: 1 },
      {
        update: 'reEvaluation',
        input: { outcome: 'changed', decision: { ...granted, services: [{ code: 'home_nursing', hoursPerWeek: 6 }] } },
        expect: 'decided',
      },
      ...becomesFinal,
    ],
    end: { status: 'active', runs: 2 },
  },
  // Decisions that reduce or end a service.
  {
    name: 'advance-notice-reduction',
    about: 'an advance notice (forhåndsvarsel) proposing fewer hours, refused reduction before its deadline, the reduction after it with effectiveFrom, made final',
    steps: [
      { update: 'decision', input: granted, expect: 'decided' },
      ...becomesFinal,
      { update: 'advanceNotice', input: { services: [{ code: 'home_nursing', proposal: 'reduce', hoursPerWeek: 2 }], reason: 'Mindre behov etter opptrening.' }, expect: 'active' },
      { skipDays: 17 },
      {
        update: 'reEvaluation',
        input: ({ now }) => ({ outcome: 'changed', decision: { ...granted, services: [{ code: 'home_nursing', hoursPerWeek: 2 }] }, effectiveFrom: dateIn(now, 7) }),
        expect: 'decided',
      },
      ...becomesFinal,
    ],
    end: { status: 'active' },
  },
  {
    name: 'advance-notice-termination',
    about: 'an advance notice proposing to end the service, then the termination with its end date once the deadline for comments has passed',
    steps: [
      { update: 'decision', input: granted, expect: 'decided' },
      ...becomesFinal,
      { update: 'advanceNotice', input: { services: [{ code: 'home_nursing', proposal: 'terminate' }], reason: 'Behovet ser ut til å være borte.' }, expect: 'active' },
      { skipDays: 17 },
      {
        update: 'reEvaluation',
        input: ({ now }) => ({ outcome: 'terminated', justification: 'Behovet for hjemmesykepleie er ikke lenger til stede.', effectiveFrom: dateIn(now, 14) }),
        expect: 'closed',
      },
    ],
    end: { status: 'closed', closedReason: 'terminated' },
  },
  {
    name: 'deferral-granted',
    about: 'an urgent reduction appealed, deferred implementation granted (fvl § 42), the appeal body upholds and the deferral ends',
    steps: [
      { update: 'decision', input: granted, expect: 'decided' },
      ...becomesFinal,
      {
        update: 'reEvaluation',
        input: ({ now }) => ({ outcome: 'changed', decision: { ...granted, services: [{ code: 'home_nursing', hoursPerWeek: 2 }] }, effectiveFrom: dateIn(now, 7), urgent: { reason: 'Søker er innlagt.' } }),
        expect: 'decided',
      },
      { update: 'appeal', input: { text: 'Jeg trenger hjelpen.' }, expect: 'under_reconsideration' },
      { update: 'deferral', input: { granted: true, justification: 'Klagen bør avgjøres først.' }, expect: 'under_reconsideration' },
      { update: 'reconsideration', input: { outcome: 'upheld', justification: 'Vedtaket står.' }, expect: 'with_appeal_body' },
      { update: 'appealBodyDecision', input: { outcome: 'upheld', justification: 'Forsvarlig.' }, expect: 'active' },
    ],
    end: { status: 'active' },
  },
  {
    name: 'representative-guardian-then-fullmektig',
    about: 'a guardian given with the application gets the letters (the applicant a copy); the guardianship ends; a fullmektig without copy; a relative; withdrawn',
    start: { representative: { representativeId: '5b8f2a64-7c1e-4d2b-9a3f-0e6d1c2b3a41', role: 'guardian' } },
    steps: [
      { update: 'decision', input: granted, expect: 'decided' },
      { update: 'endRepresentative', input: {}, expect: 'decided' },
      { update: 'representative', input: { representativeId: '0c7e9d11-2a3b-4c5d-8e6f-7a8b9c0d1e2f', role: 'authorised', copyToApplicant: false }, expect: 'decided' },
      ...becomesFinal,
      { update: 'representative', input: { representativeId: '7d1f3c5a-9b2e-4f60-8a7c-1e2d3f4a5b6c', role: 'relative' }, expect: 'active' },
      { update: 'withdraw', input: { reason: 'Søker trekker søknaden.' }, expect: 'closed' },
    ],
    end: { status: 'closed', closedReason: 'withdrawn' },
  },
  {
    name: 'waiting-list-place-offered',
    about: 'a long-term care home place: on the waiting list (pbrl § 2-1 e), final and still open, then a place offered and granted',
    start: { services: ['long_term_stay'] },
    steps: [
      {
        update: 'decision',
        input: { outcome: 'granted', services: [{ code: 'long_term_stay', outcome: 'waiting_list' }], justification: 'Søker fyller vilkårene, men det er ingen ledig plass.' },
        expect: 'decided',
      },
      ...becomesFinal,
      { skipDays: 30 },
      { update: 'placeOffered', input: ({ now }) => ({ from: dateIn(now, 7) }), expect: 'decided' },
      ...becomesFinal,
    ],
    end: { status: 'active' },
  },
  // Cases brought over from the old system (npm run import): each worked example, then the case goes on here.
  {
    name: 'imported-waiting-for-contact',
    about: 'imported received, its contact deadline already past (overdue at once), then contacted',
    start: { imported: 'waiting-for-contact' },
    steps: [{ skipDays: 0.1, expect: 'received' }, { update: 'contact', input: {}, expect: 'contacted' }],
    end: { status: 'contacted' },
  },
  {
    name: 'imported-visit-booked',
    about: 'imported with a home visit booked, its reminder the day before, the visit held',
    start: { imported: 'visit-booked' },
    steps: [{ skipDays: 6, expect: 'visit_scheduled' }, { update: 'completeHomeVisit', input: {}, expect: 'under_assessment' }],
    end: { status: 'under_assessment' },
  },
  {
    name: 'imported-under-assessment',
    about: 'imported under assessment with a provisional reply already sent, then decided',
    start: { imported: 'under-assessment' },
    steps: [{ update: 'decision', input: { outcome: 'granted', services: [{ code: 'practical_assistance', hoursPerWeek: 2 }], justification: 'Behovet er kartlagt.' }, expect: 'decided' }],
    end: { status: 'decided' },
  },
  {
    name: 'imported-decided-in-appeal-period',
    about: 'imported decided, appealed within its appeal period, reversed by the office',
    start: { imported: 'decided-in-appeal-period' },
    steps: [
      { update: 'appeal', input: { text: 'Jeg trenger praktisk bistand.' }, expect: 'under_reconsideration' },
      { update: 'reconsideration', input: { outcome: 'reversed', justification: 'Ny vurdering viser behov.' }, expect: 'decided' },
    ],
    end: { status: 'decided' },
  },
  {
    name: 'imported-re-evaluation-due',
    about: 'imported active with its re-evaluation already due (flag and notice at once), re-evaluated and continued',
    start: { imported: 're-evaluation-due' },
    steps: [{ skipDays: 0.1, expect: 'active' }, { update: 'reEvaluation', input: { outcome: 'continue' }, expect: 'active' }],
    end: { status: 'active', runs: 2 },
  },
  {
    name: 'imported-with-appeal-body',
    about: "imported with the appeal body, whose ruling quashes the decision: assessed again here",
    start: { imported: 'with-appeal-body' },
    steps: [{ update: 'appealBodyDecision', input: { outcome: 'quashed', justification: 'Saken er ikke godt nok utredet.' }, expect: 'under_assessment' }],
    end: { status: 'under_assessment' },
  },
  {
    name: 'imported-time-limited-expiring',
    about: 'imported active with a time-limited grant: the expiry notice at once, then the applicant withdraws before it ends',
    start: { imported: 'time-limited-expiring' },
    steps: [
      { skipDays: 0.1, expect: 'active' },
      { update: 'withdraw', input: { reason: 'Søker flytter til en annen kommune.' }, expect: 'closed' },
    ],
    end: { status: 'closed', closedReason: 'withdrawn' },
  },
];
