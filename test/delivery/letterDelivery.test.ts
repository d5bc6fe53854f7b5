// The letter delivery workflow on the time-skipping server: channels retried independently with
// backoff, a channel that keeps failing reported without failing the workflow. Then the same with
// the real activities against PostgreSQL, a mailbox directory and an SMS gateway that refuses.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_CHANNELS, type DeliveryChannelName } from '../../activities/delivery/channels';
import { createDeliveryChannels, deliveryConfigFromEnv } from '../../activities/delivery/config';
import { createDeliverLetter, createRecordDeliveryFailure, type DeliveryFailure } from '../../activities/delivery/deliverLetter';
import { createIssueLetter } from '../../activities/letters/issueLetter';
import { LETTER_CHANNELS, LetterDelivery, letterDeliveryWorkflowId } from '../../workflows/letterDelivery';
import { caseDataConverter, CONVERTER_PATHS } from '../../temporal/dataConverter';
import { testPayloadKeys } from '../support/payloadKeys';
import { temporalTestServerPath } from '../support/binaries';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { decidedView, insertCase, municipality, policy } from '../letters/fixtures';
import { startSmsGateway, type TestSmsGateway } from './servers';

const WORKFLOW_FILE = path.resolve(__dirname, '../../workflows/letterDelivery.ts');

let env: TestWorkflowEnvironment;
let bundle: WorkflowBundleWithSourceMap;

beforeAll(async () => {
  env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: temporalTestServerPath() } },
    client: { dataConverter: caseDataConverter(testPayloadKeys()) },
  });
  bundle = await bundleWorkflowCode({
    workflowsPath: WORKFLOW_FILE,
    ...CONVERTER_PATHS,
    logger: { log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
  });
});

afterAll(async () => {
  await env?.teardown();
});

async function run(
  activities: Record<string, (...args: never[]) => Promise<unknown>>,
  input: { caseId: string; letterId: string; channels: DeliveryChannelName[] },
): Promise<void> {
  const taskQueue = `letters-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: bundle,
    dataConverter: caseDataConverter(testPayloadKeys()),
    activities,
  });
  await worker.runUntil(
    env.client.workflow.execute(LetterDelivery, { taskQueue, workflowId: letterDeliveryWorkflowId(input.letterId), args: [input] }),
  );
}

describe('LetterDelivery', () => {
  it('has a workflow id made of the letter id alone', () => {
    expect(letterDeliveryWorkflowId('0af113d5-6394-5873-aef0-40374cdb1116')).toBe('letter-0af113d5-6394-5873-aef0-40374cdb1116');
  });

  it('sends the SMS and e-mail notices only once the letter is in the mailbox', async () => {
    expect(LETTER_CHANNELS).toEqual(CONTENT_CHANNELS);
    const log: string[] = [];
    const input = { caseId: randomUUID(), letterId: randomUUID(), channels: ['sms', 'digital_mailbox', 'email'] as DeliveryChannelName[] };
    await run(
      {
        async deliverLetter(i: { channel: DeliveryChannelName }) {
          log.push(`start ${i.channel}`);
          // The mailbox is slow: a notice that did not wait for it would start first.
          if (i.channel === 'digital_mailbox') await new Promise((r) => setTimeout(r, 300));
          log.push(`end ${i.channel}`);
          return 'delivered';
        },
        async recordDeliveryFailure() {},
      },
      input,
    );
    expect(log.slice(0, 2)).toEqual(['start digital_mailbox', 'end digital_mailbox']);
    expect(log.slice(2).filter((l) => l.startsWith('start')).sort()).toEqual(['start email', 'start sms']);
  });

  it('retries each channel on its own with backoff, and reports the one that never gets through', async () => {
    const attempts: Record<string, number> = {};
    const failures: DeliveryFailure[] = [];
    const smsAttemptAt: number[] = [];
    const input = { caseId: randomUUID(), letterId: randomUUID(), channels: ['digital_mailbox', 'sms', 'email'] as DeliveryChannelName[] };
    await run(
      {
        async deliverLetter(i: { letterId: string; channel: DeliveryChannelName }) {
          attempts[i.channel] = (attempts[i.channel] ?? 0) + 1;
          if (i.channel === 'sms') {
            smsAttemptAt.push(await env.currentTimeMs());
            throw ApplicationFailure.retryable('SMS gateway answered 503 Service Unavailable', 'delivery_failed');
          }
          if (i.channel === 'email' && attempts.email! < 3) throw new Error('SMTP delivery failed: connection refused');
          return 'delivered';
        },
        async recordDeliveryFailure(f: DeliveryFailure) {
          failures.push(f);
        },
      },
      input,
    );
    expect(attempts).toEqual({ digital_mailbox: 1, email: 3, sms: 12 });
    expect(failures).toEqual([{ caseId: input.caseId, letterId: input.letterId, channel: 'sms', error: 'SMS gateway answered 503 Service Unavailable' }]);
    // 10 s doubling to the 1 h cap: eleven waits between twelve attempts, about 3.4 hours of (skipped) time.
    const waits = smsAttemptAt.slice(1).map((t, i) => Math.round((t - (smsAttemptAt[i] as number)) / 1000));
    expect(waits).toEqual([10, 20, 40, 80, 160, 320, 640, 1280, 2560, 3600, 3600]);
  });

  it('stops at once on a refusal that cannot pass, and reports it', async () => {
    const attempts: string[] = [];
    const failures: DeliveryFailure[] = [];
    const input = { caseId: randomUUID(), letterId: randomUUID(), channels: ['digital_mailbox', 'sms'] as DeliveryChannelName[] };
    await run(
      {
        async deliverLetter(i: { channel: DeliveryChannelName }) {
          attempts.push(i.channel);
          if (i.channel === 'sms') throw ApplicationFailure.nonRetryable('sms: SMS gateway answered 400 Bad Request', 'delivery_refused');
          return 'delivered';
        },
        async recordDeliveryFailure(f: DeliveryFailure) {
          failures.push(f);
        },
      },
      input,
    );
    expect(attempts.sort()).toEqual(['digital_mailbox', 'sms']);
    expect(failures.map((f) => [f.channel, f.error])).toEqual([['sms', 'sms: SMS gateway answered 400 Bad Request']]);
  });

  describe('with the real activities', () => {
    let tdb: TestDatabase;
    let gateway: TestSmsGateway;
    let dataDir: string;

    beforeAll(async () => {
      [tdb, gateway] = await Promise.all([createTestDatabase(), startSmsGateway()]);
      dataDir = await mkdtemp(path.join(os.tmpdir(), 'letter-delivery-'));
    });

    afterAll(async () => {
      await Promise.all([tdb?.drop(), gateway?.close(), dataDir && rm(dataDir, { recursive: true, force: true })]);
    });

    it('delivers to the mailbox, and records the SMS the gateway refuses as a case event', async () => {
      const view = decidedView(municipality('nordre-land'), 'refused');
      await insertCase(tdb.db, view, { applicant: { nationalId: '31129956715', name: 'Kari Nordmann', phone: '91234567' } });
      const issued = await createIssueLetter({ db: tdb.db, policy })({ caseId: view.id, key: 'decision-1', kind: 'decision', view });
      expect(issued.channels).toEqual(['digital_mailbox', 'sms']);

      const channels = createDeliveryChannels(deliveryConfigFromEnv({ SMS_GATEWAY_URL: gateway.url }, dataDir));
      gateway.failNext(1, 400);
      await run(
        {
          deliverLetter: createDeliverLetter({ db: tdb.db, channels, policy }),
          recordDeliveryFailure: createRecordDeliveryFailure({ db: tdb.db }),
        },
        { caseId: view.id, letterId: issued.letterId, channels: issued.channels },
      );

      expect((await stat(path.join(dataDir, 'mailbox', `${issued.letterId}.json`))).isFile()).toBe(true);
      const rows = await tdb.db('letter_deliveries').where({ letter_id: issued.letterId }).orderBy('channel');
      expect(rows.map((r) => [r.channel, r.status, r.attempts])).toEqual([
        ['digital_mailbox', 'delivered', 1],
        ['sms', 'failed', 1],
      ]);
      const events = await tdb.db('case_events').where({ case_id: view.id });
      expect(events.map((e) => [e.type, e.actor, e.data.channel])).toEqual([['letter_delivery_failed', 'system', 'sms']]);
      expect(events[0].data.error).toContain('400');
    });
  });
});
