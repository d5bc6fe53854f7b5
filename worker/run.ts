// Runs the case worker until shut down: connects to Temporal and PostgreSQL, polls, drains on shutdown.
import { NativeConnection } from '@temporalio/worker';
import { createDeliveryChannels, deliveryConfigFromEnv } from '../activities/delivery/config';
import type { PayloadKeySet } from '../codec/keys';
import { loadPolicy } from '../config/policy';
import { createDb } from '../db/knex';
import { rootLogger } from '../observability/logger';
import { createCaseWorker } from './createWorker';

export interface RunWorkerOptions {
  temporalAddress: string;
  namespace: string;
  databaseUrl: string;
  policyFile?: string;
  dataDir: string;
  payloadKeys: PayloadKeySet;
  taskQueue?: string;
}

export async function runWorker(opts: RunWorkerOptions): Promise<{ shutdown(): Promise<void> }> {
  const policy = loadPolicy(opts.policyFile);
  const db = createDb(opts.databaseUrl);
  const connection = await NativeConnection.connect({ address: opts.temporalAddress });
  const channels = createDeliveryChannels(deliveryConfigFromEnv(process.env, opts.dataDir));
  const worker = await createCaseWorker({ connection, namespace: opts.namespace, db, policy, channels, payloadKeys: opts.payloadKeys, taskQueue: opts.taskQueue });
  // The worker may also stop on its own (a fatal error, or the SDK's own signal handling).
  const running = worker.run().catch((error: unknown) => {
    rootLogger().child({ component: 'worker' }).error({ err: error }, 'worker stopped');
  });
  return {
    async shutdown() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      await connection.close();
      await db.destroy();
    },
  };
}
