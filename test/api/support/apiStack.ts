// The API over real HTTP against the run's shared Temporal dev server and a fresh database of its own,
// with a real Worker running the case workflow on a task queue of this test file's own.
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import { inject } from 'vitest';
import { createApp } from '../../../api/app';
import { createTemporalClient } from '../../../api/temporalClient';
import { loadPolicy } from '../../../config/policy';
import { createDb } from '../../../db/knex';
import type { Policy } from '../../../domain/policyTypes';
import { createCaseWorker } from '../../../worker/createWorker';
import { CASE_TASK_QUEUE, caseSweepScheduleId } from '../../../workflows/messages';
import { CaseWorkflows } from '../../../api/caseWorkflow';
import { ensureCaseSweepSchedule } from '../../../worker/caseSweepSchedule';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { client, type Call } from './http';
import { startTcpProxy, type TcpProxy } from './tcpProxy';

export const NAMESPACE = 'default';

export interface ApiStack {
  url: string;
  call: Call;
  db: Knex;
  database: TestDatabase;
  temporal: Client;
  policy: Policy;
  taskQueue: string;
  /** With `proxied`: the API reaches Temporal and the database through these, so a test can take either down. */
  temporalProxy?: TcpProxy;
  databaseProxy?: TcpProxy;
  stop(): Promise<void>;
}

export interface ApiStackOptions {
  /** Run a Worker with the case workflow (default true). */
  worker?: boolean;
  /** Put a TCP proxy between the API and each of Temporal and the database (the worker connects directly). */
  proxied?: boolean;
  /** Run the case sweep: its activity on the worker and its Schedule for this file's task queue. */
  sweep?: boolean;
}

function hostAndPort(address: string): { host: string; port: number } {
  const at = address.lastIndexOf(':');
  return { host: address.slice(0, at).replace(/^\[|\]$/g, '') || '127.0.0.1', port: Number(address.slice(at + 1)) };
}

let runtimeInstalled = false;

/** Keeps the worker's own log to warnings, so a test's output shows what matters. */
function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({ logger: { log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined, warn: console.warn, error: console.error } });
  } catch {
    // already installed in this process
  }
}

/** Listens on a free port; resolves with the server and its URL. */
export async function listen(app: ReturnType<typeof createApp>): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export async function startApiStack(opts: ApiStackOptions = {}): Promise<ApiStack> {
  quietRuntime();
  const policy = loadPolicy();
  const database = await createTestDatabase();
  const taskQueue = `${CASE_TASK_QUEUE}-api-${randomUUID()}`;
  let temporalAddress = inject('temporalAddress');
  let apiDb = database.db;
  let temporalProxy: TcpProxy | undefined;
  let databaseProxy: TcpProxy | undefined;
  if (opts.proxied) {
    const temporalTarget = hostAndPort(temporalAddress);
    temporalProxy = await startTcpProxy({ host: temporalTarget.host === 'localhost' ? '127.0.0.1' : temporalTarget.host, port: temporalTarget.port });
    temporalAddress = `127.0.0.1:${temporalProxy.port}`;
    const url = new URL(database.url);
    databaseProxy = await startTcpProxy({ host: url.hostname === 'localhost' ? '127.0.0.1' : url.hostname, port: Number(url.port) });
    url.hostname = '127.0.0.1';
    url.port = String(databaseProxy.port);
    apiDb = createDb(url.toString());
  }
  const temporal = createTemporalClient({ address: temporalAddress, namespace: NAMESPACE });
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  let nativeConnection: NativeConnection | undefined;
  let sweepClient: Client | undefined;
  try {
    if (opts.worker !== false) {
      nativeConnection = await NativeConnection.connect({ address: inject('temporalAddress') });
      // The sweep's client reaches Temporal directly, as the worker's own connection does.
      sweepClient = opts.sweep ? createTemporalClient({ address: inject('temporalAddress'), namespace: NAMESPACE }) : undefined;
      const caseWorkflows = sweepClient ? new CaseWorkflows(sweepClient, taskQueue) : undefined;
      worker = await createCaseWorker({ connection: nativeConnection, namespace: NAMESPACE, db: database.db, policy, channels: {}, taskQueue, caseWorkflows });
      running = worker.run();
      if (sweepClient) await ensureCaseSweepSchedule(sweepClient, taskQueue);
    }
  } catch (err) {
    await temporal.connection.close();
    await sweepClient?.connection.close();
    await nativeConnection?.close();
    await database.drop();
    throw err;
  }
  const http = await listen(createApp({ temporal, db: apiDb, policy, taskQueue, logger: process.env.API_TEST_LOG ? console : { error: () => undefined, warn: () => undefined } }));
  return {
    url: http.url,
    call: client(http.url),
    db: database.db,
    database,
    temporal,
    policy,
    taskQueue,
    temporalProxy,
    databaseProxy,
    async stop() {
      await http.close();
      if (sweepClient) {
        await sweepClient.schedule.getHandle(caseSweepScheduleId(taskQueue)).delete().catch(() => undefined);
        await sweepClient.connection.close();
      }
      if (worker && running) {
        worker.shutdown();
        await running;
      }
      await nativeConnection?.close();
      await temporal.connection.close();
      if (apiDb !== database.db) await apiDb.destroy();
      await temporalProxy?.close();
      await databaseProxy?.close();
      await database.drop();
    },
  };
}
