// The API over real HTTP against the run's shared Temporal dev server and a fresh database of its own,
// with a real Worker running the case workflow on a task queue of this test file's own.
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import { inject } from 'vitest';
import { createApp, type AppDeps, type CodecEndpointOptions } from '../../../api/app';
import type { PayloadKeySet } from '../../../codec/keys';
import type { Logger } from '../../../api/errors';
import { createTemporalClient } from '../../../temporal/client';
import { databasePayloadOwners } from '../../../db/payloadOwners';
import { loadPolicy } from '../../../config/policy';
import { createDb } from '../../../db/knex';
import type { Policy } from '../../../domain/policy/policyTypes';
import { createCaseWorker } from '../../../worker/createWorker';
import { CASE_TASK_QUEUE, caseSweepScheduleId } from '../../../workflows/messages';
import { CaseWorkflows } from '../../../temporal/caseWorkflows';
import { LetterDeliveries } from '../../../temporal/letterDeliveries';
import { ensureCaseSweepSchedule } from '../../../worker/caseSweepSchedule';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { testPayloadKeys } from '../../support/payloadKeys';
import { client, type Call } from './http';
import { startTcpProxy, type TcpProxy } from './tcpProxy';
import { testIssuer, type TestIssuer } from './tokenIssuer';

export const NAMESPACE = 'default';

export interface ApiStack {
  url: string;
  /** Sends the default token (a caseworker and manager in every municipality). */
  call: Call;
  /** A client that sends this token, or none with `null`. */
  as(token: string | null): Call;
  /** The file's token issuer (a real JWKS over HTTP). */
  issuer: TestIssuer;
  db: Knex;
  database: TestDatabase;
  temporal: Client;
  policy: Policy;
  taskQueue: string;
  payloadKeys: PayloadKeySet;
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
  /** The payload keys of the API's client and the worker; this test file's own when left out. */
  payloadKeys?: PayloadKeySet;
  /** Go on with another stack's database and task queue (a restart with other settings); that stack drops them. */
  sharing?: { database: TestDatabase; taskQueue: string };
  /** The codec endpoint's browser origins. */
  codec?: CodecEndpointOptions;
  /** Where the API logs; silent unless API_TEST_LOG is set. */
  logger?: Logger;
  /** More of the app's dependencies (a logger, the metrics cache). */
  app?: Pick<AppDeps, 'log' | 'figuresCacheMs'>;
  /** Run the case sweep: its activity on the worker and its Schedule for this file's task queue. */
  sweep?: boolean;
  /** The policy of the API and the worker; the built-in one when left out. */
  policy?: Policy;
  /** PAYLOAD_CLEAR_BEFORE of the worker: runs started before it still take unencrypted payloads. */
  payloadClearBefore?: Date;
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
  const policy = opts.policy ?? loadPolicy();
  const database = opts.sharing?.database ?? (await createTestDatabase());
  const ownsDatabase = !opts.sharing;
  const taskQueue = opts.sharing?.taskQueue ?? `${CASE_TASK_QUEUE}-api-${randomUUID()}`;
  const payloadKeys = opts.payloadKeys ?? testPayloadKeys();
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
  // As the API runs: each payload it sends names its case and municipality, from the database.
  const temporal = createTemporalClient({ address: temporalAddress, namespace: NAMESPACE, payloadKeys, payloadOwners: databasePayloadOwners(database.db) });
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  let nativeConnection: NativeConnection | undefined;
  let workerClient: Client | undefined;
  try {
    if (opts.worker !== false) {
      nativeConnection = await NativeConnection.connect({ address: inject('temporalAddress') });
      // The worker's client (letters' deliveries, the sweep) reaches Temporal directly, as its own connection does.
      workerClient = createTemporalClient({ address: inject('temporalAddress'), namespace: NAMESPACE, payloadKeys, payloadOwners: databasePayloadOwners(database.db) });
      const caseWorkflows = opts.sweep ? new CaseWorkflows(workerClient, taskQueue) : undefined;
      worker = await createCaseWorker({ connection: nativeConnection, namespace: NAMESPACE, db: database.db, policy, channels: {}, payloadKeys, payloadClearBefore: opts.payloadClearBefore, taskQueue, caseWorkflows, letterDeliveries: new LetterDeliveries(workerClient) });
      running = worker.run();
      if (opts.sweep) await ensureCaseSweepSchedule(workerClient, taskQueue);
    }
  } catch (err) {
    await temporal.connection.close();
    await workerClient?.connection.close();
    await nativeConnection?.close();
    if (ownsDatabase) await database.drop();
    throw err;
  }
  const issuer = await testIssuer();
  // An internal error is always shown: a 500 in a test must say what it was (it is made safe first).
  const quiet = { error: (fields: object, message: string) => console.error(message, fields), warn: () => undefined };
  const logger = opts.logger ?? (process.env.API_TEST_LOG ? console : (opts.app?.log ?? quiet));
  const http = await listen(createApp({ temporal, db: apiDb, policy, auth: issuer.auth, taskQueue, codec: opts.codec, logger, ...opts.app }));
  return {
    url: http.url,
    call: client(http.url),
    as: (token) => client(http.url, token),
    issuer,
    db: database.db,
    database,
    temporal,
    policy,
    taskQueue,
    payloadKeys,
    temporalProxy,
    databaseProxy,
    async stop() {
      await http.close();
      if (opts.sweep && workerClient) await workerClient.schedule.getHandle(caseSweepScheduleId(taskQueue)).delete().catch(() => undefined);
      if (worker && running) {
        worker.shutdown();
        await running;
      }
      await workerClient?.connection.close();
      await nativeConnection?.close();
      await temporal.connection.close();
      if (apiDb !== database.db) await apiDb.destroy();
      await temporalProxy?.close();
      await databaseProxy?.close();
      if (ownsDatabase) await database.drop();
    },
  };
}
