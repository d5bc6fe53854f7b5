// The platform's own limit on the same server: a worker of the bench's own that runs the trivial
// BaselineWorkflow, and the two measures the project is compared with.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { installRuntimeWithoutSignals } from '../launcher/workerRuntime';
import { BASELINE_TASK_QUEUE, baselineEndSignal, baselineStepUpdate, type BaselineActivities } from './baselineWorkflow';
import { closedLoop, sharedLoop, type Run } from './measure';

export interface BaselineWorker {
  stop(): Promise<void>;
}

/** When each storm baseline's timer workflow reached its activity (ms since the epoch), by its id. */
export const timersFired = new Map<string, number>();

export async function startBaselineWorker(address: string, namespace: string): Promise<BaselineWorker> {
  await installRuntimeWithoutSignals();
  const connection = await NativeConnection.connect({ address });
  const activities: BaselineActivities = {
    baselineActivity: async (n) => n + 1,
    baselineTimerFired: async (id) => {
      if (!timersFired.has(id)) timersFired.set(id, Date.now());
    },
  };
  const worker = await Worker.create({
    connection,
    namespace,
    taskQueue: BASELINE_TASK_QUEUE,
    workflowsPath: path.resolve(__dirname, 'baselineWorkflow.ts'),
    activities,
  });
  const running = worker.run();
  return {
    async stop() {
      worker.shutdown();
      await running;
      await connection.close();
    },
  };
}

/** One baseline workflow per client, its first Update done (warm). */
export async function startBaselineWorkflows(client: Client, clients: number): Promise<WorkflowHandle[]> {
  const handles = await Promise.all(
    Array.from({ length: clients }, (_, i) =>
      client.workflow.start('BaselineWorkflow', { taskQueue: BASELINE_TASK_QUEUE, workflowId: `bench-update-${i}-${randomUUID()}` }),
    ),
  );
  await Promise.all(handles.map((h) => h.executeUpdate(baselineStepUpdate, { args: [0] })));
  return handles;
}

/** Each client sends Updates, one after another, to a baseline workflow of its own. */
export async function baselineSteps(handles: WorkflowHandle[], stepsPerClient: number): Promise<Run> {
  return closedLoop(handles.length, stepsPerClient, (c, k) => handles[c]!.executeUpdate(baselineStepUpdate, { args: [k] }));
}

/** `total` bare starts of the baseline workflow, `clients` at a time. */
export async function baselineStarts(client: Client, clients: number, total: number): Promise<Run> {
  return sharedLoop(clients, total, (i) =>
    client.workflow.start('BaselineWorkflow', { taskQueue: BASELINE_TASK_QUEUE, workflowId: `bench-start-${i}-${randomUUID()}` }),
  );
}

/** Ends the baseline workflows the bench left open. */
export async function endBaselines(client: Client, workflowIds: string[]): Promise<void> {
  await Promise.allSettled(workflowIds.map((id) => client.workflow.getHandle(id).signal(baselineEndSignal)));
}

/** The storm's baseline: `total` bare timers due at `dueAtMs`, started `clients` at a time; how many were started before it. */
export async function startBaselineTimers(client: Client, clients: number, total: number, dueAtMs: number): Promise<{ ids: string[]; startedInTime: number }> {
  const ids = Array.from({ length: total }, () => `bench-timer-${randomUUID()}`);
  let startedInTime = 0;
  await sharedLoop(clients, total, async (i) => {
    await client.workflow.start('BaselineTimerWorkflow', { taskQueue: BASELINE_TASK_QUEUE, workflowId: ids[i]!, args: [ids[i]!, dueAtMs] });
    if (Date.now() < dueAtMs) startedInTime++;
  });
  return { ids, startedInTime };
}
