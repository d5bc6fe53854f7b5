// One sweep: start the workflow of every stored case that has none (an application accepted while
// Temporal was down). A Temporal Schedule runs it once an hour; the work is one idempotent activity.
//
// A sweep watches for such cases for the whole hour: SWEEP_WATCH.rounds activities, each looking in
// PostgreSQL every two seconds for SWEEP_WATCH.watchForMs and heartbeating. So a case stored while
// Temporal was down starts seconds after Temporal is back, and a manager's list in the Web UI holds
// one sweep an hour instead of one every 20 seconds. A sweep started before the patch looked once.
import { ActivityFailure, log, patched, proxyActivities } from '@temporalio/workflow';
import type { CaseSweepResult, createStartMissingCaseWorkflows } from '../activities/startMissingCaseWorkflows';
import { PATCHES } from './patches';
import { SWEEP_WATCH } from './messages';

type SweepActivities = { startMissingCaseWorkflows: ReturnType<typeof createStartMissingCaseWorkflows> };

const { startMissingCaseWorkflows: lookOnce } = proxyActivities<SweepActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '2 seconds', maximumInterval: '10 seconds', maximumAttempts: 5 },
});

const { startMissingCaseWorkflows: watch } = proxyActivities<SweepActivities>({
  startToCloseTimeout: SWEEP_WATCH.watchForMs + 60_000,
  // A worker that dies or freezes mid-watch: a retry on another takes the round over within half a minute.
  heartbeatTimeout: '30 seconds',
  scheduleToCloseTimeout: SWEEP_WATCH.watchForMs + 120_000,
  retry: { initialInterval: '2 seconds', maximumInterval: '10 seconds' },
});

export async function CaseSweep(): Promise<CaseSweepResult> {
  if (!patched(PATCHES.sweepWatches)) return lookOnce();
  let started = 0;
  for (let round = 0; round < SWEEP_WATCH.rounds; round++) {
    try {
      started += (await watch({ watchForMs: SWEEP_WATCH.watchForMs })).started;
    } catch (error) {
      // PostgreSQL away for the whole round: the next round looks again.
      if (!(error instanceof ActivityFailure)) throw error;
      log.warn('A sweep round failed; the next round looks again', { round });
    }
  }
  return { started };
}
