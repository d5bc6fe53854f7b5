// Bundled into the replay's workflow code only (never the worker's): hands the deadlines of every
// change the case records to the replay test, which compares them with the ones in the history. A
// timer's length is not compared on replay, so without this a new calendar rule would move the
// deadlines of running cases unseen (workflows/VERSIONING.md, "Deadlines").
import { proxySinks, type Sinks, type WorkflowInterceptorsFactory } from '@temporalio/workflow';

/** What a recorded change carries that a deadline rule computes. */
export interface RecordedDeadlines {
  deadlines: unknown;
  nextDeadline: unknown;
}

export interface ReplayedDeadlineSinks extends Sinks {
  replayedDeadlines: {
    /** `activityId` as the history names the activity (the SDK's default: its sequence number). */
    scheduled(activityId: string, recorded: RecordedDeadlines): void;
  };
}

const { replayedDeadlines } = proxySinks<ReplayedDeadlineSinks>();

export const interceptors: WorkflowInterceptorsFactory = () => ({
  outbound: [
    {
      scheduleActivity(input, next) {
        if (input.activityType === 'recordCaseChange') {
          const change = input.args[0] as { view?: { deadlines?: unknown }; nextDeadline?: unknown };
          replayedDeadlines.scheduled(input.options.activityId ?? String(input.seq), {
            deadlines: change.view?.deadlines ?? null,
            nextDeadline: change.nextDeadline ?? null,
          });
        }
        return next(input);
      },
    },
  ],
});
