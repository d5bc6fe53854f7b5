// How many requests a caller may make per minute: counted per token (its `sub`) once the token is
// checked, and per client address for a request without a valid token (a public route, a missing or
// refused token). Over the limit: 429 `rate_limited` with Retry-After. The counts live in this
// process: each API instance counts its own (express-rate-limit's memory store).
import type { RequestHandler, Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { DEFAULTS } from '../config/settings';
import type { Access, Principal } from './auth/roles';
import { ApiError } from './errors';

/** RATE_LIMIT_PER_MINUTE's default (config/settings.ts says why this number). */
export const DEFAULT_RATE_LIMIT_PER_MINUTE: number = DEFAULTS.rateLimitPerMinute;
const WINDOW_MS = 60_000;

/** The token's subject once the guard has checked the token; undefined for a request without a valid one. */
function subjectOf(res: Response): string | undefined {
  const access = res.locals.access as Access | undefined;
  const principal = res.locals.principal as Principal | undefined;
  return access?.principal.sub ?? principal?.sub;
}

/** The key a request is counted under: its token's `sub`, else its client address (an IPv6 address by its /56). */
export function rateLimitKey(res: Response, address: string | undefined): string {
  const sub = subjectOf(res);
  return sub !== undefined ? `token:${sub}` : `address:${ipKeyGenerator(address ?? 'unknown')}`;
}

export function createRateLimit(perMinute: number = DEFAULT_RATE_LIMIT_PER_MINUTE): RequestHandler {
  if (!Number.isInteger(perMinute) || perMinute < 1) throw new Error(`The rate limit must be a whole number of requests per minute, at least 1 (got ${perMinute})`);
  return rateLimit({
    windowMs: WINDOW_MS,
    limit: perMinute,
    // RateLimit and RateLimit-Policy (IETF draft 8) on every answer, Retry-After on a 429.
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    // req.ip is the socket's address unless Express's `trust proxy` is set (TRUST_PROXY).
    keyGenerator: (req, res) => rateLimitKey(res, req.ip),
    handler: (_req, res, next) => {
      const retryAfter = res.getHeader('Retry-After');
      next(
        new ApiError(
          'rate_limited',
          `Too many requests: at most ${perMinute} a minute per token (or per address without one). Try again in ${typeof retryAfter === 'string' || typeof retryAfter === 'number' ? `${retryAfter} s` : 'a minute'}.`,
        ),
      );
    },
    // An X-Forwarded-For without `trust proxy` is expected here (it is not trusted); nothing to warn about.
    // ipKeyGenerator is applied inside rateLimitKey, where the check cannot see it.
    validate: { xForwardedForHeader: false, keyGeneratorIpFallback: false },
  });
}
