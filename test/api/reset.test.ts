// A Temporal reset, the operator's repair for a case that went wrong: the case is reset to before a
// faulty decision and the caseworker issues the corrected one. The reset run's event and letter
// carry the same seq and key as the old run's, and are kept all the same (keyed by run), so the
// applicant gets the corrected letter, and the case shows the corrected decision.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { temporal } from '@temporalio/proto';
import { caseWorkflowId } from '../../workflows/messages';
import { eventually } from '../support/eventually';
import { startApiStack, type ApiStack } from './support/apiStack';
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

const decision = (justification: string) => ({ outcome: 'granted', services: [{ code: 'home_nursing', hoursPerWeek: 5 }], justification });

describe('a case reset to before its decision', () => {
  it('keeps the corrected decision the reset run issues: its event, its letter and the view', async () => {
    const registered = await stack.call('POST', '/api/cases', application());
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    const id = registered.body.id as string;
    const wrong = await stack.call('POST', `/api/cases/${id}/decision`, decision('Feil: begrunnelsen gjelder en annen søker.'));
    expect(wrong.status, JSON.stringify(wrong.body)).toBe(200);
    const letters = async () => ((await stack.call('GET', `/api/cases/${id}/letters`)).body as { items: Array<{ kind: string; body: string }> }).items;
    await eventually('the first decision letter', async () => (await letters()).some((l) => l.kind === 'decision'));

    // The operator: reset to the workflow task that accepted the decision, without applying it again.
    const handle = stack.temporal.workflow.getHandle(caseWorkflowId(id));
    const events = (await handle.fetchHistory()).events ?? [];
    const accepted = events.findIndex((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED
      && e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name === 'decision');
    const taskCompleted = events.slice(0, accepted).reverse().find((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
    expect(taskCompleted, 'the task that accepted the decision').toBeDefined();
    const oldRunId = (await handle.describe()).runId;
    await temporalCli(['workflow', 'reset', '-w', caseWorkflowId(id), '--event-id', String(taskCompleted?.eventId), '--reapply-exclude', 'Update', '--reason', 'wrong justification in the decision']);
    await eventually('the reset run', async () => (await handle.describe()).runId !== oldRunId);
    await eventually('the case as before the decision', async () => (await stack.call('GET', `/api/cases/${id}`)).body.status === 'received');

    // As the contract tells a client: a 503 just after the reset (Temporal refuses a step while the
    // reset run's task is failing) is retried after Retry-After with the same key, and applied once.
    const key = { 'Idempotency-Key': `corrected-${id}` };
    let corrected = await stack.call('POST', `/api/cases/${id}/decision`, decision('Søker har behov for hjelp med medisiner morgen og kveld.'), key);
    for (let retry = 0; corrected.status === 503 && retry < 6; retry++) {
      expect(corrected.headers.get('retry-after'), 'a 503 says when to try again').toMatch(/^\d+$/);
      await new Promise((resolve) => setTimeout(resolve, Number(corrected.headers.get('retry-after')) * 1000));
      corrected = await stack.call('POST', `/api/cases/${id}/decision`, decision('Søker har behov for hjelp med medisiner morgen og kveld.'), key);
    }
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(200);
    const decisionLetters = await eventually('the corrected decision letter', async () => {
      const found = (await letters()).filter((l) => l.kind === 'decision');
      return found.length === 2 && found;
    });
    expect(decisionLetters.map((l) => l.body.includes('morgen og kveld'))).toContain(true);
    const caseEvents = ((await stack.call('GET', `/api/cases/${id}/events`)).body as { items: Array<{ type: string; data: { justification?: string } }> }).items;
    expect(caseEvents.filter((e) => e.type === 'decision_issued')).toHaveLength(2);
    const row = await stack.db('cases').where({ id }).first('view');
    expect(row.view.decision?.justification).toBe('Søker har behov for hjelp med medisiner morgen og kveld.');
  });
});
