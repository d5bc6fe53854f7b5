// One application (søknad), from receipt to closing: the caseworker's steps arrive as Updates,
// every legal deadline is a durable timer, and an active case continues as new at each re-evaluation.
// The rules live in domain/caseDecider.ts; this file keeps the loop, the timers and the effects.
import { allHandlersFinished, condition, continueAsNew, setHandler, workflowInfo } from '@temporalio/workflow';
import { caseIsOver, earliest, runningTimers } from '../domain/caseTimers';
import type { CaseView } from '../domain/caseTypes';
import { CaseRecord } from './caseRecord';
import { registerSteps } from './caseSteps';
import { caseViewQuery, type CaseWorkflowInput } from './messages';

export interface CaseOutcome {
  status: CaseView['status'];
  closedReason: CaseView['closedReason'];
}

export async function CaseWorkflow(input: CaseWorkflowInput): Promise<CaseOutcome> {
  const c = new CaseRecord(input);
  // The receipt is queued before any step can be: its event and letter come first.
  if (!input.carried) void c.register();
  else c.publish();

  setHandler(caseViewQuery, () => c.view);
  registerSteps(c);

  const quiet = () => allHandlersFinished() && c.settled;
  while (!caseIsOver(c.state, Date.now())) {
    if (c.continueAsNewRequested || workflowInfo().continueAsNewSuggested) {
      // Let every step in flight answer and every effect run first, then carry the state to a fresh run.
      await condition(quiet);
      await continueAsNew<typeof CaseWorkflow>({ ...input, carried: { ...c.state, cycle: c.state.cycle + 1 } });
    }
    const revision = c.revision;
    const next = earliest(runningTimers(c.facts, c.state));
    const changed = () => c.revision !== revision || c.continueAsNewRequested;
    if (!next) {
      await condition(changed);
      continue;
    }
    const wait = next.at - Date.now();
    // A timer fires unless a step changed the case first; then the timers are recomputed.
    if (wait <= 0 || !(await condition(changed, wait))) {
      const fired = c.apply({ kind: 'timer', name: next.name });
      if (fired) await fired;
    }
  }

  await condition(quiet);
  return { status: c.state.status, closedReason: c.state.closedReason };
}
