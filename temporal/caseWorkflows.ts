// How the API talks to a case's workflow: start it, ask for its view, send it a step.
// Every call has a deadline, so a Temporal that is down or slow answers 503 instead of hanging a request.
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { CaseView } from '../domain/case/caseTypes';
import type { DecisionStepInput } from '../domain/case/caseCommands';
import {
  CASE_TASK_QUEUE,
  CASE_WORKFLOW_TYPE,
  caseViewQuery,
  decisionPreviewQuery,
  type DecisionPreview,
  caseWorkflowId,
  type CaseWorkflowInput,
} from '../workflows/messages';
import { CaseStatusKey, MunicipalityKey, OverdueKey, ServiceCodesKey } from '../workflows/searchAttributes';
import { caseSummary } from '../domain/case/timerSummary';

/** How long the API waits on Temporal for each kind of call. */
export const TEMPORAL_DEADLINES = {
  start: 10_000,
  query: 10_000,
  /** A step waits for the workflow to apply it (a worker must pick it up). */
  update: 30_000,
  health: 3_000,
} as const;

/**
 * Temporal's task priority (1 first, 5 last; 3 when none is given) for a case brought over from the old
 * system. Its tasks, activities and letters' children inherit it, so when thousands of imported cases
 * queue up at once (the import itself, or their deadlines falling due together), a caseworker's step
 * on a case started here is dispatched ahead of them instead of behind the whole backlog. Without a
 * backlog it changes nothing.
 */
export const IMPORTED_CASE_PRIORITY = 4;

export class CaseWorkflows {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string = CASE_TASK_QUEUE,
  ) {}

  private within<T>(ms: number, fn: () => Promise<T>): Promise<T> {
    return this.client.connection.withDeadline(Date.now() + ms, fn);
  }

  /**
   * Starts the case's workflow, or finds the one already running (a retried or concurrent request
   * with the same Idempotency-Key). A case whose workflow has closed is not started again.
   */
  async start(input: CaseWorkflowInput): Promise<void> {
    try {
      await this.within(TEMPORAL_DEADLINES.start, () =>
        this.client.workflow.start(CASE_WORKFLOW_TYPE, {
          taskQueue: this.taskQueue,
          workflowId: caseWorkflowId(input.caseId),
          args: [input],
          workflowIdConflictPolicy: 'USE_EXISTING',
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          // What the Web UI's list shows for the case: its number, never the applicant.
          staticSummary: caseSummary(input),
          ...(input.imported ? { priority: { priorityKey: IMPORTED_CASE_PRIORITY } } : {}),
          typedSearchAttributes: [
            // An imported case starts where it stands.
            { key: CaseStatusKey, value: input.imported?.state.status ?? 'received' },
            { key: MunicipalityKey, value: input.municipality },
            { key: ServiceCodesKey, value: input.services },
            // The answer does not wait for the workflow's first task: a manager's `Overdue = false` finds the case at once.
            { key: OverdueKey, value: false },
          ],
        }),
      );
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) return;
      throw err;
    }
  }

  /** The case view from the workflow (authoritative). Throws WorkflowNotFoundError when there is none. */
  async view(caseId: string, deadlineMs: number = TEMPORAL_DEADLINES.query): Promise<CaseView> {
    const handle = this.client.workflow.getHandle(caseWorkflowId(caseId));
    return this.within(deadlineMs, () => handle.query(caseViewQuery));
  }

  /** What a decision would make of the case (nothing is applied): the view after it, or its refusal. */
  async previewDecision(caseId: string, input: DecisionStepInput): Promise<DecisionPreview> {
    const handle = this.client.workflow.getHandle(caseWorkflowId(caseId));
    return this.within(TEMPORAL_DEADLINES.query, () => handle.query(decisionPreviewQuery, input));
  }

  /** Sends a step; resolves with the view after it, or throws the validator's refusal. */
  async step<I>(caseId: string, update: UpdateDefinition<CaseView, [I]>, input: I, updateId?: string): Promise<CaseView> {
    const handle = this.client.workflow.getHandle(caseWorkflowId(caseId));
    return this.within(TEMPORAL_DEADLINES.update, () =>
      handle.executeUpdate(update, { args: [input], ...(updateId ? { updateId } : {}) }),
    );
  }

  /** Whether Temporal answers, and has the namespace the cases live in. */
  async ping(): Promise<void> {
    await this.within(TEMPORAL_DEADLINES.health, () =>
      this.client.workflowService.describeNamespace({ namespace: this.client.options.namespace }),
    );
  }
}
