// The baseline: the least a workflow can do for one step and one start, on the same Temporal server
// as the cases. A step is an Update that awaits one activity; the workflow stays open until told to end.
// Bundled by the bench's own worker; deterministic code only.
import { condition, defineSignal, defineUpdate, proxyActivities, setHandler, sleep } from '@temporalio/workflow';

export const BASELINE_TASK_QUEUE = 'bench-baseline';
export const baselineStepUpdate = defineUpdate<number, [number]>('baselineStep');
export const baselineEndSignal = defineSignal('baselineEnd');

export interface BaselineActivities {
  baselineActivity(n: number): Promise<number>;
  /** The storm's baseline: the bench notes when each bare timer's workflow got this far. */
  baselineTimerFired(id: string): Promise<void>;
}

const { baselineActivity, baselineTimerFired } = proxyActivities<BaselineActivities>({ startToCloseTimeout: '30 seconds' });

export async function BaselineWorkflow(): Promise<void> {
  let ended = false;
  setHandler(baselineStepUpdate, (n: number) => baselineActivity(n));
  setHandler(baselineEndSignal, () => {
    ended = true;
  });
  await condition(() => ended);
}

/** The storm's baseline: one bare timer that fires at `dueAtMs`, then one activity (the notice's stand-in). */
export async function BaselineTimerWorkflow(id: string, dueAtMs: number): Promise<void> {
  await sleep(Math.max(1, dueAtMs - Date.now()));
  await baselineTimerFired(id);
}
