// The Temporal Schedule that runs the case sweep, made when a worker starts or by `npm run
// setup-cluster`, and brought in line when a release changes it (its interval, its workflow's
// timeout, its policies): a schedule made once and never updated would keep an old release's spec.
// A schedule, not a timer in the API: it runs while any worker runs, and shows in the Web UI under
// Schedules.
import { ScheduleAlreadyRunning, type Client, type ScheduleDescription, type ScheduleOptions } from '@temporalio/client';
import { msToNumber } from '@temporalio/common/lib/time';
import { CASE_SWEEP_WORKFLOW_TYPE, caseSweepScheduleId } from '../workflows/messages';

/** Often enough that a case stored while Temporal was down starts within a minute of its return. */
export const CASE_SWEEP_EVERY = '20 seconds';

export type ScheduleChange = 'created' | 'updated' | 'unchanged';

function desiredSchedule(taskQueue: string, every: string): ScheduleOptions {
  const scheduleId = caseSweepScheduleId(taskQueue);
  return {
    scheduleId,
    spec: { intervals: [{ every }] },
    action: {
      type: 'startWorkflow',
      workflowType: CASE_SWEEP_WORKFLOW_TYPE,
      workflowId: scheduleId,
      taskQueue,
      args: [],
      workflowExecutionTimeout: '5 minutes',
      staticSummary: 'Saksfeiing: starter arbeidsflyten for saker lagret mens Temporal var nede',
    },
    // One sweep at a time; after an outage, one catch-up sweep rather than one per missed interval.
    policies: { overlap: 'SKIP', catchupWindow: '1 minute' },
  };
}

/** What of a schedule a release decides, in one comparable form (durations in whole seconds). */
interface Footprint {
  every: number[];
  workflowType: string;
  taskQueue: string;
  timeout: number | undefined;
  overlap: string | undefined;
  catchupWindow: number | undefined;
  summary: string | undefined;
}

const seconds = (ms: number | undefined) => (ms === undefined ? undefined : Math.round(ms / 1000));

function describedFootprint(d: ScheduleDescription): Footprint {
  return {
    every: (d.spec.intervals ?? []).map(({ every }) => seconds(every)!),
    workflowType: d.action.workflowType,
    taskQueue: d.action.taskQueue,
    timeout: seconds(d.action.workflowExecutionTimeout === undefined ? undefined : msToNumber(d.action.workflowExecutionTimeout)),
    overlap: d.policies.overlap,
    catchupWindow: seconds(d.policies.catchupWindow),
    summary: d.action.staticSummary,
  };
}

function desiredFootprint(o: ScheduleOptions): Footprint {
  const action = o.action as Extract<ScheduleOptions['action'], { type: 'startWorkflow' }> & { workflowType: string };
  return {
    every: (o.spec.intervals ?? []).map(({ every }) => seconds(msToNumber(every))!),
    workflowType: action.workflowType,
    taskQueue: action.taskQueue,
    timeout: seconds(action.workflowExecutionTimeout === undefined ? undefined : msToNumber(action.workflowExecutionTimeout)),
    overlap: o.policies?.overlap,
    catchupWindow: seconds(o.policies?.catchupWindow === undefined ? undefined : msToNumber(o.policies.catchupWindow)),
    summary: action.staticSummary,
  };
}

/**
 * Creates the case-sweep schedule, or updates it when it differs from this release's; leaves it
 * alone (not even touched) when it is the same, so many workers starting at once change nothing.
 */
export async function ensureCaseSweepSchedule(client: Client, taskQueue: string, every: string = CASE_SWEEP_EVERY): Promise<ScheduleChange> {
  const desired = desiredSchedule(taskQueue, every);
  try {
    await client.schedule.create(desired);
    return 'created';
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
  }
  const handle = client.schedule.getHandle(desired.scheduleId);
  const wanted = JSON.stringify(desiredFootprint(desired));
  if (JSON.stringify(describedFootprint(await handle.describe())) === wanted) return 'unchanged';
  // The update sees the schedule as it is now; its state (paused, note) is kept.
  await handle.update((current) => ({
    ...current,
    spec: desired.spec,
    action: desired.action,
    policies: { ...current.policies, ...desired.policies },
  }));
  return 'updated';
}
