// Runs the case worker until shut down: connects to Temporal and PostgreSQL, polls, drains on shutdown.
import { NativeConnection } from '@temporalio/worker';
import { createDeliveryChannels, deliveryConfigFromEnv } from '../activities/delivery/config';
import { loadPolicy } from '../config/policy';
import { createDb } from '../db/knex';
import { createCaseWorker } from './createWorker';

export interface RunWorkerOptions {
  temporalAddress: string;
  namespace: string;
  databaseUrl: string;
  policyFile?: string;
  dataDir: string;
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
  const worker = await createCaseWorker({ connection, namespace: opts.namespace, db, policy, channels, taskQueue: opts.taskQueue });
  // The worker may also stop on its own (a fatal error, or the SDK's own signal handling).
  const running = worker.run().then(
    () => 'stopped',
    (error: unknown) => {
      const reason = `stopped: ${error instanceof Error ? error.message : String(error)}`;
      console.error(`worker ${reason}`);
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
        await db.destroy();
      })();
      return closing;
    },
  };
}
