// The embedded Temporal: `temporal server start-dev` from the project's .venv, with the contract's
// search attributes registered, its Web UI, and (for `npm start`) its state in a SQLite file.
import { Connection } from '@temporalio/client';
import { CASE_SEARCH_ATTRIBUTES } from '../temporal/searchAttributes';
import { requireBinary, temporalCliPath } from './binaries';
import { ServerProcess } from './childProcess';
import { oneLine, waitUntil } from './waiting';

export interface TemporalDevServerOptions {
  port: number;
  /** Port of the Web UI; leave out for a headless server. */
  uiPort?: number;
  /** The codec endpoint the Web UI decodes payloads with (`http://…/api/codec`). */
  uiCodecEndpoint?: string;
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
  const args = ['server', 'start-dev', '--ip', HOST, '--port', String(opts.port), '--log-level', 'warn'];
  if (opts.uiPort === undefined) args.push('--headless');
  else args.push('--ui-port', String(opts.uiPort), '--ui-disable-news-fetch');
  if (opts.uiPort !== undefined && opts.uiCodecEndpoint) args.push('--ui-codec-endpoint', opts.uiCodecEndpoint);
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
    if (uiUrl) {
      await waitUntil(`Temporal Web UI on ${uiUrl}`, async () => (await fetch(`http://${HOST}:${opts.uiPort}/`)).ok, {
        timeoutMs,
        giveUp,
      });
    }
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { address, uiUrl, process: server, stop: () => server.stop() };
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
