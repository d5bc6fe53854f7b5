// One application (søknad), from receipt to closing: the caseworker's steps arrive as Updates,
// every legal deadline is a durable timer, and an active case continues as new at each re-evaluation.
import { allHandlersFinished, condition, continueAsNew, setHandler, workflowInfo } from '@temporalio/workflow';
import { provisionalReplyDeadline } from '../domain/caseDeadlines';
import { initialCaseView } from '../domain/initialCaseView';
import type { CaseView } from '../domain/caseTypes';
import { CaseRecord, SYSTEM_ACTOR } from './caseRecord';
import { registerSteps } from './caseSteps';
import { earliest, fireTimer, runningTimers } from './caseTimers';
import { caseViewQuery, type CaseWorkflowInput } from './messages';

export interface CaseOutcome {
  status: CaseView['status'];
  closedReason: CaseView['closedReason'];
}

export async function CaseWorkflow(input: CaseWorkflowInput): Promise<CaseOutcome> {
  const c = new CaseRecord(input, initialCaseView(input));
  if (!input.carried) {
    c.state.provisionalReplyDispatchAt = provisionalReplyDeadline(new Date(input.receivedAt), input.timers).dispatchAt.toISOString();
  }
  let continueAsNewRequested = false;

  setHandler(caseViewQuery, () => c.view);
  registerSteps(c, () => {
    continueAsNewRequested = true;
  });

  if (!input.carried) {
    await c.record('received', SYSTEM_ACTOR, { channel: input.channel, services: input.services });
    await c.sendLetter('acknowledgement');
    c.ready = true;
  } else {
    c.publish();
  }

  while (c.view.status !== 'closed') {
    if (continueAsNewRequested || workflowInfo().continueAsNewSuggested) {
      // Let every step in flight answer first, then carry the case over to a fresh run.
      await condition(allHandlersFinished);
      c.state.cycle++;
      await continueAsNew<typeof CaseWorkflow>({ ...input, carried: c.state });
    }
    const revision = c.revision;
    const next = earliest(runningTimers(c));
    const changed = () => c.revision !== revision || continueAsNewRequested;
    if (!next) {
      await condition(changed);
      continue;
    }
    const wait = next.at - Date.now();
    // A timer fires unless a step changed the case first; then the timers are recomputed.
    if (wait <= 0 || !(await condition(changed, wait))) await fireTimer(c, next.name);
  }

  await condition(allHandlersFinished);
  return { status: c.view.status, closedReason: c.view.closedReason };
}
