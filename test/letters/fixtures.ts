// Cases and municipalities for the letter and delivery tests: the built-in policy's namsos and
// nordre-land, and case views with a granted, a partly granted and a refused decision.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { loadPolicy } from '../../config/policy';
import { appealDeadlines, latestAppealDeadline } from '../../domain/case/caseDeadlines';
import type { CaseView, Channel, Decision, DecisionOutcome } from '../../domain/case/caseTypes';
import type { MunicipalityPolicy, Policy } from '../../domain/policy/policyTypes';

export const policy: Policy = loadPolicy();

export function municipality(id: 'namsos' | 'nordre-land' | 'luroy'): MunicipalityPolicy {
  const m = policy.municipalities[id];
  if (!m) throw new Error(`built-in policy lacks ${id}`);
  return m;
}

/** A valid fødselsnummer (domain brief § 10, scenario 24): it must never appear in a letter or a notice. */
export const NATIONAL_ID = '31129956715';

export const APPLICANT = {
  nationalId: NATIONAL_ID,
  name: 'Kari Nordmann',
  phone: '912 34 567',
  email: 'kari.nordmann@example.no',
  address: 'Storgata 1, 7800 Namsos',
};

/** Decision delivered Fri 2027-03-05: 4 weeks → Fri 2 April 2027; 3 weeks → Fri 26 March (langfredag) → Tue 30 March 2027. */
export const DELIVERED_AT = '2027-03-05T10:00:00.000Z';
export const STATSFORVALTEREN_LAST_DAY = '2. april 2027';
export const KLAGENEMND_LAST_DAY = '30. mars 2027';

export function baseView(m: MunicipalityPolicy, overrides: Partial<CaseView> = {}): CaseView {
  return {
    id: randomUUID(),
    caseNumber: '2027/0042',
    municipality: m.id,
    status: 'received',
    services: ['home_nursing', 'practical_assistance', 'safety_alarm'],
    channel: 'digital',
    receivedAt: '2027-02-01T09:00:00.000Z',
    deadlines: {
      contactBy: '2027-02-08T23:00:00.000Z',
      provisionalReplyBy: '2027-03-01T23:00:00.000Z',
      appealBy: null,
      nextReEvaluationAt: null,
      expiresAt: null,
    },
    flags: { contactOverdue: false, provisionalReplySent: false, lateAppeal: false, reEvaluationDue: false, provisionalReplyOverdue: false },
    homeVisit: null,
    decision: null,
    appeal: null,
    appealBody: null,
    closedReason: null,
    ...overrides,
  };
}

const JUSTIFICATION: Record<DecisionOutcome, string> = {
  granted: 'Du trenger hjelp til medisiner morgen og kveld, og til å holde boligen ren.',
  partially_granted: 'Du trenger hjelp til medisiner morgen og kveld. Rengjøringen klarer du med hjelp fra familien.',
  refused: 'Du klarer dagliglivets gjøremål selv, og vi finner ikke at du har behov for tjenestene nå.',
};

/** A decision on the case's services, with appeal deadlines computed as the workflow computes them. */
export function decidedView(m: MunicipalityPolicy, outcome: DecisionOutcome, overrides: Partial<CaseView> = {}): CaseView {
  const services =
    outcome === 'refused'
      ? [{ code: 'home_nursing' }, { code: 'practical_assistance' }, { code: 'safety_alarm' }]
      : outcome === 'granted'
        ? [
            { code: 'home_nursing', hoursPerWeek: 5, from: '2027-03-08' },
            { code: 'practical_assistance', hoursPerWeek: 2, from: '2027-03-08' },
            { code: 'safety_alarm', from: '2027-03-08' },
          ]
        : [
            { code: 'home_nursing', hoursPerWeek: 3.5, from: '2027-03-08', until: '2027-08-31' },
            { code: 'safety_alarm', from: '2027-03-08' },
          ];
  const deadlines = appealDeadlines(new Date(DELIVERED_AT), services.map((s) => s.code), m.timers);
  const decision: Decision = {
    outcome,
    services,
    justification: JUSTIFICATION[outcome],
    deliveredAt: DELIVERED_AT,
    decidedAt: DELIVERED_AT,
    appealDeadlines: deadlines,
    decidedBy: 'office',
    terminates: false,
  };
  const view = baseView(m, { status: 'decided', decision, ...overrides });
  view.deadlines.appealBy = latestAppealDeadline(deadlines);
  if (outcome === 'partially_granted') view.deadlines.expiresAt = '2027-08-31T22:00:00.000Z';
  return view;
}

/** The row the API writes when a case is received. */
export async function insertCase(
  db: Knex,
  view: CaseView,
  opts: { channel?: Channel; applicant?: Record<string, unknown> } = {},
): Promise<void> {
  await db('cases').insert({
    id: view.id,
    municipality: view.municipality,
    status: view.status,
    services: view.services,
    channel: opts.channel ?? view.channel,
    received_at: view.receivedAt,
    applicant: JSON.stringify(opts.applicant ?? APPLICANT),
    consent: JSON.stringify({ givenBy: 'applicant', name: APPLICANT.name, givenAt: '2027-02-01' }),
    description: 'Trenger hjelp hjemme etter sykehusopphold.',
    view: JSON.stringify(view),
  });
}
