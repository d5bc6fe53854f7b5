// Fiks IO's receiving side as the real one offers it: AMQP 0-9-1 (amqps://io.fiks.ks.no:5671, test
// io.fiks.test.ks.no), logged in as KS's clients do (fiks-io-client-dotnet AmqpHandler,
// fiks-io-client-java): PLAIN, the user name the integration's id, the password the integration's
// password, a space, and a Maskinporten token (ks:fiks); the account's queue fiksio.konto.<kontoId>
// consumed with manual acknowledgement. Each message's metadata is in its headers (melding-id, type,
// avsender-id, svar-til), its payload the body.
//
// The archiver pulls (receive, then acknowledge each once handled), so this inbox keeps what the
// broker has delivered and acknowledges a message only when asked: a worker that dies before leaves
// it unacknowledged, and the broker delivers it again (handling is idempotent). A lost connection is
// dropped with what it delivered (the broker gives those back) and made again on a later receive,
// after a back-off that doubles up to a minute; each connection fetches a fresh token, which is also
// why amqplib's own recovery (fixed credentials) is not used.
import { connect, type Channel, type ChannelModel, type ConsumeMessage } from 'amqplib';
import { FiksIoError, fiksToken, type FiksIoInbox, type FiksIoOptions, type MottattMelding } from './fiksIo';

export interface AmqpInboxOptions extends Pick<FiksIoOptions, 'accountId' | 'integrationId' | 'integrationPassword' | 'maskinporten'> {
  /** e.g. amqps://io.fiks.test.ks.no:5671; credentials in it are ignored. */
  amqpUrl: string;
  /** Messages delivered at a time before any is acknowledged (basic.qos). */
  prefetch?: number;
  /** First back-off after a failed connection, ms; doubles, at most a minute. */
  retryBaseMs?: number;
  /** Heartbeat asked of the broker, seconds (0: none). */
  heartbeatSeconds?: number;
}

interface Held {
  melding: MottattMelding;
  message: ConsumeMessage;
  channel: Channel;
}

function header(headers: Record<string, unknown> | undefined, name: string): string | undefined {
  const value = headers?.[name];
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return undefined;
}

/** A delivery as Fiks IO's message, or null when its required headers are missing. */
export function parseDelivery(message: ConsumeMessage, accountId: string): MottattMelding | null {
  const headers = message.properties.headers as Record<string, unknown> | undefined;
  const meldingId = header(headers, 'melding-id');
  const meldingType = header(headers, 'type');
  const avsenderKontoId = header(headers, 'avsender-id');
  if (!meldingId || !meldingType || !avsenderKontoId) return null;
  const headere: Record<string, string> = {};
  for (const key of Object.keys(headers ?? {})) {
    const v = key.startsWith('egendefinert-header.') ? header(headers, key) : undefined;
    if (v !== undefined) headere[key.slice('egendefinert-header.'.length)] = v;
  }
  return { meldingId, meldingType, avsenderKontoId, mottakerKontoId: accountId, ttl: 0, svarPaMelding: header(headers, 'svar-til') ?? null, headere, data: message.content };
}

export function createAmqpInbox(opts: AmqpInboxOptions): FiksIoInbox {
  const url = new URL(opts.amqpUrl);
  const secure = url.protocol === 'amqps:';
  const queue = `fiksio.konto.${opts.accountId}`;
  const retryBase = opts.retryBaseMs ?? 1000;
  let model: ChannelModel | null = null;
  let connecting: Promise<void> | null = null;
  let failures = 0;
  let nextAttemptAt = 0;
  let closed = false;
  /** Delivered and not yet acknowledged, in delivery order, by meldingId. */
  const held = new Map<string, Held>();

  function drop(current: ChannelModel) {
    if (model !== current) return;
    model = null;
    // What this connection delivered comes again from the broker, on the next connection.
    held.clear();
  }

  async function open(): Promise<void> {
    const token = await fiksToken(opts, 'receive');
    let current: ChannelModel;
    try {
      current = await connect({
        protocol: secure ? 'amqps' : 'amqp',
        hostname: url.hostname.replace(/^\[|\]$/g, ''),
        port: url.port ? Number(url.port) : secure ? 5671 : 5672,
        vhost: url.pathname.length > 1 ? decodeURIComponent(url.pathname.slice(1)) : '/',
        username: opts.integrationId,
        password: `${opts.integrationPassword} ${token}`,
        heartbeat: opts.heartbeatSeconds ?? 30,
      });
    } catch (error) {
      const message = (error as Error).message;
      const refused = /403|ACCESS.REFUSED/i.test(message);
      throw new FiksIoError(
        `Fiks IO receive: cannot connect to ${url.host}: ${message}${refused ? ' (check FIKS_ARKIV_INTEGRATION_ID, FIKS_ARKIV_INTEGRATION_PASSWORD and the Maskinporten client)' : ''}`,
        null,
        true,
      );
    }
    current.on('error', () => undefined);
    current.on('close', () => drop(current));
    try {
      const channel = await current.createChannel();
      channel.on('error', () => undefined);
      // A channel closed by the broker (the queue refused) ends the connection too: made again after the back-off.
      channel.on('close', () => {
        drop(current);
        void current.close().catch(() => undefined);
      });
      await channel.prefetch(opts.prefetch ?? 100);
      await channel.consume(
        queue,
        (message) => {
          if (!message) return drop(current); // cancelled by the broker
          const melding = parseDelivery(message, opts.accountId);
          // A message without Fiks IO's headers is not for this client: acknowledged so it does not block the queue.
          if (!melding) return channel.ack(message);
          held.set(melding.meldingId, { melding, message, channel });
        },
        { noAck: false },
      );
    } catch (error) {
      drop(current);
      await current.close().catch(() => undefined);
      throw new FiksIoError(`Fiks IO receive: cannot consume ${queue}: ${(error as Error).message} (check FIKS_ARKIV_ACCOUNT_ID and the integration's access to it)`, null, true);
    }
    model = current;
  }

  async function ensureOpen(): Promise<void> {
    if (model || closed) return;
    if (Date.now() < nextAttemptAt) throw new FiksIoError(`Fiks IO receive: not connected to ${url.host}; trying again in ${Math.ceil((nextAttemptAt - Date.now()) / 1000)} s`, null, true);
    connecting ??= open()
      .then(() => {
        failures = 0;
        nextAttemptAt = 0;
      })
      .catch((error: unknown) => {
        failures += 1;
        nextAttemptAt = Date.now() + Math.min(retryBase * 2 ** (failures - 1), 60_000);
        throw error;
      })
      .finally(() => {
        connecting = null;
      });
    await connecting;
  }

  return {
    async receive(max) {
      await ensureOpen();
      return [...held.values()].slice(0, max).map((h) => h.melding);
    },
    async acknowledge(meldingId) {
      const h = held.get(meldingId);
      if (!h) return; // its connection is gone: the broker delivers it again, and handling it again changes nothing
      held.delete(meldingId);
      try {
        h.channel.ack(h.message);
      } catch {
        // The channel closed in between: the same as above.
      }
    },
    async close() {
      closed = true;
      await connecting?.catch(() => undefined);
      const current = model;
      model = null;
      held.clear();
      await current?.close().catch(() => undefined);
    },
  };
}
