// Who reaches the codec endpoint. CORS admits only the Temporal Web UI's origins, with the headers the
// UI sends; a browser page from any other origin is refused, preflight or not. Until token checks
// guard it, the endpoint answers only callers on this machine (loopback), never through a proxy.
import type { RequestHandler } from 'express';
import { BlockList, isIP } from 'node:net';
import { ApiError } from './errors';

/** The request headers the Web UI sends to a codec endpoint. */
export const CODEC_ALLOWED_HEADERS = ['Authorization', 'Content-Type', 'X-Namespace'] as const;
const PREFLIGHT_MAX_AGE_S = 600;

export function codecCors(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins);
  return (req, res, next) => {
    res.vary('Origin');
    const origin = req.get('Origin');
    const preflight = req.method === 'OPTIONS';
    if (origin !== undefined && !allowed.has(origin)) {
      next(new ApiError('forbidden', `The origin ${origin} may not call the codec endpoint; CODEC_CORS_ORIGINS lists the origins that may.`));
      return;
    }
    if (origin !== undefined) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Headers', CODEC_ALLOWED_HEADERS.join(', '));
      res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
      res.setHeader('Access-Control-Max-Age', String(PREFLIGHT_MAX_AGE_S));
    }
    if (preflight) {
      if (origin === undefined) {
        next(new ApiError('forbidden', 'A preflight request must name its Origin.'));
        return;
      }
      res.status(204).end();
      return;
    }
    next();
  };
}

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

/** The guard until bearer tokens are checked: a caller on this machine, not forwarded by a proxy. */
export const loopbackOnly: RequestHandler = (req, _res, next) => {
  const forwarded = req.get('Forwarded') ?? req.get('X-Forwarded-For');
  if (!isLoopback(req.socket.remoteAddress) || forwarded !== undefined) {
    next(new ApiError('forbidden', 'The codec endpoint answers only on this machine (loopback) until token checks guard it.'));
    return;
  }
  next();
};
