// E-mail refuses to go without TLS, except to a server on loopback: a server elsewhere that offers no
// STARTTLS gets nothing (once it got the notice in plain text). The server here is the tests' real
// SMTP server, once on loopback and once on another of this machine's addresses (not loopback).
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveryConfigFromEnv } from '../../activities/delivery/config';
import { createEmailChannel, isLoopbackHost, smtpTransportOptions } from '../../activities/delivery/email';
import type { OutgoingMessage } from '../../activities/delivery/channels';
import { startSmtpServer, type TestSmtpServer } from './servers';

const external = Object.values(os.networkInterfaces())
  .flat()
  .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

let loopback: TestSmtpServer;
let elsewhere: TestSmtpServer | undefined;

beforeAll(async () => {
  loopback = await startSmtpServer();
  if (external) elsewhere = await startSmtpServer(external);
});

afterAll(async () => {
  await loopback?.close();
  await elsewhere?.close();
});

let n = 0;
function message(): OutgoingMessage {
  n += 1;
  return {
    letterId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    recipient: { email: 'kari.nordmann@example.no' },
    sender: { municipalityName: 'Namsos kommune', office: { name: 'Brukerkontoret', phone: '95 98 81 35' } },
    notice: { subject: 'Nytt brev fra Namsos kommune', text: 'Du har fått et nytt brev.' },
  } as unknown as OutgoingMessage;
}

describe('SMTP_REQUIRE_TLS', () => {
  it('is on unless set to false, and refuses anything but true or false naming the variable', () => {
    const base = { SMTP_HOST: 'smtp.example.no', SMTP_FROM: 'no-reply@namsos.kommune.no' };
    expect(deliveryConfigFromEnv(base, '/d').smtp?.requireTls).toBe(true);
    expect(deliveryConfigFromEnv({ ...base, SMTP_REQUIRE_TLS: 'false' }, '/d').smtp?.requireTls).toBe(false);
    expect(() => deliveryConfigFromEnv({ ...base, SMTP_REQUIRE_TLS: 'maybe' }, '/d')).toThrow(/^SMTP_REQUIRE_TLS: /);
  });

  it('asks nodemailer for STARTTLS to any server not on loopback; implicit TLS needs no STARTTLS', () => {
    const opts = { host: 'smtp.namsos.kommune.no', port: 587, from: 'no-reply@namsos.kommune.no' };
    expect(smtpTransportOptions(opts).requireTLS).toBe(true);
    expect(smtpTransportOptions({ ...opts, secure: true, port: 465 })).toMatchObject({ secure: true, requireTLS: false });
    expect(smtpTransportOptions({ ...opts, requireTls: false }).requireTLS).toBe(false);
    for (const host of ['127.0.0.1', '127.0.0.53', 'localhost', '::1', '[::1]']) expect(smtpTransportOptions({ ...opts, host }).requireTLS, host).toBe(false);
    for (const host of ['192.0.2.2', 'smtp.example.no', '10.0.0.1', 'localhost.example.no']) expect(isLoopbackHost(host), host).toBe(false);
  });

  it('a loopback server without STARTTLS still gets the notice', async () => {
    const channel = createEmailChannel({ host: '127.0.0.1', port: loopback.port, from: 'no-reply@namsos.kommune.no' });
    const before = loopback.received.length;
    await channel.deliver(message());
    expect(loopback.received).toHaveLength(before + 1);
  });

  it.skipIf(!external)('a server elsewhere without STARTTLS gets nothing; with SMTP_REQUIRE_TLS=false it gets the notice', async () => {
    const opts = { host: external!, port: elsewhere!.port, from: 'no-reply@namsos.kommune.no', timeoutMs: 5_000 };
    const refused = await createEmailChannel(opts).deliver(message()).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Error);
    expect((refused as Error).message).toMatch(/TLS/);
    expect(elsewhere!.received).toHaveLength(0);

    await createEmailChannel({ ...opts, requireTls: false }).deliver(message());
    expect(elsewhere!.received).toHaveLength(1);
  });
});
