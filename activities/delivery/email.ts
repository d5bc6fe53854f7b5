// E-mail notices over SMTP. The notice says only that a new letter has arrived and where to read it:
// no name, no health information, no national id (Normen; the municipalities forbid sensitive data
// by e-mail). Its Message-ID is derived from the letter id, so a receiver that deduplicates on
// Message-ID shows a notice sent twice only once.
//
// SMTP has no idempotent submit: if a worker dies after the server accepted the mail but before the
// outbox row is marked delivered, the retry submits it again. The second copy carries the same
// Message-ID; whether it is shown twice is up to the receiving system. That is the one channel
// where delivery is at-least-once rather than exactly-once.
import nodemailer from 'nodemailer';
import { PermanentDeliveryError, type DeliveryChannel, type OutgoingMessage } from './channels';

export interface SmtpOptions {
  host: string;
  port: number;
  /** The sender address, "no-reply@kommune.no" or "Name <no-reply@kommune.no>". */
  from: string;
  /** Implicit TLS (port 465). Otherwise STARTTLS is used whenever the server offers it. */
  secure?: boolean;
  /**
   * SMTP_REQUIRE_TLS (default true): without implicit TLS, STARTTLS is required and a server that
   * does not offer it gets nothing, not a notice in plain text. A loopback server (a relay on this
   * machine, the tests' own) is exempt: nothing leaves the machine.
   */
  requireTls?: boolean;
  user?: string;
  password?: string;
  /** Well below the activity's start-to-close timeout, so an attempt never overlaps the next. */
  timeoutMs?: number;
}

/** The address part of "Name <address>" or a bare address. */
export function senderAddress(from: string): string {
  const match = /<([^>]+)>/.exec(from);
  return (match?.[1] ?? from).trim();
}

/** The Message-ID of a letter's notice: the same on every attempt. */
export function noticeMessageId(letterId: string, from: string): string {
  const domain = senderAddress(from).split('@')[1] || 'localhost';
  return `<${letterId}.notice@${domain}>`;
}

const PERMANENT_SMTP_CODES = new Set([550, 551, 552, 553, 554, 556]);

/** A host that is this machine by its very name: 127.0.0.0/8, ::1 or localhost. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare) || /^::ffff:127\./.test(bare);
}

/** nodemailer's transport options for these settings. */
export function smtpTransportOptions(opts: SmtpOptions) {
  const timeout = opts.timeoutMs ?? 20_000;
  const secure = opts.secure ?? false;
  return {
    host: opts.host,
    port: opts.port,
    secure,
    // STARTTLS or nothing, unless the server is this machine or TLS was turned off on purpose.
    requireTLS: !secure && (opts.requireTls ?? true) && !isLoopbackHost(opts.host),
    ...(opts.user && opts.password ? { auth: { user: opts.user, pass: opts.password } } : {}),
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  };
}

export function createEmailChannel(opts: SmtpOptions): DeliveryChannel {
  const transport = nodemailer.createTransport(smtpTransportOptions(opts));
  return {
    name: 'email',
    async deliver(msg: OutgoingMessage) {
      const to = msg.recipient.email;
      if (!to) throw new PermanentDeliveryError('the applicant has no e-mail address');
      const messageId = noticeMessageId(msg.letterId, opts.from);
      try {
        const info = await transport.sendMail({
          from: { name: `${msg.sender.office.name}, ${msg.sender.municipalityName}`, address: senderAddress(opts.from) },
          to,
          subject: msg.notice.subject,
          text: msg.notice.text,
          messageId,
          headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
        });
        return { externalId: info.messageId || messageId };
      } catch (error) {
        const code = (error as { responseCode?: number }).responseCode;
        const text = error instanceof Error ? error.message : String(error);
        // 55x: the server refused this recipient or message for good. 4xx, network errors and the
        // server's own configuration faults (530/535 authentication) may pass once they are fixed.
        if (typeof code === 'number' && PERMANENT_SMTP_CODES.has(code)) throw new PermanentDeliveryError(`SMTP ${code}: ${text}`);
        throw new Error(`SMTP delivery failed: ${text}`);
      }
    },
  };
}
