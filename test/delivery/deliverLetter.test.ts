// The outbox against PostgreSQL and real channels: each letter delivered once per channel, also when
// the activity is retried and when a worker died after sending but before marking the row.
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeliveryChannelName, DeliveryChannels, OutgoingMessage } from '../../activities/delivery/channels';
import { createDeliveryChannels, deliveryConfigFromEnv } from '../../activities/delivery/config';
import { createDeliverLetter, createRecordDeliveryFailure, DELIVERY_FAILURE_SEQ_BASE } from '../../activities/delivery/deliverLetter';
import { createIssueLetter } from '../../activities/letters/issueLetter';
import { renderNotice } from '../../activities/letters/notice';
import type { Channel } from '../../domain/case/caseTypes';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { APPLICANT, decidedView, insertCase, municipality, policy } from '../letters/fixtures';
import { startSmsGateway, startSmtpServer, type TestSmsGateway, type TestSmtpServer } from './servers';

let tdb: TestDatabase;
let dataDir: string;
let smtp: TestSmtpServer;
let gateway: TestSmsGateway;
let channels: DeliveryChannels;

beforeAll(async () => {
  [tdb, smtp, gateway] = await Promise.all([createTestDatabase(), startSmtpServer(), startSmsGateway()]);
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'deliver-letter-'));
  channels = createDeliveryChannels(
    deliveryConfigFromEnv(
      { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), SMTP_FROM: 'no-reply@namsos.kommune.no', SMS_GATEWAY_URL: gateway.url },
      dataDir,
    ),
  );
});

afterAll(async () => {
  await Promise.all([tdb?.drop(), smtp?.close(), gateway?.close(), dataDir && rm(dataDir, { recursive: true, force: true })]);
});

async function issue(channel: Channel = 'digital') {
  const m = municipality('namsos');
  const view = decidedView(m, 'granted', { channel });
  await insertCase(tdb.db, view, { channel });
  const issued = await createIssueLetter({ db: tdb.db, policy })({ caseId: view.id, key: 'decision-1', kind: 'decision', view });
  return { view, ...issued };
}

async function outbox(letterId: string, channel: DeliveryChannelName) {
  return tdb.db('letter_deliveries').where({ letter_id: letterId, channel }).first();
}

/** What a worker had already handed to a channel when it died: the same letter, the same idempotency. */
async function sameMessage(letterId: string, channel: DeliveryChannelName): Promise<OutgoingMessage> {
  const letter = await tdb.db('letters').where({ id: letterId }).first();
  const m = municipality('namsos');
  return {
    letterId,
    caseId: letter.case_id,
    createdAt: new Date(letter.created_at),
    sender: { municipalityName: m.name, office: m.office },
    recipient: { name: APPLICANT.name, address: APPLICANT.address, phone: APPLICANT.phone, email: APPLICANT.email },
    ...(channel === 'digital_mailbox' || channel === 'print' ? { letter: { kind: letter.kind, subject: letter.subject, body: letter.body } } : {}),
    notice: renderNotice(m, channel === 'email' ? 'email' : 'sms'),
  };
}

const smsFor = (letterId: string) => ({
  requests: gateway.requests.filter((r) => r.body.reference === letterId).length,
  sent: gateway.sent.filter((r) => r.body.reference === letterId).length,
});
const mailsFor = (letterId: string) => smtp.received.filter((r) => r.headers['message-id'] === `<${letterId}.notice@namsos.kommune.no>`);

describe('deliverLetter', () => {
  it('delivers each channel once; a retried activity sends nothing again', async () => {
    const { letterId, channels: names } = await issue();
    expect(names).toEqual(['digital_mailbox', 'sms', 'email']);
    const deliverLetter = createDeliverLetter({ db: tdb.db, channels, policy });

    for (const channel of names) expect(await deliverLetter({ letterId, channel })).toBe('delivered');
    for (const channel of names) expect(await deliverLetter({ letterId, channel })).toBe('already_delivered');

    const mailboxFile = path.join(dataDir, 'mailbox', `${letterId}.json`);
    expect((await stat(mailboxFile)).isFile()).toBe(true);
    expect(smsFor(letterId)).toEqual({ requests: 1, sent: 1 });
    expect(mailsFor(letterId)).toHaveLength(1);

    for (const channel of names) {
      const row = await outbox(letterId, channel);
      expect(row).toMatchObject({ status: 'delivered', attempts: 1, last_error: null });
      expect(row.delivered_at).toBeInstanceOf(Date);
      expect(row.external_id).toBeTruthy();
    }
    expect((await outbox(letterId, 'email')).external_id).toBe(`<${letterId}.notice@namsos.kommune.no>`);
  });

  it('gives SMS and e-mail the notice alone: no name, no letter content', async () => {
    const { letterId } = await issue();
    const deliverLetter = createDeliverLetter({ db: tdb.db, channels, policy });
    await deliverLetter({ letterId, channel: 'sms' });
    await deliverLetter({ letterId, channel: 'email' });
    const sms = gateway.sent.find((r) => r.body.reference === letterId);
    const mail = mailsFor(letterId)[0];
    for (const text of [JSON.stringify(sms?.body), `${mail?.subject}\n${mail?.text}`]) {
      expect(text).toContain('Les det i din digitale postkasse');
      for (const word of ['Kari', 'Nordmann', 'jemmesykepleie', 'Vedtak', 'innvilget', APPLICANT.nationalId]) expect(text).not.toContain(word);
    }
  });

  describe('a worker that died right after sending, before the outbox was marked', () => {
    it('digital mailbox: the retry finds the file and writes nothing', async () => {
      const { letterId } = await issue();
      await channels.digital_mailbox!.deliver(await sameMessage(letterId, 'digital_mailbox'));
      const file = path.join(dataDir, 'mailbox', `${letterId}.json`);
      const before = await stat(file);
      expect((await outbox(letterId, 'digital_mailbox')).status).toBe('pending');

      expect(await createDeliverLetter({ db: tdb.db, channels, policy })({ letterId, channel: 'digital_mailbox' })).toBe('already_delivered');
      const after = await stat(file);
      expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
      expect((await readdir(path.join(dataDir, 'mailbox'))).filter((f) => f.includes(letterId))).toEqual([`${letterId}.json`]);
      expect(await outbox(letterId, 'digital_mailbox')).toMatchObject({ status: 'delivered', attempts: 1, external_id: file });
    });

    it('SMS: the retry reaches the gateway with the same Idempotency-Key, and one SMS is sent', async () => {
      const { letterId } = await issue();
      await channels.sms!.deliver(await sameMessage(letterId, 'sms'));
      expect(await createDeliverLetter({ db: tdb.db, channels, policy })({ letterId, channel: 'sms' })).toBe('delivered');
      expect(smsFor(letterId)).toEqual({ requests: 2, sent: 1 });
      expect(new Set(gateway.requests.filter((r) => r.body.reference === letterId).map((r) => r.idempotencyKey))).toEqual(new Set([`${letterId}:sms`]));
      expect((await outbox(letterId, 'sms')).status).toBe('delivered');
    });

    it('print queue: the retry finds the PDF and writes nothing', async () => {
      const { letterId, channels: names } = await issue('paper');
      expect(names).toEqual(['print']);
      await channels.print!.deliver(await sameMessage(letterId, 'print'));
      const file = path.join(dataDir, 'print-queue', `${letterId}.pdf`);
      const before = await stat(file);
      expect(await createDeliverLetter({ db: tdb.db, channels, policy })({ letterId, channel: 'print' })).toBe('already_delivered');
      expect((await stat(file)).mtimeMs).toBe(before.mtimeMs);
      expect((await outbox(letterId, 'print')).status).toBe('delivered');
    });

    it('e-mail (the documented limit): SMTP takes the mail again, with the same Message-ID', async () => {
      const { letterId } = await issue();
      await channels.email!.deliver(await sameMessage(letterId, 'email'));
      expect(await createDeliverLetter({ db: tdb.db, channels, policy })({ letterId, channel: 'email' })).toBe('delivered');
      const copies = mailsFor(letterId);
      expect(copies).toHaveLength(2);
      expect(new Set(copies.map((c) => c.headers['message-id'])).size).toBe(1);
    });
  });

  it('records a failed attempt and throws to be retried; the retry delivers', async () => {
    const { letterId } = await issue();
    const deliverLetter = createDeliverLetter({ db: tdb.db, channels, policy });
    gateway.failNext(1, 503);
    const error = await deliverLetter({ letterId, channel: 'sms' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ nonRetryable: false, type: 'delivery_failed' });
    expect((error as Error).message).toContain('503');
    expect((error as Error).message).not.toContain('912');
    expect(await outbox(letterId, 'sms')).toMatchObject({ status: 'pending', attempts: 1 });
    expect((await outbox(letterId, 'sms')).last_error).toContain('503');

    expect(await deliverLetter({ letterId, channel: 'sms' })).toBe('delivered');
    expect(await outbox(letterId, 'sms')).toMatchObject({ status: 'delivered', attempts: 2, last_error: null });
    expect(smsFor(letterId).sent).toBe(1);
  });

  it('a refusal that cannot pass is thrown as non-retryable', async () => {
    const { letterId } = await issue();
    gateway.failNext(1, 400);
    await expect(createDeliverLetter({ db: tdb.db, channels, policy })({ letterId, channel: 'sms' })).rejects.toMatchObject({
      nonRetryable: true,
      type: 'delivery_refused',
    });
  });

  it('a channel this installation has not configured is skipped, not retried for ever', async () => {
    const { letterId } = await issue();
    const withoutSms: DeliveryChannels = { ...channels };
    delete withoutSms.sms;
    const deliverLetter = createDeliverLetter({ db: tdb.db, channels: withoutSms, policy });
    expect(await deliverLetter({ letterId, channel: 'sms' })).toBe('skipped');
    expect(await deliverLetter({ letterId, channel: 'sms' })).toBe('skipped');
    const row = await outbox(letterId, 'sms');
    expect(row).toMatchObject({ status: 'skipped', attempts: 0 });
    expect(row.last_error).toContain('SMS_GATEWAY_URL');
    expect(smsFor(letterId).requests).toBe(0);
  });

  it('an unknown delivery is a non-retryable failure', async () => {
    await expect(createDeliverLetter({ db: tdb.db, channels, policy })({ letterId: randomUUID(), channel: 'sms' })).rejects.toMatchObject({
      nonRetryable: true,
    });
  });
});

describe('recordDeliveryFailure', () => {
  it('marks the row failed and appends one case event, without the address or number', async () => {
    const { view, letterId } = await issue();
    const record = createRecordDeliveryFailure({ db: tdb.db });
    const failure = { caseId: view.id, letterId, channel: 'email', error: 'SMTP 550: mailbox kari.nordmann@example.no unavailable' };
    await record(failure);
    await record(failure);

    const row = await outbox(letterId, 'email');
    expect(row).toMatchObject({ status: 'failed', last_error: failure.error });
    const events = await tdb.db('case_events').where({ case_id: view.id, type: 'letter_delivery_failed' });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ seq: DELIVERY_FAILURE_SEQ_BASE + Number(row.id), actor: 'system' });
    expect(events[0].data).toEqual({ letterId, kind: 'decision', channel: 'email', error: 'SMTP 550: mailbox [e-post] unavailable' });
  });

  it('leaves a delivered row alone', async () => {
    const { view, letterId } = await issue();
    await createDeliverLetter({ db: tdb.db, channels, policy })({ letterId, channel: 'digital_mailbox' });
    await createRecordDeliveryFailure({ db: tdb.db })({ caseId: view.id, letterId, channel: 'digital_mailbox', error: 'late report' });
    expect((await outbox(letterId, 'digital_mailbox')).status).toBe('delivered');
    expect(await tdb.db('case_events').where({ case_id: view.id, type: 'letter_delivery_failed' })).toHaveLength(0);
  });
});
