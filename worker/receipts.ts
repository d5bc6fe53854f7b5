// A receipt from SvarUt handed to its case as the caseworker's step decision-received would hand it
// (actor "system", the letter id as its idempotency key): the case's own rule sets the decision's
// deliveredAt and appeal deadlines. A case that will not take it (a newer decision, an appeal already
// in, a closed case) is answered with why, and the receipt is not offered again.
import { WorkflowNotFoundError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { RECEIPT_ACTOR, type RegisterReceipt } from '../activities/delivery/svarut/receipts';
import type { CaseWorkflows } from '../temporal/caseWorkflows';
import { REFUSAL_CODES } from '../domain/case/refusals';
import { decisionReceivedUpdate } from '../workflows/messages';

function refusal(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; current && depth < 8; depth++) {
    if (current instanceof ApplicationFailure && current.type && (REFUSAL_CODES as readonly string[]).includes(current.type)) return `${current.type}: ${current.message}`;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

export function registerReceiptWith(workflows: () => CaseWorkflows | undefined): RegisterReceipt {
  return async ({ caseId, letterId, receivedAt }) => {
    const cases = workflows();
    if (!cases) throw new Error('the case workflows are not connected yet');
    const key = `receipt-${letterId}`;
    try {
      await cases.step(caseId, decisionReceivedUpdate, { receivedAt, actor: RECEIPT_ACTOR, idempotencyKey: key }, key);
      return 'registered';
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return 'not registered: the case has no running workflow';
      const refused = refusal(error);
      if (refused) return `not registered: ${refused}`;
      throw error;
    }
  };
}
