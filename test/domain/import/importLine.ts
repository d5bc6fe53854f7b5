// A case of Namsos (home nursing) brought over from the old system, checked by the import's rules
// without a server or the API's schema: the domain's own answer, each problem with its field and message.
import { loadPolicy } from '../../../config/policy';
import type { CaseFacts } from '../../../domain/case/caseState';
import { importedCaseState, type ImportableStatus, type ImportedSteps } from '../../../domain/import/importedCase';

const timers = loadPolicy().municipalities.namsos!.timers;

/** Received Monday 1 March 2027, 10.00 in Oslo; the rules a run started now has (as api/caseImport sets them). */
export function importFacts(over: Partial<CaseFacts> = {}): CaseFacts {
  return {
    caseId: '00000000-0000-4000-8000-0000000000bb',
    caseNumber: null,
    municipality: 'namsos',
    services: ['home_nursing'],
    channel: 'digital',
    receivedAt: '2027-03-01T09:00:00.000Z',
    timers,
    registeredBy: 'importer-1',
    appealRights: true,
    reductions: true,
    ...over,
  };
}

export const at = (iso: string): number => Date.parse(iso);

/** A decision in force that granted home nursing: made Monday 15 March 2027, delivered Tuesday 16 March. */
export function grantedDecision(over: Partial<NonNullable<ImportedSteps['decision']>> = {}): NonNullable<ImportedSteps['decision']> {
  return {
    decidedAt: '2027-03-15T12:00:00.000Z',
    deliveredAt: '2027-03-16T08:00:00.000Z',
    outcome: 'granted',
    services: [{ code: 'home_nursing', hoursPerWeek: 5, from: '2027-03-20' }],
    justification: 'Behovet er dokumentert ved hjemmebesøket.',
    ...over,
  };
}

export function imported(steps: ImportedSteps, status: ImportableStatus, now: string, facts: CaseFacts = importFacts()) {
  return importedCaseState(facts, steps, status, at(now));
}

/** The problems of a line, or [] when it is taken. */
export function problemsOf(steps: ImportedSteps, status: ImportableStatus, now: string, facts: CaseFacts = importFacts()) {
  const checked = imported(steps, status, now, facts);
  return checked.ok ? [] : checked.problems;
}
