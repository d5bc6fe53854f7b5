// The embedded Temporal: `temporal server start-dev` from the project's .venv, with the contract's
// search attributes registered, a read-only Web UI, and (for `npm start`) its state in a SQLite file.
// The CLI's own Web UI cannot be made read-only (start-dev has no such flag), so the dev server runs
// headless and Temporal's UI server (built from its Go module by scripts/setup.mjs) serves the UI,
// with write actions off and no codec endpoint: payloads show encrypted; cases are read in clear
// through the API, with a token and an access-log row (docs/security-temporal.md).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { CASE_SEARCH_ATTRIBUTES } from '../temporal/searchAttributes';
import { requireBinary, temporalCliPath, temporalUiServerPath } from './binaries';
import { ServerProcess } from './childProcess';
import { oneLine, waitUntil } from './waiting';

export interface TemporalDevServerOptions {
  port: number;
  /** Port of the Web UI; leave out for a headless server. */
  uiPort?: number;
  /** Temporal's UI server; TEMPORAL_UI_SERVER_PATH or .venv/bin/temporal-ui-server when left out. */
  uiServerPath?: string;
  /** SQLite file that keeps workflows across restarts; leave out for an in-memory server. */
  dbFile?: string;
  /** PRAGMA=VALUE settings of that file; SQLITE_PRAGMAS when left out (the bench compares others). */
  sqlitePragmas?: readonly string[];
  namespace: string;
  logFile: string;
  cliPath?: string;
  startTimeoutMs?: number;
  /** Aborting gives up the start and stops what was started. */
  signal?: AbortSignal;
  /** Removed if the server outlives the process that started it (a test run's scratch directory). */
  removeDirWhenOrphaned?: string;
}

export interface TemporalDevServer {
  /** host:port of the frontend, as TEMPORAL_ADDRESS would name it. */
  address: string;
  uiUrl: string | undefined;
  process: ServerProcess;
  /** The Web UI's server, when it runs one. */
  uiProcess: ServerProcess | undefined;
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';

// A write-ahead log: a commit appends to the log instead of rewriting pages under a rollback journal,
// and readers no longer block the writer. synchronous stays FULL, so every commit is on disk (see docs/performance.md).
export const SQLITE_PRAGMAS: readonly string[] = ['journal_mode=wal'];

/** `--search-attribute Name=Type` for each of the contract's search attributes. */
export function searchAttributeArgs(): string[] {
  return CASE_SEARCH_ATTRIBUTES.flatMap(({ name, type }) => ['--search-attribute', `${name}=${type}`]);
}

export async function startTemporalDevServer(opts: TemporalDevServerOptions): Promise<TemporalDevServer> {
  const cli = requireBinary(opts.cliPath ?? temporalCliPath(), 'TEMPORAL_CLI_PATH', 'Temporal CLI');
  const uiServer = opts.uiPort === undefined ? undefined : requireBinary(opts.uiServerPath ?? temporalUiServerPath(), 'TEMPORAL_UI_SERVER_PATH', 'Temporal UI server');
  const args = ['server', 'start-dev', '--ip', HOST, '--port', String(opts.port), '--log-level', 'warn', '--headless'];
  if (opts.dbFile) args.push('--db-filename', opts.dbFile, ...(opts.sqlitePragmas ?? SQLITE_PRAGMAS).flatMap((p) => ['--sqlite-pragma', p]));
  if (opts.namespace !== 'default') args.push('--namespace', opts.namespace);
  args.push(...searchAttributeArgs());

  const server = await ServerProcess.start('Temporal dev server', cli, args, {
    logFile: opts.logFile,
    stopSignal: 'SIGTERM',
    removeDirWhenOrphaned: opts.removeDirWhenOrphaned,
  });
  const address = `${HOST}:${opts.port}`;
  const uiUrl = opts.uiPort === undefined ? undefined : `http://localhost:${opts.uiPort}`;
  let ui: ServerProcess | undefined;
  try {
    const giveUp = () => {
      if (opts.signal?.aborted) return 'stopped before it was ready';
      if (server.hasExited) return `${server.describeExit()}: ${oneLine(server.logTail(3))} (log: ${opts.logFile})`;
      return undefined;
    };
    const timeoutMs = opts.startTimeoutMs ?? 60_000;
    await waitUntil(`Temporal dev server on ${address}`, () => searchAttributesRegistered(address, opts.namespace), {
      timeoutMs,
      giveUp,
    });
    if (uiServer && opts.uiPort !== undefined) {
      const root = uiRootOf(opts.logFile);
      writeUiConfig(root, { grpcAddress: address, port: opts.uiPort });
      ui = await ServerProcess.start('Temporal Web UI', uiServer, ['--root', root, '--config', '.', '--env', 'embedded', 'start'], {
        logFile: path.join(path.dirname(opts.logFile), 'temporal-ui.log'),
        stopSignal: 'SIGTERM',
        removeDirWhenOrphaned: opts.removeDirWhenOrphaned,
      });
      const uiProcess = ui;
      const uiGiveUp = () => giveUp() ?? (uiProcess.hasExited ? `the Web UI ${uiProcess.describeExit()}: ${oneLine(uiProcess.logTail(3))}` : undefined);
      await waitUntil(`Temporal Web UI on ${uiUrl}`, async () => (await fetch(`http://${HOST}:${opts.uiPort}/`)).ok, {
        timeoutMs,
        giveUp: uiGiveUp,
      });
    }
  } catch (error) {
    await Promise.allSettled([ui?.stop(), server.stop()]);
    throw error;
  }
  const started = ui;
  return {
    address,
    uiUrl,
    process: server,
    uiProcess: started,
    stop: async () => {
      await Promise.allSettled([started?.stop()]);
      await server.stop();
    },
  };
}

/** Where the UI server's settings go: `temporal-ui/` beside the logs' folder (in DATA_DIR). */
export function uiRootOf(logFile: string): string {
  return path.join(path.dirname(logFile), '..', 'temporal-ui');
}

/**
 * The UI server's settings: on loopback, write actions off (its API answers 405 to any write but a
 * query), no codec endpoint, so nothing in its settings or command line decodes a payload.
 */
function writeUiConfig(root: string, opts: { grpcAddress: string; port: number }): void {
  mkdirSync(root, { recursive: true, mode: 0o700 });
  const yaml = [
    `temporalGrpcAddress: ${opts.grpcAddress}`,
    `host: ${HOST}`,
    `port: ${opts.port}`,
    'enableUi: true',
    'defaultNamespace: default',
    'disableNewsFetch: true',
    'hideLogs: true',
    // The UI hides its buttons and the server refuses the calls: start, signal, update, reset, terminate, cancel, batch.
    'disableWriteActions: true',
    'workflowTerminateDisabled: true',
    'workflowCancelDisabled: true',
    'workflowSignalDisabled: true',
    'workflowUpdateDisabled: true',
    'workflowResetDisabled: true',
    'workflowPauseDisabled: true',
    'batchActionsDisabled: true',
    'startWorkflowDisabled: true',
    'activityCommandsDisabled: true',
    'cors:',
    '  cookieInsecure: true',
    'codec:',
    '  endpoint: ""',
    '',
  ].join('\n');
  writeFileSync(path.join(root, 'embedded.yaml'), yaml, { mode: 0o600 });
}

/** True once the frontend answers and knows every search attribute the case workflow sets. */
async function searchAttributesRegistered(address: string, namespace: string): Promise<boolean> {
  const connection = await Connection.connect({ address, connectTimeout: 2_000 });
  try {
    const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
    return CASE_SEARCH_ATTRIBUTES.every(({ name }) => customAttributes?.[name] !== undefined);
  } finally {
    await connection.close();
  }
}
