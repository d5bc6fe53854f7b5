// One sweep: start the workflow of every stored case that has none (an application accepted while
// Temporal was down). A Temporal Schedule runs it every few seconds; the work is one idempotent activity.
import { proxyActivities } from '@temporalio/workflow';
import type { CaseSweepResult, createStartMissingCaseWorkflows } from '../activities/startMissingCaseWorkflows';

const { startMissingCaseWorkflows } = proxyActivities<{ startMissingCaseWorkflows: ReturnType<typeof createStartMissingCaseWorkflows> }>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '2 seconds', maximumInterval: '10 seconds', maximumAttempts: 5 },
});

export async function CaseSweep(): Promise<CaseSweepResult> {
  return startMissingCaseWorkflows();
}
