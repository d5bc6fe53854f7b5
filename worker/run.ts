// Runs the case worker until shut down: connects to Temporal and PostgreSQL, polls, drains on shutdown.
import { NativeConnection } from '@temporalio/worker';
import { createDeliveryChannels, deliveryConfigFromEnv } from '../activities/delivery/config';
import type { PayloadKeySet } from '../codec/keys';
import { loadPolicy } from '../config/policy';
import { createDb } from '../db/knex';
import { rootLogger } from '../observability/logger';
import { createCaseWorker } from './createWorker';
import { ensureCaseSweepSchedule } from './caseSweepSchedule';
import { createTemporalClient } from '../api/temporalClient';
import { databasePayloadOwners } from '../api/payloadOwners';
import { CaseWorkflows } from '../api/caseWorkflow';
import { CASE_TASK_QUEUE } from '../workflows/messages';

export interface RunWorkerOptions {
  temporalAddress: string;
  namespace: string;
  databaseUrl: string;
  policyFile?: string;
  dataDir: string;
  payloadKeys: PayloadKeySet;
  /** PAYLOAD_CLEAR_BEFORE. */
  payloadClearBefore?: Date;
  taskQueue?: string;
}

export interface RunningWorker {
  /** Resolves with one line when the worker stops (after shutdown, or on its own after a fatal error). */
  ended: Promise<string>;
  shutdown(): Promise<void>;
}

export async function runWorker(opts: RunWorkerOptions): Promise<RunningWorker> {
  const policy = loadPolicy(opts.policyFile);
  const db = createDb(opts.databaseUrl);
  const connection = await NativeConnection.connect({ address: opts.temporalAddress });
  const channels = createDeliveryChannels(deliveryConfigFromEnv(process.env, opts.dataDir));
  const taskQueue = opts.taskQueue ?? CASE_TASK_QUEUE;
  // The sweep starts case workflows as the API does: the same client factory, the same start.
  const client = createTemporalClient({ address: opts.temporalAddress, namespace: opts.namespace, payloadKeys: opts.payloadKeys, payloadOwners: databasePayloadOwners(db) });
  const caseWorkflows = new CaseWorkflows(client, taskQueue);
  let worker: Awaited<ReturnType<typeof createCaseWorker>>;
  try {
    worker = await createCaseWorker({ connection, namespace: opts.namespace, db, policy, channels, payloadKeys: opts.payloadKeys, payloadClearBefore: opts.payloadClearBefore, taskQueue, caseWorkflows });
    await ensureCaseSweepSchedule(client, taskQueue);
  } catch (error) {
    await Promise.allSettled([connection.close(), client.connection.close(), db.destroy()]);
    throw error;
  }
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
        await connection.close();
        await client.connection.close();
        await db.destroy();
      })();
      return closing;
    },
  };
}
