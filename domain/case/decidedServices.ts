// What a decision says for each service: granted or refused. A service's own `outcome` wins; else
// it follows the decision's. A partly granted or refused decision also refuses what was applied for
// and left out of it, so every such service gets its appeal deadline and appeal body too.
import type { DecidedService, Decision, DecisionInput, ServiceOutcome } from './caseTypes';

export interface ServiceVerdict {
  code: string;
  outcome: ServiceOutcome;
  /** The decided scope, when the decision lists the service. */
  service?: DecidedService;
}

/** A service's outcome, as the decision gives it or by default. */
export function outcomeOf(decision: Pick<DecisionInput, 'outcome'>, service: DecidedService): ServiceOutcome {
  if (service.outcome) return service.outcome;
  if (decision.outcome === 'refused') return 'refused';
  // An old-style partial decision refused a service by giving it 0 hours.
  if (decision.outcome === 'partially_granted' && service.hoursPerWeek === 0) return 'refused';
  return 'granted';
}

type DecidedPart = Pick<Decision, 'outcome' | 'services'> & { terminates?: boolean };

export function serviceVerdicts(decision: DecidedPart, appliedFor: readonly string[]): ServiceVerdict[] {
  const listed = decision.services.map((s) => ({ code: s.code, outcome: outcomeOf(decision, s), service: s }));
  // A termination decides only the services it ends.
  if (decision.outcome === 'granted' || decision.terminates) return listed;
  const codes = new Set(listed.map((v) => v.code));
  const leftOut = appliedFor.filter((code) => !codes.has(code)).map((code) => ({ code, outcome: 'refused' as const }));
  return [...listed, ...leftOut];
}

/** Every service the decision decides, each once. */
export function decidedCodes(decision: DecidedPart, appliedFor: readonly string[]): string[] {
  return [...new Set(serviceVerdicts(decision, appliedFor).map((v) => v.code))];
}

/** The services the decision grants. */
export function grantedServices(decision: Pick<Decision, 'outcome' | 'services'>): DecidedService[] {
  return decision.services.filter((s) => outcomeOf(decision, s) === 'granted');
}

/**
 * Omgjøring in the applicant's favour with no changed decision given: what was applied for, granted.
 * Services the earlier decision decided keep their scope; a service refused by 0 hours loses its hours.
 */
export function grantedInFull(previous: Decision | null, appliedFor: readonly string[], justification: string): DecisionInput {
  const earlier = new Map((previous?.services ?? []).map((s) => [s.code, s]));
  const codes = [...new Set([...appliedFor, ...earlier.keys()])];
  const services = codes.map((code) => {
    const service = earlier.get(code);
    if (!service) return { code, outcome: 'granted' as const };
    const { hoursPerWeek, ...rest } = service;
    return { ...rest, ...(hoursPerWeek ? { hoursPerWeek } : {}), outcome: 'granted' as const };
  });
  return { outcome: 'granted', services, justification };
}
