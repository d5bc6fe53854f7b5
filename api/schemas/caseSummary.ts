// A case as a list shows it: the case view without its free text (the decision's and the appeal's
// justifications, the appeal text, the visit notes), which may describe the applicant's health.
// The whole view is one GET /api/cases/{id} away, with an access-log row of its own.
import { z } from 'zod';
import type { CaseView } from '../../domain/case/caseTypes';
import { caseViewSchema } from './caseView';

const view = caseViewSchema.shape;
const appeal = view.appeal.unwrap().shape;

export const caseSummarySchema = caseViewSchema
  .extend({
    homeVisit: view.homeVisit.unwrap().omit({ notes: true }).meta({ id: 'HomeVisitSummary' }).nullable(),
    decision: view.decision.unwrap().omit({ justification: true }).meta({ id: 'DecisionSummary' }).nullable(),
    appeal: view.appeal
      .unwrap()
      .omit({ text: true })
      .extend({
        reconsideration: appeal.reconsideration.unwrap().omit({ justification: true }).nullable(),
        appealBodyDecision: appeal.appealBodyDecision.unwrap().omit({ justification: true }).nullable(),
      })
      .meta({ id: 'AppealSummary' })
      .nullable(),
  })
  .meta({ id: 'CaseSummary', description: 'A case in a list: the case view without free text.' });

export type CaseSummary = z.output<typeof caseSummarySchema>;

export function caseSummary(caseView: CaseView): CaseSummary {
  const { homeVisit, decision, appeal: caseAppeal, ...rest } = caseView;
  let summaryAppeal: CaseSummary['appeal'] = null;
  if (caseAppeal) {
    const { text: _text, reconsideration, appealBodyDecision, ...appealRest } = caseAppeal;
    summaryAppeal = {
      ...appealRest,
      reconsideration: reconsideration ? { outcome: reconsideration.outcome, at: reconsideration.at } : null,
      appealBodyDecision: appealBodyDecision ? { outcome: appealBodyDecision.outcome, at: appealBodyDecision.at } : null,
    };
  }
  return {
    ...rest,
    homeVisit: homeVisit ? (({ notes: _notes, ...visit }) => visit)(homeVisit) : null,
    decision: decision ? (({ justification: _justification, ...kept }) => kept)(decision) : null,
    appeal: summaryAppeal,
  };
}
