// The appeal withdrawn (klagen trekkes): the decision stands, and the case goes back to where it left it.
import type { CaseChange } from '../../case/caseChange';
import { stepBody, text } from '../fields';
import { oneText } from '../stepChecks';
import type { StepDefinition } from '../step';

/** Klagen trekkes: the case goes back to where its decision left it, and a letter says so. */
export function withdrawAppeal(c: CaseChange, reason: string, actor: string): void {
  const { s } = c;
  if (s.appeal) s.appeal = { ...s.appeal, withdrawn: { reason, at: c.nowIso } };
  s.provisionalReplyDispatchAt = null;
  s.provisionalReplyExpectedBy = null;
  s.flags.provisionalReplyOverdue = false;
  const { finalNow } = c.returnToDecision();
  c.event('appeal_withdrawn', actor, { reason, status: s.status, ...(finalNow ? { final: true } : {}) });
  c.letter('appeal_withdrawn', { reason });
  if (finalNow && s.status === 'closed') c.letter('closing');
}

export const appealWithdrawStepSchema = stepBody({ reason: text(5_000, 'the reason') }).meta({
  id: 'AppealWithdrawStep',
  description: 'The applicant withdraws the appeal only: the case returns to where its decision left it.',
});

export const appealWithdraw: StepDefinition<'appeal/withdraw'> = {
  // Only while an appeal is pending: there is nothing else to withdraw.
  allowedFrom: ['under_reconsideration', 'with_appeal_body'],
  allowedWhen: (_view, _now, rules) => rules.appealRights,
  refusedWhy: () => 'no appeal is pending, so there is none to withdraw',
  schema: appealWithdrawStepSchema,
  check: oneText('reason', true),
  apply(c, input, actor) {
    withdrawAppeal(c, input.reason, actor);
  },
};
