// Failures go to Temporal encrypted too: an activity's error message and stack trace are carried in
// an encoded attribute the codec encrypts, and the workflow still reads them in clear.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { caseDataConverter, CONVERTER_PATHS } from '../../temporal/dataConverter';
import { LetterDelivery, letterDeliveryWorkflowId } from '../../workflows/letterDelivery';
import { temporalTestServerPath } from '../support/binaries';
import { testPayloadKeys } from '../support/payloadKeys';

// Warnings and errors only: a test's output should show what failed, not the worker's states.
Runtime.install({ logger: new DefaultLogger('WARN') });

let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: temporalTestServerPath() } },
    client: { dataConverter: caseDataConverter(testPayloadKeys()) },
  });
});

afterAll(async () => {
  await env?.teardown();
});

it('keeps an activity failure\'s message and stack out of the history, and gives them to the workflow', { timeout: 90_000 }, async () => {
  const marker = `Gateway avviste melding om diabetes ${randomUUID().slice(0, 8)}`;
  const reported: string[] = [];
  const taskQueue = `failures-${randomUUID()}`;
  const workflowBundle = await bundleWorkflowCode({
    workflowsPath: path.resolve(__dirname, '../../workflows/letterDelivery.ts'),
    ...CONVERTER_PATHS,
    logger: { log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
  });
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle,
    dataConverter: caseDataConverter(testPayloadKeys()),
    activities: {
      async deliverLetter() {
        throw ApplicationFailure.nonRetryable(marker, 'delivery_failed');
      },
      async recordDeliveryFailure(f: { error: string }) {
        reported.push(f.error);
      },
    },
  });
  const letterId = randomUUID();
  await worker.runUntil(
    env.client.workflow.execute(LetterDelivery, {
      taskQueue,
      workflowId: letterDeliveryWorkflowId(letterId),
      args: [{ caseId: randomUUID(), letterId, channels: ['sms'] }],
    }),
  );
  // The workflow read the message through the same converter.
  expect(reported).toEqual([marker]);

  const history = await env.client.workflow.getHandle(letterDeliveryWorkflowId(letterId)).fetchHistory();
  const failed = history.events?.find((e) => e.activityTaskFailedEventAttributes)?.activityTaskFailedEventAttributes?.failure;
  expect(failed).toBeDefined();
  expect(failed!.message).toBe('Encoded failure');
  expect(failed!.stackTrace ?? '').toBe('');
  const encoding = Buffer.from(failed!.encodedAttributes!.metadata!.encoding!).toString('utf8');
  expect(encoding).toBe('binary/encrypted');
  const everything = JSON.stringify(history.events, (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : v));
  expect(everything.includes(marker.slice(0, 30))).toBe(false);
  expect(everything.includes('diabetes')).toBe(false);
});
