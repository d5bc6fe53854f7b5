// Runs the case worker until shut down: connects to Temporal and PostgreSQL, polls, drains on shutdown.
import { NativeConnection } from '@temporalio/worker';
import { createDeliveryChannels, deliveryConfigFromEnv } from '../activities/delivery/config';
import { createLetterTransport, letterTransportFromEnv } from '../activities/delivery/transport';
import { fiksArkivFromEnv } from '../activities/archive/config';
import { createArchiverFromSettings } from '../activities/archive/fromSettings';
import type { Archiver } from '../activities/archive/archiver';
import type { PayloadKeySet } from '../codec/keys';
import { loadPolicy } from '../config/policy';
import { createDb } from '../db/knex';
import { rootLogger } from '../observability/logger';
import { createCaseWorker } from './createWorker';
import { registerReceiptWith } from './receipts';
import { DEFAULT_PRESUMED_POSTAL_DELIVERY, DEFAULT_UNREAD_TO_PRINT } from '../domain/policy/policy';
import { ensureCaseSweepSchedule } from './caseSweepSchedule';
import { createTemporalClient } from '../temporal/client';
import { databasePayloadOwners } from '../db/payloadOwners';
import { CaseWorkflows } from '../temporal/caseWorkflows';
import { LetterDeliveries } from '../temporal/letterDeliveries';
import { CASE_TASK_QUEUE } from '../workflows/messages';
import type { TemporalConnectionOptions } from '../config/temporalConnection';
import { resolveTemporalConnection } from '../config/temporalConnection';

export interface RunWorkerOptions {
  temporalAddress: string;
  namespace: string;
  /** TLS, API key, metadata (settings.temporalConnection), for the worker's connection and its client alike. */
  temporalConnection?: TemporalConnectionOptions;
  databaseUrl: string;
  /** LETTER_FILES_DIR: the mailbox and print files' folder, shared by every worker; dataDir's when left out. */
  letterFilesDir?: string;
  policyFile?: string;
  dataDir: string;
  payloadKeys: PayloadKeySet;
  /** PAYLOAD_CLEAR_BEFORE. */
  payloadClearBefore?: Date;
  taskQueue?: string;
  /** WORKER_CACHED_WORKFLOWS (settings.workerCachedWorkflows). */
  maxCachedWorkflows?: number;
}

export interface RunningWorker {
  /** Resolves with one line when the worker stops (after shutdown, or on its own after a fatal error). */
  ended: Promise<string>;
  shutdown(): Promise<void>;
}

export async function runWorker(opts: RunWorkerOptions): Promise<RunningWorker> {
  const policy = loadPolicy(opts.policyFile);
  // Settings first: a missing or wrong one is named before anything connects.
  const fileChannels = createDeliveryChannels(deliveryConfigFromEnv(process.env, opts.letterFilesDir ?? opts.dataDir));
  const transportSettings = letterTransportFromEnv(process.env);
  const archiveSettings = fiksArkivFromEnv(process.env);
  const db = createDb(opts.databaseUrl);
  const log = rootLogger().child({ component: 'letter-transport' });
  // The receipts go to the cases through the client made below, once Temporal is connected.
  let caseWorkflowsForReceipts: CaseWorkflows | undefined;
  let transport;
  let archiver: Archiver | undefined;
  try {
    transport = await createLetterTransport(transportSettings, {
      db,
      channels: fileChannels,
      receipts: {
        presumedPostalDelivery: (municipality) => policy.municipalities[municipality]?.timers.presumedPostalDelivery ?? DEFAULT_PRESUMED_POSTAL_DELIVERY,
        register: registerReceiptWith(() => caseWorkflowsForReceipts),
      },
      unreadToPrint: {
        after: (municipality) => (policy.municipalities[municipality] ? (policy.municipalities[municipality].timers.unreadToPrint ?? DEFAULT_UNREAD_TO_PRINT) : null),
        sender: (municipality) => {
          const m = policy.municipalities[municipality];
          return m ? { municipalityName: m.name, office: m.office } : null;
        },
      },
      onError: (err: unknown) => log.warn({ err }, 'following SvarUt statuses failed; tried again shortly'),
    });
    if (archiveSettings) {
      const archiveLog = rootLogger().child({ component: 'archive' });
      archiver = await createArchiverFromSettings(archiveSettings, {
        db,
        sender: (municipality) => {
          const m = policy.municipalities[municipality];
          return m ? { municipalityName: m.name, office: m.office } : null;
        },
        onError: (err: unknown) => archiveLog.warn({ err }, 'archiving through Fiks Arkiv failed; tried again later'),
      });
      const answers = archiveSettings.amqpUrl ? new URL(archiveSettings.amqpUrl) : new URL(archiveSettings.inboxUrl!);
      archiveLog.info({ answers: `${answers.protocol}//${answers.host}` }, `the archive's answers are read over ${archiveSettings.amqpUrl ? 'AMQP' : 'HTTP (the local stand-in)'}`);
    }
  } catch (error) {
    await db.destroy();
    throw error;
  }
  if (!archiveSettings) log.warn('Fiks Arkiv is not configured (FIKS_ARKIV_URL): letters and appeals wait in archive_entries, unarchived');
  const { channels } = transport;
  if (transportSettings.kind === 'svarut' && !transportSettings.fregUrl) {
    log.warn('FREG_URL is not set: letters go out without asking Folkeregisteret about death or address protection');
  }
  const { options: connectionOptions, tokens } = await resolveTemporalConnection(opts.temporalConnection);
  const connection = await NativeConnection.connect({ ...connectionOptions, ...(tokens ? { apiKey: tokens.current() } : {}), address: opts.temporalAddress });
  tokens?.onRenew((token) => connection.setApiKey(token));
  const taskQueue = opts.taskQueue ?? CASE_TASK_QUEUE;
  // The sweep starts case workflows as the API does: the same client factory, the same start.
  const client = createTemporalClient({ address: opts.temporalAddress, namespace: opts.namespace, payloadKeys: opts.payloadKeys, payloadOwners: databasePayloadOwners(db), connection: connectionOptions, ...(tokens ? { tokens } : {}) });
  const caseWorkflows = new CaseWorkflows(client, taskQueue);
  caseWorkflowsForReceipts = caseWorkflows;
  let worker: Awaited<ReturnType<typeof createCaseWorker>>;
  try {
    worker = await createCaseWorker({ connection, namespace: opts.namespace, db, policy, channels, payloadKeys: opts.payloadKeys, payloadClearBefore: opts.payloadClearBefore, taskQueue, caseWorkflows, letterDeliveries: new LetterDeliveries(client), ...(opts.maxCachedWorkflows !== undefined ? { maxCachedWorkflows: opts.maxCachedWorkflows } : {}) });
    await ensureCaseSweepSchedule(client, taskQueue);
  } catch (error) {
    tokens?.stop();
    await Promise.allSettled([connection.close(), client.connection.close(), db.destroy()]);
    throw error;
  }
  transport.follower?.start();
  archiver?.start();
  // The worker may also stop on its own (a fatal error, or the SDK's own signal handling).
  const running = worker.run().then(
    () => 'stopped',
    (error: unknown) => {
      const reason = `stopped: ${error instanceof Error ? error.message : String(error)}`;
      rootLogger().child({ component: 'worker' }).error({ err: error }, 'worker stopped');
      return reason;
    },
  );
  let closing: Promise<void> | undefined;
  return {
    ended: running,
    shutdown() {
      closing ??= (async () => {
        if (worker.getState() === 'RUNNING') worker.shutdown();
        await running;
        await transport.follower?.stop();
        await archiver?.stop();
        tokens?.stop();
        await connection.close();
        await client.connection.close();
        await db.destroy();
      })();
      return closing;
    },
  };
}
