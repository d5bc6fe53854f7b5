// The view a case has the moment it is received: the workflow starts from it, and the API stores it
// with the new row (and answers with it if the workflow has not answered yet).
import { contactDeadline, provisionalReplyDeadline } from './caseDeadlines';
import type { CaseView, Channel } from './caseTypes';
import type { MunicipalityTimers } from './policyTypes';

export interface NewCase {
  caseId: string;
  municipality: string;
  services: string[];
  channel: Channel;
  receivedAt: string;
  timers: MunicipalityTimers;
}

export function initialCaseView(input: NewCase): CaseView {
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
