// Builds the case worker on a given connection: registers the workflows and the activities.
import path from 'node:path';
import { NativeConnection, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { Knex } from 'knex';
import { createActivities } from '../activities';
import type { DeliveryChannels } from '../activities/delivery/channels';
import { caseDataConverter } from '../temporal/dataConverter';
import { databasePayloadOwners } from '../db/payloadOwners';
import type { PayloadKeySet } from '../codec/keys';
import type { Policy } from '../domain/policy/policyTypes';
import { CASE_TASK_QUEUE } from '../workflows/messages';
import { DEFAULTS } from '../config/settings';
import { withoutZod } from './workflowBundle';
import { createStartMissingCaseWorkflows } from '../activities/startMissingCaseWorkflows';
import type { CaseWorkflows } from '../temporal/caseWorkflows';
import type { LetterDeliveries } from '../temporal/letterDeliveries';

/** The workflows module as a path the bundler can read, wherever the process was started from. */
export const WORKFLOWS_PATH = path.resolve(__dirname, '../workflows/index.ts');

export interface CaseWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  db: Knex;
  policy: Policy;
  channels: DeliveryChannels;
  /** Every payload the worker hands to Temporal is encrypted with the first; all of them decrypt. */
  payloadKeys: PayloadKeySet;
  /** PAYLOAD_CLEAR_BEFORE: runs started before it still take unencrypted payloads (histories from before the codec). */
  payloadClearBefore?: Date;
  taskQueue?: string;
  /** The API's view of the case workflows: given, the worker also runs the case sweep's activity. */
  caseWorkflows?: CaseWorkflows;
  /** Given, the activity that stores a change's letters starts their deliveries (docs/letters.md). */
  letterDeliveries?: LetterDeliveries;
  /** Case runs kept in memory (WORKER_CACHED_WORKFLOWS): what bounds the worker's memory, whatever the number of open cases. */
  maxCachedWorkflows?: number;
  /** A bundle built once and shared, e.g. by a test suite: built with `...WORKFLOW_BUNDLE_OPTIONS` (worker/workflowBundle.ts). */
  workflowBundle?: WorkflowBundleWithSourceMap;
}

export async function createCaseWorker(opts: CaseWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue ?? CASE_TASK_QUEUE,
    // Every payload bound to its case's municipality; one that arrives unencrypted is refused.
    dataConverter: caseDataConverter(opts.payloadKeys, { owners: databasePayloadOwners(opts.db), worker: { clearBefore: opts.payloadClearBefore } }),
    ...(opts.workflowBundle ? { workflowBundle: opts.workflowBundle } : { workflowsPath: WORKFLOWS_PATH, bundlerOptions: { webpackConfigHook: withoutZod } }),
    activities: {
      ...createActivities({ db: opts.db, policy: opts.policy, channels: opts.channels, ...(opts.letterDeliveries ? { deliveries: opts.letterDeliveries } : {}) }),
      ...(opts.caseWorkflows
        ? { startMissingCaseWorkflows: createStartMissingCaseWorkflows({ db: opts.db, policy: opts.policy, workflows: opts.caseWorkflows }) }
        : {}),
    },
    // Two threads for workflow tasks (the SDK's default is one): a step's own tasks and its letters'
    // delivery workflows no longer queue behind each other on a machine with two cores or more.
    workflowThreadPoolSize: 2,
    // Bounded by the setting, not by the heap's limit (the SDK's default, about 2 300 runs): every open
    // case stays in the cache until evicted, and an import of 2 000 cases filled 3.5 GB before the
    // bundle lost zod.
    maxCachedWorkflows: opts.maxCachedWorkflows ?? DEFAULTS.workerCachedWorkflows,
  });
}
