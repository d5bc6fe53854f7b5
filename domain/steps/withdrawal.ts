// Withdrawal (søknaden trekkes): the applicant ends the case. While an appeal is pending, under the
// rules of "Appeal rights in every case", it withdraws the appeal only: nothing granted is taken away.
import { OPEN_STATUSES } from '../case/caseRules';
import { withdrawAppeal } from './appeal/appealWithdraw';
import { stepBody, text } from './fields';
import { oneText } from './stepChecks';
import type { StepDefinition } from './step';

export const withdrawStepSchema = stepBody({ reason: text(5_000, 'the reason') }).meta({ id: 'WithdrawStep' });

export const withdrawal: StepDefinition<'withdraw'> = {
  allowedFrom: OPEN_STATUSES,
  schema: withdrawStepSchema,
  check: oneText('reason', true),
  apply(c, input, actor) {
    const { s, facts } = c;
    if (facts.appealRights && (s.status === 'under_reconsideration' || s.status === 'with_appeal_body')) {
      withdrawAppeal(c, input.reason, actor);
      return;
    }
    c.close('withdrawn');
    c.event('withdrawn', actor, { reason: input.reason });
    c.letter('closing', { reason: input.reason });
  },
};
