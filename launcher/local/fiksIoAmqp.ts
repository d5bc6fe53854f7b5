// The local Fiks IO's AMQP 0-9-1 side: a broker of the project's own that does only what a Fiks IO
// account's consumer does with the real one (amqps://io.fiks.ks.no:5671, KS's clients'
// AmqpHandler): the protocol header; connection.start/start-ok with PLAIN, the user name the
// integration's id and the password "<integration password> <Maskinporten token with ks:fiks>";
// tune (heartbeats as the client asks: each one it sends is answered with one, so its monitor sees
// traffic), open; channel.open; basic.qos (prefetch count); queue.declare passive and basic.consume
// on fiksio.konto.<kontoId> only (any other queue: channel.close 403 ACCESS_REFUSED, as RabbitMQ's
// permissions); basic.deliver with the message's metadata in the headers (melding-id, type,
// avsender-id, svar-til) and the payload as the body; basic.ack removes a message; basic.nack/reject
// with requeue and a closed channel or connection give unacknowledged messages back, marked
// `redelivered`; connection.close. A wrong user or password is answered connection.close 403.
// Not done: TLS (amqps), virtual hosts (any is accepted), exchanges and publishing, transactions,
// confirms, several consumers of one account sharing out messages fairly, frames larger than
// frame-max from the client (it sends none but methods).
//
// The frames are encoded and decoded by amqplib's own codec (lib/defs, lib/frame: generated from
// the 0-9-1 spec, server methods included). amqplib does not export them, so they are loaded by
// file path; the version is pinned in package.json, and test/national/fiksIoAmqp.test.ts runs the
// broker against amqplib's client.
import net from 'node:net';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';

interface MethodFrame {
  id: number;
  channel: number;
  fields: Record<string, unknown>;
}
type Name =
  | 'ConnectionStart' | 'ConnectionStartOk' | 'ConnectionTune' | 'ConnectionTuneOk' | 'ConnectionOpen' | 'ConnectionOpenOk' | 'ConnectionClose' | 'ConnectionCloseOk'
  | 'ChannelOpen' | 'ChannelOpenOk' | 'ChannelClose' | 'ChannelCloseOk' | 'QueueDeclare' | 'QueueDeclareOk'
  | 'BasicQos' | 'BasicQosOk' | 'BasicConsume' | 'BasicConsumeOk' | 'BasicCancel' | 'BasicCancelOk' | 'BasicDeliver' | 'BasicAck' | 'BasicNack' | 'BasicReject' | 'BasicProperties'
  | 'FRAME_OVERHEAD';
type Constant = 'FRAME_METHOD' | 'FRAME_HEARTBEAT' | 'ACCESS_REFUSED' | 'NOT_IMPLEMENTED';
interface Codec {
  defs: {
    constants: Record<Constant, number>;
    encodeMethod(id: number, channel: number, fields: Record<string, unknown>): Buffer;
    encodeProperties(id: number, channel: number, size: number, fields: Record<string, unknown>): Buffer;
  } & Record<Name, number>;
  frame: {
    PROTOCOL_HEADER: string;
    HEARTBEAT_BUF: Buffer;
    makeBodyFrame(channel: number, payload: Buffer): Buffer;
    parseFrame(bin: Buffer, max: number): false | { type: number; channel: number; payload: Buffer; rest: Buffer };
    decodeFrame(frame: object): MethodFrame | { channel: number; size: number } | { channel: number; content: Buffer } | { channel: 0 };
  };
}

function loadCodec(): Codec {
  const lib = path.join(path.dirname(require.resolve('amqplib')), 'lib');
  return { defs: require(path.join(lib, 'defs.js')) as Codec['defs'], frame: require(path.join(lib, 'frame.js')) as Codec['frame'] };
}

/** A message in an account's queue, as the local Fiks IO keeps it. */
export interface AmqpQueued {
  meldingId: string;
  meldingType: string;
  avsenderKontoId: string;
  svarPaMelding?: string | null;
  headere?: Record<string, string>;
  data: Buffer;
  /** Delivered before and not acknowledged. */
  redelivered?: boolean;
}

export interface LocalAmqpBroker {
  /** amqp://127.0.0.1:<port>, no credentials. */
  url: string;
  port: number;
  /** Offers new messages to the consumers (call after adding to a queue). */
  notify(): void;
  /** Open connections (a consumer killed shows here as one less). */
  connections(): number;
  /** Cuts every connection without a word, as a network fault would; their unacknowledged messages go back. */
  dropConnections(): void;
  close(): Promise<void>;
}

export const ACCOUNT_QUEUE_PREFIX = 'fiksio.konto.';

export async function startLocalAmqpBroker(opts: {
  host?: string;
  port?: number;
  /** The queue of the account the user name and password give access to, or null (refused). */
  authenticate(username: string, password: string): Promise<string | null>;
  /** The messages in a queue, oldest first; the broker removes a message when it is acknowledged. */
  queue(name: string): AmqpQueued[] | undefined;
}): Promise<LocalAmqpBroker> {
  const { defs, frame } = loadCodec();
  const C = defs.constants;
  /** Which connection holds a delivered, unacknowledged message. */
  const held = new Map<AmqpQueued, Connection>();
  const open = new Set<Connection>();

  interface Consumer {
    channel: number;
    tag: string;
    queue: string;
  }
  interface Unacked {
    message: AmqpQueued;
    queue: string;
    channel: number;
  }
  interface Connection {
    socket: net.Socket;
    allowedQueue: string | null;
    frameMax: number;
    prefetch: Map<number, number>;
    consumers: Consumer[];
    unacked: Map<number, Unacked>;
    nextTag: number;
  }

  const send = (c: Connection, id: number, channel: number, fields: Record<string, unknown>) => {
    if (!c.socket.destroyed) c.socket.write(defs.encodeMethod(id, channel, fields));
  };

  /** Gives a connection's (or one channel's) unacknowledged messages back to their queue, marked redelivered. */
  function release(c: Connection, channel?: number) {
    for (const [tag, u] of c.unacked) {
      if (channel !== undefined && u.channel !== channel) continue;
      c.unacked.delete(tag);
      held.delete(u.message);
      u.message.redelivered = true;
    }
    if (channel !== undefined) c.consumers = c.consumers.filter((k) => k.channel !== channel);
  }

  function pump() {
    for (const c of open) {
      for (const consumer of c.consumers) {
        const limit = c.prefetch.get(consumer.channel) ?? 0;
        for (const message of opts.queue(consumer.queue) ?? []) {
          const inFlight = [...c.unacked.values()].filter((u) => u.channel === consumer.channel).length;
          if (limit > 0 && inFlight >= limit) break;
          if (held.has(message)) continue;
          deliver(c, consumer, message);
        }
      }
    }
  }

  function deliver(c: Connection, consumer: Consumer, message: AmqpQueued) {
    const tag = c.nextTag++;
    held.set(message, c);
    c.unacked.set(tag, { message, queue: consumer.queue, channel: consumer.channel });
    const ch = consumer.channel;
    send(c, defs.BasicDeliver, ch, { consumerTag: consumer.tag, deliveryTag: tag, redelivered: Boolean(message.redelivered), exchange: '', routingKey: consumer.queue });
    // Fiks IO's metadata as KS's clients read it (FiksIOHeaders / ReceivedMessageParser); the sender's own headers with the "egendefinert-header." prefix.
    const headers: Record<string, string> = { 'melding-id': message.meldingId, type: message.meldingType, 'avsender-id': message.avsenderKontoId };
    if (message.svarPaMelding) headers['svar-til'] = message.svarPaMelding;
    for (const [k, v] of Object.entries(message.headere ?? {})) headers[`egendefinert-header.${k}`] = v;
    c.socket.write(defs.encodeProperties(defs.BasicProperties, ch, message.data.length, { headers, messageId: message.meldingId, deliveryMode: 2 }));
    const chunk = c.frameMax - defs.FRAME_OVERHEAD;
    for (let at = 0; at < message.data.length; at += chunk) c.socket.write(frame.makeBodyFrame(ch, message.data.subarray(at, at + chunk)));
  }

  function acknowledge(c: Connection, tag: number, multiple: boolean, remove: boolean) {
    const tags = multiple ? [...c.unacked.keys()].filter((t) => t <= tag) : [tag];
    for (const t of tags) {
      const u = c.unacked.get(t);
      if (!u) continue;
      c.unacked.delete(t);
      held.delete(u.message);
      if (remove) {
        const queue = opts.queue(u.queue) ?? [];
        const at = queue.indexOf(u.message);
        if (at >= 0) queue.splice(at, 1);
      } else u.message.redelivered = true;
    }
  }

  function closeConnection(c: Connection, code: number, text: string, classId = 0, methodId = 0) {
    send(c, defs.ConnectionClose, 0, { replyCode: code, replyText: text, classId, methodId });
    // The client answers close-ok; a client that does not is cut off after a second.
    setTimeout(() => c.socket.destroy(), 1000).unref();
  }

  async function onMethod(c: Connection, m: MethodFrame) {
    const f = m.fields;
    switch (m.id) {
      case defs.ConnectionStartOk: {
        // PLAIN: "\0user\0password".
        const [, username = '', password = ''] = (f.response as Buffer).toString('utf8').split('\0');
        if (f.mechanism !== 'PLAIN' || !(c.allowedQueue = await opts.authenticate(username, password))) {
          closeConnection(c, C.ACCESS_REFUSED, 'ACCESS_REFUSED - Login was refused using authentication mechanism PLAIN');
          return;
        }
        send(c, defs.ConnectionTune, 0, { channelMax: 16, frameMax: 131072, heartbeat: 0 });
        return;
      }
      case defs.ConnectionTuneOk:
        c.frameMax = (f.frameMax as number) || 131072;
        return;
      case defs.ConnectionOpen:
        return send(c, defs.ConnectionOpenOk, 0, { knownHosts: '' });
      case defs.ConnectionClose:
        send(c, defs.ConnectionCloseOk, 0, {});
        c.socket.end();
        return;
      case defs.ConnectionCloseOk:
        c.socket.destroy();
        return;
      case defs.ChannelOpen:
        return send(c, defs.ChannelOpenOk, m.channel, { channelId: Buffer.alloc(0) });
      case defs.ChannelClose:
        release(c, m.channel);
        send(c, defs.ChannelCloseOk, m.channel, {});
        return pump();
      case defs.ChannelCloseOk:
        return;
      case defs.BasicQos:
        c.prefetch.set(m.channel, f.prefetchCount as number);
        return send(c, defs.BasicQosOk, m.channel, {});
      case defs.QueueDeclare:
      case defs.BasicConsume: {
        const queue = f.queue as string;
        if (queue !== c.allowedQueue || !opts.queue(queue)) {
          release(c, m.channel);
          const info = m.id === defs.BasicConsume ? [60, 20] : [50, 10];
          return send(c, defs.ChannelClose, m.channel, { replyCode: C.ACCESS_REFUSED, replyText: `ACCESS_REFUSED - access to queue '${queue}' in vhost '/' refused`, classId: info[0], methodId: info[1] });
        }
        if (m.id === defs.QueueDeclare) return send(c, defs.QueueDeclareOk, m.channel, { queue, messageCount: opts.queue(queue)!.length, consumerCount: c.consumers.length });
        const tag = (f.consumerTag as string) || `amq.ctag-${randomUUID()}`;
        c.consumers.push({ channel: m.channel, tag, queue });
        if (!f.nowait) send(c, defs.BasicConsumeOk, m.channel, { consumerTag: tag });
        return pump();
      }
      case defs.BasicCancel:
        c.consumers = c.consumers.filter((k) => k.tag !== f.consumerTag);
        if (!f.nowait) send(c, defs.BasicCancelOk, m.channel, { consumerTag: f.consumerTag });
        return;
      case defs.BasicAck:
        acknowledge(c, f.deliveryTag as number, Boolean(f.multiple), true);
        return pump();
      case defs.BasicNack:
      case defs.BasicReject:
        acknowledge(c, f.deliveryTag as number, Boolean(f.multiple), f.requeue === false);
        return pump();
      default:
        closeConnection(c, C.NOT_IMPLEMENTED, `NOT_IMPLEMENTED - the local Fiks IO does not take method ${m.id}`, m.id >>> 16, m.id & 0xffff);
    }
  }

  const server = net.createServer((socket) => {
    const c: Connection = { socket, allowedQueue: null, frameMax: 131072, prefetch: new Map(), consumers: [], unacked: new Map(), nextTag: 1 };
    let buffer: Buffer = Buffer.alloc(0);
    let started = false;
    let work = Promise.resolve();
    open.add(c);
    socket.on('close', () => {
      open.delete(c);
      release(c);
      pump();
    });
    socket.on('error', () => socket.destroy());
    socket.on('data', (data) => {
      buffer = Buffer.concat([buffer, data]);
      if (!started) {
        if (buffer.length < 8) return;
        if (buffer.subarray(0, 8).toString('latin1') !== frame.PROTOCOL_HEADER) {
          // The spec's answer to another protocol: the header this server speaks, then close.
          socket.end(Buffer.from(frame.PROTOCOL_HEADER, 'latin1'));
          return;
        }
        started = true;
        buffer = buffer.subarray(8);
        send(c, defs.ConnectionStart, 0, { versionMajor: 0, versionMinor: 9, serverProperties: { product: 'local Fiks IO', capabilities: { authentication_failure_close: true, 'basic.nack': true, consumer_cancel_notify: true } }, mechanisms: Buffer.from('PLAIN'), locales: Buffer.from('en_US') });
      }
      // Frames are handled one after another (authentication is asynchronous).
      for (;;) {
        let parsed;
        try {
          parsed = frame.parseFrame(buffer, 0);
        } catch {
          socket.destroy();
          return;
        }
        if (!parsed) return;
        buffer = parsed.rest;
        const decoded = frame.decodeFrame(parsed);
        if (parsed.type === C.FRAME_HEARTBEAT) {
          if (!socket.destroyed) socket.write(frame.HEARTBEAT_BUF);
          continue;
        }
        if ('id' in decoded && parsed.type === C.FRAME_METHOD) {
          work = work.then(() => onMethod(c, decoded)).catch(() => void socket.destroy());
        }
        // Content frames from a client would be a publish, which this broker does not take.
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = opts.host ?? '127.0.0.1';
  return {
    url: `amqp://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    notify: pump,
    connections: () => open.size,
    dropConnections() {
      for (const c of open) c.socket.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of open) c.socket.destroy();
        server.close(() => resolve());
      }),
  };
}
