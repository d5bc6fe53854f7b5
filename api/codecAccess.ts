// Who reaches the codec endpoint. CORS admits only the Temporal Web UI's origins, with the headers the
// UI sends; a browser page from any other origin is refused, preflight or not. Who may call it is the
// token guard's business (caseworker or manager), except for the embedded Web UI's own path below.
import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Access } from './auth/roles';
import { ApiError } from './errors';
import { isLocalRequest } from './localRequest';

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

/** Where the embedded Web UI's codec endpoint lives: `/api/codec/embedded-ui/<secret>/decode`. */
export const EMBEDDED_UI_CODEC_PREFIX = '/api/codec/embedded-ui/';

/** The actor of the embedded Web UI's decodes in the access log. */
export const EMBEDDED_UI_ACTOR = 'embedded-web-ui';

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The embedded Web UI (`npm start`) has no login, so it has no user token to pass. The launcher
 * gives it a codec endpoint whose path holds a secret made at each start; a call on that path from
 * this machine (loopback, with no forwarding header: api/localRequest.ts) is let through as the actor `embedded-web-ui`
 * with the role `manager` in every municipality, and each decode is in the access log under that
 * actor. Any other call to the codec endpoint needs a bearer token.
 */
export function embeddedUiCodecAccess(secret: string, municipalities: readonly string[]): RequestHandler {
  if (secret.length < 32) throw new Error('the embedded Web UI codec secret must be at least 32 characters');
  return (req, res, next) => {
    if (!req.path.startsWith(EMBEDDED_UI_CODEC_PREFIX)) {
      next();
      return;
    }
    const [given = '', action = '', ...rest] = req.path.slice(EMBEDDED_UI_CODEC_PREFIX.length).split('/');
    if (!sameSecret(given, secret) || rest.length > 0 || (action !== 'decode' && action !== 'encode')) {
      next(new ApiError('not_found', 'No such route.'));
      return;
    }
    // The socket decides, never a header alone (X-Real-IP, X-Forwarded-For): see localRequest.ts.
    if (!isLocalRequest(req)) {
      next(new ApiError('forbidden', "The embedded Web UI's codec path answers only on this machine (loopback); elsewhere, send a bearer token to /api/codec."));
      return;
    }
    const access: Access = { principal: { sub: EMBEDDED_UI_ACTOR, roles: ['manager'], municipalities: [...municipalities] }, role: 'manager', reason: null };
    res.locals.access = access;
    // The same routes as with a token; the guard sees the access already given.
    req.url = `/api/codec/${action}`;
    next();
  };
}
