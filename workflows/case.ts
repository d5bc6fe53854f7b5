// One application (søknad), from receipt to closing: the caseworker's steps arrive as Updates,
// every legal deadline is a durable timer, and an active case continues as new at each re-evaluation.
// The rules live in domain/decider.ts; this file keeps the loop, the timers and the effects.
import { allHandlersFinished, condition, continueAsNew, patched, setHandler, workflowInfo } from '@temporalio/workflow';
import { caseIsOver, earliest, rulesOf, runningTimers } from '../domain/case/caseTimers';
import type { CaseView } from '../domain/case/caseTypes';
import { CaseRecord } from './caseRecord';
import { DeadlineTimer } from './deadlineTimer';
import { timerRoundBeforeKeepUnchangedTimer } from './legacy';
import { registerSteps } from './caseSteps';
import { caseViewQuery, decisionPreviewQuery, type CaseWorkflowInput } from './messages';
import { PATCHES } from './patches';

export interface CaseOutcome {
  status: CaseView['status'];
  closedReason: CaseView['closedReason'];
}

export async function CaseWorkflow(input: CaseWorkflowInput): Promise<CaseOutcome> {
  const c = new CaseRecord(input);
  // The receipt is queued before any step can be: its event and letter come first. A case brought
  // over from the old system has its `imported` event instead, and no letter.
  if (input.carried) c.publish();
  else if (input.imported) void c.recordImport(input.imported);
  else void c.register();

  setHandler(caseViewQuery, () => c.view);
  setHandler(decisionPreviewQuery, (input) => {
    const previewed = c.preview({ kind: 'step', step: 'decision', input });
    return previewed.ok ? previewed : { ok: false, code: previewed.refusal.code, message: previewed.refusal.message, ...(previewed.refusal.problems ? { problems: previewed.refusal.problems } : {}) };
  });
  registerSteps(c);

  const quiet = () => allHandlersFinished() && c.settled;
  let timer: DeadlineTimer | undefined;
  const dropTimer = () => {
    timer?.cancel();
    timer = undefined;
  };
  while (!caseIsOver(c.state, Date.now(), rulesOf(c.facts))) {
    if (c.continueAsNewRequested || workflowInfo().continueAsNewSuggested) {
      // Let every step in flight answer and every effect run first, then carry the state to a fresh run.
      await condition(quiet);
      dropTimer();
      // The imported start is spent: the next run starts from what this one carries.
      const { imported: _spent, ...rest } = input;
      await continueAsNew<typeof CaseWorkflow>({ ...rest, carried: { ...c.state, cycle: c.state.cycle + 1 } });
    }
    const revision = c.revision;
    const next = earliest(runningTimers(c.facts, c.state));
    const changed = () => c.revision !== revision || c.continueAsNewRequested;
    // A step that leaves the earliest deadline where it was keeps its timer running, instead of a new one.
    if (patched(PATCHES.keepUnchangedTimer)) {
      const wait = next ? next.at - Date.now() : 0;
      if (!next || wait <= 0 || !timer?.isFor(next)) dropTimer();
      if (next && wait > 0) {
        timer ??= new DeadlineTimer(next, wait);
        const running = timer;
        await condition(() => changed() || running.fired);
        // A change first: recompute, keeping this timer if the earliest deadline is still the same.
        if (changed()) continue;
        timer = undefined;
      } else if (!next) {
        await condition(changed);
        continue;
      }
      const fired = c.apply({ kind: 'timer', name: next.name });
      if (fired) await fired;
      continue;
    }
    // Before that patch: a new timer after every change (workflows/legacy.ts).
    await timerRoundBeforeKeepUnchangedTimer(c, next, changed);
  }

  dropTimer();
  await condition(quiet);
  return { status: c.state.status, closedReason: c.state.closedReason };
}
