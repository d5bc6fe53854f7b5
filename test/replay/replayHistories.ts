// Replays stored histories against workflow code, one outcome per file: a file that does not parse,
// is of a workflow type the worker does not run, or no longer matches the code fails with its file
// name. Used by the replay test (npm run test:replay, and npm test).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { defaultPayloadConverter, type PayloadCodec } from '@temporalio/common';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { caseDataConverter } from '../../temporal/dataConverter';
import { WORKFLOW_BUNDLE_OPTIONS } from '../../worker/workflowBundle';
import { PayloadEncryptionCodec } from '../../codec/encryptionCodec';
import type { PayloadKeySet } from '../../codec/keys';
import { historyFromJson, workflowTypeOf, type History } from '../../scripts/histories/historyJson';
import * as workflows from '../../workflows';
import { freshPayloadKeys } from '../support/payloadKeys';
import type { RecordedDeadlines } from './deadlineInterceptor';

const DEADLINE_INTERCEPTOR_PATH = path.resolve(__dirname, 'deadlineInterceptor.ts');
const quiet = { log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/** Workflow code to replay against: the workflows at `workflowsPath`, with the worker's converters and the deadline check. */
export function bundleForReplay(workflowsPath: string): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath,
    ...WORKFLOW_BUNDLE_OPTIONS,
    workflowInterceptorModules: [DEADLINE_INTERCEPTOR_PATH],
    logger: quiet,
  });
}

/** The workflow types the worker registers (workflows/index.ts): a history of any other type cannot be replayed. */
export const WORKFLOW_TYPES: readonly string[] = Object.keys(workflows);

export interface ReplayOutcome {
  /** The file, relative to the histories folder, e.g. `CaseWorkflow/whole-case.json`. */
  file: string;
  /** Why it failed; undefined when it replayed. */
  error?: string;
  /** The replay's error, when the code did not match the history (e.g. a DeterminismViolationError). */
  cause?: Error;
}

/** Every `*.json` below `dir`, relative to it with `/`, sorted. */
export function findHistoryFiles(dir: string): string[] {
  const entries = readdirSync(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.json'))
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

type Loaded = { file: string; history: History } | { file: string; error: string };

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

function load(dir: string, file: string): Loaded {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
  } catch (error) {
    return { file, error: `does not parse as JSON: ${messageOf(error)}` };
  }
  let history: History;
  try {
    history = historyFromJson(json);
  } catch (error) {
    return { file, error: `is not a Temporal history: ${messageOf(error)}` };
  }
  const type = workflowTypeOf(history);
  if (!type) return { file, error: 'does not start with a WorkflowExecutionStarted event' };
  if (!WORKFLOW_TYPES.includes(type)) return { file, error: `is of workflow type "${type}", which the worker does not run (it runs ${WORKFLOW_TYPES.join(', ')})` };
  const folder = file.includes('/') ? file.split('/')[0] : undefined;
  if (folder !== undefined && folder !== type) return { file, error: `is of workflow type "${type}" but stored under ${folder}/` };
  return { file, history };
}

/** The latest instant a Date holds. */
const END_OF_TIME = new Date(8.64e15);

export interface ReplayOptions {
  /** The workflow code to replay against, from bundleForReplay. */
  bundle: WorkflowBundleWithSourceMap;
  /** Files to replay, relative to `dir` (default: every `*.json` below it). */
  files?: string[];
  /** The keys of encrypted payloads (default: a fresh key; stored histories are decoded and need none). */
  keys?: PayloadKeySet;
  /** PAYLOAD_CLEAR_BEFORE of the replaying worker (default: the end of time, so every stored history's clear payloads are taken). */
  clearBefore?: Date;
}

/** Replays every history file below `dir` through the project's data converter; one outcome per file, in file order. */
export async function replayHistoryFiles(dir: string, opts: ReplayOptions): Promise<ReplayOutcome[]> {
  const files = opts.files ?? findHistoryFiles(dir);
  const loaded = files.map((file) => load(dir, file));
  const failures = new Map<string, Omit<ReplayOutcome, 'file'>>();
  for (const l of loaded) if ('error' in l) failures.set(l.file, { error: l.error });
  const replayable = loaded.filter((l): l is { file: string; history: History } => 'history' in l);
  if (replayable.length > 0) {
    const replayed = new Map<string, Map<string, RecordedDeadlines>>();
    const sinks = {
      replayedDeadlines: {
        scheduled: {
          fn: (info: { workflowId: string }, activityId: string, recorded: RecordedDeadlines) => {
            const forFile = replayed.get(info.workflowId) ?? new Map<string, RecordedDeadlines>();
            forFile.set(activityId, recorded);
            replayed.set(info.workflowId, forFile);
          },
          callDuringReplay: true,
        },
      },
    };
    const keys = opts.keys ?? freshPayloadKeys('replay');
    // As a worker runs: unencrypted payloads refused, except in runs started before PAYLOAD_CLEAR_BEFORE.
    // The stored histories are kept decoded (clear), some recorded with time skipped years ahead.
    const dataConverter = caseDataConverter(keys, { worker: { clearBefore: opts.clearBefore ?? END_OF_TIME } });
    // The file name is the replay's workflow id, so each result names its file.
    const results = Worker.runReplayHistories(
      { workflowBundle: opts.bundle, dataConverter, sinks, replayName: 'stored-histories' },
      replayable.map((l) => ({ workflowId: l.file, history: l.history })),
    );
    for await (const result of results) {
      if (result.error) failures.set(result.workflowId, { error: `does not replay: ${result.error.name}: ${result.error.message}`, cause: result.error });
    }
    for (const l of replayable) {
      if (failures.has(l.file)) continue;
      const moved = await movedDeadlines(l.history, replayed.get(l.file) ?? new Map(), new PayloadEncryptionCodec(keys.keys, { source: keys.source }));
      if (moved) failures.set(l.file, { error: `replays, but its deadlines moved: ${moved}` });
    }
  }
  return files.map((file) => ({ file, ...failures.get(file) }));
}

/**
 * Compares the deadlines of every change the history recorded (the input of each scheduled
 * `recordCaseChange`) with those the code computed on replay; says where the first one differs.
 */
async function movedDeadlines(history: History, replayed: Map<string, RecordedDeadlines>, codec: PayloadCodec): Promise<string | undefined> {
  for (const event of history.events ?? []) {
    const scheduled = event.activityTaskScheduledEventAttributes;
    const payload = scheduled?.input?.payloads?.[0];
    if (scheduled?.activityType?.name !== 'recordCaseChange' || !scheduled.activityId || !payload) continue;
    const [decoded] = await codec.decode([payload]);
    const change = defaultPayloadConverter.fromPayload<{ view?: { deadlines?: unknown }; nextDeadline?: unknown }>(decoded ?? payload);
    const recorded: RecordedDeadlines = { deadlines: change.view?.deadlines ?? null, nextDeadline: change.nextDeadline ?? null };
    const now = replayed.get(scheduled.activityId);
    if (!now) return `the change of event ${String(event.eventId)} (activity ${scheduled.activityId}) was not made again on replay`;
    // Through JSON: what the sink hands over was made in the workflow's own realm (other prototypes).
    if (!isDeepStrictEqual(recorded, JSON.parse(JSON.stringify(now)))) {
      return `the change of event ${String(event.eventId)} (activity ${scheduled.activityId}) recorded ${JSON.stringify(recorded)}, the code now computes ${JSON.stringify(now)}`;
    }
  }
  return undefined;
}

/** One line per failed file, or an empty string when all replayed. */
export function describeFailures(outcomes: ReplayOutcome[]): string {
  return outcomes
    .filter((o) => o.error)
    .map((o) => `${o.file} ${o.error}`)
    .join('\n');
}
