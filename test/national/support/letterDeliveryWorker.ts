// The letter delivery workflow on the time-skipping server with the real activities, as the national workflow tests all run it.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { Knex } from 'knex';
import type { DeliveryChannels } from '../../../activities/delivery/channels';
import { createDeliverLetter, createRecordDeliveryFailure } from '../../../activities/delivery/deliverLetter';
import { caseDataConverter, FAILURE_CONVERTER_PATH } from '../../../temporal/dataConverter';
import { LetterDelivery, letterDeliveryWorkflowId, type LetterDeliveryInput } from '../../../workflows/letterDelivery';
import { temporalTestServerPath } from '../../support/binaries';
import { testPayloadKeys } from '../../support/payloadKeys';
import { policy } from '../../letters/fixtures';

const WORKFLOW_FILE = path.resolve(__dirname, '../../../workflows/letterDelivery.ts');

export interface LetterDeliveryServer {
  env: TestWorkflowEnvironment;
  bundle: WorkflowBundleWithSourceMap;
}

/** The time-skipping server (payloads encrypted as in production) and the letter delivery workflow bundled. */
export async function startLetterDeliveryServer(): Promise<LetterDeliveryServer> {
  const [env, bundle] = await Promise.all([
    TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: temporalTestServerPath() } },
      client: { dataConverter: caseDataConverter(testPayloadKeys()) },
    }),
    bundleWorkflowCode({
      workflowsPath: WORKFLOW_FILE,
      failureConverterPath: FAILURE_CONVERTER_PATH,
      logger: { log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
    }),
  ]);
  return { env, bundle };
}

/**
 * A worker on a task queue of its own with the real deliverLetter (through `channels`) and
 * recordDeliveryFailure; `execute` runs one letter's workflow to its end while the worker runs.
 */
export async function letterDeliveryWorker(server: LetterDeliveryServer, deps: { db: Knex; channels: DeliveryChannels }, queuePrefix: string) {
  const taskQueue = `${queuePrefix}-${randomUUID()}`;
  const worker = await Worker.create({
    connection: server.env.nativeConnection,
    taskQueue,
    workflowBundle: server.bundle,
    dataConverter: caseDataConverter(testPayloadKeys()),
    activities: {
      deliverLetter: createDeliverLetter({ db: deps.db, channels: deps.channels, policy }),
      recordDeliveryFailure: createRecordDeliveryFailure({ db: deps.db }),
    },
  });
  const execute = (input: LetterDeliveryInput) => server.env.client.workflow.execute(LetterDelivery, { taskQueue, workflowId: letterDeliveryWorkflowId(input.letterId), args: [input] });
  return { worker, execute };
}
