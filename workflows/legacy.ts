// The paths a case took before a patch, each behind one call, kept only so that histories recorded
// then still replay (workflows/VERSIONING.md). Nothing new goes here; each goes with its patch
// (workflows/patches.ts says when).
import { condition, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { createActivities } from '../activities';
import type { CaseEffect } from '../domain/case/caseChange';
import type { CaseCommand } from '../domain/case/caseCommands';
import { isOverdue, nextRunningDeadline } from '../domain/case/caseDeadlines';
import type { DueTimer } from '../domain/case/caseTimers';
import type { CaseView } from '../domain/case/caseTypes';

type CaseActivities = ReturnType<typeof createActivities>;
export type IssuedLetter = Awaited<ReturnType<CaseActivities['issueLetter']>>;

// As the case's own activities: retried until PostgreSQL answers again.
const { recordCaseChange, issueLetter } = proxyActivities<Pick<CaseActivities, 'recordCaseChange' | 'issueLetter'>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * Before PATCHES.keepUnchangedTimer: one round of the case's loop with a new timer after every change.
 * The earliest deadline fires unless a step changed the case first; then the loop recomputes.
 */
export async function timerRoundBeforeKeepUnchangedTimer(c: { apply(command: CaseCommand): Promise<unknown> | null }, next: DueTimer | undefined, changed: () => boolean): Promise<void> {
  if (!next) {
    await condition(changed);
    return;
  }
  const wait = next.at - Date.now();
  if (wait <= 0 || !(await condition(changed, wait))) {
    const fired = c.apply({ kind: 'timer', name: next.name });
    if (fired) await fired;
  }
}

/**
 * Before PATCHES.oneTransactionPerChange: one activity per event and per letter, in order, and each
 * letter's delivery workflow started before the next effect.
 */
export async function effectsBeforeOneTransactionPerChange(
  caseId: string,
  effects: CaseEffect[],
  view: CaseView,
  at: string,
  startDelivery: (issued: IssuedLetter) => Promise<void>,
): Promise<void> {
  for (const effect of effects) {
    if (effect.kind === 'event') {
      // Keyed by run and seq, so a retry adds nothing; the view is the case just after the change.
      await recordCaseChange({
        caseId,
        // A reset run is a new run: its changes are kept beside the old run's, not dropped as theirs.
        runId: workflowInfo().runId,
        seq: effect.seq,
        event: { type: effect.type, at, actor: effect.actor, data: effect.data },
        view,
        overdue: isOverdue(view),
        nextDeadline: nextRunningDeadline(view),
      });
    } else if (effect.kind === 'letter') {
      const issued = await issueLetter({ caseId, runId: workflowInfo().runId, key: effect.key, kind: effect.letter, view, details: effect.details });
      await startDelivery(issued);
    }
  }
}
