// Where a step's time goes, read from a workflow's history: how many workflow tasks and activities a
// step costs, and how long each waited in its queue and ran.
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

const E = temporal.api.enums.v1.EventType;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

export interface StepProfile {
  steps: number;
  workflowTasksPerStep: number;
  activitiesPerStep: number;
  childWorkflowsPerStep: number;
  /** Mean ms a workflow task waited for the worker (scheduled → started) and ran (started → completed). */
  workflowTaskQueueMs: number;
  workflowTaskRunMs: number;
  /** Mean ms an activity waited for the worker (scheduled → started) and ran (started → completed). */
  activityQueueMs: number;
  activityRunMs: number;
}

function ms(event: HistoryEvent | undefined): number {
  const t = event?.eventTime;
  if (!t) return NaN;
  return Number(t.seconds ?? 0) * 1000 + (t.nanos ?? 0) / 1e6;
}

const mean = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);

/** Profiles the events after the first `skip` of a workflow's history (what came before the steps). */
export async function profileSteps(client: Client, workflowId: string, skip: number): Promise<StepProfile> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const all = history.events ?? [];
  const byId = new Map(all.map((e) => [Number(e.eventId), e]));
  const events = all.slice(skip);
  const count = (type: number) => events.filter((e) => e.eventType === type).length;
  const steps = count(E.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED);
  const wftQueue: number[] = [];
  const wftRun: number[] = [];
  const actQueue: number[] = [];
  const actRun: number[] = [];
  for (const e of events) {
    if (e.eventType === E.EVENT_TYPE_WORKFLOW_TASK_STARTED) {
      wftQueue.push(ms(e) - ms(byId.get(Number(e.workflowTaskStartedEventAttributes?.scheduledEventId))));
    } else if (e.eventType === E.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) {
      wftRun.push(ms(e) - ms(byId.get(Number(e.workflowTaskCompletedEventAttributes?.startedEventId))));
    } else if (e.eventType === E.EVENT_TYPE_ACTIVITY_TASK_COMPLETED) {
      const a = e.activityTaskCompletedEventAttributes;
      const started = byId.get(Number(a?.startedEventId));
      actRun.push(ms(e) - ms(started));
      actQueue.push(ms(started) - ms(byId.get(Number(a?.scheduledEventId))));
    }
  }
  const per = (n: number) => (steps === 0 ? 0 : n / steps);
  return {
    steps,
    workflowTasksPerStep: per(count(E.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)),
    activitiesPerStep: per(count(E.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)),
    childWorkflowsPerStep: per(count(E.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED)),
    workflowTaskQueueMs: mean(wftQueue),
    workflowTaskRunMs: mean(wftRun),
    activityQueueMs: mean(actQueue),
    activityRunMs: mean(actRun),
  };
}

/** How many events the workflow's history has now (to profile only what follows). */
export async function historyLength(client: Client, workflowId: string): Promise<number> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  return history.events?.length ?? 0;
}
