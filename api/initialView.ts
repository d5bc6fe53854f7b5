// The view a case has before its workflow has said anything: what the API stores with the new row and
// answers with if the workflow has not answered yet. Built from the same domain rules the workflow uses.
import { contactDeadline, provisionalReplyDeadline } from '../domain/caseDeadlines';
import type { CaseView } from '../domain/caseTypes';
import type { CaseWorkflowInput } from '../workflows/messages';

export function initialCaseView(input: CaseWorkflowInput): CaseView {
  const receivedAt = new Date(input.receivedAt);
  return {
    id: input.caseId,
    municipality: input.municipality,
    status: 'received',
    services: input.services,
    channel: input.channel,
    receivedAt: receivedAt.toISOString(),
    deadlines: {
      contactBy: contactDeadline(receivedAt, input.timers).toISOString(),
      provisionalReplyBy: provisionalReplyDeadline(receivedAt, input.timers).dueAt.toISOString(),
      appealBy: null,
      nextReEvaluationAt: null,
      expiresAt: null,
    },
    flags: { contactOverdue: false, provisionalReplySent: false, lateAppeal: false, reEvaluationDue: false },
    homeVisit: null,
    decision: null,
    appeal: null,
    appealBody: null,
    closedReason: null,
  };
}
