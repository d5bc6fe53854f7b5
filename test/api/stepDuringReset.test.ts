// A step in flight when its case's workflow run closes under it (an operator's reset here; a
// continue-as-new or a failover close a run the same way): the workflow had accepted the step and was
// recording it when the run ended. The caseworker's system must get 503 with Retry-After (try again,
// same Idempotency-Key), never 500, and the retry is applied on the new run.
import { randomUUID } from 'node:crypto';
import { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseWorkflowId } from '../../workflows/messages';
import { eventually } from '../support/eventually';
import { startApiStack, type ApiStack } from './support/apiStack';
import type { Answer } from './support/http';
import { application } from './support/applications';
import { temporalCli } from './support/temporalCli';

const EventType = temporal.api.enums.v1.EventType;

let stack: ApiStack;

beforeAll(async () => {
  stack = await startApiStack();
});

afterAll(async () => {
  await stack?.stop();
});

const decision = { outcome: 'granted', services: [{ code: 'home_nursing', hoursPerWeek: 5 }], justification: 'Søker trenger hjelp med medisiner.' };

describe('a step whose workflow run is reset while it is being applied', () => {
  it('is answered 503 with Retry-After, and the retry with the same key is applied on the new run', async () => {
    const registered = await stack.call('POST', '/api/cases', application());
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    const id = registered.body.id as string;
    const handle = stack.temporal.workflow.getHandle(caseWorkflowId(id));
    await eventually('the registration recorded', async () => (await stack.db('case_events').where({ case_id: id })).length > 0);

    // Hold the case's record: the workflow accepts the decision, then waits to record it.
    // The lock is the owner's: locking a table is no right the application's role has.
    const hold = await stack.database.owner.transaction();
    const key = { 'Idempotency-Key': `decision-${randomUUID()}` };
    let answer: Answer | undefined;
    try {
      await hold.raw('LOCK TABLE case_events IN ACCESS EXCLUSIVE MODE');
      const pending = stack.call('POST', `/api/cases/${id}/decision`, decision, key);
      const accepted = await eventually('the decision accepted by the run', async () => {
        const events = (await handle.fetchHistory()).events ?? [];
        const at = events.findIndex((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED);
        return at >= 0 && { events, at };
      });
      const taskBefore = accepted.events.slice(0, accepted.at).reverse().find((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
      const oldRunId = (await handle.describe()).runId;
      await temporalCli(['workflow', 'reset', '-w', caseWorkflowId(id), '--event-id', String(taskBefore?.eventId), '--reapply-exclude', 'Update', '--reason', 'reset under a step']);
      await eventually('the reset run', async () => (await handle.describe()).runId !== oldRunId);
      answer = await pending;
    } finally {
      await hold.rollback();
    }
    expect(answer.status, answer.text).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('5');
    expect(answer.body.error.code).toBe('unavailable');
    expect(answer.body.error.message).toMatch(/moved to a new run/);

    const retried = await stack.call('POST', `/api/cases/${id}/decision`, decision, key);
    expect(retried.status, retried.text).toBe(200);
    expect(retried.body.status).toBe('decided');
  }, 120_000);
});
