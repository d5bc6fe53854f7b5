// Intake (mottak): the application is registered. Not a caseworker's step but the case's first
// change: its first event and the acknowledgement letter (fvl § 11 a: the office confirms receipt).
import { SYSTEM_ACTOR, type CaseChange } from '../case/caseChange';

export function register(c: CaseChange): void {
  c.event('received', c.facts.registeredBy ?? SYSTEM_ACTOR, { channel: c.facts.channel, services: c.facts.services });
  // A representative given with the application gets the acknowledgement already.
  const r = c.facts.reductions ? c.s.representative : null;
  if (r) c.event('representative_added', c.facts.registeredBy ?? SYSTEM_ACTOR, { role: r.role, representativeId: r.id, copyToApplicant: r.copyToApplicant });
  c.letter('acknowledgement');
}
