// The Temporal Schedule that runs the case sweep every few seconds, made when a worker starts (and
// left as it is when it exists). A schedule, not a timer in the API: it runs while any worker runs,
// and shows in the Web UI under Schedules.
import { ScheduleAlreadyRunning, type Client } from '@temporalio/client';
import { CASE_SWEEP_WORKFLOW_TYPE, caseSweepScheduleId } from '../workflows/messages';

/** Often enough that a case stored while Temporal was down starts within a minute of its return. */
export const CASE_SWEEP_EVERY = '20 seconds';

export async function ensureCaseSweepSchedule(client: Client, taskQueue: string): Promise<void> {
  const scheduleId = caseSweepScheduleId(taskQueue);
  try {
    await client.schedule.create({
      scheduleId,
      spec: { intervals: [{ every: CASE_SWEEP_EVERY }] },
      action: {
        type: 'startWorkflow',
        workflowType: CASE_SWEEP_WORKFLOW_TYPE,
        workflowId: scheduleId,
        taskQueue,
        args: [],
        workflowExecutionTimeout: '5 minutes',
      },
      // One sweep at a time; after an outage, one catch-up sweep rather than one per missed interval.
      policies: { overlap: 'SKIP', catchupWindow: '1 minute' },
    });
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
  }
}
