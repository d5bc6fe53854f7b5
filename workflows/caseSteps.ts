// The caseworker's steps, each an Update. The validator asks the decider whether the case allows
// the step as it stands; the handler applies it at once, before any await, then waits for its
// effects. So of two steps that exclude each other, the second is checked against the first's result.
import type { UpdateDefinition } from '@temporalio/common';
import { setHandler } from '@temporalio/workflow';
import type { StepCommand } from '../domain/case/caseCommands';
import type { CaseStep } from '../domain/case/caseRules';
import type { CaseView } from '../domain/case/caseTypes';
import type { CaseRecord } from './caseRecord';
import * as m from './messages';

function step<S extends CaseStep>(c: CaseRecord, def: UpdateDefinition<CaseView, [Extract<StepCommand, { step: S }>['input']]>, name: S): void {
  const command = (input: unknown) => ({ kind: 'step', step: name, input }) as StepCommand;
  setHandler(
    def,
    async (input) => {
      // Normally the validator has just accepted it against this same state; should anything have
      // changed in between, the decider refuses here instead, and the step still changes nothing.
      const applied = c.apply(command(input));
      return applied ? await applied : c.view;
    },
    { validator: (input) => c.check(command(input)) },
  );
}

export function registerSteps(c: CaseRecord): void {
  step(c, m.contactUpdate, 'contact');
  step(c, m.homeVisitUpdate, 'home-visit');
  step(c, m.homeVisitCompleteUpdate, 'home-visit/complete');
  step(c, m.homeVisitCancelUpdate, 'home-visit/cancel');
  step(c, m.provisionalReplyUpdate, 'provisional-reply');
  step(c, m.decisionUpdate, 'decision');
  step(c, m.appealUpdate, 'appeal');
  step(c, m.reconsiderationUpdate, 'reconsideration');
  step(c, m.appealBodyDecisionUpdate, 'appeal-body-decision');
  step(c, m.reEvaluationUpdate, 're-evaluation');
  step(c, m.withdrawUpdate, 'withdraw');
  step(c, m.appealWithdrawUpdate, 'appeal/withdraw');
  step(c, m.decisionReceivedUpdate, 'decision-received');
  step(c, m.advanceNoticeUpdate, 'advance-notice');
  step(c, m.deferralUpdate, 'deferral');
  step(c, m.placeOfferedUpdate, 'place-offered');
  step(c, m.representativeUpdate, 'representative');
  step(c, m.representativeEndUpdate, 'representative/end');
}
