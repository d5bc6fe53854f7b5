// Which delivery channels this worker has, read from the environment.
//
//   (always)          digital mailbox: JSON files in <LETTER_FILES_DIR or DATA_DIR>/mailbox
//   (always)          print queue: PDFs in <LETTER_FILES_DIR or DATA_DIR>/print-queue
//                     (LETTER_FILES_DIR: one folder every worker shares, so each letter is one file)
//   SMTP_HOST         e-mail notices over SMTP; with SMTP_PORT (default 587), SMTP_FROM (required
//                     with SMTP_HOST), SMTP_SECURE=true for implicit TLS (port 465), and
//                     SMTP_USER + SMTP_PASSWORD when the server wants a login; SMTP_REQUIRE_TLS
//                     (default true): no mail to a server that does not offer STARTTLS, unless it
//                     is on loopback
//   SMS_GATEWAY_URL   SMS notices through an HTTP gateway; SMS_GATEWAY_TOKEN is sent as a bearer token
//
// A channel without configuration is not an error: its outbox rows are marked 'skipped' (with the
// setting that is missing in last_error) instead of being retried for ever, and the letter still
// reaches the applicant's digital mailbox or the print queue. Set the variable and new letters go
// out on that channel too.
import path from 'node:path';
import type { DeliveryChannels } from './channels';
import { createEmailChannel, type SmtpOptions } from './email';
import { createMailboxChannel } from './mailbox';
import { createPrintQueueChannel } from './print';
import { createSmsGatewayChannel, type SmsGatewayOptions } from './sms';

export interface DeliveryConfig {
  mailboxDir: string;
  printQueueDir: string;
  smtp: SmtpOptions | null;
  sms: SmsGatewayOptions | null;
}

type Env = Record<string, string | undefined>;

/** A delivery setting that cannot be used; the message names the variable. */
export class DeliveryConfigError extends Error {
  constructor(readonly variable: string, message: string) {
    super(`${variable}: ${message}`);
    this.name = 'DeliveryConfigError';
  }
}

function text(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/** `letterFilesDir`: the settings' LETTER_FILES_DIR, or DATA_DIR when it is unset. */
export function deliveryConfigFromEnv(env: Env, letterFilesDir: string): DeliveryConfig {
  const root = path.resolve(letterFilesDir);
  return { mailboxDir: path.join(root, 'mailbox'), printQueueDir: path.join(root, 'print-queue'), smtp: smtpFrom(env), sms: smsFrom(env) };
}

function smtpFrom(env: Env): SmtpOptions | null {
  const host = text(env, 'SMTP_HOST');
  if (!host) return null;
  const portText = text(env, 'SMTP_PORT');
  let port = 587;
  if (portText !== undefined) {
    port = Number(portText);
    if (!/^\d+$/.test(portText) || port < 1 || port > 65535) throw new DeliveryConfigError('SMTP_PORT', `"${portText}" is not a port number (1-65535)`);
  }
  const from = text(env, 'SMTP_FROM');
  if (!from) throw new DeliveryConfigError('SMTP_FROM', 'is required when SMTP_HOST is set, e.g. no-reply@namsos.kommune.no');
  if (!/^[^\s@<>]+@[^\s@<>]+$/.test(senderOf(from))) throw new DeliveryConfigError('SMTP_FROM', `"${from}" is not an e-mail address`);
  const secureText = text(env, 'SMTP_SECURE')?.toLowerCase();
  if (secureText !== undefined && !['true', 'false', '1', '0'].includes(secureText)) {
    throw new DeliveryConfigError('SMTP_SECURE', `"${secureText}" is not true or false`);
  }
  const requireTlsText = text(env, 'SMTP_REQUIRE_TLS')?.toLowerCase();
  if (requireTlsText !== undefined && !['true', 'false', '1', '0'].includes(requireTlsText)) {
    throw new DeliveryConfigError('SMTP_REQUIRE_TLS', `"${requireTlsText}" is not true or false`);
  }
  const user = text(env, 'SMTP_USER');
  const password = env.SMTP_PASSWORD;
  if (user && !password) throw new DeliveryConfigError('SMTP_PASSWORD', 'is required when SMTP_USER is set');
  return {
    host,
    port,
    from,
    secure: secureText === 'true' || secureText === '1',
    requireTls: requireTlsText === undefined || requireTlsText === 'true' || requireTlsText === '1',
    ...(user && password ? { user, password } : {}),
  };
}

function senderOf(from: string): string {
  return (/<([^>]+)>/.exec(from)?.[1] ?? from).trim();
}

function smsFrom(env: Env): SmsGatewayOptions | null {
  const url = text(env, 'SMS_GATEWAY_URL');
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DeliveryConfigError('SMS_GATEWAY_URL', 'is not a URL; write e.g. https://sms.example.no/api/messages');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new DeliveryConfigError('SMS_GATEWAY_URL', `must start with http:// or https:// (it starts with ${parsed.protocol}//)`);
  }
  const token = text(env, 'SMS_GATEWAY_TOKEN');
  return { url, ...(token ? { token } : {}) };
}

/** The channels the configuration provides; a missing one means its deliveries are skipped. */
export function createDeliveryChannels(config: DeliveryConfig): DeliveryChannels {
  const channels: DeliveryChannels = {
    digital_mailbox: createMailboxChannel({ dir: config.mailboxDir }),
    print: createPrintQueueChannel({ dir: config.printQueueDir }),
  };
  if (config.smtp) channels.email = createEmailChannel(config.smtp);
  if (config.sms) channels.sms = createSmsGatewayChannel(config.sms);
  return channels;
}

/** What to set to turn a channel on: written into the outbox row of a skipped delivery. */
export const CHANNEL_SETTINGS: Record<string, string> = {
  email: 'SMTP_HOST and SMTP_FROM',
  sms: 'SMS_GATEWAY_URL',
  digital_mailbox: 'LETTER_FILES_DIR or DATA_DIR',
  print: 'LETTER_FILES_DIR or DATA_DIR',
};
