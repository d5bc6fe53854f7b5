// The Temporal Schedule that runs the case sweep, made when a worker starts or by `npm run
// setup-cluster`, and brought in line when a release changes it (its interval, its workflow's
// timeout, its policies): a schedule made once and never updated would keep an old release's spec.
// A schedule, not a timer in the API: it runs while any worker runs, and shows in the Web UI under
// Schedules. Each sweep it starts watches for the whole interval (workflows/caseSweep.ts), so a
// manager's list holds one sweep an hour, not one every 20 seconds (4,320 a day).
import { ScheduleAlreadyRunning, type Client, type ScheduleDescription, type ScheduleOptions } from '@temporalio/client';
import { msToNumber } from '@temporalio/common/lib/time';
import { CASE_SWEEP_WORKFLOW_TYPE, caseSweepScheduleId, SWEEP_WATCH } from '../workflows/messages';

/** One sweep as long as a sweep watches (an hour): a case stored while Temporal was down starts seconds after its return. */
export const CASE_SWEEP_EVERY = `${(SWEEP_WATCH.rounds * SWEEP_WATCH.watchForMs) / 1000} seconds`;

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
      // The watch, and a last round's retries, with room to spare; a sweep that hangs beyond it is ended.
      workflowExecutionTimeout: msToNumber(every) + 10 * 60_000,
      staticSummary: 'Saksfeiing: starter arbeidsflyten for saker lagret mens Temporal var nede',
    },
    // One sweep at a time. A sweep ends just after the next is due: that one waits and starts at once
    // (BUFFER_ONE), so there is no gap. After an outage, one catch-up sweep, not one per missed interval.
    policies: { overlap: 'BUFFER_ONE', catchupWindow: every },
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
    // The first sweep at once, not an hour from now.
    await client.schedule.create({ ...desired, state: { triggerImmediately: true } });
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
  // A sweep of this release now (it waits for one still running), not at the next interval.
  await handle.trigger();
  return 'updated';
}
