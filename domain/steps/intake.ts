// Intake (mottak): the application is registered. Not a caseworker's step but the case's first
// change: its first event and the acknowledgement letter (fvl § 11 a: the office confirms receipt).
import { SYSTEM_ACTOR, type CaseChange } from '../case/caseChange';

export function register(c: CaseChange): void {
  c.event('received', c.facts.registeredBy ?? SYSTEM_ACTOR, { channel: c.facts.channel, services: c.facts.services });
  c.letter('acknowledgement');
}
