// The view a case has the moment it is received: the API stores it with the new row (and answers
// with it if the workflow has not answered yet). The same derivation the workflow uses.
import { caseViewOf, initialCaseState, type CaseFacts } from './caseState';
import type { CaseView } from './caseTypes';

export type NewCase = Omit<CaseFacts, 'caseNumber'> & { caseNumber?: string | null };

export function initialCaseView(input: NewCase): CaseView {
  const facts: CaseFacts = { ...input, caseNumber: input.caseNumber ?? null };
  return caseViewOf(facts, initialCaseState(facts));
}
