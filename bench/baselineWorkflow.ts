// The baseline: the least a workflow can do for one step and one start, on the same Temporal server
// as the cases. A step is an Update that awaits one activity; the workflow stays open until told to end.
// Bundled by the bench's own worker; deterministic code only.
import { condition, defineSignal, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';

export const BASELINE_TASK_QUEUE = 'bench-baseline';
export const baselineStepUpdate = defineUpdate<number, [number]>('baselineStep');
export const baselineEndSignal = defineSignal('baselineEnd');

export interface BaselineActivities {
  baselineActivity(n: number): Promise<number>;
}

const { baselineActivity } = proxyActivities<BaselineActivities>({ startToCloseTimeout: '30 seconds' });

export async function BaselineWorkflow(): Promise<void> {
  let ended = false;
  setHandler(baselineStepUpdate, (n: number) => baselineActivity(n));
  setHandler(baselineEndSignal, () => {
    ended = true;
  });
  await condition(() => ended);
}
