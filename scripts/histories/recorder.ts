// Runs a path against a Temporal server with the real workflow code and returns the history of every
// run it made, in the JSON `temporal workflow show -o json` writes. The caller chooses the server:
// the time-skipping test server (npm run histories).
import { checkImport } from '../../api/caseImport';
import { caseImportSchema } from '../../api/schemas/caseImport';
import { exampleLine, type ExampleKind } from '../import/exampleDates';
import { randomUUID } from 'node:crypto';
import type { Client, WorkflowHandle } from '@temporalio/client';
import type { PayloadCodec, UpdateDefinition } from '@temporalio/common';
import { decodeHistoryJson } from '../../codec/historyPayloads';
import { loadPolicy } from '../../config/policy';
import type { CaseView } from '../../domain/case/caseTypes';
import { letterDeliveryWorkflowId } from '../../workflows/letterDelivery';
import type { CaseSweepResult } from '../../activities/startMissingCaseWorkflows';
import { caseViewQuery, caseWorkflowId, CASE_SWEEP_WORKFLOW_TYPE, CASE_WORKFLOW_TYPE, type CaseWorkflowInput } from '../../workflows/messages';
import { historyToJson, workflowTypeOf, type History } from './historyJson';
import type { MemoryActivities } from './memoryActivities';
import { CASE_UPDATES, type CasePath, type CaseStep, type DeliveryPath, type SweepPath } from './pathTypes';

const DAY = 24 * 3600 * 1000;

/** Where a path runs: a client on the server, the task queue a worker polls, and the server's clock. */
export interface RecordingTarget {
  client: Client;
  taskQueue: string;
  now(): Promise<number>;
  /** Lets (skipped) time pass on the server. */
  sleep(ms: number): Promise<void>;
}

export interface RecordedHistory {
  /** The workflow type, read from the history's first event. */
  workflowType: string;
  /** The file name inside the workflow type's folder, e.g. `whole-case.json`, `re-evaluation-continued.run2.json`. */
  fileName: string;
  history: History;
}

/**
 * The file's text: the JSON the Temporal CLI writes (proto3 JSON, `{ "events": [...] }`), with every
 * payload decoded, as `temporal workflow show -o json --codec-endpoint …` shows it.
 */
export async function historyFileText(history: History, codec: PayloadCodec): Promise<string> {
  const decoded = await decodeHistoryJson(historyToJson(history), codec);
  return `${JSON.stringify(decoded, null, 2)}\n`;
}

class PathFailed extends Error {}

function describeStep(step: CaseStep): string {
  if ('update' in step) return `update ${step.update}`;
  if ('skipDays' in step) return `skip ${step.skipDays} days`;
  if ('skipUntilClosed' in step) return 'skip until the case closes';
  return `skip past ${step.skipPast} + ${step.days} days`;
}

/** The status a query answers settles a moment after a timer fires: poll (in real time) until it is the expected one. */
async function expectStatus(handle: WorkflowHandle, expected: CaseView['status'], what: string): Promise<CaseView> {
  let view = await handle.query(caseViewQuery);
  for (let i = 0; i < 50 && view.status !== expected; i++) {
    await new Promise((r) => setTimeout(r, 200));
    view = await handle.query(caseViewQuery);
  }
  if (view.status !== expected) throw new PathFailed(`${what} left the case ${view.status}, expected ${expected}`);
  return view;
}

async function runStep(t: RecordingTarget, handle: WorkflowHandle, step: CaseStep, what: string): Promise<void> {
  if ('update' in step) {
    const view = await handle.query(caseViewQuery);
    const input = typeof step.input === 'function' ? step.input({ now: await t.now(), view }) : step.input;
    const def = CASE_UPDATES[step.update] as UpdateDefinition<CaseView, [unknown]>;
    const after = await handle.executeUpdate(def, { args: [input] });
    if (step.expect && after.status !== step.expect) throw new PathFailed(`${what} left the case ${after.status}, expected ${step.expect}`);
    return;
  }
  if ('skipUntilClosed' in step) {
    await handle.result();
    return;
  }
  if ('skipDays' in step) {
    await t.sleep(step.skipDays * DAY);
  } else {
    const view = await handle.query(caseViewQuery);
    const at = view.deadlines[step.skipPast];
    if (!at) throw new PathFailed(`${what}: the case has no ${step.skipPast} deadline (status ${view.status})`);
    await t.sleep(Math.max(Date.parse(at) - (await t.now()) + step.days * DAY, 0));
  }
  if (step.expect) await expectStatus(handle, step.expect, what);
}

/** Waits until the workflow has nothing in flight: its history stops growing with no activity or child pending. */
async function settled(handle: WorkflowHandle): Promise<void> {
  let last = -1;
  for (let i = 0; i < 100; i++) {
    const [history, description] = await Promise.all([handle.fetchHistory(), handle.describe()]);
    // A closed run's history is final (an abandoned child may still be listed as pending).
    if (description.status.name !== 'RUNNING') return;
    const length = history.events?.length ?? 0;
    const pending = (description.raw.pendingActivities?.length ?? 0) + (description.raw.pendingChildren?.length ?? 0);
    if (length === last && pending === 0) return;
    last = length;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new PathFailed(`workflow ${handle.workflowId} did not settle`);
}

/** The histories of a workflow's runs, first to last, following continue-as-new. */
async function runHistories(client: Client, workflowId: string, firstRunId: string): Promise<History[]> {
  const histories: History[] = [];
  let runId: string | undefined = firstRunId;
  while (runId) {
    const handle: WorkflowHandle = client.workflow.getHandle(workflowId, runId);
    await settled(handle);
    const history: History = await handle.fetchHistory();
    histories.push(history);
    const last = history.events?.at(-1);
    // The last event of a run that continued as new names the next run.
    runId = last?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
  }
  return histories;
}

function named(name: string, histories: History[]): RecordedHistory[] {
  return histories.map((history, i) => {
    const workflowType = workflowTypeOf(history);
    if (!workflowType) throw new PathFailed(`${name}: the history has no WorkflowExecutionStarted event`);
    return { workflowType, fileName: i === 0 ? `${name}.json` : `${name}.run${i + 1}.json`, history };
  });
}

function withPath<T>(name: string, run: () => Promise<T>): Promise<T> {
  return run().catch((error: unknown) => {
    // An update's refusal is its cause: name it, so a path that no longer fits the rules says why.
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    const message = error instanceof Error ? `${error.message}${cause}` : String(error);
    throw new Error(`path ${name}: ${message}`, { cause: error });
  });
}

/** The workflow input the import gives the worked example of `kind`, dated as if imported at `now`. */
function importedInput(caseId: string, kind: ExampleKind, now: number): CaseWorkflowInput {
  const policy = loadPolicy();
  const line = caseImportSchema(Object.keys(policy.municipalities)).parse(exampleLine(kind, now));
  const checked = checkImport(policy, line, 'import-run', now);
  if (!checked.ok) throw new PathFailed(`the example ${kind} does not import: ${JSON.stringify(checked.problems)}`);
  const timers = policy.municipalities[line.municipality]?.timers;
  if (!timers) throw new PathFailed(`the built-in policy lacks ${line.municipality}`);
  return {
    caseId,
    caseNumber: '2026/0001',
    municipality: line.municipality,
    services: line.services,
    channel: line.channel,
    receivedAt: new Date(line.receivedAt).toISOString(),
    timers,
    registeredBy: 'import-run',
    ...(line.sourceCaseNumber ? { previousCaseNumber: line.sourceCaseNumber } : {}),
    imported: { state: checked.state, sourceId: line.sourceId, steps: checked.steps },
  };
}

/** Runs one case path from receipt to its end and returns the histories of its runs. */
export function recordCasePath(t: RecordingTarget, path: CasePath): Promise<RecordedHistory[]> {
  return withPath(path.name, async () => {
    const namsos = loadPolicy().municipalities.namsos;
    if (!namsos) throw new PathFailed('the built-in policy lacks namsos');
    const caseId = randomUUID();
    const input: CaseWorkflowInput = path.start?.imported
      ? importedInput(caseId, path.start.imported, await t.now())
      : {
          caseId,
          municipality: 'namsos',
          services: path.start?.services ?? ['home_nursing'],
          channel: path.start?.channel ?? 'digital',
          receivedAt: new Date(await t.now()).toISOString(),
          timers: namsos.timers,
          ...(path.start?.representative ? { representative: path.start.representative } : {}),
        };
    const handle = await t.client.workflow.start(CASE_WORKFLOW_TYPE, {
      taskQueue: t.taskQueue,
      workflowId: caseWorkflowId(caseId),
      args: [input],
    });
    for (const [i, step] of path.steps.entries()) {
      const what = `step ${i + 1} (${describeStep(step)})`;
      if (process.env.HISTORIES_VERBOSE) console.log(`  ${path.name}: ${what}`);
      await runStep(t, handle, step, what);
    }
    const end = await expectStatus(handle, path.end.status, 'the last step');
    if (path.end.closedReason && end.closedReason !== path.end.closedReason) {
      throw new PathFailed(`the case closed as ${end.closedReason}, expected ${path.end.closedReason}`);
    }
    const histories = await runHistories(t.client, handle.workflowId, handle.firstExecutionRunId);
    const runs = path.end.runs ?? 1;
    if (histories.length !== runs) throw new PathFailed(`the case made ${histories.length} runs, expected ${runs}`);
    return named(path.name, histories);
  });
}

/** Runs one letter delivery to its end and returns its history. */
export function recordDeliveryPath(t: RecordingTarget, memory: MemoryActivities, path: DeliveryPath): Promise<RecordedHistory[]> {
  return withPath(path.name, async () => {
    const letterId = randomUUID();
    memory.script(letterId, path.attempts);
    const handle = await t.client.workflow.start('LetterDelivery', {
      taskQueue: t.taskQueue,
      workflowId: letterDeliveryWorkflowId(letterId),
      args: [{ caseId: randomUUID(), letterId, channels: path.channels }],
    });
    await handle.result();
    const failed = memory.failures(letterId).map((f) => f.channel).sort();
    if (failed.join() !== [...path.failed].sort().join()) {
      throw new PathFailed(`channels reported failed: [${failed.join(', ')}], expected [${path.failed.join(', ')}]`);
    }
    return named(path.name, await runHistories(t.client, handle.workflowId, handle.firstExecutionRunId));
  });
}

/** Runs one case sweep to its end and returns its history. */
export function recordSweepPath(t: RecordingTarget, memory: MemoryActivities, path: SweepPath): Promise<RecordedHistory[]> {
  return withPath(path.name, async () => {
    memory.scriptSweep(path.attempts);
    const handle = await t.client.workflow.start(CASE_SWEEP_WORKFLOW_TYPE, { taskQueue: t.taskQueue, workflowId: `case-sweep-${randomUUID()}`, args: [] });
    const result = (await handle.result()) as CaseSweepResult;
    const expected = path.started ?? path.attempts.at(-1);
    if (result.started !== expected) throw new PathFailed(`the sweep started ${result.started} cases, expected ${String(expected)}`);
    return named(path.name, await runHistories(t.client, handle.workflowId, handle.firstExecutionRunId));
  });
}
