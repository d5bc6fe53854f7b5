// Whether a request comes from this machine. Only the socket says so: a proxy on this machine connects
// over loopback while forwarding someone else's request, and says whose in a header (X-Real-IP,
// X-Forwarded-For, Forwarded, …) that any client can write as well. So without `trust proxy`
// (TRUST_PROXY) a request that carries any such header is not local, whatever it says; with it, the
// client is the address Express takes from X-Forwarded-For through the trusted proxies (req.ip), and
// X-Real-IP is still believed for nothing.
import type { IncomingHttpHeaders } from 'node:http';
import type { Request } from 'express';
import { BlockList, isIP } from 'node:net';

/** Headers a proxy uses to name the client it forwards for. */
export const FORWARDING_HEADERS = [
  'forwarded',
  'x-forwarded-for',
  'x-real-ip',
  'x-client-ip',
  'true-client-ip',
  'cf-connecting-ip',
  'fastly-client-ip',
  'x-cluster-client-ip',
  'x-original-forwarded-for',
] as const;

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** True for 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6 (::ffff:127.0.0.1). */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  const v4 = mapped ?? address;
  if (isIP(v4) === 4) return LOOPBACK.check(v4, 'ipv4');
  return isIP(address) === 6 && LOOPBACK.check(address, 'ipv6');
}

export interface RequestOrigin {
  /** The socket's peer: who connected. */
  socketAddress: string | undefined;
  headers: IncomingHttpHeaders;
  /** Whether Express's `trust proxy` is configured (TRUST_PROXY). */
  proxyTrusted: boolean;
  /** req.ip: the socket's peer, or with `trust proxy` the client named by X-Forwarded-For through the trusted proxies. */
  clientAddress: string | undefined;
}

/** The decision, apart from Express, so it can be tried with any addresses. */
export function isLocalOrigin(origin: RequestOrigin): boolean {
  if (origin.proxyTrusted) return isLoopback(origin.clientAddress) && isLoopback(origin.socketAddress);
  return isLoopback(origin.socketAddress) && FORWARDING_HEADERS.every((name) => origin.headers[name] === undefined);
}

export function isLocalRequest(req: Request): boolean {
  const trust: unknown = req.app.get('trust proxy');
  return isLocalOrigin({
    socketAddress: req.socket.remoteAddress,
    headers: req.headers,
    proxyTrusted: trust !== false && trust !== undefined && trust !== 0,
    clientAddress: req.ip,
  });
}
