// Starts a letter's delivery workflow, from the activity that stored the letter once its transaction
// has committed (the outbox's relay). Not a child of the case: the case's history then holds neither
// the start nor the end of its letters' deliveries, two workflow tasks and about eight events fewer
// per letter, so a step costs the case what an Update awaiting one activity costs.
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { Priority } from '@temporalio/common';
import { LETTER_DELIVERY_WORKFLOW_TYPE, letterDeliveryWorkflowId, type LetterDeliveryInput } from '../workflows/messages';

/** How long a start may take before the activity fails and is retried. */
const START_DEADLINE_MS = 10_000;

export interface DeliveryStart {
  /** The case's task queue: the activity's own. */
  taskQueue: string;
  /** The case's task priority (an imported case's deliveries queue behind a caseworker's). */
  priority?: Priority;
}

export class LetterDeliveries {
  constructor(private readonly client: Client) {}

  /** Starts the delivery, or finds it running or done: a retried activity never delivers a letter twice. */
  async start(input: LetterDeliveryInput, how: DeliveryStart): Promise<void> {
    try {
      await this.client.connection.withDeadline(Date.now() + START_DEADLINE_MS, () =>
        this.client.workflow.start(LETTER_DELIVERY_WORKFLOW_TYPE, {
          taskQueue: how.taskQueue,
          workflowId: letterDeliveryWorkflowId(input.letterId),
          args: [input],
          workflowIdConflictPolicy: 'USE_EXISTING',
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          // The Web UI's list names the case the letter belongs to, never the applicant.
          staticSummary: `Brev i case-${input.caseId}`,
          ...(how.priority ? { priority: how.priority } : {}),
        }),
      );
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) return;
      throw err;
    }
  }
}
