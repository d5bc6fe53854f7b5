// Each delivery channel against a real receiver: files in temp directories, an SMTP server, an
// HTTP SMS gateway. Each one's idempotency: a second delivery of the same letter sends nothing new.
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PermanentDeliveryError, type OutgoingMessage } from '../../activities/delivery/channels';
import { createDeliveryChannels, deliveryConfigFromEnv } from '../../activities/delivery/config';
import { createEmailChannel, noticeMessageId } from '../../activities/delivery/email';
import { createMailboxChannel } from '../../activities/delivery/mailbox';
import { createPrintQueueChannel } from '../../activities/delivery/print';
import { createSmsGatewayChannel, normalisePhone } from '../../activities/delivery/sms';
import { renderNotice } from '../../activities/letters/notice';
import { APPLICANT, municipality, NATIONAL_ID } from '../letters/fixtures';
import { startSmsGateway, startSmtpServer, type TestSmsGateway, type TestSmtpServer } from './servers';

const m = municipality('namsos');

function message(channel: 'sms' | 'email' | 'content', letterId = randomUUID()): OutgoingMessage {
  return {
    letterId,
    caseId: randomUUID(),
    createdAt: new Date('2027-03-05T10:00:00.000Z'),
    sender: { municipalityName: m.name, office: m.office },
    // The applicant as stored, national id included: no channel may pass it on.
    recipient: APPLICANT,
    ...(channel === 'content'
      ? { letter: { kind: 'decision' as const, subject: 'Vedtak om hjemmesykepleie – innvilget', body: 'Hei, Kari Nordmann\n\nSøknaden din er innvilget.\n' } }
      : {}),
    notice: renderNotice(m, channel === 'email' ? 'email' : 'sms'),
  };
}

let dir: string;
let smtp: TestSmtpServer;
let gateway: TestSmsGateway;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'delivery-channels-'));
  [smtp, gateway] = await Promise.all([startSmtpServer(), startSmsGateway()]);
});

afterAll(async () => {
  await Promise.all([smtp?.close(), gateway?.close(), rm(dir, { recursive: true, force: true })]);
});

describe('digital mailbox', () => {
  it('drops the letter as one JSON file named by the letter id, and never writes it twice', async () => {
    const mailboxDir = path.join(dir, 'mailbox');
    const channel = createMailboxChannel({ dir: mailboxDir });
    const msg = message('content');
    const first = await channel.deliver(msg);
    const file = path.join(mailboxDir, `${msg.letterId}.json`);
    expect(first).toEqual({ externalId: file, alreadyDelivered: false });

    const content = JSON.parse(await readFile(file, 'utf8'));
    expect(content).toMatchObject({
      letterId: msg.letterId,
      caseId: msg.caseId,
      kind: 'decision',
      subject: msg.letter?.subject,
      body: msg.letter?.body,
      recipient: { name: APPLICANT.name },
      sender: { municipality: 'Namsos kommune', office: 'Brukerkontoret', phone: '95 98 81 35' },
    });
    expect(JSON.stringify(content)).not.toContain(NATIONAL_ID);
    const before = await stat(file);

    const again = await channel.deliver({ ...msg, letter: { ...msg.letter!, body: 'changed' } });
    expect(again).toEqual({ externalId: file, alreadyDelivered: true });
    const after = await stat(file);
    expect([after.ino, after.mtimeMs, after.size]).toEqual([before.ino, before.mtimeMs, before.size]);
    expect(JSON.parse(await readFile(file, 'utf8')).body).toBe(msg.letter?.body);
    // No temporary file is left behind.
    expect(await readdir(mailboxDir)).toEqual([`${msg.letterId}.json`]);
  });

  it('of two deliveries racing, exactly one writes', async () => {
    const mailboxDir = path.join(dir, 'mailbox-race');
    const channel = createMailboxChannel({ dir: mailboxDir });
    const msg = message('content');
    const results = await Promise.all(Array.from({ length: 8 }, () => channel.deliver(msg)));
    expect(results.filter((r) => !r.alreadyDelivered)).toHaveLength(1);
    expect(await readdir(mailboxDir)).toEqual([`${msg.letterId}.json`]);
  });
});

describe('print queue', () => {
  it('writes the letter as a PDF with the address block, once', async () => {
    const queue = path.join(dir, 'print-queue');
    const channel = createPrintQueueChannel({ dir: queue });
    const msg = message('content');
    const first = await channel.deliver(msg);
    const file = path.join(queue, `${msg.letterId}.pdf`);
    expect(first).toEqual({ externalId: file, alreadyDelivered: false });
    const pdf = await readFile(file);
    const parser = new PDFParse({ data: new Uint8Array(pdf) });
    const text = (await parser.getText()).text.replace(/\s+/g, ' ');
    await parser.destroy();
    expect(text).toContain('Kari Nordmann Storgata 1 7800 Namsos');
    expect(text).toContain('Søknaden din er innvilget.');
    expect(text).toContain('Brukerkontoret');
    expect(text.replace(/\s/g, '')).not.toContain(NATIONAL_ID);
    const before = await stat(file);
    expect((await channel.deliver(msg)).alreadyDelivered).toBe(true);
    expect((await stat(file)).mtimeMs).toBe(before.mtimeMs);
    expect(await readdir(queue)).toEqual([`${msg.letterId}.pdf`]);
  });
});

describe('e-mail notice over SMTP', () => {
  it('sends the notice, and only the notice, with a Message-ID derived from the letter id', async () => {
    const channel = createEmailChannel({ host: '127.0.0.1', port: smtp.port, from: 'Varsel <no-reply@namsos.kommune.no>' });
    const msg = message('email');
    const before = smtp.received.length;
    const result = await channel.deliver(msg);
    expect(result.externalId).toBe(`<${msg.letterId}.notice@namsos.kommune.no>`);
    expect(smtp.received).toHaveLength(before + 1);
    const mail = smtp.received.at(-1)!;
    expect(mail.to).toEqual([APPLICANT.email]);
    expect(mail.from).toBe('no-reply@namsos.kommune.no');
    expect(mail.headers['message-id']).toBe(noticeMessageId(msg.letterId, 'no-reply@namsos.kommune.no'));
    expect(mail.subject).toBe('Nytt brev fra Namsos kommune');
    expect(mail.text).toContain('Du har fått et nytt brev fra Brukerkontoret i Namsos kommune. Les det i din digitale postkasse. Spørsmål: 95 98 81 35.');
    for (const word of ['Kari', 'Nordmann', 'hjemmesykepleie', 'Vedtak', 'innvilget', NATIONAL_ID]) expect(mail.raw).not.toContain(word);
  });

  it('SMTP cannot deduplicate: a repeated send arrives twice, with the same Message-ID for the receiver to collapse', async () => {
    const channel = createEmailChannel({ host: '127.0.0.1', port: smtp.port, from: 'no-reply@namsos.kommune.no' });
    const msg = message('email');
    await channel.deliver(msg);
    await channel.deliver(msg);
    const copies = smtp.received.filter((r) => r.headers['message-id'] === `<${msg.letterId}.notice@namsos.kommune.no>`);
    expect(copies).toHaveLength(2);
  });

  it('a refused recipient is a permanent failure; an unreachable server is not', async () => {
    const channel = createEmailChannel({ host: '127.0.0.1', port: smtp.port, from: 'no-reply@namsos.kommune.no' });
    smtp.rejectRecipientsWith = 550;
    try {
      await expect(channel.deliver(message('email'))).rejects.toBeInstanceOf(PermanentDeliveryError);
    } finally {
      smtp.rejectRecipientsWith = null;
    }
    const down = createEmailChannel({ host: '127.0.0.1', port: 1, from: 'no-reply@namsos.kommune.no', timeoutMs: 2_000 });
    const error = await down.deliver(message('email')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(PermanentDeliveryError);
  });
});

describe('SMS notice through the HTTP gateway', () => {
  it('posts the notice with an Idempotency-Key; a repeat with the same key sends nothing more', async () => {
    const channel = createSmsGatewayChannel({ url: gateway.url, token: 'secret-token' });
    const msg = message('sms');
    const first = await channel.deliver(msg);
    const second = await channel.deliver(msg);
    expect(first.externalId).toMatch(/^sms-\d+$/);
    expect(second.externalId).toBe(first.externalId);
    const mine = gateway.requests.filter((r) => r.body.reference === msg.letterId);
    expect(mine).toHaveLength(2);
    expect(mine.every((r) => r.idempotencyKey === `${msg.letterId}:sms`)).toBe(true);
    expect(gateway.sent.filter((r) => r.body.reference === msg.letterId)).toHaveLength(1);
    expect(mine[0]?.authorization).toBe('Bearer secret-token');
    expect(mine[0]?.body).toEqual({
      to: '+4791234567',
      text: 'Du har fått et nytt brev fra Brukerkontoret i Namsos kommune. Les det i din digitale postkasse. Spørsmål: 95 98 81 35.',
      reference: msg.letterId,
    });
  });

  it('a 4xx answer is permanent, a 5xx or 429 may pass later', async () => {
    const channel = createSmsGatewayChannel({ url: gateway.url });
    gateway.failNext(1, 422);
    await expect(channel.deliver(message('sms'))).rejects.toBeInstanceOf(PermanentDeliveryError);
    for (const status of [503, 429]) {
      gateway.failNext(1, status);
      const error = await channel.deliver(message('sms')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(PermanentDeliveryError);
      expect((error as Error).message).toContain(String(status));
    }
  });

  it('writes Norwegian numbers in E.164', () => {
    expect(normalisePhone('912 34 567')).toBe('+4791234567');
    expect(normalisePhone('+47 912 34 567')).toBe('+4791234567');
    expect(normalisePhone('0047 91234567')).toBe('+4791234567');
  });
});

describe('delivery configuration', () => {
  it('has the mailbox and the print queue under DATA_DIR always, e-mail and SMS when configured', () => {
    const bare = deliveryConfigFromEnv({}, '/srv/data');
    expect(bare).toEqual({ mailboxDir: '/srv/data/mailbox', printQueueDir: '/srv/data/print-queue', smtp: null, sms: null });
    expect(Object.keys(createDeliveryChannels(bare)).sort()).toEqual(['digital_mailbox', 'print']);

    const full = deliveryConfigFromEnv(
      { SMTP_HOST: 'smtp.example.no', SMTP_PORT: '2525', SMTP_FROM: 'no-reply@namsos.kommune.no', SMS_GATEWAY_URL: 'https://sms.example.no/send' },
      '/srv/data',
    );
    expect(full.smtp).toEqual({ host: 'smtp.example.no', port: 2525, from: 'no-reply@namsos.kommune.no', secure: false, requireTls: true });
    expect(full.sms).toEqual({ url: 'https://sms.example.no/send' });
    expect(Object.keys(createDeliveryChannels(full)).sort()).toEqual(['digital_mailbox', 'email', 'print', 'sms']);
  });

  it('names the variable that is wrong', () => {
    expect(() => deliveryConfigFromEnv({ SMTP_HOST: 'smtp.example.no' }, '/d')).toThrow(/^SMTP_FROM: /);
    expect(() => deliveryConfigFromEnv({ SMTP_HOST: 'h', SMTP_FROM: 'a@b.no', SMTP_PORT: 'x' }, '/d')).toThrow(/^SMTP_PORT: /);
    expect(() => deliveryConfigFromEnv({ SMTP_HOST: 'h', SMTP_FROM: 'not an address' }, '/d')).toThrow(/^SMTP_FROM: /);
    expect(() => deliveryConfigFromEnv({ SMS_GATEWAY_URL: 'sms.example.no' }, '/d')).toThrow(/^SMS_GATEWAY_URL: /);
    expect(() => deliveryConfigFromEnv({ SMS_GATEWAY_URL: 'ftp://sms.example.no' }, '/d')).toThrow(/^SMS_GATEWAY_URL: /);
  });
});
