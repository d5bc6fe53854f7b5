// Where a case can stand right after each step: the statuses the decider leads it to, with every
// outcome the step can have (a step that leaves the status as it was: the statuses it is allowed
// from). The OpenAPI document links a step's answer only to the steps allowed there (api/openapi.ts).
// Written down, not walked at run time (the walk tries every step on every state a case can reach,
// too slow for a request): test/docs/tables.test.ts checks it against that walk (scripts/docs/caseWalk.ts).
import type { CaseStep } from './caseRules';
import type { CaseStatus } from './caseTypes';

/** A case just registered (POST /api/cases) is received. */
export const REGISTERED_STATUS: CaseStatus = 'received';

const OPEN: readonly CaseStatus[] = ['received', 'contacted', 'visit_scheduled', 'under_assessment', 'decided', 'under_reconsideration', 'with_appeal_body', 'active'];

export const STEP_LEADS_TO: { readonly [S in CaseStep]: readonly CaseStatus[] } = {
  contact: ['contacted'],
  'home-visit': ['visit_scheduled'],
  'home-visit/complete': ['under_assessment'],
  'home-visit/cancel': ['contacted'],
  'provisional-reply': ['received', 'contacted', 'visit_scheduled', 'under_assessment', 'under_reconsideration'],
  decision: ['decided'],
  appeal: ['under_reconsideration'],
  reconsideration: ['decided', 'with_appeal_body', 'active', 'closed'],
  'appeal-body-decision': ['under_assessment', 'with_appeal_body', 'active', 'closed'],
  're-evaluation': ['decided', 'active', 'closed'],
  withdraw: ['decided', 'active', 'closed'],
  'appeal/withdraw': ['decided', 'active', 'closed'],
  'decision-received': ['decided'],
  'advance-notice': ['active'],
  deferral: ['decided', 'under_reconsideration', 'with_appeal_body'],
  'place-offered': ['decided'],
  representative: OPEN,
  'representative/end': OPEN,
};
