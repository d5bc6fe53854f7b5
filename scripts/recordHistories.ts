// npm run histories [-- --force] [--only name,name] [--suffix tag] [--out dir]
//
// Runs every path of scripts/histories/casePaths.ts, deliveryPaths.ts and sweepPaths.ts on the time-skipping test
// server, with the real workflow code, the project's data converter (payloads encrypted under a key
// made for this run) and in-memory activities, and writes each run's history, decoded, to
// test/histories/<workflowType>/<path>.json. An existing file is kept: a history is added, never
// rewritten (--force rewrites, only for histories no deployed code ever made). --suffix writes
// <path>.<tag>.json beside the old ones, for the histories of a changed workflow.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, makeTelemetryFilterString, Runtime, Worker } from '@temporalio/worker';
import { registerSearchAttributes } from '../temporal/searchAttributes';
import { temporalTestServerPath } from '../launcher/binaries';
import { caseDataConverter } from '../temporal/dataConverter';
import { LetterDeliveries } from '../temporal/letterDeliveries';
import { WORKFLOW_BUNDLE_OPTIONS } from '../worker/workflowBundle';
import { PayloadEncryptionCodec } from '../codec/encryptionCodec';
import { newPayloadKeyEntry, parsePayloadKeys, type PayloadKeySet } from '../codec/keys';
import { WORKFLOWS_PATH } from '../worker/createWorker';
import { CASE_PATHS } from './histories/casePaths';
import { DELIVERY_PATHS } from './histories/deliveryPaths';
import { HISTORIES_DIR } from './histories/files';
import { SWEEP_PATHS } from './histories/sweepPaths';
import { createMemoryActivities, type MemoryActivities } from './histories/memoryActivities';
import { historyFileText, recordCasePath, recordDeliveryPath, recordSweepPath, type RecordedHistory, type RecordingTarget } from './histories/recorder';

const silent = { log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

function fail(message: string): never {
  console.error(`histories: ${message}`);
  process.exit(1);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { force: { type: 'boolean', default: false }, only: { type: 'string' }, suffix: { type: 'string' }, out: { type: 'string' } },
    strict: true,
  });
  const only = values.only ? new Set(values.only.split(',').map((s) => s.trim()).filter(Boolean)) : undefined;
  const known = new Set([...CASE_PATHS, ...DELIVERY_PATHS, ...SWEEP_PATHS].map((p) => p.name));
  for (const name of only ?? []) if (!known.has(name)) fail(`--only: no path is named "${name}" (known: ${[...known].join(', ')})`);
  if (values.suffix !== undefined && !/^[a-z0-9][a-z0-9-]*$/.test(values.suffix)) fail('--suffix: lower-case letters, digits and hyphens only');
  const outDir = path.resolve(values.out ?? HISTORIES_DIR);
  const wanted = <T extends { name: string }>(paths: T[]) => paths.filter((p) => !only || only.has(p.name));

  // Errors only: a delivery path's failed attempts are on purpose, and the test server is not a full one.
  Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR', other: 'ERROR' }) } } });
  // A key for this run only: the histories are written decoded, so no key is kept.
  const keys: PayloadKeySet = { keys: parsePayloadKeys(newPayloadKeyEntry('record'), 'a key made for recording'), source: 'a key made for recording' };
  const dataConverter = caseDataConverter(keys);
  const codec = new PayloadEncryptionCodec(keys.keys, { source: keys.source });
  const workflowBundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, ...WORKFLOW_BUNDLE_OPTIONS, logger: silent });

  /**
   * Runs one path on a time-skipping server of its own. With one server for all paths the recording
   * hung now and then: after some paths (seen after a withdrawal, which closes the case within an
   * Update, in two runs of four) the server's clock stopped skipping, and the next path's first sleep
   * waited in real time. A fresh server per path carries nothing over, and costs a second a path.
   */
  async function onOwnServer(record: (target: RecordingTarget, memory: MemoryActivities) => Promise<RecordedHistory[]>): Promise<RecordedHistory[]> {
    const env = await TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: temporalTestServerPath() } },
      client: { dataConverter },
    });
    try {
      await registerSearchAttributes(env.connection, 'default');
      const taskQueue = `record-histories-${randomUUID()}`;
      // A case's record starts its letters' deliveries, as the worker's activity does (deliveries-started-with-record).
      const deliveries = new LetterDeliveries(env.client);
      const memory = createMemoryActivities({ startDelivery: (input) => deliveries.start(input, { taskQueue }) });
      const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle, activities: memory.activities, dataConverter });
      const target: RecordingTarget = { client: env.client, taskQueue, now: () => env.currentTimeMs(), sleep: (ms) => env.sleep(ms) };
      return await worker.runUntil(record(target, memory));
    } finally {
      await env.teardown();
    }
  }

  const recorded: RecordedHistory[] = [];
  const failed: string[] = [];
  // A path that fails is reported at the end; the others are still recorded.
  async function run(what: string, record: Parameters<typeof onOwnServer>[0]): Promise<void> {
    console.log(`running ${what}`);
    try {
      recorded.push(...(await onOwnServer(record)));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      console.error(`failed  ${what}: ${message}`);
      failed.push(message);
    }
  }
  for (const p of wanted(CASE_PATHS)) await run(`CaseWorkflow ${p.name}`, (target) => recordCasePath(target, p));
  for (const p of wanted(DELIVERY_PATHS)) await run(`LetterDelivery ${p.name}`, (target, memory) => recordDeliveryPath(target, memory, p));
  for (const p of wanted(SWEEP_PATHS)) await run(`CaseSweep ${p.name}`, (target, memory) => recordSweepPath(target, memory, p));

  let written = 0;
  for (const r of recorded) {
    const fileName = values.suffix ? r.fileName.replace(/\.json$/, `.${values.suffix}.json`) : r.fileName;
    const file = path.join(outDir, r.workflowType, fileName);
    const shown = path.relative(process.cwd(), file);
    if (existsSync(file) && !values.force) {
      console.log(`kept    ${shown} (it exists; a history is added, never rewritten)`);
      continue;
    }
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, await historyFileText(r.history, codec));
    written++;
    console.log(`wrote   ${shown} (${r.history.events?.length ?? 0} events)`);
  }
  console.log(`${written} written, ${recorded.length - written} kept`);
  if (failed.length > 0) fail(`${failed.length} path(s) failed:\n${failed.join('\n')}`);
}

main().catch((error: unknown) => fail(error instanceof Error ? (process.env.HISTORIES_VERBOSE ? String(error.stack) : error.message) : String(error)));
