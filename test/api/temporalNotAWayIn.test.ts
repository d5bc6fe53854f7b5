// Temporal is not a way in: what an attacker on the same host tries with the Temporal CLI against a
// running case (an Update, a signal, a workflow started with forged input, all with clear payloads
// and no token) is refused by the worker, and changes neither the case nor its events.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { findCase } from '../../db/caseStore';
import { workflowInput } from '../../temporal/workflowInput';
import { CASE_WORKFLOW_TYPE, caseWorkflowId } from '../../workflows/messages';
import { temporalCliPath } from '../support/binaries';
import { startApiStack, type ApiStack } from './support/apiStack';
import { application } from './support/applications';
import { eventually } from '../support/eventually';

let stack: ApiStack;

beforeAll(async () => {
  stack = await startApiStack();
});

afterAll(async () => {
  await stack?.stop();
});

interface CliRun {
  ok: boolean;
  output: string;
}

/** The Temporal CLI against the run's dev server, as anyone on the machine may run it: no codec, no token. */
async function cli(args: string[]): Promise<CliRun> {
  try {
    const { stdout, stderr } = await promisify(execFile)(temporalCliPath(), [...args, '--address', inject('temporalAddress'), '--namespace', 'default'], { timeout: 60_000 });
    return { ok: true, output: `${stdout}${stderr}` };
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${stdout}${stderr}` };
  }
}

async function register(): Promise<string> {
  const res = await stack.call('POST', '/api/cases', application({ municipality: 'luroy' }));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

/** The case's events as stored (what an auditor reads): type and actor. */
async function events(id: string): Promise<Array<{ type: string; actor: string }>> {
  return stack.db('case_events').where({ case_id: id }).orderBy('seq').select('type', 'actor');
}

/** The event types of a run's history, with the CLI (no codec: the types are all it needs). */
async function historyEventTypes(workflowId: string): Promise<string[]> {
  const run = await cli(['workflow', 'show', '-w', workflowId, '-o', 'json']);
  expect(run.ok, run.output).toBe(true);
  const history = JSON.parse(run.output) as { events: Array<{ eventType: string }> };
  return history.events.map((e) => e.eventType);
}

describe('the Temporal CLI, with clear payloads and no token', () => {
  it('cannot withdraw a case with an Update: it is rejected, the case stays open and no event is written', { timeout: 90_000 }, async () => {
    const id = await register();
    await eventually('the received event', async () => (await events(id)).length > 0, 30_000);
    const before = await events(id);

    const update = await cli(['workflow', 'update', 'execute', '-w', caseWorkflowId(id), '--name', 'withdraw', '--input', '{"reason":"x","actor":"forged-actor"}']);
    // Refused by the workflow before it was accepted; the reason is encrypted like every failure.
    expect(update.ok, update.output).toBe(false);
    expect(update.output).toMatch(/unable to update workflow: Encoded failure/);

    const view = await stack.call('GET', `/api/cases/${id}`);
    expect(view.status).toBe(200);
    expect(view.body.status).toBe('received');
    expect(await events(id)).toEqual(before);
    expect(JSON.stringify(await events(id))).not.toContain('forged-actor');
    // A rejected Update leaves nothing in the history either.
    expect(await historyEventTypes(caseWorkflowId(id))).not.toContain('EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED');
    // The case goes on through the API as before.
    const withdrawn = await stack.call('POST', `/api/cases/${id}/withdraw`, { reason: 'Søker trakk søknaden' });
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
    expect(withdrawn.body.status).toBe('closed');
  });

  it('cannot move a case with a signal: the case is unchanged and still answers the API', { timeout: 90_000 }, async () => {
    const id = await register();
    await eventually('the received event', async () => (await events(id)).length > 0, 30_000);
    const before = await events(id);
    const signal = await cli(['workflow', 'signal', '-w', caseWorkflowId(id), '--name', 'withdraw', '--input', '{"reason":"x","actor":"forged-actor"}']);
    expect(signal.ok, signal.output).toBe(true);
    // The worker has seen the signal (a workflow task after it completed) and done nothing with it.
    await eventually('a workflow task after the signal', async () => {
      const types = await historyEventTypes(caseWorkflowId(id));
      const at = types.indexOf('EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED');
      return at >= 0 && types.slice(at).includes('EVENT_TYPE_WORKFLOW_TASK_COMPLETED');
    }, 30_000);
    expect(await events(id)).toEqual(before);
    const contacted = await stack.call('POST', `/api/cases/${id}/contact`, { note: 'Ringte søker' });
    expect(contacted.status, JSON.stringify(contacted.body)).toBe(200);
    expect(contacted.body.status).toBe('contacted');
  });

  it('cannot run a case workflow started with forged input: the worker does not run it, and no event is written', { timeout: 120_000 }, async () => {
    const id = await register();
    await eventually('the received event', async () => (await events(id)).length > 0, 30_000);
    const row = await findCase(stack.db, id);
    const before = await events(id);
    // The attacker ends the case's run and starts it again with input of its own: a forged actor.
    const terminate = await cli(['workflow', 'terminate', '-w', caseWorkflowId(id), '--reason', 'x']);
    expect(terminate.ok, terminate.output).toBe(true);
    const input = { ...workflowInput(row!, stack.policy), registeredBy: 'forged-actor' };
    const start = await cli([
      'workflow', 'start', '--type', CASE_WORKFLOW_TYPE, '--task-queue', stack.taskQueue, '-w', caseWorkflowId(id),
      '--id-reuse-policy', 'AllowDuplicate', '--input', JSON.stringify(input),
    ]);
    expect(start.ok, start.output).toBe(true);
    // The worker takes the task and refuses it: the workflow task fails, and is retried, never completed.
    await eventually('the refused workflow task', async () => (await historyEventTypes(caseWorkflowId(id))).includes('EVENT_TYPE_WORKFLOW_TASK_FAILED'), 60_000);
    const types = await historyEventTypes(caseWorkflowId(id));
    expect(types).not.toContain('EVENT_TYPE_WORKFLOW_TASK_COMPLETED');
    expect(types).not.toContain('EVENT_TYPE_ACTIVITY_TASK_SCHEDULED');
    expect(await events(id)).toEqual(before);
    expect(JSON.stringify(await events(id))).not.toContain('forged-actor');
  });
});
